package blockingfd

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/internal/testenv"
)

// TestCases runs the reported cases and their silent twins, one package
// each (the package comments say more):
//   - newfile: os.NewFile of blocking descriptors, by origin and flags;
//   - newfilenotread: files Go never reads or writes (only closed, Stat'ed,
//     their descriptor passed on), also returned by a helper;
//   - d1pair: a helper returning both ends of a socket pair (go-fuse);
//   - d1field: files kept in unexported fields of the package (flannel);
//   - fd: (*os.File).Fd on a file used for I/O afterwards;
//   - d1tun: Fd() on a device returned to, or kept in a field for, code of
//     the package that never reads it (flannel's OpenTun);
//   - pollloop: goroutines looping on a poll call with no timeout;
//   - d2: descriptors put back into non-blocking mode by SetNonblock(fd,
//     true), or set to blocking for raw I/O on a file only closed;
//   - d2varkey: the descriptor read back for SetNonblock from a map entry
//     under a variable key such as unix.Stdin (buildah chroot).
func TestCases(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer,
		"example.com/newfile", "example.com/newfilenotread", "example.com/d1pair", "example.com/d1field",
		"example.com/fd", "example.com/d1tun", "example.com/pollloop", "example.com/d2", "example.com/d2varkey")
}

func TestNewFileFix(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), Analyzer, "example.com/newfilefix")
	testenv.GoldensCompile(t, analysistest.TestData(), "example.com/newfilefix")
}

// TestARM64 runs newfile, fd and pollloop type-checked for linux/arm64, whose
// syscall package differs (no Pipe, EpollCreate or InotifyInit system
// calls: the package emulates them) but whose flags the analyzer reads from
// the same constants.
func TestARM64(t *testing.T) {
	testenv.Target(t, "linux", "arm64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/newfile", "example.com/fd", "example.com/pollloop")
}

// TestDemoCandidate checks the findings of the project demo's tun package
// on both numberings, and that its fixed version compiles.
func TestDemoCandidate(t *testing.T) {
	want := []string{
		"48:19: f.Fd() puts the device back into blocking mode, but the file is returned afterwards (line 52)",
		"90:9: os.NewFile of a blocking device (/dev/net/tun) from syscall.Open keeps it out of the netpoller",
	}
	for _, goarch := range []string{"amd64", "arm64"} {
		t.Run(goarch, func(t *testing.T) {
			testenv.Target(t, "linux", goarch)
			testenv.DemoFindings(t, Analyzer, "tun", want)
		})
	}
}
