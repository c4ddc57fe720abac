// Package testenv holds test helpers about the machine the tests run on.
package testenv

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"
)

// NeedCgo skips the test unless the go command can build cgo packages.
func NeedCgo(t testing.TB) {
	t.Helper()
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		t.Skipf("go env: %v", err)
	}
	fields := strings.Fields(string(out))
	if len(fields) < 2 || fields[0] != "1" {
		t.Skip("cgo is disabled")
	}
	if _, err := exec.LookPath(fields[1]); err != nil {
		t.Skipf("no C compiler: %v", err)
	}
}

// Target makes the go command, and so analysistest's loader, type-check
// for goos/goarch whatever machine runs the test.
func Target(t testing.TB, goos, goarch string) {
	t.Setenv("GOOS", goos)
	t.Setenv("GOARCH", goarch)
}

// GoldensCompile type-checks each GOPATH-style package of dir with its
// .go.golden files in place of the .go files they fix: a suggested fix
// must leave code that compiles.
func GoldensCompile(t testing.TB, dir string, pkgs ...string) {
	t.Helper()
	overlay := make(map[string][]byte)
	for _, pkg := range pkgs {
		goldens, _ := filepath.Glob(filepath.Join(dir, "src", pkg, "*.go.golden"))
		if len(goldens) == 0 {
			t.Fatalf("%s: no .go.golden files", pkg)
		}
		for _, g := range goldens {
			b, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			overlay[strings.TrimSuffix(g, ".golden")] = b
		}
	}
	cfg := &packages.Config{
		Mode:    packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:     dir,
		Env:     append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off"),
		Overlay: overlay,
	}
	loaded, err := packages.Load(cfg, pkgs...)
	if err != nil {
		t.Fatal(err)
	}
	packages.Visit(loaded, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			t.Errorf("golden of %s does not compile: %v", p.PkgPath, e)
		}
	})
}

// DemoFindings runs a on the project demo's package pkg (the file
// testdata/demo/<pkg>/<pkg>.go, from an analyzer's directory), compares its
// findings with want ("line:col: message"), and type-checks the file with
// every suggested fix applied.
func DemoFindings(t *testing.T, a *analysis.Analyzer, pkg string, want []string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo", pkg, pkg+".go"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "src", pkg, pkg+".go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(Silent{t}, dir, a, pkg)
	if len(results) != 1 || results[0].Err != nil {
		t.Fatalf("results: %v", results)
	}
	res := results[0]
	var got []string
	var edits []analysis.TextEdit
	for _, d := range res.Diagnostics {
		posn := res.Pass.Fset.Position(d.Pos)
		got = append(got, fmt.Sprintf("%d:%d: %s", posn.Line, posn.Column, d.Message))
		if len(d.SuggestedFixes) > 0 {
			edits = append(edits, d.SuggestedFixes[0].TextEdits...)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	tf := res.Pass.Fset.File(res.Pass.Files[0].Pos())
	slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return cmp.Compare(b.Pos, a.Pos) })
	fixed := slices.Clone(src)
	for _, e := range edits {
		start, end := tf.Offset(e.Pos), tf.Offset(e.End)
		fixed = slices.Concat(fixed[:start], e.NewText, fixed[end:])
	}
	if err := os.WriteFile(file+".golden", fixed, 0o644); err != nil {
		t.Fatal(err)
	}
	GoldensCompile(t, dir, pkg)
}

// Silent swallows analysistest's complaints about missing // want
// comments, for runs checked by their results instead.
type Silent struct{ *testing.T }

func (Silent) Errorf(format string, args ...any) {}

// Activity returns an analyzer that reports "active" or "inactive" at each
// package clause, as active says of pass a's result: a test of a fact
// pass's pre-filter states with // want which packages it analyses.
func Activity(a *analysis.Analyzer, active func(result any) bool) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "activity",
		Doc:      "report whether " + a.Name + " analysed the package",
		Requires: []*analysis.Analyzer{a},
		Run: func(pass *analysis.Pass) (any, error) {
			msg := "inactive"
			if active(pass.ResultOf[a]) {
				msg = "active"
			}
			pass.Reportf(pass.Files[0].Name.Pos(), "%s", msg)
			return nil, nil
		},
	}
}

// Run runs name with args in dir, with env added to the environment, and
// returns its output and exit code; it fails the test only if the command
// could not run at all.
func Run(t testing.TB, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out.String(), errOut.String(), code
}
