// Package testworkers checks the -blockingfanout.testworkers policy: in a
// _test.go file a constant trip count up to 999 is a bound (a stress test
// starts that many on purpose); elsewhere the -workers threshold (64)
// stays.
package testworkers

import "os"

func read() { os.ReadFile("/etc/hostname") }

func stressOutsideTests() {
	for range 500 {
		go read() // want `goroutine per iteration`
	}
}
