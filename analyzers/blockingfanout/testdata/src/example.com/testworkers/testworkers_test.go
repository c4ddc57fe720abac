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
