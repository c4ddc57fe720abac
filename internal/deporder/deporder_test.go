package deporder_test

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/internal/deporder"
)

// marked is the object fact of mark: the function reaches a Seed function.
type marked struct{ Via string }

func (*marked) AFact()           {}
func (m *marked) String() string { return "marked via " + m.Via }

// count is mark's package fact: how many functions of the package are marked.
type count struct{ N int }

func (*count) AFact()           {}
func (c *count) String() string { return fmt.Sprint("count ", c.N) }

// mark exports facts across packages the way the real fact passes do.
var mark = &analysis.Analyzer{
	Name:       "mark",
	Doc:        "marks functions that reach a Seed function",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	FactTypes:  []analysis.Fact{new(marked), new(count)},
	ResultType: reflect.TypeOf(new(markResult)),
	Run: func(pass *analysis.Pass) (any, error) {
		ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		var decls []*ast.FuncDecl
		for n := range ins.PreorderSeq((*ast.FuncDecl)(nil)) {
			decls = append(decls, n.(*ast.FuncDecl))
		}
		n := 0
		for changed := true; changed; { // to a fixed point: callees may come later
			changed = false
			for _, d := range decls {
				fn := pass.TypesInfo.Defs[d.Name]
				if pass.ImportObjectFact(fn, new(marked)) {
					continue
				}
				via := ""
				if strings.HasPrefix(strings.ToLower(d.Name.Name), "seed") {
					via = d.Name.Name
				} else if d.Body != nil {
					ast.Inspect(d.Body, func(n ast.Node) bool {
						if call, ok := n.(*ast.CallExpr); ok && via == "" {
							if callee := typeutil.StaticCallee(pass.TypesInfo, call); callee != nil {
								var f marked
								if pass.ImportObjectFact(callee.Origin(), &f) {
									via = callee.Name() + " → " + f.Via
								}
							}
						}
						return true
					})
				}
				if via != "" {
					pass.ExportObjectFact(fn, &marked{via})
					n++
					changed = true
				}
			}
		}
		pass.ExportPackageFact(&count{n})
		return &markResult{pass}, nil
	},
}

// markResult gives dependents mark's facts, as the real fact passes do:
// only the analyzer that declares a fact type can read it.
type markResult struct{ pass *analysis.Pass }

func (r *markResult) marked(fn types.Object) (*marked, bool) {
	var m marked
	return &m, r.pass.ImportObjectFact(fn, &m)
}

