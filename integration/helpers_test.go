package integration_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syscallvet/syscallvet/internal/testenv"
)

// repoRoot is the checkout's root (the tests run in integration/).
var repoRoot = func() string {
	dir, err := filepath.Abs("..")
	if err != nil {
		panic(err)
	}
	return dir
}()

// demoModule is the import path of the demo's packages, which the copies
// the tests make keep (so that findings match the checkout's).
const demoModule = "github.com/syscallvet/syscallvet/testdata/demo"

// needBuilds skips tests that build golangci-lint or gopls from the module
// proxy under -short, and on systems the scripts are not written for.
func needBuilds(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds golangci-lint/gopls from the Go module proxy (minutes on a cold cache); skipped under -short")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the integration builds are exercised on Unix")
	}
}

// result is a finished command.
type result struct {
	stdout, stderr string
	code           int
}

// run runs name with args in dir, with env added to the environment.
func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	start := time.Now()
	stdout, stderr, code := testenv.Run(t, dir, env, name, args...)
	t.Logf("%s %s (in %s): %.1fs", filepath.Base(name), strings.Join(args, " "), dir, time.Since(start).Seconds())
	return result{stdout, stderr, code}
}

// copyDemo copies testdata/demo into a fresh module with the demo's import
// path and returns its directory. Tests that fix or edit files work on it.
func copyDemo(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join(repoRoot, "testdata", "demo")
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dst, "go.mod"), "module "+demoModule+"\n\ngo 1.26\n")
	return dst
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// cacheDir returns a directory that outlives the test run, for built
// binaries: rebuilding them is a no-op while Go's build cache is warm and
// nothing changed, and a relink when syscallvet's code did.
func cacheDir(name string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "syscallvet-integration", name)
	return dir, os.MkdirAll(dir, 0o755)
}

// requiredVersion returns the version of module path that the go.mod in dir
// requires.
func requiredVersion(dir, path string) (string, error) {
	out, err := goCmd(dir, "mod", "edit", "-json").Output()
	if err != nil {
		return "", fmt.Errorf("go mod edit -json in %s: %v", dir, err)
	}
	var mod struct {
		Require []struct{ Path, Version string }
	}
	if err := json.Unmarshal(out, &mod); err != nil {
		return "", err
	}
	for _, r := range mod.Require {
		if r.Path == path {
			return r.Version, nil
		}
	}
	return "", fmt.Errorf("%s/go.mod does not require %s", dir, path)
}

func goCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	return cmd
}

// buildOnce runs build at most once per test process and remembers its
// outcome, so that tests sharing a binary do not race to build it.
type buildOnce struct {
	once sync.Once
	path string
	err  error
}

func (b *buildOnce) get(t *testing.T, build func() (string, error)) string {
	t.Helper()
	b.once.Do(func() {
		start := time.Now()
		b.path, b.err = build()
		if b.err == nil {
			fmt.Fprintf(os.Stderr, "integration: built %s in %.0fs\n", b.path, time.Since(start).Seconds())
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// checkTidy fails the test if the separate build module in dir is out of
// date with the main module's requirements (a go.sum line missing breaks
// the build from a fresh clone).
func checkTidy(dir string) error {
	cmd := goCmd(dir, "mod", "tidy", "-diff")
	out, err := cmd.CombinedOutput()
	if err != nil {
		rel, _ := filepath.Rel(repoRoot, dir)
		return fmt.Errorf("%s/go.mod or go.sum is out of date (the main module's requirements changed?); run: go -C %s mod tidy\n%s", rel, rel, out)
	}
	return nil
}
