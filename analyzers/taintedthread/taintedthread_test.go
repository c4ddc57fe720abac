package taintedthread_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/analyzers/lockosthread"
	"github.com/syscallvet/syscallvet/analyzers/taintedthread"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

func TestTaintedThread(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/tainted", "example.com/guarded", "example.com/pinned",
		"example.com/wrappederr", "example.com/restoringteardown")
}

// TestKnownFalsePositives pins the behaviour on correct code the analyzer
// still reports (see the package documentation): a change to the model
// that stops the report should move the case to a regression test.
func TestKnownFalsePositives(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/reversibleunshare")
}

// TestCallbacks checks callbacks passed to runners (functions that call
// them with the goroutine locked, then unlock), defined in the package and
// in another one: what a callback leaves changed and its runner does not
// restore is reported; each case has a correct twin.
func TestCallbacks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/runner", "example.com/nsrunner")
}

// TestLockOSThreadAcceptsTaintedReturn checks that lockosthread stays
// silent on a return that keeps the goroutine locked because the restore
// failed, and still reports a plain leak.
func TestLockOSThreadAcceptsTaintedReturn(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockosthread.Analyzer, "example.com/lockok")
}

// TestStateFacts checks the per-thread state facts that callers in other
// packages see.
func TestStateFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), threadlock.Analyzer, "example.com/statefacts", "example.com/restoringteardown/nsctx")
}
