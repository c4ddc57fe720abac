package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/syscallvet/syscallvet/internal/sarif"
	"github.com/syscallvet/syscallvet/internal/testenv"
)

// These tests build the real binary and run it the way users do.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "syscallvet-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "syscallvet")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs name with args in dir and returns stdout, stderr and exit code.
func run(t *testing.T, dir, name string, args ...string) (string, string, int) {
	t.Helper()
	return testenv.Run(t, dir, nil, name, args...)
}

// repoRoot is the module root, where the demo is addressed from.
const repoRoot = "../.."

var demoFindings = []string{
	"testdata/demo/worker/worker.go:21:12: the lock taken by netns.Enter is not undone on the return at line 25",
	"testdata/demo/worker/worker.go:44:3: runtime.LockOSThread in a loop is not undone within the iteration",
	"testdata/demo/worker/worker.go:80:2: runtime.LockOSThread is not undone at the end of the function (line 84)",
	"testdata/demo/worker/watch.go:18:13: netns.Set changes the network namespace (via syscall.RawSyscall), not restored before the deferred unlock at line 22",
	"testdata/demo/netns/netns.go:51:12: Set changes this thread's network namespace (via syscall.RawSyscall) and the deferred Set at line 54 must undo it on the same thread, but the goroutine is not locked",
	"testdata/demo/worker/watch.go:41:7: netns.Set changes this thread's network namespace (via syscall.RawSyscall) while the goroutine is not locked to its OS thread",
	"testdata/demo/rawio/rawio.go:21:17: syscall.RawSyscall of SYS_READ can block",
	"testdata/demo/clock/clock.go:37:4: background goroutine caches time.Now in c.nanos, refreshed every 100ms",
	"testdata/demo/tun/tun.go:48:19: f.Fd() puts the device back into blocking mode, but the file is returned afterwards (line 52)",
	"testdata/demo/tun/tun.go:90:9: os.NewFile of a blocking device (/dev/net/tun) from syscall.Open keeps it out of the netpoller",
	"testdata/demo/indexer/indexer.go:22:3: goroutine per item blocks an OS thread in file I/O (via size → os.ReadFile)",
	"testdata/demo/indexer/indexer.go:60:4: goroutine per file walked blocks an OS thread in file I/O (via size → os.ReadFile)",
}

func TestDemo(t *testing.T) {
	stdout, stderr, code := run(t, repoRoot, binary, "./testdata/demo/...")
	if code != 3 {
		t.Errorf("exit code = %d, want 3 (findings); stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("text output belongs on stderr; stdout:\n%s", stdout)
	}
	for _, want := range demoFindings {
		if !strings.Contains(stderr, want+"\n") {
			t.Errorf("missing finding %q (the whole message) in:\n%s", want, stderr)
		}
	}
	var findings int
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, ": runtime.") || strings.Contains(line, ": the lock taken by") || strings.Contains(line, ": goroutine per") || strings.Contains(line, ": netns.Set changes") || strings.Contains(line, ": Set changes") ||
			strings.Contains(line, ": syscall.RawSyscall of") || strings.Contains(line, ": f.Fd() puts") || strings.Contains(line, ": os.NewFile of") ||
			strings.Contains(line, ": background goroutine caches") {
			findings++
		}
	}
	if findings != len(demoFindings) {
		t.Errorf("%d findings, want %d (correct twins must stay silent):\n%s", findings, len(demoFindings), stderr)
	}

	// Byte-identical output on a second run.
	_, again, _ := run(t, repoRoot, binary, "./testdata/demo/...")
	if again != stderr {
		t.Errorf("output differs between runs:\n%s\n---\n%s", stderr, again)
	}
}

func TestDemoJSON(t *testing.T) {
	stdout, stderr, code := run(t, repoRoot, binary, "-json", "./testdata/demo/...")
	if code != 0 {
		t.Errorf("-json exit code = %d, want 0; stderr:\n%s", code, stderr)
	}
	var tree map[string]map[string][]struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("-json output is not the x/tools JSON tree: %v\n%s", err, stdout)
	}
	var diags int
	for _, byAnalyzer := range tree {
		for _, list := range byAnalyzer {
			diags += len(list)
		}
	}
	if diags != len(demoFindings) {
		t.Errorf("JSON has %d findings, want %d:\n%s", diags, len(demoFindings), stdout)
	}
}

