// Package b9step reproduces counting loops whose step is a fixed fraction
// of their bound (badger's write_bench: width := num / 4; for start := 0;
// start < num; start += width): at most 2k-1 iterations for num / k, so
// small. Each silent case has a twin that must still be reported.
package b9step

import (
	"os"
	"runtime"
	"sync"
)

func writeRange(start, end uint64) {
	f, err := os.CreateTemp("", "kv")
	if err == nil {
		f.Close()
	}
	_ = start + end
}

func writeSorted(num uint64) {
	var wg sync.WaitGroup
	width := num / 4
	for start := uint64(0); start < num; start += width { // 4 to 7 iterations
		end := min(start+width, num)
		wg.Add(1)
		go func() { defer wg.Done(); writeRange(start, end) }()
	}
	wg.Wait()
}

// The fraction written in the step, of a collection's length, by the
// number of CPUs.
func chunks(items []string) {
	var wg sync.WaitGroup
	for i := 0; i < len(items); i += len(items) / runtime.NumCPU() {
		wg.Go(func() { os.ReadFile(items[i]) })
	}
	wg.Wait()
}

// The same loops with a step that is not a fraction of the bound.

func fixedStep(num uint64) {
	var wg sync.WaitGroup
	width := uint64(4)
	for start := uint64(0); start < num; start += width {
		wg.Add(1)
		go func() { defer wg.Done(); writeRange(start, start+width) }() // want `goroutine per iteration`
	}
	wg.Wait()
}

func otherBound(num, total uint64) {
	var wg sync.WaitGroup
	width := total / 4
	for start := uint64(0); start < num; start += width {
		wg.Add(1)
		go func() { defer wg.Done(); writeRange(start, start+width) }() // want `goroutine per iteration`
	}
	wg.Wait()
}

func changedWidth(num uint64, fine bool) {
	var wg sync.WaitGroup
	width := num / 4
	if fine {
		width = 1
	}
	for start := uint64(0); start < num; start += width {
		wg.Add(1)
		go func() { defer wg.Done(); writeRange(start, start+width) }() // want `goroutine per iteration`
	}
	wg.Wait()
}

func largeFraction(num uint64) {
	var wg sync.WaitGroup
	width := num / 1000
	for start := uint64(0); start < num; start += width {
		wg.Add(1)
		go func() { defer wg.Done(); writeRange(start, start+width) }() // want `goroutine per iteration`
	}
	wg.Wait()
}

func negativeStart(num int64, from int64) {
	var wg sync.WaitGroup
	width := num / 4
	for start := from; start < num; start += width {
		wg.Add(1)
		go func() { defer wg.Done(); writeRange(uint64(start), uint64(start+width)) }() // want `goroutine per iteration`
	}
	wg.Wait()
}
