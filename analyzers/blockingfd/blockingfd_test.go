package blockingfd

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/internal/testenv"
)

func TestNewFile(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/newfile")
}

// TestNewFileNotRead checks files that Go never reads or writes: only
// closed (also by a closing helper of another package), Stat'ed, or their
// descriptor passed on, also when a helper returns them to such callers.
func TestNewFileNotRead(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/newfilenotread")
}

// TestNewFilePair checks a helper that returns both ends of a socket pair
// to callers that never read them (go-fuse's unixgramSocketpair).
func TestNewFilePair(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/d1pair")
}

// TestNewFileField checks files kept in unexported fields of the package:
// the uses of the field's values anywhere in the package count (flannel's
// udp backend).
func TestNewFileField(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/d1field")
}

func TestNewFileFix(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), Analyzer, "example.com/newfilefix")
	testenv.GoldensCompile(t, analysistest.TestData(), "example.com/newfilefix")
}

func TestFd(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/fd")
}

// TestFdReturned checks Fd() on a device returned to, or kept in a field
// for, code of the package that never reads it (flannel's OpenTun shape);
// an exported function's file stays reported.
func TestFdReturned(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/d1tun")
}

func TestPollLoop(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/pollloop")
}

// TestARM64 runs the same cases type-checked for linux/arm64, whose
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

// TestFdNonblock checks Fd() calls whose descriptor is made non-blocking
// again by SetNonblock(fd, true), or whose mode the code sets itself for
// raw I/O while the file is only closed (TRIAGE15 D2).
func TestFdNonblock(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/d2")
}

// TestFdNonblockVarKey checks the map entry read back for SetNonblock
// under a variable key that the package only reads, such as unix.Stdin
// (buildah chroot's relay, a TRIAGE15 D2 residue).
func TestFdNonblockVarKey(t *testing.T) {
	testenv.Target(t, "linux", "amd64")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/d2varkey")
}
