package testworkers

import "testing"

func TestStress(t *testing.T) {
	for i := 0; i < 500; i++ {
		go read()
	}
	n := 800
	for range n {
		go read()
	}
}

func TestTooMany(t *testing.T) {
	for i := 0; i < 10000; i++ {
		go read() // want `goroutine per iteration`
	}
}

func stressData(n int) {
	for range n {
		go read() // want `goroutine per iteration`
	}
}

// A slice made with a constant length is a constant count too (storage's
// lockfile tests start a child per element of make(..., 100)).
func TestMadeSlice(t *testing.T) {
	subs := make([]int, 100)
	for range subs {
		go read()
	}
}

func TestMadeSliceTooMany(t *testing.T) {
	subs := make([]int, 10000)
	for range subs {
		go read() // want `goroutine per item`
	}
}

func madeSliceGrown(more []int) {
	subs := make([]int, 10)
	subs = append(subs, more...)
	for range subs {
		go read() // want `goroutine per item`
	}
}
