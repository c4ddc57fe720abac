package blockingfd

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"
)

// target makes the go command, and so analysistest's loader, type-check
// for goos/goarch whatever machine runs the test.
func target(t *testing.T, goos, goarch string) {
	t.Setenv("GOOS", goos)
	t.Setenv("GOARCH", goarch)
}

func TestNewFile(t *testing.T) {
	target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/newfile")
}

func TestNewFileFix(t *testing.T) {
	target(t, "linux", "amd64")
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), Analyzer, "example.com/newfilefix")
	goldensCompile(t, analysistest.TestData(), "example.com/newfilefix")
}

// goldensCompile type-checks each package with its .go.golden files in
// place of the .go files they fix.
func goldensCompile(t *testing.T, dir string, pkgs ...string) {
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

func TestFd(t *testing.T) {
	target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/fd")
}

func TestPollLoop(t *testing.T) {
	target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/pollloop")
}

// TestARM64 runs the same cases type-checked for linux/arm64, whose
// syscall package differs (no Pipe, EpollCreate or InotifyInit system
// calls: the package emulates them) but whose flags the analyzer reads from
// the same constants.
func TestARM64(t *testing.T) {
	target(t, "linux", "arm64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/newfile", "example.com/fd", "example.com/pollloop")
}

// TestDemoCandidate checks the findings of the project demo's tun package
// on both numberings, and that its fixed version compiles.
func TestDemoCandidate(t *testing.T) {
	want := []string{
		"48:19: f.Fd() puts the device back into blocking mode, but the file is returned afterwards (line 52): a blocked Read holds an OS thread, Close cannot interrupt it and deadlines stop working; reach the descriptor with f.SyscallConn() and RawConn.Control instead",
		"90:9: os.NewFile of a blocking device (/dev/net/tun) from syscall.Open: the netpoller cannot manage it, so each blocked Read or Write holds an OS thread and Close cannot interrupt it; create it with O_NONBLOCK or call syscall.SetNonblock(fd, true) before os.NewFile",
	}
	for _, goarch := range []string{"amd64", "arm64"} {
		t.Run(goarch, func(t *testing.T) {
			target(t, "linux", goarch)
			demoCandidate(t, "tun", want)
		})
	}
}

// demoCandidate runs the analyzer on the project demo's file of package pkg as
// package pkg, compares its findings with want ("line:col: message"), and
// type-checks the file with every suggested fix applied.
func demoCandidate(t *testing.T, pkg string, want []string) {
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
	results := analysistest.Run(&silent{t}, dir, Analyzer, pkg)
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
	goldensCompile(t, dir, pkg)
}

// silent swallows analysistest's complaints about the missing // want
// comments of a file checked by its results instead.
type silent struct{ *testing.T }

func (s *silent) Errorf(format string, args ...any) {}
