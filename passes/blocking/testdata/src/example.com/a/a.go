package a

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Helpers two deep.

func readAll() []byte { // want readAll:`blocks\(file via os\.ReadFile\)`
	b, _ := os.ReadFile("x")
	return b
}

func load() { readAll() } // want load:`blocks\(file via a\.readAll → os\.ReadFile\)`

// Methods, including a promoted one.

type Store struct{ f *os.File }

func (s *Store) read(p []byte) { s.f.Read(p) } // want read:`blocks\(file via \(\*os\.File\)\.Read\)`

func (s Store) Get() { s.read(nil) } // want Get:`blocks\(file via \(\*a\.Store\)\.read → \(\*os\.File\)\.Read\)`

type wrapped struct{ *os.File }

func (w wrapped) flush() { w.Sync() } // want flush:`blocks\(file via \(\*os\.File\)\.Sync\)`

// Generics.

func Load[T any](v T) T { readAll(); return v } // want Load:`blocks\(file via a\.readAll → os\.ReadFile\)`

func useLoad() { Load(1) } // want useLoad:`blocks\(file via a\.Load → a\.readAll → os\.ReadFile\)`

type Cache[K comparable] struct{}

func (c *Cache[K]) Stat(k K) { os.Stat("x") } // want Stat:`blocks\(file via os\.Stat\)`

func useCache(c *Cache[string]) { c.Stat("k") } // want useCache:`blocks\(file via \(\*a\.Cache\)\.Stat → os\.Stat\)`

// Function literals, defer and go.

func immediate() { // want immediate:`blocks\(file via os\.WriteFile\)`
	func() { os.WriteFile("x", nil, 0o644) }()
}

func notCalled() func() {
	return func() { os.ReadFile("x") }
}

// Deferred calls are teardown: they still block, but weakly.
func deferred() { defer os.Remove("x") } // want deferred:`blocks\(file via os\.Remove; weak\)`

func deferredLit() { // want deferredLit:`blocks\(file via os\.Rename; weak\)`
	defer func() { os.Rename("x", "y") }()
}

// A deferred call's arguments are evaluated at the defer statement.
func deferredArg() { defer consume(readAll()) } // want deferredArg:`blocks\(file via a\.readAll → os\.ReadFile\)`

// A strong call beats a deferred one before it.
func deferredThenRead() { // want deferredThenRead:`blocks\(file via os\.ReadFile\)`
	defer os.Remove("x")
	os.ReadFile("x")
}

func spawn() { go load() }

func spawnLit() { go func() { os.ReadFile("x") }() }

func consume([]byte) {}

func spawnArg() { go consume(readAll()) } // want spawnArg:`blocks\(file via a\.readAll → os\.ReadFile\)`

// Parking, not thread-holding.

func dial() { net.Dial("tcp", "example.com:80") }

func get() { http.Get("http://example.com") }

func sleep() { time.Sleep(time.Second) }

func chans(c chan int) {
	c <- 1
	<-c
	select {
	case <-c:
	default:
	}
}

func locked(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
}

// Processes and raw system calls.

func run() { exec.Command("true").Run() } // want run:`blocks\(exec via \(\*exec\.Cmd\)\.Run\)`

func lock(fd int) { unix.Flock(fd, unix.LOCK_EX) } // want lock:`blocks\(syscall via unix\.Flock\)`

func readAllFd(fd int) { unix.ReadAll(fd) } // want readAllFd:`blocks\(syscall via unix\.ReadAll\)$`

// Unknown targets.

func viaReader(r io.Reader) { r.Read(nil) }

func viaValue(f func()) { f() }

// A local variable whose every value is known (see package values).
func viaVar() { // want viaVar:`blocks\(file via read → os\.ReadFile\)`
	read := os.ReadFile
	read("x")
}

// Cycles: second blocks through first, which is still being summarised
// when a depth-first search reaches second from it.

func first() { second(); os.Stat("x") } // want first:`blocks\(file via os\.Stat\)`

func second() { first() } // want second:`blocks\(file via a\.first → os\.Stat\)`

func rec(n int) { // want rec:`blocks\(file via os\.Lstat\)`
	if n > 0 {
		rec(n - 1)
	}
	os.Lstat("x")
}

// Long chains keep the first three names and the last.

func t1() { t2() }             // want t1:`blocks\(file via a\.t2 → a\.t3 → a\.t4 → os\.ReadFile\)`
func t2() { t3() }             // want t2:`blocks\(file via a\.t3 → a\.t4 → a\.t5 → os\.ReadFile\)`
func t3() { t4() }             // want t3:`blocks\(file via a\.t4 → a\.t5 → os\.ReadFile\)`
func t4() { t5() }             // want t4:`blocks\(file via a\.t5 → os\.ReadFile\)`
func t5() { os.ReadFile("x") } // want t5:`blocks\(file via os\.ReadFile\)`