func TestDemoFixDiff(t *testing.T) {
	stdout, stderr, code := run(t, repoRoot, binary, "-fix", "-diff", "./testdata/demo/...")
	if code != 0 {
		t.Errorf("-fix -diff exit code = %d, want 0; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "+\tdefer runtime.UnlockOSThread()") || !strings.Contains(stdout, "worker.go") {
		t.Errorf("diff does not add the deferred unlock to worker.go:\n%s", stdout)
	}
}

func TestFixWritesFilesThatCompile(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"p/p.go": `package p

import "runtime"

func Flush(n int) {
	if n == 0 {
		return
	}
	runtime.LockOSThread()
	println(n)
}
`,
	})
	if _, stderr, code := run(t, dir, binary, "-fix", "./..."); code != 0 {
		t.Fatalf("-fix exit code = %d; stderr:\n%s", code, stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "p/p.go"))
	if !strings.Contains(string(got), "runtime.LockOSThread()\n\tdefer runtime.UnlockOSThread()\n") {
		t.Errorf("fixed file:\n%s", got)
	}
	if out, err := exec.Command("go", "build", "-C", dir, "./...").CombinedOutput(); err != nil {
		t.Errorf("fixed code does not build: %v\n%s", err, out)
	}
	if _, stderr, code := run(t, dir, binary, "./..."); code != 0 {
		t.Errorf("after -fix: exit code = %d, want 0; stderr:\n%s", code, stderr)
	}
}

