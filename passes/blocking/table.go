package blocking

import "strings"

// seeds lists, by types.Func.FullName, the functions of the standard
// library and golang.org/x/sys/unix that may hold an OS thread while
// blocked. It is the only authority on the standard library: the pass
// infers nothing inside std (see isStd), so std functions missing here,
// network I/O among them, never carry a fact.
//
// A *os.File may wrap a pipe or socket that the netpoller owns (os.Pipe,
// os.NewFile of a non-blocking fd); reading it parks the goroutine instead.
// The type cannot tell those apart from regular files, so the methods
// count as file I/O, except on a local variable the function shows to
// hold only os.Pipe ends (see findPipes).
var seeds = map[string]Kind{
	// Regular-file I/O and file-system calls.
	"os.ReadFile":   File,
	"os.WriteFile":  File,
	"os.Open":       File,
	"os.OpenFile":   File,
	"os.Create":     File,
	"os.CreateTemp": File,
	"os.MkdirTemp":  File,
	"os.ReadDir":    File,
	"os.Stat":       File,
	"os.Lstat":      File,
	"os.Remove":     File,
	"os.RemoveAll":  File,
	"os.Rename":     File,
	"os.Mkdir":      File,
	"os.MkdirAll":   File,
	"os.Truncate":   File,
	"os.Chmod":      File,
	"os.Chtimes":    File,
	"os.Readlink":   File,
	"os.Symlink":    File,
	"os.Link":       File,
	"os.CopyFS":     File,

	"(*os.File).Read":         File,
	"(*os.File).ReadAt":       File,
	"(*os.File).ReadFrom":     File,
	"(*os.File).Write":        File,
	"(*os.File).WriteAt":      File,
	"(*os.File).WriteString":  File,
	"(*os.File).WriteTo":      File,
	"(*os.File).Sync":         File,
	"(*os.File).Truncate":     File,
	"(*os.File).ReadDir":      File,
	"(*os.File).Readdir":      File,
	"(*os.File).Readdirnames": File,
	"(*os.File).Stat":         File,
	"(*os.File).Close":        File, // close(2) of a regular file can block on NFS (it flushes); weak, see weakCall

	"io/ioutil.ReadFile":  File,
	"io/ioutil.WriteFile": File,
	"io/ioutil.ReadDir":   File,
	"io/ioutil.TempFile":  File,
	"io/ioutil.TempDir":   File,

	"path/filepath.Walk":         File,
	"path/filepath.WalkDir":      File,
	"path/filepath.Glob":         File,
	"path/filepath.EvalSymlinks": File,
	"os/exec.LookPath":           File, // stats each $PATH entry

	// fs.WalkDir and fs.ReadFile take an fs.FS: unknown, not seeded.

	// Process creation (fork/exec) and waiting for a child.
	"os.StartProcess":               Exec,
	"(*os.Process).Wait":            Exec,
	"(*os/exec.Cmd).Run":            Exec,
	"(*os/exec.Cmd).Output":         Exec,
	"(*os/exec.Cmd).CombinedOutput": Exec,
	"(*os/exec.Cmd).Start":          Exec, // forks and execs before returning
	"(*os/exec.Cmd).Wait":           Exec,
	"syscall.ForkExec":              Exec,
	"syscall.StartProcess":          Exec,
	"syscall.Wait4":                 Exec,
	"golang.org/x/sys/unix.Wait4":   Exec,
	"golang.org/x/sys/unix.Waitid":  Exec,

	// Direct system calls that can block. syscall.Syscall and friends are
	// not seeded: with a non-constant number, what they do is unknown (the
	// rawsyscall rule handles constant numbers).
	"syscall.Read":                     Syscall,
	"syscall.Write":                    Syscall,
	"syscall.Open":                     Syscall,
	"syscall.Openat":                   Syscall,
	"syscall.Pread":                    Syscall,
	"syscall.Pwrite":                   Syscall,
	"syscall.Fsync":                    Syscall,
	"syscall.Fdatasync":                Syscall,
	"syscall.Flock":                    Syscall,
	"syscall.Select":                   Syscall,
	"golang.org/x/sys/unix.Read":       Syscall,
	"golang.org/x/sys/unix.Write":      Syscall,
	"golang.org/x/sys/unix.Pread":      Syscall,
	"golang.org/x/sys/unix.Pwrite":     Syscall,
	"golang.org/x/sys/unix.Open":       Syscall,
	"golang.org/x/sys/unix.Openat":     Syscall,
	"golang.org/x/sys/unix.Fsync":      Syscall,
	"golang.org/x/sys/unix.Fdatasync":  Syscall,
	"golang.org/x/sys/unix.Flock":      Syscall,
	"golang.org/x/sys/unix.FcntlFlock": Syscall,
	"golang.org/x/sys/unix.Poll":       Syscall,
	"golang.org/x/sys/unix.Select":     Syscall,
	"golang.org/x/sys/unix.EpollWait":  Syscall,
}

// weakSeeds are the seeds that hold a thread only on paths callers rarely
// take (see weakCall). ReadFrom and WriteTo are called directly mostly by
// copy helpers that pick them in a type switch when the writer or reader
// is an *os.File, which the goroutines copying rarely pass; a caller that
// does opened the file through a strong seed.
var weakSeeds = map[string]bool{
	"(*os.File).ReadFrom": true,
	"(*os.File).WriteTo":  true,
}

// weakSeedPkgs holds the package paths of the weak seeds, so that weakCall
// builds a callee's full name only for calls into them.
var weakSeedPkgs = pkgsOf(weakSeeds)

// seedPkgs holds the package paths of the seeds: a package that imports
// none of them (nor "C") can only block through a dependency's fact.
var seedPkgs = pkgsOf(seeds)

// pkgsOf returns the package paths of a table keyed by full names.
func pkgsOf[V any](table map[string]V) map[string]bool {
	m := make(map[string]bool)
	for name := range table {
		m[seedPkg(name)] = true
	}
	return m
}

// seedPkg returns the package path of a FullName: "os/exec" for
// "(*os/exec.Cmd).Run", "golang.org/x/sys/unix" for "golang.org/x/sys/unix.Read".
func seedPkg(fullName string) string {
	s := strings.TrimLeft(fullName, "(*")
	if i := strings.IndexByte(s, ')'); i >= 0 {
		s = s[:i] // drop the method name
	}
	return s[:strings.LastIndexByte(s, '.')]
}

// keyedLocks are the per-key mutexes' Lock (true) and Unlock (false)
// methods: Lock(key) lets one caller per key through at a time (see
// blockFact.Key).
var keyedLocks = map[string]bool{
	"(*github.com/moby/locker.Locker).Lock":                true,
	"(*github.com/moby/locker.Locker).Unlock":              false,
	"(*github.com/docker/docker/pkg/locker.Locker).Lock":   true,
	"(*github.com/docker/docker/pkg/locker.Locker).Unlock": false,
}

// cgoHelpers are the C.xxx pseudo-functions that cgo implements in Go; they
// do not enter C (C.CString and C.CBytes call malloc, which does not block).
var cgoHelpers = map[string]bool{
	"CString":   true,
	"CBytes":    true,
	"GoString":  true,
	"GoStringN": true,
	"GoBytes":   true,
}
