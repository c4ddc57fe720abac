package standalone

import (
	"bytes"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/syscallvet/syscallvet/internal/deporder"
	"github.com/syscallvet/syscallvet/internal/ruleref"
	"github.com/syscallvet/syscallvet/internal/sarif"
)

// informationURI is the tool's home, for SARIF.
const informationURI = "https://github.com/syscallvet/syscallvet"

// printText prints the root diagnostics as go vet does, or, with levels,
// labelled with their rule's default level and name, in eachDiagnostic's
// order.
func printText(w io.Writer, res *deporder.Result, contextLines int, levels bool) error {
	var buf bytes.Buffer
	files := make(map[string][]string)
	eachDiagnostic(res, func(rule string, d analysis.Diagnostic) {
		msg := d.Message
		if levels {
			level, _ := ruleref.LevelOf(rule)
			msg = fmt.Sprintf("%s: %s (%s)", level, d.Message, rule)
		}
		printPlain(&buf, res.Fset, files, contextLines, d.Pos, d.End, msg)
		for _, rel := range d.Related {
			printPlain(&buf, res.Fset, files, contextLines, rel.Pos, rel.End, "\t"+rel.Message)
		}
	})
	_, err := w.Write(buf.Bytes())
	return err
}

// eachDiagnostic calls f with the root diagnostics of the actions that did
// not fail (their errors are printed already) and their rule, in the order
// x/tools' checker prints them (analyzer, then package), once per position,
// rule and message: test variants repeat them.
func eachDiagnostic(res *deporder.Result, f func(rule string, d analysis.Diagnostic)) {
	type key struct {
		pos, end token.Position
		rule     string
		msg      string
	}
	seen := make(map[key]bool)
	for _, act := range res.Roots {
		if act.Err != nil {
			continue
		}
		for _, d := range act.Diagnostics {
			k := key{res.Fset.Position(d.Pos), res.Fset.Position(d.End), act.Analyzer.Name, d.Message}
			if !seen[k] {
				seen[k] = true
				f(act.Analyzer.Name, d)
			}
		}
	}
}

// printTiming prints where the time went, largest first.
func printTiming(w io.Writer, res *deporder.Result) {
	names := make([]string, 0, len(res.Time))
	for name := range res.Time {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return res.Time[names[i]] > res.Time[names[j]] })
	for _, name := range names {
		fmt.Fprintf(w, "timing: %-16s %8.2fs\n", name, res.Time[name].Seconds())
	}
}

// printPlain prints one line the way x/tools' text output does, with the
// offending lines and contextLines of context if it is not negative.
func printPlain(w io.Writer, fset *token.FileSet, files map[string][]string, contextLines int, pos, end token.Pos, msg string) {
	posn := fset.Position(pos)
	fmt.Fprintf(w, "%s: %s\n", posn, msg)
	if contextLines < 0 {
		return
	}
	last := fset.Position(end)
	if !last.IsValid() {
		last = posn
	}
	lines, ok := files[posn.Filename]
	if !ok {
		data, _ := os.ReadFile(posn.Filename)
		lines = strings.Split(string(data), "\n")
		files[posn.Filename] = lines
	}
	for i := posn.Line - contextLines; i <= last.Line+contextLines; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
		}
	}
}

// writeSARIF writes the root diagnostics of res (nil if nothing could be
// analyzed) as a SARIF log on stdout, with errs as the reasons the run was
// incomplete, and returns exit, or ExitError if writing failed.
func writeSARIF(stdout, stderr io.Writer, prog string, analyzers []*analysis.Analyzer, res *deporder.Result,
	initial []*packages.Package, errs []string, exit int) int {
	b := sarif.NewBuilder("syscallvet", Version(), informationURI, srcRoot(initial), analyzers)
	for _, msg := range errs {
		b.Error(msg)
	}
	if res != nil {
		for _, act := range res.Roots {
			if act.Err == nil {
				for _, d := range act.Diagnostics {
					b.Add(res.Fset, act.Analyzer.Name, d)
				}
			}
		}
	}
	if err := b.Write(stdout); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return ExitError
	}
	return exit
}

// srcRoot returns the directory SARIF locations are relative to: the root
// of the repository holding the main module (code scanning resolves paths
// from there), else the main module's root, else the working directory.
func srcRoot(initial []*packages.Package) string {
	dir := ""
	for _, p := range initial {
		if p.Module != nil && p.Module.Main && p.Module.Dir != "" {
			dir = p.Module.Dir
			break
		}
	}
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return ""
		}
		dir = wd
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}
