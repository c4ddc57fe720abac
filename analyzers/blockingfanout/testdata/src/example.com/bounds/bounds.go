package bounds

import (
	"context"
	"os"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

func parse(path string) error {
	_, err := os.ReadFile(path)
	return err
}

func setLimit(files []string) error {
	g, _ := errgroup.WithContext(context.Background())
	g.SetLimit(8)
	for _, f := range files {
		g.Go(func() error { return parse(f) })
	}
	return g.Wait()
}

type server struct{ g errgroup.Group }

func (s *server) fieldLimit(files []string) {
	s.g.SetLimit(runtime.NumCPU())
	for _, f := range files {
		s.g.Go(func() error { return parse(f) })
	}
}

func otherGroupLimited(files []string) error {
	var limited, g errgroup.Group
	limited.SetLimit(4)
	for _, f := range files {
		g.Go(func() error { return parse(f) }) // want `errgroup goroutine per item`
	}
	return g.Wait()
}

func channelSemaphore(files []string) {
	sem := make(chan struct{}, 8)
	for _, f := range files {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			parse(f)
		}()
	}
}

func semaphoreInGoroutine(files []string) {
	sem := make(chan struct{}, 8)
	for _, f := range files {
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			parse(f)
		}()
	}
}

func semaphoreAfterWork(files []string, sem chan struct{}) {
	for _, f := range files {
		go func() { // want `goroutine per item`
			parse(f)
			sem <- struct{}{}
		}()
	}
}

func weighted(ctx context.Context, files []string) {
	sem := semaphore.NewWeighted(8)
	for _, f := range files {
		if err := sem.Acquire(ctx, 1); err != nil {
			return
		}
		go func() {
			defer sem.Release(1)
			parse(f)
		}()
	}
}

func tokens(files []string, tokens chan struct{}) {
	for _, f := range files {
		<-tokens
		go func() {
			defer func() { tokens <- struct{}{} }()
			parse(f)
		}()
	}
}

func serialised(files []string) {
	var mu sync.Mutex
	for _, f := range files {
		go func() {
			mu.Lock()
			defer mu.Unlock()
			parse(f)
		}()
	}
}

func workerPool(files []string, n int) {
	jobs := make(chan string)
	for i := 0; i < n; i++ {
		go func() {
			for f := range jobs {
				parse(f)
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
}

func numCPU(jobs chan string) {
	workers := runtime.NumCPU()
	for i := 0; i < workers; i++ {
		go parse(<-jobs)
	}
	for range runtime.GOMAXPROCS(0) {
		go parse(<-jobs)
	}
}

func constantTrips() {
	for i := 0; i < 4; i++ {
		go parse("/etc/hosts")
	}
	for _, f := range [...]string{"/a", "/b"} {
		go parse(f)
	}
	for _, f := range []string{"/a", "/b", "/c"} {
		go parse(f)
	}
}

func largeConstant() {
	for i := 0; i < 10000; i++ {
		go parse("/etc/hosts") // want `goroutine per iteration`
	}
}

func countToParam(n int) {
	for i := 0; i < n; i++ {
		go parse("/etc/hosts") // want `goroutine per iteration`
	}
}

func suppressed(files []string) {
	for _, f := range files {
		//syscallvet:ignore blockingfanout at most three config files by construction
		go parse(f)
	}
}

var ioLimit = make(chan struct{}, 20)

// parseFile takes an I/O token itself before reading (reduced from
// golang.org/x/tools/go/packages): fanning out over it is bounded.
func parseFile(path string) error {
	ioLimit <- struct{}{}
	_, err := os.ReadFile(path)
	<-ioLimit
	return err
}

func parseFiles(files []string) error {
	var g errgroup.Group
	for _, f := range files {
		g.Go(func() error { return parseFile(f) })
	}
	return g.Wait()
}

// The token taken after the read does not help.
func parseThenToken(path string) {
	os.ReadFile(path)
	ioLimit <- struct{}{}
}

func parseAllThenToken(files []string) {
	for _, f := range files {
		go parseThenToken(f) // want `goroutine per item blocks an OS thread in file I/O \(via parseThenToken → os.ReadFile\)`
	}
}

// produce drains a channel: a worker, started by a counting loop through
// a literal (reduced from badger's Stream.produceKVs).
func produce(jobs <-chan string) {
	for f := range jobs {
		parse(f)
	}
}

func workersViaCall(jobs chan string, numGo int) {
	for i := 0; i < numGo; i++ {
		go func() {
			produce(jobs)
		}()
	}
}

// Correct: each iteration waits for its goroutine before the next starts
// (a timeout helper's shape), so at most one runs at a time.
func joinPerIteration(paths []string) {
	for _, p := range paths {
		done := make(chan struct{})
		go func() {
			defer close(done)
			parse(p)
		}()
		<-done
	}
}

func joinPerIterationWG(paths []string) {
	for _, p := range paths {
		var wg sync.WaitGroup
		wg.Go(func() { parse(p) })
		wg.Wait()
	}
}

// A continue can skip the wait: the goroutines can pile up.
func joinSkipped(paths []string) {
	for _, p := range paths {
		done := make(chan struct{})
		go func() { // want `goroutine per item`
			defer close(done)
			parse(p)
		}()
		if p == "" {
			continue
		}
		<-done
	}
}

// A wait that gives up (select with a timeout) leaves the goroutine
// running: not a join.
func joinOrGiveUp(paths []string, timeout <-chan struct{}) {
	for _, p := range paths {
		done := make(chan struct{})
		go func() { // want `goroutine per item`
			defer close(done)
			parse(p)
		}()
		select {
		case <-done:
		case <-timeout:
		}
	}
}

// Waiting on something else is no join.
func joinOther(paths []string, other chan struct{}) {
	for _, p := range paths {
		done := make(chan struct{})
		go func() { // want `goroutine per item`
			defer close(done)
			parse(p)
		}()
		<-other
	}
}
