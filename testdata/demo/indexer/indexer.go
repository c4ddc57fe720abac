// Package indexer reads every file under a directory tree concurrently.
package indexer

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// Index has a bug: one goroutine per file, each blocked in a regular-file
// read that holds an OS thread. On a tree of 20,000 files on a slow disk
// the process needs thousands of threads and dies at 10,000.
func Index(paths []string) map[string]int {
	var (
		mu    sync.Mutex
		sizes = make(map[string]int)
		wg    sync.WaitGroup
	)
	for _, p := range paths {
		wg.Go(func() {
			n := size(p)
			mu.Lock()
			sizes[p] = n
			mu.Unlock()
		})
	}
	wg.Wait()
	return sizes
}

// IndexBounded is the correct twin: a semaphore keeps at most NumCPU
// reads in flight.
func IndexBounded(paths []string) map[string]int {
	var (
		mu    sync.Mutex
		sizes = make(map[string]int)
		wg    sync.WaitGroup
		sem   = make(chan struct{}, runtime.NumCPU())
	)
	for _, p := range paths {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			n := size(p)
			mu.Lock()
			sizes[p] = n
			mu.Unlock()
		})
	}
	wg.Wait()
	return sizes
}

// Walk starts a goroutine per file found: the same bug, spelled as a walk.
func Walk(root string) {
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			go size(path)
		}
		return nil
	})
}

// WalkPool is the correct twin: a fixed set of workers drains a channel.
func WalkPool(root string) {
	paths := make(chan string)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for p := range paths {
				size(p)
			}
		})
	}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths <- path
		}
		return nil
	})
	close(paths)
	wg.Wait()
}

func size(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return -1
	}
	return len(b)
}
