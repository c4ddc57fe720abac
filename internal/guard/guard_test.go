package guard

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestRunTurnsPanicIntoError(t *testing.T) {
	pass := &analysis.Pass{
		Analyzer: &analysis.Analyzer{Name: "boom"},
		Pkg:      types.NewPackage("example.com/p", "p"),
	}
	run := Run(func(*analysis.Pass) (any, error) {
		panic("rule bug")
	})
	res, err := run(pass)
	if res != nil || err == nil {
		t.Fatalf("run = %v, %v; want nil result and an error", res, err)
	}
	for _, want := range []string{"boom panicked", "package example.com/p", "rule bug", "guard_test.go:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestRunPassesThrough(t *testing.T) {
	run := Run(func(*analysis.Pass) (any, error) { return 42, nil })
	if res, err := run(&analysis.Pass{}); res != 42 || err != nil {
		t.Errorf("run = %v, %v; want 42, nil", res, err)
	}
}
