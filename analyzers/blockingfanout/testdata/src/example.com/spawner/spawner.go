package spawner

import "os"

func remove(path string) { os.Remove(path) }

// evict starts one goroutine per call.
func evict(path string) {
	go remove(path)
}

// evictBounded waits for a token first.
func evictBounded(path string, sem chan struct{}) {
	go func() {
		sem <- struct{}{}
		defer func() { <-sem }()
		remove(path)
	}()
}

func sweep(paths []string, sem chan struct{}) {
	for _, p := range paths {
		evict(p) // want `call to evict starts a goroutine per item that blocks an OS thread in file I/O \(via evict → remove → os.Remove\)`
		evictBounded(p, sem)
	}
}
