package lockosthread_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/analyzers/lockosthread"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

func TestLockOSThread(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockosthread.Analyzer, "a", "usehelpers", "mainpkg", "directives", "teardown", "deviant", "deviantfew", "r1reexec")
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), lockosthread.Analyzer, "fix")
}

// TestHelperFacts checks the summaries the threadlock pass exports for
// lock and unlock helpers, and that the pass itself reports nothing.
func TestHelperFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), threadlock.Analyzer, "helpers")
}
