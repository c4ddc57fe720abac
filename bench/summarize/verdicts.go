package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

// A verdict is one triaged finding (or a group of them) from bench/verdicts.tsv:
// module@version, file (relative to the module root; a path.Match pattern),
// line ("*" for any; "line:col" where two findings share a line), rule,
// verdict (TP, FP or debatable), then a shape tag and the reason, for
// people: they are not read here.
type verdict struct {
	module, file, line, rule, verdict string
	name                              string // module@version as sweep.sh names its results
	used                              int
}

func readVerdicts(r io.Reader) ([]*verdict, error) {
	var vs []*verdict
	seen := map[[4]string]int{} // module, file, line, rule → line in the file
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 7 {
			return nil, fmt.Errorf("line %d: %d tab-separated fields, want 7", n, len(f))
		}
		v := &verdict{module: f[0], file: f[1], line: f[2], rule: f[3], verdict: f[4]}
		// A repeat would never match (the first wins) and would be listed
		// as a verdict whose finding is gone.
		key := [4]string{v.module, v.file, v.line, v.rule}
		if m, ok := seen[key]; ok {
			return nil, fmt.Errorf("line %d: the same finding as line %d", n, m)
		}
		seen[key] = n
		v.name = strings.NewReplacer("/", "_", "@", "_").Replace(v.module)
		switch v.verdict {
		case "TP", "FP", "debatable":
		default:
			return nil, fmt.Errorf("line %d: verdict %q, want TP, FP or debatable", n, v.verdict)
		}
		if _, err := path.Match(v.file, ""); err != nil {
			return nil, fmt.Errorf("line %d: file pattern %q: %v", n, v.file, err)
		}
		ln, col, hasCol := strings.Cut(v.line, ":")
		if _, err := strconv.Atoi(ln); err != nil && v.line != "*" {
			return nil, fmt.Errorf("line %d: line %q is neither a number, line:col nor *", n, v.line)
		}
		if _, err := strconv.Atoi(col); hasCol && err != nil {
			return nil, fmt.Errorf("line %d: column in %q is not a number", n, v.line)
		}
		vs = append(vs, v)
	}
	return vs, sc.Err()
}

// A finding is one deduplicated diagnostic of a sweep, its position made
// relative to the module root; module is the results' name.
type finding struct {
	module, file, rule, message string
	line, col                   int
}

// match returns the verdict for f: the first one naming its line and
// column, else its line, else the first whose line is "*".
func match(vs []*verdict, f finding) *verdict {
	var byLine, any *verdict
	for _, v := range vs {
		if v.name != f.module || v.rule != f.rule {
			continue
		}
		if ok, _ := path.Match(v.file, f.file); !ok {
			continue
		}
		switch v.line {
		case fmt.Sprintf("%d:%d", f.line, f.col):
			return v
		case strconv.Itoa(f.line):
			if byLine == nil {
				byLine = v
			}
		case "*":
			if any == nil {
				any = v
			}
		}
	}
	if byLine != nil {
		return byLine
	}
	return any
}

// precision prints per-rule counts of the findings' verdicts, the
// findings no verdict covers (to triage), and the verdicts no finding
// matched (fixed since, or moved). It returns how many findings are left
// to triage.
func precision(w io.Writer, vs []*verdict, fs []finding) (untriaged int) {
	type counts struct{ tp, fp, deb, none int }
	per := map[string]*counts{}
	var missing []finding
	for _, f := range fs {
		c := per[f.rule]
		if c == nil {
			c = &counts{}
			per[f.rule] = c
		}
		v := match(vs, f)
		if v == nil {
			c.none++
			missing = append(missing, f)
			continue
		}
		v.used++
		switch v.verdict {
		case "TP":
			c.tp++
		case "FP":
			c.fp++
		default:
			c.deb++
		}
	}
	var rules []string
	for r := range per {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	fmt.Fprintln(w, "\n| rule | TP | FP | debatable | not triaged | precision TP/(TP+FP) |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, r := range rules {
		c := per[r]
		p := "–"
		if c.tp+c.fp > 0 {
			p = fmt.Sprintf("%.0f%%", 100*float64(c.tp)/float64(c.tp+c.fp))
		}
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %s |\n", r, c.tp, c.fp, c.deb, c.none, p)
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "\nNot triaged (%d):\n", len(missing))
		for _, f := range missing {
			fmt.Fprintf(w, "- %s %s:%d (%s) %s\n", f.module, f.file, f.line, f.rule, f.message)
		}
	}
	var stale []string
	for _, v := range vs {
		if v.used == 0 {
			stale = append(stale, fmt.Sprintf("- %s %s %s:%s (%s)", v.verdict, v.module, v.file, v.line, v.rule))
		}
	}
	if len(stale) > 0 {
		fmt.Fprintf(w, "\nVerdicts no finding matched (fixed, moved, or modules not in this run) (%d):\n%s\n", len(stale), strings.Join(stale, "\n"))
	}
	return len(missing)
}

func loadVerdicts(file string) ([]*verdict, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	vs, err := readVerdicts(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return vs, nil
}
