package cgo

/*
#include <unistd.h>
static void nap(void) { usleep(1000); }
*/
import "C"

func nap() { C.nap() }

func perItem(items []int) {
	for range items {
		go nap() // want `goroutine per item blocks an OS thread in a cgo call \(via nap → C.nap\)`
	}
}

// C.GoString runs in Go: nothing blocks.
func strings(ps []*C.char) {
	for _, p := range ps {
		go func() { _ = C.GoString(p) }()
	}
}
