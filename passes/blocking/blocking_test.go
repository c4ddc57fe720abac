package blocking_test

import (
	"fmt"
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/testenv"
	"github.com/syscallvet/syscallvet/passes/blocking"
)

// The test packages live under example.com/: a path without a dot in its
// first element and without a module is taken for the standard library,
// where only the seed table applies.

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "example.com/a")
}

// TestFactsAcrossPackages checks that facts chain through imports:
// c.Use → b.Helper → a2.Read → os.ReadFile.
func TestFactsAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer,
		"example.com/a2", "example.com/b", "example.com/c")
}

func TestStdSeeds(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "example.com/seeds")
}

func TestCgo(t *testing.T) {
	testenv.NeedCgo(t)
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "example.com/cgo")
}

// resultUser reports what Result says about every function literal and
// every statically called function, with "weak" for a weak one.
var resultUser = &analysis.Analyzer{
	Name:     "resultuser",
	Doc:      "report Result.BlocksLit and Result.Blocks answers",
	Requires: []*analysis.Analyzer{blocking.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[blocking.Analyzer].(*blocking.Result)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					if kind, via, ok := res.BlocksLit(n); ok {
						pass.Reportf(n.Pos(), "literal: %s %v%s", kind, via, weak(res.WeakLit(n)))
					}
				case *ast.CallExpr:
					if fn := typeutil.StaticCallee(pass.TypesInfo, n); fn != nil {
						if kind, via, ok := res.Blocks(fn); ok {
							pass.Reportf(n.Pos(), "call: %s %v%s", kind, via, weak(res.Weak(fn)))
						}
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func weak(w bool) string {
	if w {
		return " weak"
	}
	return ""
}

func TestResult(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), resultUser, "example.com/lits")
}

func TestKindString(t *testing.T) {
	got := fmt.Sprint(blocking.File, blocking.Exec, blocking.Syscall, blocking.Cgo, blocking.Kind(0))
	if want := "file exec syscall cgo kind(0)"; got != want {
		t.Errorf("kinds = %q, want %q", got, want)
	}
}

// TestSkipped checks that a package importing the seeds' packages without
// calling a seed is skipped, and that one referring to a function with a
// fact is not, though it exports none.
func TestSkipped(t *testing.T) {
	activity := testenv.Activity(blocking.Analyzer, func(res any) bool { return blocking.Active(res.(*blocking.Result)) })
	analysistest.Run(t, analysistest.TestData(), activity, "example.com/idle", "example.com/quiet")
}

// TestValues checks calls through function-valued variables and fields
// whose every value the package shows, and that the others stay unknown.
func TestValues(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "example.com/values")
}

// TestPipes checks that *os.File methods on local os.Pipe ends give no
// fact, and that files the function does not show to be pipes do.
func TestPipes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "example.com/pipes")
}

// TestWeakSites checks that calls after an early exit on an opt-in
// environment variable, and deferred calls, give weak facts, and that the
// near misses do not.
func TestWeakSites(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "example.com/weaksites")
}

// TestEventfds checks that writes to descriptors that the package only
// creates with unix.Eventfd give no fact, and that other writes do.
func TestEventfds(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "example.com/eventfds")
}

// TestKeys checks the facts of functions that block under a per-key lock
// (moby/locker), within a package and across one.
func TestKeys(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "example.com/keys", "example.com/keys2")
}
