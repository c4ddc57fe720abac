package integration_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoTool follows the README: a module adds syscallvet as a tool
// dependency (go get -tool) and runs it with go tool. The module replaces
// syscallvet with this checkout, which is what a published version holds.
func TestGoTool(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go get and builds syscallvet in a new module; skipped under -short")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.26\n\nreplace github.com/syscallvet/syscallvet => "+repoRoot+"\n")
	writeFile(t, filepath.Join(dir, "flush", "flush.go"), `package flush

import "runtime"

func Flush(n int) {
	if n == 0 {
		return
	}
	runtime.LockOSThread()
	println(n)
}
`)
	env := []string{"GOWORK=off", "GOPROXY=" + proxyWithoutSyscallvet(t)}
	if r := run(t, dir, env, "go", "get", "-tool", "github.com/syscallvet/syscallvet/cmd/syscallvet"); r.code != 0 {
		t.Fatalf("go get -tool: exit %d\n%s", r.code, r.stderr)
	}
	if mod := readFile(t, filepath.Join(dir, "go.mod")); !strings.Contains(mod, "tool github.com/syscallvet/syscallvet/cmd/syscallvet") {
		t.Errorf("go.mod lacks the tool line:\n%s", mod)
	}

	r := run(t, dir, env, "go", "tool", "syscallvet", "./...")
	if r.code != 3 {
		t.Errorf("go tool syscallvet ./...: exit %d, want 3 (findings); stderr:\n%s", r.code, r.stderr)
	}
	if want := "flush/flush.go:9:2: runtime.LockOSThread is not undone at the end of the function (line 11)"; !strings.Contains(r.stderr, want) {
		t.Errorf("go tool syscallvet output lacks %q:\n%s", want, r.stderr)
	}

	// The fix through go tool, then a clean run.
	if r := run(t, dir, env, "go", "tool", "syscallvet", "-fix", "./..."); r.code != 0 {
		t.Errorf("go tool syscallvet -fix: exit %d\n%s", r.code, r.stderr)
	}
	if r := run(t, dir, env, "go", "tool", "syscallvet", "./..."); r.code != 0 {
		t.Errorf("after -fix: exit %d, want 0\n%s", r.code, r.stderr)
	}
}

// proxyWithoutSyscallvet returns a GOPROXY under which syscallvet's module
// paths do not exist. This checkout is not published, and go get asks the
// proxy whether each prefix of the tool's package path is a module: a
// proxy that answers 403 for unknown modules (ours does) stops it, unlike
// 404. Each configured proxy is asked first; an empty file:// proxy then
// answers "not found", which lets the replace take over.
func proxyWithoutSyscallvet(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	var proxies []string
	for _, p := range strings.FieldsFunc(strings.TrimSpace(string(out)), func(r rune) bool { return r == ',' || r == '|' }) {
		if p != "direct" && p != "off" {
			proxies = append(proxies, p)
		}
	}
	return strings.Join(append(proxies, fileURI(t.TempDir())), "|")
}
