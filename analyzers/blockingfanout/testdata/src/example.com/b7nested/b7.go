// Package b7nested reduces buildah's add: the spawns and their join sit
// in the same if block, before a continue (bench/TRIAGE15.md, B7).
package b7nested

import (
	"io"
	"os"
	"sync"
)

func fetch(url string, w io.WriteCloser) error {
	defer w.Close()
	f, err := os.CreateTemp("", "download")
	if err != nil {
		return err
	}
	return f.Close()
}

func addAll(sources []string) error {
	for _, src := range sources {
		var wg sync.WaitGroup
		var getErr error
		if src != "" {
			r, w := io.Pipe()
			wg.Add(2)
			go func() { getErr = fetch(src, w); wg.Done() }()
			go func() { io.Copy(io.Discard, r); wg.Done() }()
			wg.Wait() // both goroutines joined here, before the continue
			if getErr != nil {
				return getErr
			}
			continue
		}
	}
	return nil
}

// addAllLate waits only after the loop: every source's goroutine runs at
// once.
func addAllLate(sources []string) {
	var wg sync.WaitGroup
	for _, src := range sources {
		if src != "" {
			wg.Add(1)
			go func() { fetch(src, nopCloser{}); wg.Done() }() // want `goroutine per item blocks an OS thread in file I/O \(via fetch → os.CreateTemp\)`
			continue
		}
	}
	wg.Wait()
}

// addAllSkipping leaves the iteration by the continue in the spawn's block
// before the Wait that follows the block.
func addAllSkipping(sources []string) {
	for _, src := range sources {
		var wg sync.WaitGroup
		if src != "" {
			wg.Add(1)
			go func() { fetch(src, nopCloser{}); wg.Done() }() // want `goroutine per item blocks an OS thread in file I/O \(via fetch → os.CreateTemp\)`
			continue
		}
		wg.Wait()
	}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
