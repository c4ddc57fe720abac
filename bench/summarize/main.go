// Command summarize prints the table of a bench/sweep.sh run: per module,
// packages analyzed, findings per rule, analysis errors, panics, wall time
// and peak RSS. With -verdicts bench/verdicts.tsv it also matches every
// finding to its triage verdict and prints per-rule precision, the findings
// still to triage and the verdicts nothing matched any more.
//
//	go run ./bench/summarize [-verdicts bench/verdicts.tsv] RESULTS_DIR
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	verdictFile := flag.String("verdicts", "", "triage verdicts (TSV) to match the findings against")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: summarize [-verdicts FILE] RESULTS_DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	var findings []finding
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(files)
	rules := map[string]bool{}
	type row struct {
		name             string
		pkgs, errs, pans int
		perRule          map[string]int
		wall, rssMiB     string
		fixes            int // findings that offer a suggested fix
		fixBuild         string
	}
	var rows []row
	for _, f := range files {
		base := strings.TrimSuffix(f, ".json")
		r := row{name: filepath.Base(base), perRule: map[string]int{}}
		if b, err := os.ReadFile(base + ".list"); err == nil {
			r.pkgs = strings.Count(string(b), "\n")
		}
		var tree map[string]map[string]json.RawMessage
		b, _ := os.ReadFile(f)
		_ = json.Unmarshal(b, &tree)
		seen := map[string]bool{} // test variants repeat findings
		for _, byAnalyzer := range tree {
			for rule, raw := range byAnalyzer {
				var diags []struct {
					Posn, Message  string
					SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
				}
				if json.Unmarshal(raw, &diags) != nil {
					r.errs++ // {"error": ...}
					continue
				}
				for _, d := range diags {
					if key := rule + d.Posn + d.Message; !seen[key] {
						seen[key] = true
						r.perRule[rule]++
						rules[rule] = true
						if len(d.SuggestedFixes) > 0 {
							r.fixes++
						}
						findings = append(findings, newFinding(r.name, rule, d.Posn, d.Message))
					}
				}
			}
		}
		if b, err := os.ReadFile(base + ".stderr"); err == nil {
			s := string(b)
			// (a cgo compile error also says "fatal error:", so only the
			// runtime's panic and crash headers count)
			r.pans = strings.Count(s, "panicked while analyzing") + strings.Count(s, "\npanic: ") + strings.Count(s, "\ngoroutine 1 [")
			r.errs += strings.Count(s, "does not build")
		}
		if b, err := os.ReadFile(base + ".time"); err == nil {
			var secs string
			var kb int
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			fmt.Sscan(lines[len(lines)-1], &secs, &kb) // after "Command exited with non-zero status N"
			r.wall, r.rssMiB = secs, fmt.Sprint(kb/1024)
		}
		if b, err := os.ReadFile(base + ".fixbuild"); err == nil {
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			r.fixBuild = lines[len(lines)-1] // "packages=N before=X rc=Y" (sweep.sh's test compile of the changed packages without and with the fixes) or "fixes=0"
		}
		rows = append(rows, r)
	}
	var names []string
	for rule := range rules {
		names = append(names, rule)
	}
	sort.Strings(names)
	fmt.Printf("| module | packages | %s | errors | panics | wall s | peak RSS MiB | fixes offered | fixes build |\n", strings.Join(names, " | "))
	fmt.Printf("|---|---|%s---|---|---|---|---|---|\n", strings.Repeat("---|", len(names)))
	for _, r := range rows {
		var counts []string
		for _, n := range names {
			counts = append(counts, fmt.Sprint(r.perRule[n]))
		}
		fmt.Printf("| %s | %d | %s | %d | %d | %s | %s | %d | %s |\n", r.name, r.pkgs, strings.Join(counts, " | "), r.errs, r.pans, r.wall, r.rssMiB, r.fixes, r.fixBuild)
	}
	if *verdictFile != "" {
		vs, err := loadVerdicts(*verdictFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		sort.Slice(findings, func(i, j int) bool {
			a, b := findings[i], findings[j]
			if a.module != b.module {
				return a.module < b.module
			}
			if a.file != b.file {
				return a.file < b.file
			}
			if a.line != b.line {
				return a.line < b.line
			}
			if a.rule != b.rule {
				return a.rule < b.rule
			}
			if a.col != b.col {
				return a.col < b.col
			}
			return a.message < b.message
		})
		if precision(os.Stdout, vs, findings) > 0 {
			os.Exit(1) // findings left to triage
		}
	}
}

// goroot is where std's findings are (sweep.sh analyzes $(go env GOROOT)/src).
var goroot = filepath.Clean(build.Default.GOROOT)

// newFinding makes a diagnostic's position relative to its module's copy
// under the sweep's src directory (or GOROOT/src for std).
func newFinding(module, rule, posn, msg string) finding {
	f := finding{module: module, rule: rule, message: msg}
	file := posn
	if i := strings.Index(posn, "/src/"+module+"/"); i >= 0 {
		file = posn[i+len("/src/"+module+"/"):]
	} else if rest, ok := strings.CutPrefix(posn, goroot+"/src/"); module == "std" && ok {
		file = rest
	}
	// file:line:col
	parts := strings.Split(file, ":")
	if len(parts) >= 3 {
		f.line, _ = strconv.Atoi(parts[len(parts)-2])
		f.col, _ = strconv.Atoi(parts[len(parts)-1])
		file = strings.Join(parts[:len(parts)-2], ":")
	}
	f.file = file
	return f
}
