package taintedthread_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/analyzers/lockosthread"
	"github.com/syscallvet/syscallvet/analyzers/taintedthread"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

func TestTaintedThread(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/tainted", "example.com/guarded", "example.com/pinned", "example.com/selfdeathsig",
		"example.com/wrappederr", "example.com/restoringteardown", "example.com/restoringteardown/unrestored", "example.com/r1reexec/...",
		"example.com/tsitenetlink", "example.com/tsitesites", "example.com/tsiteback")
}

// TestKnownFalsePositives pins the behaviour on correct code the analyzer
// still reports (see the package documentation): a change to the model
// that stops the report should move the case to a regression test.
func TestKnownFalsePositives(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/reversibleunshare", "example.com/nilguard")
}

// TestCallbacks checks callbacks passed to runners (functions that call
// them with the goroutine locked, then unlock), defined in the package and
// in another one, also behind an interface and with the locked goroutine
// started by sync.WaitGroup.Go (podman's rootless netns): what a callback
// leaves changed and its runner does not restore is reported; each case
// has a correct twin.
func TestCallbacks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/runner", "example.com/nsrunner", "example.com/ifacerunner", "example.com/rootlessnetns")
}

// TestSelinuxByName checks go-selinux's label setters, known by name:
// since v1.13 they write through pathrs-lite, where no /proc attr path
// shows (testdata/selinux115 stubs v1.15.1; the stub in testdata/src has
// the path literal, and its chain is kept). A label the callback
// leaves set is reported, also through a go-selinux/label wrapper, whose
// fact comes from the setter it calls; one it clears again is not. So
// are the label package's variables holding a setter (v1.8 to v1.11),
// and clearing a label under the function's own lock is a restore only
// (podman v3's conmon start).
func TestSelinuxByName(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/conmonlabel")
	dir := filepath.Join(analysistest.TestData(), "selinux115")
	analysistest.Run(t, dir, taintedthread.Analyzer, "example.com/tap")
	analysistest.Run(t, dir, threadlock.Analyzer, "github.com/opencontainers/selinux/go-selinux/label")
}

// TestTeardown checks lock helpers that change per-thread state and hand
// back the function that unlocks: a teardown that does not restore is
// reported once, at the helper, and its callers (in the package and in
// another) are silent; a teardown that restores is correct.
func TestTeardown(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/teardown", "example.com/teardownuse")
}

// TestTeardownLevels checks lock helpers whose teardown undoes fewer lock
// levels than they take (docker v23's SetupTestOSContext): the goroutine
// stays locked after it, so nothing is handed back, at the helper or at
// its callers in the package and in another; the twin that locks once is
// reported, and so is a caller's own change under its teardown.
func TestTeardownLevels(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/tt4levels", "example.com/tt4levels/use")
}

// TestHomeNamespace checks setns calls into the process's home namespace
// (docker v23's osl.InitOSContext): a handle kept in a package variable
// that is assigned once per process from the process's own namespace is
// a restore, not a change, for the helper and its callers in another
// package; a handle also assigned per call, from a new namespace, by an
// exported function or by a loader also called outside sync.Once, kept
// in an exported variable, or held in a local is still a change.
func TestHomeNamespace(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), taintedthread.Analyzer, "example.com/tt5home", "example.com/tt5home/use")
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
