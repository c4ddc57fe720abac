package threadstate_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/analyzers/threadstate"
)

func TestThreadState(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), threadstate.Analyzer, "example.com/state", "example.com/deathsigfield", "example.com/section", "example.com/lockedhandle/...", "example.com/lockedclosure", "example.com/unlockingclosure", "example.com/ownercallers/...", "example.com/tidconsumed", "example.com/deathsigsection", "example.com/forkchild", "example.com/deathsigparam", "example.com/selfnsdata", "example.com/t6reexec/...", "example.com/capsetchain", "example.com/recursiveowner", "example.com/ownnetns/...", "example.com/fsuidchain")
}

// TestKnownFalsePositives pins the behaviour on correct code the analyzer
// still reports (see the package documentation): section owners locked by
// every caller, all in other packages. A change to the model that stops
// the report should move the case to a regression test. The package also
// checks that an owner whose only call completes its caller's reported
// section is not reported as well, and that its twin still is.
func TestKnownFalsePositives(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), threadstate.Analyzer, "example.com/t5lockedelsewhere/...")
}

// TestCallbacks checks that code a runner calls with the goroutine locked
// is not reported as unlocked, also through an interface of another
// package with one implementation there (also one whose locked goroutine
// is started by sync.WaitGroup.Go), and that the same code elsewhere
// still is.
func TestCallbacks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), threadstate.Analyzer, "example.com/callbacks", "example.com/ifacecallbacks", "example.com/rootlessnetns")
}

func TestSelfNS(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), threadstate.Analyzer, "example.com/selfns")
}

// TestOwnerCallers checks that the callers of a section owner that leaves
// its state changed only on its error returns (buildah's
// (*AgentServer).Serve) are not reported for pairing its call with a later
// one, in the owner's package, its tests and other packages, and that a
// single-operation wrapper's callers still are.
func TestOwnerCallers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), threadstate.Analyzer, "example.com/t2owner/...")
}