// A direct call wins over a helper declared earlier.

func direct() { t5(); os.Chmod("x", 0) } // want direct:`blocks\(file via os\.Chmod\)`

var ioLimit = make(chan struct{}, 20)

// Bounded: the read runs under a token this function takes itself
// (reduced from golang.org/x/tools/go/packages).
func limitedRead(path string) { // want limitedRead:`blocks\(file via os\.ReadFile; bounded\)`
	ioLimit <- struct{}{}
	os.ReadFile(path)
	<-ioLimit
}

// Calling a bounded function is bounded too.
func callsLimited(path string) { // want callsLimited:`blocks\(file via a\.limitedRead → os\.ReadFile; bounded\)`
	limitedRead(path)
}

// One unguarded read makes the function unbounded.
func mixedGuards(path string) { // want mixedGuards:`blocks\(file via os\.Stat\)`
	limitedRead(path)
	os.Stat(path)
}

// A token taken after the read bounds nothing.
func tokenAfter(path string) { // want tokenAfter:`blocks\(file via os\.ReadFile\)`
	os.ReadFile(path)
	ioLimit <- struct{}{}
}

var results = make(chan error, 20)

// The read runs before the send of its result: a send (or receive) takes
// its token only once its operands are evaluated.
func sendsResult(path string) { // want sendsResult:`blocks\(file via os\.ReadFile\)`
	results <- readErr(os.ReadFile(path))
}

func readErr(_ []byte, err error) error { return err }

var mu sync.Mutex

// Serialised under a mutex.
func serialised(path string) { // want serialised:`blocks\(file via os\.ReadFile; bounded\)`
	mu.Lock()
	defer mu.Unlock()
	os.ReadFile(path)
}

// A mutex unlocked before the read bounds nothing; one unlocked early on
// a path that returns still holds after it.
func unlockedFirst(path string) { // want unlockedFirst:`blocks\(file via os\.ReadFile\)`
	mu.Lock()
	mu.Unlock()
	os.ReadFile(path)
}

func unlockedAfter(path string) { // want unlockedAfter:`blocks\(file via os\.ReadFile; bounded\)`
	mu.Lock()
	if path == "" {
		mu.Unlock()
		return
	}
	os.ReadFile(path)
	mu.Unlock()
}

// A mutex locked in a branch bounds the branch only.
func lockedIf(path string, shared bool) { // want lockedIf:`blocks\(file via os\.ReadFile\)`
	if shared {
		mu.Lock()
		defer mu.Unlock()
	}
	os.ReadFile(path)
}

func lockedInIf(path string, shared bool) { // want lockedInIf:`blocks\(file via os\.ReadFile; bounded\)`
	if shared {
		mu.Lock()
		defer mu.Unlock()
		os.ReadFile(path)
	}
}

// Weak witnesses: a copy helper that calls ReadFrom only when the writer
// is a file (reduced from fasthttp's copyZeroAlloc), and Close methods.

func copyTo(w io.Writer, r io.Reader) { // want copyTo:`blocks\(file via \(\*os\.File\)\.ReadFrom; weak\)`
	switch w := w.(type) {
	case *os.File:
		w.ReadFrom(r)
	default:
		io.Copy(w, r)
	}
}

func copyBody(w io.Writer, r io.Reader) { copyTo(w, r) } // want copyBody:`blocks\(file via a\.copyTo → \(\*os\.File\)\.ReadFrom; weak\)`

// table deletes its file when the last reference goes (reduced from
// badger's table.Table and its iterator).
type table struct {
	ref int
	f   *os.File
}

func (t *table) decrRef() { // want decrRef:`blocks\(file via os\.Remove\)`
	if t.ref--; t.ref == 0 {
		os.Remove(t.f.Name())
	}
}

type iterator struct{ t *table }

func (it *iterator) Close() { it.t.decrRef() } // want Close:`blocks\(file via \(\*a\.table\)\.decrRef → os\.Remove\)`

func lookup(t *table) { // want lookup:`blocks\(file via \(\*a\.iterator\)\.Close → \(\*a\.table\)\.decrRef → os\.Remove; weak\)`
	it := &iterator{t}
	defer it.Close()
}

// A strong witness wins over an earlier weak one.
func writeClose(f *os.File) { // want writeClose:`blocks\(file via \(\*os\.File\)\.Write\)`
	f.Close()
	f.Write(nil)
}

func callsBoth(f *os.File, t *table) { // want callsBoth:`blocks\(file via a\.writeClose → \(\*os\.File\)\.Write\)`
	lookup(t)
	writeClose(f)
}

// An unbounded weak witness wins over a bounded strong one.
func weakUnbounded(path string, t *table) { // want weakUnbounded:`blocks\(file via a\.lookup → \(\*a\.iterator\)\.Close → \(\*a\.table\)\.decrRef → os\.Remove; weak\)`
	limitedRead(path)
	lookup(t)
}
