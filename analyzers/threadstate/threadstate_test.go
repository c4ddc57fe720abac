package threadstate_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/analyzers/threadstate"
)

func TestThreadState(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), threadstate.Analyzer, "example.com/state", "example.com/deathsigfield", "example.com/section")
}

func TestSelfNS(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), threadstate.Analyzer, "example.com/selfns")
}
