package blockingfanout_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/analyzers/blockingfanout"
	"github.com/syscallvet/syscallvet/internal/testenv"
)

func TestBlockingFanout(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blockingfanout.Analyzer,
		"example.com/a", "example.com/bounds", "example.com/walk", "example.com/spawner", "example.com/weak", "example.com/values",
		"example.com/smallbyconstruction", "example.com/constlocal",
		"example.com/b7nested", "example.com/b13interrupt", "example.com/b15closurevar", "example.com/b8donechan", "example.com/b8errpath", "example.com/b4cpus", "example.com/b4global", "example.com/b4globallib", "example.com/b2replace", "example.com/poolconfig",
		"example.com/b6envgate", "example.com/b12eventfd", "example.com/b14deferred",
		"example.com/b9step", "example.com/b10keyed", "example.com/b11constarg", "example.com/testworkers")
}

func TestCgo(t *testing.T) {
	testenv.NeedCgo(t)
	analysistest.Run(t, analysistest.TestData(), blockingfanout.Analyzer, "example.com/cgo")
}

// TestCgoOff checks -blockingfanout.cgo=false: the cgo fan-out is silent.
func TestCgoOff(t *testing.T) {
	testenv.NeedCgo(t)
	setFlag(t, "cgo", "false")
	results := analysistest.Run(testenv.Silent{T: t}, analysistest.TestData(), blockingfanout.Analyzer, "example.com/cgo")
	for _, r := range results {
		if len(r.Diagnostics) != 0 {
			t.Errorf("with -cgo=false: %d diagnostics, want 0: %v", len(r.Diagnostics), r.Diagnostics[0].Message)
		}
	}
}

func TestFlags(t *testing.T) {
	setFlag(t, "workers", "128")
	setFlag(t, "blocking", "(*example.com/flags.DB).Get, example.com/other.F")
	analysistest.Run(t, analysistest.TestData(), blockingfanout.Analyzer, "example.com/flags")
}

func setFlag(t *testing.T, name, value string) {
	t.Helper()
	f := blockingfanout.Analyzer.Flags.Lookup(name)
	old := f.Value.String()
	if err := blockingfanout.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blockingfanout.Analyzer.Flags.Set(name, old) })
}

// TestTestWorkersFlag checks that -blockingfanout.testworkers sets the
// threshold for loops in _test.go files: at 100, the 500- and 800-trip
// loops of testworkers_test.go are reported too (besides the 10000-trip
// loop, the 10000-element made slice and the unbounded ones), not the
// 100-element made slice.
func TestTestWorkersFlag(t *testing.T) {
	setFlag(t, "testworkers", "100")
	results := analysistest.Run(testenv.Silent{T: t}, analysistest.TestData(), blockingfanout.Analyzer, "example.com/testworkers")
	inTests := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if strings.HasSuffix(r.Pass.Fset.File(d.Pos).Name(), "_test.go") {
				inTests++
			}
		}
	}
	if inTests != 6 {
		t.Errorf("with -testworkers=100: %d diagnostics in _test.go files, want 6", inTests)
	}
}

// TestWorkersAboveTestWorkers checks that a -blockingfanout.workers
// threshold above -testworkers applies in _test.go files too: tests are
// never held to a stricter bound than other code. At 20000, only
// stressData and madeSliceGrown, bounded by nothing, are reported.
func TestWorkersAboveTestWorkers(t *testing.T) {
	setFlag(t, "workers", "20000")
	results := analysistest.Run(testenv.Silent{T: t}, analysistest.TestData(), blockingfanout.Analyzer, "example.com/testworkers")
	var got []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			got = append(got, r.Pass.Fset.Position(d.Pos).String())
		}
	}
	if len(got) != 2 {
		t.Errorf("with -workers=20000: diagnostics at %v, want two (stressData, madeSliceGrown)", got)
	}
}
