// Package constlocal reproduces counting loops bounded by a local
// variable that holds a small constant (moby's TestConcurrentPull:
// numPulls := 3; for i := 0; i != numPulls; i++): bounded like a
// constant. Each silent case has a twin that must still be reported.
package constlocal

import (
	"os/exec"
	"testing"
)

func pull() error { return exec.Command("docker", "pull", "busybox").Run() }

func TestConcurrentPull(t *testing.T) {
	numPulls := 3
	results := make(chan error, numPulls)
	for i := 0; i != numPulls; i++ {
		go func() {
			err := pull()
			results <- err
		}()
	}
	for i := 0; i != numPulls; i++ {
		if err := <-results; err != nil {
			t.Fatal(err)
		}
	}
}

func reversed() {
	var n = 4
	for i := 0; n != i; i++ {
		go pull()
	}
	for i := 0; i <= n; i++ {
		go pull()
	}
}

// The same loops with a bound the syntax does not show, or a large one.

func fromParam(n int) {
	numPulls := 3
	if n > 0 {
		numPulls = n
	}
	for i := 0; i != numPulls; i++ {
		go pull() // want `goroutine per iteration`
	}
}

func large() {
	numPulls := 3000
	for i := 0; i != numPulls; i++ {
		go pull() // want `goroutine per iteration`
	}
}

func grown(extra int) {
	numPulls := 3
	numPulls += extra
	for i := 0; i != numPulls; i++ {
		go pull() // want `goroutine per iteration`
	}
}

func addressTaken() {
	numPulls := 3
	set(&numPulls)
	for i := 0; i != numPulls; i++ {
		go pull() // want `goroutine per iteration`
	}
}

func set(n *int) { *n = 100000 }

// A parameter overwritten on one path only keeps its incoming value on
// the other.
func paramOverwritten(n int, fixed bool) {
	if fixed {
		n = 2
	}
	for i := 0; i < n; i++ {
		go pull() // want `goroutine per iteration`
	}
}

// Not a counting loop: != on something the post statement does not step.
func notCounting(done func() int) {
	for i := 0; done() != 3; i++ {
		go pull() // want `goroutine per iteration`
	}
}
