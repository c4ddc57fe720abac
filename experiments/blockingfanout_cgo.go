//go:build cgo && linux

package experiments

/*
#include <unistd.h>

// sleep_us stands in for a slow C library call (a database client, an
// image decoder): the calling thread is inside C for the whole call.
static void sleep_us(unsigned int us) { usleep(us); }
*/
import "C"

import "time"

// cgoSkip is empty when the cgo variant can run.
const cgoSkip = ""

func cgoSleep(d time.Duration) { C.sleep_us(C.uint(d.Microseconds())) }
