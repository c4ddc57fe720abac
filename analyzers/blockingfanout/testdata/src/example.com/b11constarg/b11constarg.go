// Package b11constarg reproduces counting loops bounded by a parameter of
// an unexported function whose every call passes a small constant
// (go-fuse's server test: writeAll(t, fds, requestCount) with the package
// constant requestCount = 3). Each silent case has a twin that must still
// be reported.
package b11constarg

import (
	"syscall"
	"testing"
)

func writeAll(t *testing.T, fds []int, count int) {
	res := make(chan error, count)
	for i := 0; i < count; i++ {
		fd := fds[i]
		go func() { _, err := syscall.Pwrite(fd, []byte("x"), 0); res <- err }()
	}
	for i := 0; i < count; i++ {
		if err := <-res; err != nil {
			t.Error(err)
		}
	}
}

const requestCount = 3

func TestInflight(t *testing.T) {
	fds := make([]int, requestCount)
	writeAll(t, fds, requestCount) // the only call
}

// Every call passes a small value: a constant expression, a local
// variable holding a constant, or the caller's own parameter that is
// itself always small.
func spawnN(n int) {
	for range n {
		go syscall.Fsync(0)
	}
}

func callsSmall(m int) {
	k := 8
	spawnN(requestCount * 2)
	spawnN(k)
	spawnN(m)
}

func callsCallsSmall() { callsSmall(5) }

// The same loops where some call passes a value not known to be small,
// the function is used as a value, exported, or never called.

func writeSome(fds []int, count int) {
	for i := 0; i < count; i++ {
		go syscall.Fsync(fds[i]) // want `goroutine per item`
	}
}

func callsWithData(fds []int) {
	writeSome(fds, 3)
	writeSome(fds, len(fds))
}

func largeArg(n int) {
	for range n {
		go syscall.Fsync(0) // want `goroutine per iteration`
	}
}

func callsLarge() { largeArg(100000) }

func asValue(n int) {
	for range n {
		go syscall.Fsync(0) // want `goroutine per iteration`
	}
}

var hook = asValue

func callsAsValue() { asValue(2) }

func Exported(n int) {
	for range n {
		go syscall.Fsync(0) // want `goroutine per iteration`
	}
}

func callsExported() { Exported(2) }

func reassigned(n int) {
	n *= 1000
	for range n {
		go syscall.Fsync(0) // want `goroutine per iteration`
	}
}

func callsReassigned() { reassigned(2) }

func uncalled(n int) {
	for range n {
		go syscall.Fsync(0) // want `goroutine per iteration`
	}
}

// A product with such a parameter, and a collection appended to once per
// step of a loop counting to one, are sized from the arguments as well.

func spawnDouble(n int) {
	for range 2 * n {
		go syscall.Fsync(0)
	}
}

func spawnDoubleLarge(n int) {
	for range 2 * n {
		go syscall.Fsync(0) // want `goroutine per iteration`
	}
}

func collect(fds []int, n int) {
	var picked []int
	for i := range n {
		picked = append(picked, fds[i])
	}
	for _, fd := range picked {
		go syscall.Fsync(fd)
	}
}

func collectLarge(fds []int, n int) {
	var picked []int
	for i := range n {
		picked = append(picked, fds[i])
	}
	for _, fd := range picked {
		go syscall.Fsync(fd) // want `goroutine per item`
	}
}

func callsSized(fds []int) {
	spawnDouble(4)
	spawnDoubleLarge(40)
	collect(fds, 3)
	collectLarge(fds, 100)
}

// The parameters of a variadic function other than the variadic one are
// followed as any other; a call f(g()) passes what g returns, not known.

func spawnNamed(n int, names ...string) {
	for range n {
		go syscall.Fsync(0)
	}
}

func spawnNamedLarge(n int, names ...string) {
	for range n {
		go syscall.Fsync(0) // want `goroutine per iteration`
	}
}

func spawnPair(name string, n int) {
	for range n {
		go syscall.Fsync(0) // want `goroutine per iteration`
	}
}

func pair() (string, int) { return "x", 2 }

func callsVariadic(names []string) {
	spawnNamed(3)
	spawnNamed(2, "a", "b")
	spawnNamed(4, names...)
	spawnNamedLarge(2, "a")
	spawnNamedLarge(100)
	spawnPair(pair())
}
