package rawsyscall

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/internal/testenv"
)

func TestRawSyscall(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/a")
}

func TestSuggestedFixes(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), Analyzer, "example.com/fix", "example.com/dot")
	testenv.GoldensCompile(t, analysistest.TestData(), "example.com/fix", "example.com/dot")
}

// TestNoError checks the fallback for a golang.org/x/sys/unix without
// SyscallNoError: Syscall with the error discarded.
func TestNoError(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	dir := filepath.Join(analysistest.TestData(), "noerror")
	analysistest.RunWithSuggestedFixes(t, dir, Analyzer, "example.com/noerror")
	testenv.GoldensCompile(t, dir, "example.com/noerror")
}

// TestARM64 checks that literal numbers follow the target's numbering,
// read from the type-checked syscall package, not the analyzer's GOARCH.
func TestARM64(t *testing.T) {
	testenv.Target(t, "linux", "arm64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/arm64")
}

// TestUnknownNumbering checks a target without a numbering table: names
// only.
func TestUnknownNumbering(t *testing.T) {
	testenv.Target(t, "linux", "386")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/i386")
}

// TestNumberings checks each numbering against the Linux system call
// numbers of the Go distribution: the syscall package's and the newer ones
// of its vendored golang.org/x/sys/unix. It also checks that the tables
// list every call of blocking and forks that the target has, and nothing
// else.
func TestNumberings(t *testing.T) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	goroot := strings.TrimSpace(string(out))
	for _, nb := range numberings {
		goarch := strings.TrimPrefix(nb.target, "linux/")
		want := make(map[string]uint64)
		for _, f := range []string{
			filepath.Join(goroot, "src/syscall/zsysnum_linux_"+goarch+".go"),
			filepath.Join(goroot, "src/cmd/vendor/golang.org/x/sys/unix/zsysnum_linux_"+goarch+".go"),
		} {
			nums, err := sysnums(f)
			if err != nil {
				t.Skip(err)
			}
			for name, num := range nums {
				if old, ok := want[name]; ok && old != num {
					t.Errorf("%s: SYS_%s is %d in one file and %d in another", nb.target, name, old, num)
				}
				want[name] = num
			}
		}
		seen := make(map[string]bool)
		for num, name := range nb.names {
			if seen[name] {
				t.Errorf("%s: %s listed twice", nb.target, name)
			}
			seen[name] = true
			if _, ok := blocking[name]; !ok && !forks[name] {
				t.Errorf("%s: %s is neither blocking nor a fork", nb.target, name)
			}
			if w, ok := want[strings.ToUpper(name)]; !ok || w != num {
				t.Errorf("%s: %s is %d, want %d (found: %v)", nb.target, name, num, w, ok)
			}
		}
		for name := range blocking {
			if _, ok := want[strings.ToUpper(name)]; ok && !seen[name] {
				t.Errorf("%s: blocking call %s missing from the numbering", nb.target, name)
			}
		}
		for name := range forks {
			if _, ok := want[strings.ToUpper(name)]; ok && !seen[name] {
				t.Errorf("%s: fork %s missing from the numbering", nb.target, name)
			}
		}
	}
}

var sysnumLine = regexp.MustCompile(`^\s*SYS_(\w+)\s*=\s*(\d+)`)

// sysnums reads the SYS_ constants of a zsysnum file.
func sysnums(file string) (map[string]uint64, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := make(map[string]uint64)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sub := sysnumLine.FindStringSubmatch(sc.Text()); sub != nil {
			n, err := strconv.ParseUint(sub[2], 10, 64)
			if err != nil {
				return nil, err
			}
			m[sub[1]] = n
		}
	}
	return m, sc.Err()
}

// TestDemoCandidate checks the findings of the project demo's rawio
// package, and that its fixed version compiles, on both numberings.
func TestDemoCandidate(t *testing.T) {
	want := []string{
		"21:17: syscall.RawSyscall of SYS_READ can block",
	}
	for _, goarch := range []string{"amd64", "arm64"} {
		t.Run(goarch, func(t *testing.T) {
			testenv.Target(t, "linux", goarch)
			testenv.DemoFindings(t, Analyzer, "rawio", want)
		})
	}
}
