package cgo

/*
#include <unistd.h>
static void nap(void) { usleep(1000); }
*/
import "C"

func Nap() { C.nap() } // want Nap:`blocks\(cgo via C\.nap\)`

func NapErr() error { // want NapErr:`blocks\(cgo via C\.nap\)`
	_, err := C.nap()
	return err
}

func napper() { Nap() } // want napper:`blocks\(cgo via cgo\.Nap → C\.nap\)`

// C.GoString is implemented in Go: no fact.
func Str() string { return C.GoString(nil) }
