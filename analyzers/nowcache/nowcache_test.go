package nowcache_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/internal/testenv"

	"github.com/syscallvet/syscallvet/analyzers/nowcache"
)

// TestNowCache covers each refresher shape (shapes, edge) and each case
// that is not reported (quiet, optin).
func TestNowCache(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), nowcache.Analyzer,
		"example.com/shapes", "example.com/quiet", "example.com/optin", "example.com/edge")
}

// TestPacingForms has one package per way of waiting on the clock, so that
// a pre-filter that forgets one (and skips building SSA) fails here.
func TestPacingForms(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), nowcache.Analyzer, "example.com/pacing/...")
}

// TestDoc checks the help text carries what users need to decide.
func TestDoc(t *testing.T) {
	doc := nowcache.Analyzer.Doc
	for _, want := range []string{
		"nowcache: report a background goroutine",
		"93 ns", "current_clocksource", "hpet", "formatted text", "opt-in",
		"//syscallvet:ignore nowcache", "//nolint:syscallvet", "Since v0.1.0.",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("Doc does not mention %q", want)
		}
	}
}

// demoFindings is what the project demo's clock package must produce: the coarse clock is
// reported, its correct twins are not.
var demoFindings = []string{
	"clock.go:37:4: background goroutine caches time.Now in c.nanos, refreshed every 100ms",
}

func TestDemoCandidate(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo", "clock", "clock.go"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "src", "example.com", "clock")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "clock.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(testenv.Silent{T: t}, dir, nowcache.Analyzer, "example.com/clock")
	if len(results) != 1 {
		t.Fatalf("%d results, want 1", len(results))
	}
	act := results[0].Action
	if act.Err != nil {
		t.Fatal(act.Err)
	}
	var got []string
	for _, d := range act.Diagnostics {
		posn := act.Package.Fset.Position(d.Pos)
		got = append(got, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(posn.Filename), posn.Line, posn.Column, d.Message))
	}
	if !slices.Equal(got, demoFindings) {
		t.Errorf("demo findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(demoFindings, "\n"))
	}
}
