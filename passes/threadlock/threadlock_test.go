package threadlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/internal/testenv"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

// The test packages live under example.com/: a path without a dot in its
// first element and without a module is taken for the standard library,
// where per-thread state seeds do not apply.

// TestFacts checks that a package whose only link to the lock functions
// is a dependency's function with a fact (a function, a method, an
// instance of a generic function or of a generic type's method) is
// analysed, and that each kind of per-thread seed call the pre-filter
// matches on its own (a /proc attribute write, a command with a
// parent-death signal, a raw set*id syscall) still is; and that a
// section owner's fact asks its callers to lock only for what it leaves
// changed at returns that do not report failure (a lock helper's, at any
// return), as does the fact of a caller in its package.
func TestFacts(t *testing.T) {
	testenv.Target(t, "linux", "amd64") // SYS_SETUID, SysProcAttr.Pdeathsig
	analysistest.Run(t, analysistest.TestData(), threadlock.Analyzer,
		"example.com/lockhelper", "example.com/onlyfact", "example.com/onlymethod",
		"example.com/onlygeneric", "example.com/onlybox", "example.com/attr", "example.com/deathsig",
		"example.com/rawcreds", "example.com/ownerleft")
}

// TestSkipped checks that a package importing the seeds' packages without
// using them the way they matter is skipped, and that one referring to a
// function with a fact is not, though it exports none.
func TestSkipped(t *testing.T) {
	activity := testenv.Activity(threadlock.Analyzer, func(res any) bool { return threadlock.Active(res.(*threadlock.Result)) })
	analysistest.Run(t, analysistest.TestData(), activity, "example.com/idle", "example.com/caller")
}

// TestRuns checks the facts of callback runners: which parameter each
// calls with the goroutine locked before an unlock, and what it puts
// back first; through a goroutine (go or sync.WaitGroup.Go), a local
// closure, a wrapper in the same package and in another one; behind an
// interface with one implementation in its package (not two), called
// there and elsewhere.
func TestRuns(t *testing.T) {
	testenv.Target(t, "linux", "amd64") // SYS_SETNS
	analysistest.Run(t, analysistest.TestData(), threadlock.Analyzer, "example.com/runners", "example.com/runuser",
		"example.com/nsiface", "example.com/twoimpl", "example.com/nsifaceuser")
}
