package syscallvet_test

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/internal/report"
)

func TestRegistry(t *testing.T) {
	all := syscallvet.Analyzers()
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
		if !strings.HasPrefix(a.Doc, a.Name+": ") {
			t.Errorf("%s: Doc must start with %q", a.Name, a.Name+": ")
		}
		if !strings.HasSuffix(a.URL, "/docs/rules/"+a.Name+".md") {
			t.Errorf("%s: URL %q does not point at its rule page", a.Name, a.URL)
		}
	}
	if !reflect.DeepEqual(names, report.Rules) {
		t.Errorf("registry names %v differ from report.Rules %v", names, report.Rules)
	}
}

// TestConcurrentAnalyzers runs every analyzer over the demo with x/tools'
// checker, which runs the analyzers of one package in parallel over shared
// fact-pass Results. .ci/run also runs it under the race detector: the
// Results fill their caches lazily and must guard them.
func TestConcurrentAnalyzers(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Tests: true}, "./testdata/demo/...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("demo does not load")
	}
	graph, err := checker.Analyze(syscallvet.Analyzers(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		if act.IsRoot {
			n += len(act.Diagnostics)
		}
	}
	if n == 0 {
		t.Error("no findings on the demo")
	}
}
