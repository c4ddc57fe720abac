package experiments

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// The taintedthread and threadstate experiments change a harmless
// per-thread attribute, the thread's name, and watch who sees the change.
// Every thread starts with the executable's name (threads inherit the name
// of the thread that created them), so a name that starts with
// taintPrefix can only come from the experiment.
const taintPrefix = "svet-"

// watchResult counts what the watching goroutines saw.
type watchResult struct {
	looks    int // every look
	seen     int // looks that saw the change
	watchers int // goroutines that saw it at least once
	threads  int // distinct threads on which it was seen
}

// watch runs k goroutines that each look rounds times at the state of the
// thread they happen to run on (probe: its name, its namespace), parking
// between looks so that they move between threads as goroutines do, and
// counts the looks for which seen is true.
func watch(k, rounds int, probe func() (string, error), seen func(state string) bool) (watchResult, error) {
	var mu sync.Mutex
	var w watchResult
	var firstErr error
	tids := map[int]bool{}
	var wg sync.WaitGroup
	for range k {
		wg.Go(func() {
			hit := false
			for range rounds {
				state, err := probe()
				tid := gettid()
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				w.looks++
				if err == nil && seen(state) {
					w.seen++
					hit = true
					tids[tid] = true
				}
				mu.Unlock()
				time.Sleep(100 * time.Microsecond)
			}
			if hit {
				mu.Lock()
				w.watchers++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	w.threads = len(tids)
	return w, firstErr
}

func (w watchResult) set(res *phaseResult) {
	res.set("looks", float64(w.looks))
	res.set("seen", float64(w.seen))
	res.set("watchers_seen", float64(w.watchers))
	res.set("threads_seen", float64(w.threads))
}

func hasTaint(name string) bool { return strings.HasPrefix(name, taintPrefix) }

// seenText formats "looks that saw it" for a table note.
func seenText(p phaseResult) string {
	return fmt.Sprintf("%.0f of %.0f looks, on %s", p.Metrics["seen"], p.Metrics["looks"], plural(p.Metrics["threads_seen"], "thread"))
}

// plural formats "1 thread", "3 threads".
func plural(n float64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%.0f %ss", n, noun)
}