func TestUsage(t *testing.T) {
	if _, stderr, code := run(t, ".", binary, "-nosuchflag", "./..."); code != 2 || !strings.Contains(stderr, "nosuchflag") {
		t.Errorf("bad flag: exit %d, stderr %q", code, stderr)
	}
	if _, _, code := run(t, ".", binary); code != 2 {
		t.Errorf("no packages: exit %d, want 2", code)
	}
	// Selecting one rule runs only that rule.
	_, stderr, code := run(t, repoRoot, binary, "-blockingfanout", "./testdata/demo/...")
	if code != 3 || strings.Contains(stderr, "LockOSThread") || !strings.Contains(stderr, "goroutine per item") {
		t.Errorf("-blockingfanout: exit %d, stderr:\n%s", code, stderr)
	}
	// Disabling every rule leaves nothing to report.
	if _, stderr, code := run(t, repoRoot, binary, "-lockosthread=false", "-blockingfanout=false", "-taintedthread=false", "-threadstate=false", "-rawsyscall=false", "-blockingfd=false", "-nowcache=false", "./testdata/demo/..."); code != 0 || stderr != "" {
		t.Errorf("all rules off: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestHelp(t *testing.T) {
	stdout, _, code := run(t, ".", binary, "help", "lockosthread")
	if code != 0 {
		t.Errorf("help exit code = %d", code)
	}
	for _, want := range []string{"lockosthread: report", "goroutine root", "init functions and main.main", "//syscallvet:ignore lockosthread", "Since v0.1.0"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help lockosthread lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, _ = run(t, ".", binary, "help", "blockingfanout")
	for _, want := range []string{"317 OS threads", "10000-thread limit", "SetLimit", "-blockingfanout.workers"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help blockingfanout lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, _ = run(t, ".", binary, "help")
	if !strings.Contains(stdout, "lockosthread: ") || !strings.Contains(stdout, "blockingfanout: ") {
		t.Errorf("help does not list the rules:\n%s", stdout)
	}
	if _, stderr, code := run(t, ".", binary, "help", "nosuchrule"); code != 2 || !strings.Contains(stderr, `no rule named "nosuchrule"`) {
		t.Errorf("help nosuchrule: exit %d, stderr %q", code, stderr)
	}
}

// vetModule has its lock helper in another package, so findings depend on
// facts crossing package boundaries through go vet's protocol.
var vetModule = map[string]string{
	"nsutil/nsutil.go": `package nsutil

import "runtime"

// Lock locks the OS thread for the caller.
func Lock() { runtime.LockOSThread() }

// Unlock undoes Lock.
func Unlock() { runtime.UnlockOSThread() }
`,
	"app/app.go": `package app

import "example.com/vetmod/nsutil"

func Balanced() {
	nsutil.Lock()
	defer nsutil.Unlock()
}

func Leaky(fail bool) error {
	nsutil.Lock()
	if fail {
		return nil
	}
	nsutil.Unlock()
	return nil
}
`,
}

func TestVetTool(t *testing.T) {
	dir := writeModule(t, vetModule)
	_, stderr, code := run(t, dir, "go", "vet", "-vettool="+binary, "./...")
	if code == 0 {
		t.Errorf("go vet exit code = 0, want non-zero for findings")
	}
	want := "app/app.go:11:2: the lock taken by nsutil.Lock is not undone on the return at line 13\n"
	if !strings.Contains(stderr, want) {
		t.Errorf("go vet output lacks %q:\n%s", want, stderr)
	}
	if strings.Count(stderr, "is not undone") != 1 {
		t.Errorf("want exactly one finding (Balanced is correct):\n%s", stderr)
	}

	stdout, stderr, code := run(t, dir, "go", "vet", "-vettool="+binary, "-json", "./...")
	if code != 0 || !strings.Contains(stdout+stderr, `"lockosthread"`) {
		t.Errorf("go vet -json: exit %d, output:\n%s%s", code, stdout, stderr)
	}

	// Vetting only app makes nsutil a dependency that go vet analyzes for
	// its facts alone (VetxOnly), where the rules stand aside: the fact
	// must still reach app, and the rules' flags must still parse there.
	_, stderr, _ = run(t, dir, "go", "vet", "-vettool="+binary, "-blockingfanout.workers=8", "./app")
	if !strings.Contains(stderr, want) {
		t.Errorf("go vet ./app (nsutil vetted for facts only) lacks %q:\n%s", want, stderr)
	}

	// Selecting the rule must select the fact passes it needs on nsutil too.
	_, stderr, _ = run(t, dir, "go", "vet", "-vettool="+binary, "-lockosthread", "./app")
	if !strings.Contains(stderr, want) {
		t.Errorf("go vet -lockosthread ./app lacks %q:\n%s", want, stderr)
	}

	// Analyzer selection flags pass through go vet.
	stdout, stderr, code = run(t, dir, "go", "vet", "-vettool="+binary, "-lockosthread=false", "./...")
	if code != 0 || strings.Contains(stdout+stderr, "not undone") {
		t.Errorf("go vet -lockosthread=false: exit %d, output:\n%s%s", code, stdout, stderr)
	}
}

func TestTypeError(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"bad/bad.go":   "package bad\n\nfunc F() int {\n\treturn \"x\"\n}",
		"good/good.go": vetModule["nsutil/nsutil.go"],
	})
	_, stderr, code := run(t, dir, binary, "./...")
	if code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	for _, want := range []string{"package example.com/vetmod/bad does not build", "bad/bad.go:4:9: cannot use"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	for _, bad := range []string{"panic", "goroutine ", "failed prerequisites"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("stderr contains %q:\n%s", bad, stderr)
		}
	}
}

func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/vetmod\n\ngo 1.26\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestExperiment runs one experiment the way users do: the binary re-runs
// itself per measured phase, so this also checks main's RunChild hook.
func TestExperiment(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the experiments measure Linux")
	}
	stdout, stderr, code := run(t, ".", binary, "experiment", "-quick", "lockosthread")
	if code != 0 || !strings.Contains(stdout, "verdict: holds") {
		t.Errorf("experiment lockosthread: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestBuildTags: files behind a build tag (selinux v1.3.0 keeps all its
// Linux code behind "selinux") are analyzed only with -tags, as go vet does.
func TestBuildTags(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fixture reads with a Linux syscall number")
	}
	dir := writeModule(t, map[string]string{"tagged/tagged.go": `//go:build syscallvet_e2e

package tagged

import "syscall"

func Read(fd int, p []byte) {
	syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), 0, uintptr(len(p)))
}
`, "tagged/doc.go": "package tagged\n"})
	const finding = "syscall.RawSyscall of SYS_READ can block"
	_, stderr, code := run(t, dir, binary, "./...")
	if code != 0 || strings.Contains(stderr, finding) {
		t.Errorf("without -tags: exit %d, want 0 and no finding:\n%s", code, stderr)
	}
	_, stderr, code = run(t, dir, binary, "-tags", "syscallvet_e2e", "./...")
	if code != 3 || !strings.Contains(stderr, finding) {
		t.Errorf("-tags syscallvet_e2e: exit %d, want 3 and %q:\n%s", code, finding, stderr)
	}
}

// cgoModule has the same blocking os.NewFile, with its SetNonblock fix, in
// a file that imports "C" and in one of the same package that does not.
var cgoModule = map[string]string{
	"p/cgo.go": `package p

// #include <unistd.h>
import "C"

import (
	"os"
	"syscall"
)

// Pid makes this a cgo file: the analyzers see cmd/cgo's rewrite of it,
// mapped back to it by //line directives.
func Pid() int { return int(C.getpid()) }

func Socket() (*os.File, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "tcp"), nil
}
`,
	"p/plain.go": `package p

import (
	"os"
	"syscall"
)

func Plain() (*os.File, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "tcp"), nil
}
`,
}

// TestCgoFixes: a suggested fix computed on cmd/cgo's output has offsets
// into that output, not into the file the user wrote (here they fall
// past the end of cgo.go), so the finding in cgo.go must come without it,
// through every output and go vet, while plain.go's keeps its fix.
func TestCgoFixes(t *testing.T) {
	testenv.NeedCgo(t)
	if runtime.GOOS != "linux" {
		t.Skip("the fixture's blocking socket is a Linux finding")
	}
	dir := writeModule(t, cgoModule)
	const (
		cgoFinding   = "p/cgo.go:20:9: os.NewFile of a blocking socket"
		plainFinding = "p/plain.go:13:9: os.NewFile of a blocking socket"
	)
	for _, args := range [][]string{{binary, "./..."}, {"go", "vet", "-vettool=" + binary, "./..."}} {
		_, stderr, _ := run(t, dir, args[0], args[1:]...)
		if !strings.Contains(stderr, cgoFinding) || !strings.Contains(stderr, plainFinding) {
			t.Errorf("%v: want both findings (the cgo one keeps its diagnostic):\n%s", args, stderr)
		}
	}

	for _, args := range [][]string{{binary, "-json", "./..."}, {"go", "vet", "-vettool=" + binary, "-json", "./..."}} {
		stdout, stderr, _ := run(t, dir, args[0], args[1:]...)
		fixes := jsonFixes(t, dir, stdout)
		if edits, ok := fixes["p/cgo.go"]; !ok || len(edits) != 0 {
			t.Errorf("%v: the finding in p/cgo.go (found: %v) has edits %v, want none; stderr:\n%s", args, ok, edits, stderr)
		}
		edits := fixes["p/plain.go"]
		if len(edits) != 1 || !strings.HasPrefix(cgoModule["p/plain.go"][edits[0].Start:], "return os.NewFile") {
			t.Errorf("%v: the fix of p/plain.go's finding is %+v, want an insertion before the return", args, edits)
		}
	}

	stdout, _, _ := run(t, dir, binary, "-format", "sarif", "./...")
	var log sarif.Log
	if err := json.Unmarshal([]byte(stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("sarif: %v\n%s", err, stdout)
	}
	for _, r := range log.Runs[0].Results {
		uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if want := uri == "p/plain.go"; (len(r.Fixes) > 0) != want {
			t.Errorf("sarif: result in %s has %d fixes", uri, len(r.Fixes))
		}
	}

	for _, args := range [][]string{{binary, "-fix", "-diff", "./..."}, {"go", "vet", "-vettool=" + binary, "-fix", "-diff", "./..."}} {
		stdout, stderr, _ := run(t, dir, args[0], args[1:]...)
		if strings.Contains(stdout, "cgo.go") || !strings.Contains(stdout, "plain.go (new)") || !strings.Contains(stdout, "+\tsyscall.SetNonblock(fd, true)") {
			t.Errorf("%v: want a diff of p/plain.go alone:\n%s%s", args, stdout, stderr)
		}
	}
}

type jsonEdit struct {
	Filename   string
	Start, End int
}

// jsonFixes reads x/tools' JSON trees (one, or go vet's one per package)
// and returns the edits of each finding's fixes by the finding's file,
// relative to the module dir.
func jsonFixes(t *testing.T, dir, out string) map[string][]jsonEdit {
	t.Helper()
	fixes := make(map[string][]jsonEdit)
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var tree map[string]map[string][]struct {
			Posn           string
			SuggestedFixes []struct{ Edits []jsonEdit } `json:"suggested_fixes"`
		}
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("not x/tools' JSON tree: %v\n%s", err, out)
		}
		for _, byAnalyzer := range tree {
			for _, diags := range byAnalyzer {
				for _, d := range diags {
					file, _, _ := strings.Cut(d.Posn, ".go:")
					file, _ = filepath.Rel(dir, file+".go")
					edits := fixes[file]
					for _, f := range d.SuggestedFixes {
						edits = append(edits, f.Edits...)
					}
					fixes[file] = edits
				}
			}
		}
	}
	return fixes
}