// report reports calls of marked functions and what facts it can see.
var report = &analysis.Analyzer{
	Name:     "report",
	Doc:      "reports calls of marked functions",
	Requires: []*analysis.Analyzer{mark},
	Run: func(pass *analysis.Pass) (any, error) {
		facts := pass.ResultOf[mark].(*markResult)
		var nope marked
		if seed := pass.Pkg.Scope().Lookup("Seed"); seed != nil && pass.ImportObjectFact(seed, &nope) {
			pass.Reportf(pass.Files[0].Package, "report imported a fact type it does not declare")
		}
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if callee := typeutil.StaticCallee(pass.TypesInfo, call); callee != nil {
						if m, ok := facts.marked(callee.Origin()); ok {
							pass.Reportf(call.Pos(), "calls %s, %s", callee.Name(), m.String())
						}
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

// TestSameAsChecker compares deporder with x/tools' checker, which keeps
// everything in memory and is the reference: same diagnostics for the same
// roots, on a module exercising facts across packages (methods, generics,
// unexported helpers, test variants), the demo and the real analyzers.
func TestSameAsChecker(t *testing.T) {
	for _, tc := range []struct {
		name      string
		dir       string
		patterns  []string
		analyzers []*analysis.Analyzer
	}{
		{"facts", "testdata/mod", []string{"./seed", "./mid", "./top"}, []*analysis.Analyzer{report}},
		{"demo", "../../testdata/demo", []string{"./..."}, syscallvet.Analyzers()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _ := filepath.Abs(tc.dir)
			want := viaChecker(t, dir, tc.patterns, tc.analyzers)
			got := viaDeporder(t, dir, tc.patterns, tc.analyzers)
			if len(want) == 0 {
				t.Fatal("the checker found nothing: the comparison would prove nothing")
			}
			if !slices.Equal(got, want) {
				t.Errorf("deporder:\n%s\nchecker:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func viaChecker(t *testing.T, dir string, patterns []string, analyzers []*analysis.Analyzer) []string {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: true, Dir: dir}
	initial, err := packages.Load(cfg, patterns...)
	if err != nil || packages.PrintErrors(initial) > 0 {
		t.Fatalf("load: %v", err)
	}
	graph, err := checker.Analyze(analyzers, initial, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("checker: %v", act.Err)
		}
		out = append(out, lines(dir, act.Package.Fset, act.Package.ID, act.Analyzer.Name, act.Diagnostics)...)
	}
	return out
}

func viaDeporder(t *testing.T, dir string, patterns []string, analyzers []*analysis.Analyzer) []string {
	t.Helper()
	initial := load(t, dir, patterns...)
	res, err := deporder.Analyze(analyzers, initial)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Broken)+len(res.Skipped)+len(res.Failed) > 0 {
		t.Fatalf("unexpected failures: %+v %v %v", res.Broken, res.Skipped, res.Failed)
	}
	var out []string
	for _, act := range res.Roots {
		if act.Err != nil {
			t.Fatalf("deporder: %v", act.Err)
		}
		out = append(out, lines(dir, res.Fset, act.PkgID, act.Analyzer.Name, act.Diagnostics)...)
	}
	return out
}

func load(t *testing.T, dir string, patterns ...string) []*packages.Package {
	t.Helper()
	initial, err := packages.Load(&packages.Config{Mode: deporder.Mode, Tests: true, Dir: dir}, patterns...)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return initial
}

func lines(dir string, fset *token.FileSet, id, analyzer string, diags []analysis.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		posn := fset.Position(d.Pos)
		rel, _ := filepath.Rel(dir, posn.Filename)
		s := fmt.Sprintf("%s %s:%d:%d-%d %s: %s", id, rel, posn.Line, posn.Column, fset.Position(d.End).Offset, analyzer, d.Message)
		for _, f := range d.SuggestedFixes {
			for _, e := range f.TextEdits {
				s += fmt.Sprintf(" [fix %d-%d %q]", fset.Position(e.Pos).Offset, fset.Position(e.End).Offset, e.NewText)
			}
		}
		out = append(out, s)
	}
	return out
}

// Facts reach every importer, directly or not, of the package that exports
// them, as long as the object is in its export data. (x/tools' checker
// passes function facts one import edge only; a superset cannot change a
// rule's findings for the worse: it only sees more callees.)
func TestFactVisibility(t *testing.T) {
	var got []string
	list := &analysis.Analyzer{
		Name:     "list",
		Doc:      "lists the facts mark makes visible",
		Requires: []*analysis.Analyzer{mark},
		Run: func(pass *analysis.Pass) (any, error) {
			if pass.Pkg.Path() != "example.com/mod/top" {
				return nil, nil
			}
			mp := pass.ResultOf[mark].(*markResult).pass
			for _, pf := range mp.AllPackageFacts() {
				if strings.HasPrefix(pf.Package.Path(), "example.com/") {
					got = append(got, pf.Package.Path()+": "+pf.Fact.(*count).String())
				}
			}
			for _, of := range mp.AllObjectFacts() {
				if strings.HasPrefix(of.Object.Pkg().Path(), "example.com/") {
					got = append(got, of.Object.Pkg().Name()+"."+of.Object.Name()+": "+of.Fact.(*marked).String())
				}
			}
			return nil, nil
		},
	}
	dir, _ := filepath.Abs("testdata/mod")
	if _, err := deporder.Analyze([]*analysis.Analyzer{list}, load(t, dir, "./top")); err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	want := []string{
		"example.com/mod/mid: count 4",
		"example.com/mod/seed: count 5",
		"example.com/mod/top: count 1",
		"mid.Calls: marked via Seed → Seed",
		"mid.Generic: marked via G → Seed → Seed",
		"mid.Indirect: marked via Wrap → seedHidden → seedHidden",
		// impl.Do is not reachable from mid's API (only through Doer), so
		// importers cannot call it statically: its fact is dropped, as
		// unitchecker drops facts without an objectpath.
		"seed.G: marked via Seed → Seed",
		"seed.Seed: marked via Seed",
		"seed.SeedMethod: marked via SeedMethod",
		"seed.Wrap: marked via seedHidden → seedHidden",
		"top.Top: marked via Calls → Seed → Seed",
	}
	if !slices.Equal(got, want) {
		t.Errorf("facts visible in top:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A package that does not type-check is reported with file:line:col, its
// importers are skipped, and the rest is analyzed.
func TestBrokenPackage(t *testing.T) {
	dir, _ := filepath.Abs("testdata/mod")
	initial := load(t, dir, "./usesbad", "./mid")
	res, err := deporder.Analyze([]*analysis.Analyzer{report}, initial)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Broken) != 1 || res.Broken[0].PkgPath != "example.com/mod/bad" ||
		!strings.Contains(strings.Join(res.Broken[0].Errs, "\n"), filepath.Join("bad", "bad.go")+":3:28: cannot use") {
		t.Errorf("Broken = %+v, want example.com/mod/bad with bad.go:3:28: cannot use...", res.Broken)
	}
	var skipped []string
	for _, p := range res.Skipped {
		skipped = append(skipped, p.ID)
	}
	if !reflect.DeepEqual(skipped, []string{"example.com/mod/usesbad"}) {
		t.Errorf("Skipped = %v, want [example.com/mod/usesbad]", skipped)
	}
	var analyzed []string
	for _, act := range res.Roots {
		analyzed = append(analyzed, act.PkgID)
	}
	if !slices.Contains(analyzed, "example.com/mod/mid") || slices.Contains(analyzed, "example.com/mod/usesbad") {
		t.Errorf("analyzed %v, want mid and not usesbad", analyzed)
	}
}

// A package and its test variant that fail alike are one entry, with the
// test files' errors added.
func TestBrokenVariantsMerged(t *testing.T) {
	dir, _ := filepath.Abs("testdata/mod")
	res, err := deporder.Analyze([]*analysis.Analyzer{report}, load(t, dir, "./bad"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Broken) != 1 {
		t.Fatalf("Broken = %+v, want one entry for example.com/mod/bad", res.Broken)
	}
	got := strings.Join(res.Broken[0].Errs, "\n")
	for _, want := range []string{"bad.go:3:28: cannot use", "bad_test.go:5:45: cannot use"} {
		if strings.Count(got, want) != 1 {
			t.Errorf("errors:\n%s\nwant %q once", got, want)
		}
	}
}

// An import cycle in the metadata (go list reports one as an error, and
// such packages are normally left out) must not make packages wait on each
// other for ever.
func TestImportCycleDoesNotHang(t *testing.T) {
	a := &packages.Package{ID: "a", PkgPath: "a", Name: "a", Imports: map[string]*packages.Package{}}
	b := &packages.Package{ID: "b", PkgPath: "b", Name: "b", Imports: map[string]*packages.Package{"a": a}}
	a.Imports["b"] = b
	done := make(chan *deporder.Result)
	go func() {
		res, err := deporder.Analyze([]*analysis.Analyzer{report}, []*packages.Package{a})
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	select {
	case res := <-done:
		if res == nil || len(res.Broken) == 0 || !strings.Contains(strings.Join(res.Broken[0].Errs, ""), "import cycle") {
			t.Errorf("want an import cycle error, got %+v", res)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Analyze hangs on an import cycle")
	}
}

// A panicking analyzer costs an error naming it and the package, not the run.
func TestPanicBecomesError(t *testing.T) {
	boom := &analysis.Analyzer{
		Name: "boom",
		Doc:  "panics",
		Run:  func(*analysis.Pass) (any, error) { panic("kaboom") },
	}
	dir, _ := filepath.Abs("testdata/mod")
	res, err := deporder.Analyze([]*analysis.Analyzer{boom, report}, load(t, dir, "./seed"))
	if err != nil {
		t.Fatal(err)
	}
	var errs, diags int
	for _, act := range res.Roots {
		if act.Err != nil {
			errs++
			if !regexp.MustCompile(`boom panicked while analyzing package example.com/mod/seed(\.test|_test)?: kaboom`).MatchString(act.Err.Error()) {
				t.Errorf("error = %v", act.Err)
			}
		}
		diags += len(act.Diagnostics)
	}
	if errs == 0 || diags == 0 {
		t.Errorf("%d errors, %d diagnostics: want the panic as an error and report's findings", errs, diags)
	}
}
