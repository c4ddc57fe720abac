// Package report is the one way syscallvet's rules emit diagnostics. It
// honours suppression directives of the form
//
//	//syscallvet:ignore <rule>[,<rule>...] <reason>
//
// placed on the reported line or on the line above it, and reports
// directives that are malformed (no reason), name an unknown rule, or
// silence nothing, so that stale suppressions do not accumulate. It drops
// the suggested fixes it cannot locate in the file the user wrote.
package report

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet/internal/spell"
)

// Rules lists the name of every reporting analyzer, in registry order. The
// registry's test checks that the two agree.
var Rules = []string{"lockosthread", "blockingfanout", "nowcache", "taintedthread", "threadstate", "rawsyscall", "blockingfd"}

const prefix = "//syscallvet:ignore"

// A directive is one parsed //syscallvet:ignore comment.
type directive struct {
	pos    token.Pos
	end    token.Pos
	file   string
	line   int
	rules  []string
	reason string
	used   bool
}

// A Reporter reports the diagnostics of one analyzer over one package.
type Reporter struct {
	pass       *analysis.Pass
	directives []*directive // those naming this analyzer, or an unknown rule
}

// New returns a Reporter for pass.Analyzer over pass's package.
func New(pass *analysis.Pass) *Reporter {
	r := &Reporter{pass: pass}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if d := parse(pass.Fset, c); d != nil {
					r.directives = append(r.directives, d)
				}
			}
		}
	}
	return r
}

func parse(fset *token.FileSet, c *ast.Comment) *directive {
	rest, ok := strings.CutPrefix(c.Text, prefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil
	}
	// A trailing comment ends the directive: //syscallvet:ignore r why // note
	rest, _, _ = strings.Cut(rest, "//")
	fields := strings.Fields(rest)
	posn := fset.Position(c.Pos())
	d := &directive{pos: c.Pos(), end: c.End(), file: posn.Filename, line: posn.Line}
	if len(fields) > 0 {
		d.rules = strings.Split(fields[0], ",")
		d.reason = strings.Join(fields[1:], " ")
	}
	return d
}

// names reports whether d names rule.
func (d *directive) names(rule string) bool { return slices.Contains(d.rules, rule) }

// Reportf reports a diagnostic at rng unless a directive silences it.
func (r *Reporter) Reportf(rng analysis.Range, format string, args ...any) {
	r.Report(analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Message: fmt.Sprintf(format, args...)})
}

// Report reports d unless a valid directive on its line or the line above
// names this analyzer.
func (r *Reporter) Report(d analysis.Diagnostic) {
	rule := r.pass.Analyzer.Name
	posn := r.pass.Fset.Position(d.Pos)
	for _, dir := range r.directives {
		if dir.file == posn.Filename && (dir.line == posn.Line || dir.line+1 == posn.Line) &&
			dir.names(rule) && dir.reason != "" {
			dir.used = true
			return
		}
	}
	d.SuggestedFixes = slices.DeleteFunc(slices.Clone(d.SuggestedFixes), func(fix analysis.SuggestedFix) bool {
		return editsElsewhere(r.pass.Fset, fix)
	})
	r.pass.Report(d)
}

// editsElsewhere reports whether an edit of fix is in a file that is not
// the one the user sees. For a file that imports "C", the analyzers see
// cmd/cgo's rewrite of it, whose //line directives name the original: an
// edit's offsets are into the rewrite, so a consumer of the JSON output
// would apply them to the original at the wrong place, and the drivers'
// -fix skips the rewrite as generated. The directives give back lines and
// columns, but not the original's text: cgo renames C.x, adds declarations
// and imports, so a replaced range or text copied from the syntax may be
// cgo's. The fix is dropped and the finding kept.
func editsElsewhere(fset *token.FileSet, fix analysis.SuggestedFix) bool {
	for _, e := range fix.TextEdits {
		if fset.PositionFor(e.Pos, false).Filename != fset.Position(e.Pos).Filename {
			return true
		}
	}
	return false
}

// Finish reports the directives this analyzer is responsible for that are
// malformed, name an unknown rule, or silenced nothing. Call it once, after
// the last Report.
func (r *Reporter) Finish() {
	rule := r.pass.Analyzer.Name
	for _, d := range r.directives {
		switch {
		case len(d.rules) == 0:
			if rule == Rules[0] {
				r.pass.ReportRangef(d, "syscallvet:ignore directive names no rule: write //syscallvet:ignore <rule> <reason>")
			}
		case d.names(rule) && d.reason == "":
			r.pass.ReportRangef(d, "syscallvet:ignore directive for %s has no reason, so it silences nothing: say why the finding is deliberate", rule)
		case d.names(rule) && !d.used:
			r.pass.ReportRangef(d, "syscallvet:ignore directive silences no %s finding: remove it", rule)
		}
		for _, name := range d.rules {
			if !slices.Contains(Rules, name) && nearest(name) == rule {
				r.pass.ReportRangef(d, "syscallvet:ignore directive names unknown rule %q%s: it silences nothing", name, didYouMean(name))
			}
		}
	}
}

// Pos and End make a directive an analysis.Range.
func (d *directive) Pos() token.Pos { return d.pos }
func (d *directive) End() token.Pos { return d.end }

// nearest returns the known rule closest in spelling to name. An unknown
// rule is reported by exactly one analyzer, chosen deterministically, so a
// typo yields one diagnostic however many rules run.
func nearest(name string) string {
	best, _ := spell.Nearest(name, Rules)
	return best
}

func didYouMean(name string) string {
	if n := nearest(name); spell.Distance(name, n) <= len(n)/3 {
		return fmt.Sprintf(" (did you mean %s?)", n)
	}
	return ""
}

// Line names, for a diagnostic reported at at, the place pos: "line 40",
// or "cache.go:40" when pos is in another file.
func Line(fset *token.FileSet, pos, at token.Pos) string {
	p, a := fset.Position(pos), fset.Position(at)
	if p.Filename == a.Filename {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}
