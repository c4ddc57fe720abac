package experiments

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// The blockingfd rule rests on this: os.NewFile hands a descriptor to the
// netpoller only if it is non-blocking. A goroutine reading a blocking
// descriptor holds an OS thread for as long as the read waits, and Close
// cannot wake it; a non-blocking one parks without a thread and Close wakes
// it at once.
var blockingfdExp = &experiment{
	rule:   "blockingfd",
	title:  "N goroutines each blocked reading an idle pipe from os.NewFile: blocking vs non-blocking descriptor",
	hazard: "blocking fd",
	fix:    "non-blocking fd",
	phases: map[string]phaseFunc{
		"pipes": pipesPhase,
	},
	run: runBlockingfd,
}

// pipesPhase blocks a reader goroutine on each of N idle pipes, closes the
// read ends, counts the readers that Close woke, then writes a byte to
// every pipe so that the rest return too.
func pipesPhase(a phaseArgs) (phaseResult, error) {
	n := a.N
	var notes []string
	if lim := fileLimit(); uint64(2*n+64) > lim {
		n = int(lim-64) / 2
		notes = append(notes, fmt.Sprintf("blockingfd: %d pipes, not %d: the descriptor limit is %d", n, a.N, lim))
	}
	var rs, ws []*os.File
	defer func() {
		for _, w := range ws {
			w.Close()
		}
	}()
	for range n {
		r, w, err := pipe(a.Mode == "nonblocking")
		if err != nil {
			for _, r := range rs {
				r.Close()
			}
			return phaseResult{}, err
		}
		rs, ws = append(rs, r), append(ws, w)
	}
	var started, woken atomic.Int64
	var closed atomic.Bool
	res, err := measure(func(*sampler) error {
		var wg sync.WaitGroup
		for _, r := range rs {
			//syscallvet:ignore blockingfanout a thread per reader is what this phase measures; -n and the descriptor limit bound it
			wg.Go(func() {
				started.Add(1)
				var b [1]byte
				_, err := r.Read(b[:])
				if closed.Load() && errors.Is(err, os.ErrClosed) {
					woken.Add(1)
				}
			})
		}
		// Close once every reader is waiting: all have started, and had
		// time to enter the kernel (a reader that reached Read only after
		// Close would fail at once, not be woken). The deadline bounds the
		// wait whatever happens.
		deadline := time.Now().Add(30 * time.Second)
		for started.Load() < int64(n) && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(5 * a.Hold)
		closed.Store(true)
		for _, r := range rs {
			r.Close()
		}
		time.Sleep(5 * a.Hold) // time for Close to wake the readers it can
		woke := woken.Load()
		for _, w := range ws {
			w.Write([]byte{0}) // releases readers that Close could not wake
		}
		wg.Wait()
		woken.Store(woke)
		return nil
	})
	res.Notes = append(res.Notes, notes...)
	res.set("pipes", float64(n))
	res.set("woken_by_close", float64(woken.Load()))
	return res, err
}

func runBlockingfd(r *runner, res *Result) error {
	blocking, err := r.phaseMetrics(res, "blocking", phaseArgs{Phase: "pipes", Mode: "blocking"})
	if err != nil {
		return err
	}
	nonblocking, err := r.phaseMetrics(res, "nonblocking", phaseArgs{Phase: "pipes", Mode: "nonblocking"})
	if err != nil {
		return err
	}
	n := blocking.Metrics["pipes"]
	m := func(p phaseResult, k string) *float64 { return val(p.Metrics[k]) }
	label := thousands(n) + " readers blocked on idle pipes"
	res.row(label, "peak OS threads", "threads", m(blocking, "peak_threads"), m(nonblocking, "peak_threads"))
	res.row(label, "readers woken by Close", "readers", m(blocking, "woken_by_close"), m(nonblocking, "woken_by_close"))
	threadSeries(res, "blocking descriptors", blocking)
	threadSeries(res, "non-blocking descriptors", nonblocking)

	extra := blocking.Metrics["peak_threads"] - blocking.Metrics["base_threads"]
	res.conclude(fmt.Sprintf("%s readers of blocking descriptors held %s threads and Close woke %.0f of them; non-blocking: %.0f threads, Close woke %s",
		thousands(n), thousands(blocking.Metrics["peak_threads"]), blocking.Metrics["woken_by_close"], nonblocking.Metrics["peak_threads"], thousands(nonblocking.Metrics["woken_by_close"])),
		check{extra >= 0.9*n, fmt.Sprintf("a reader of a blocking descriptor holds a thread: ≥ %.0f extra threads (got %.0f)", 0.9*n, extra)},
		check{nonblocking.Metrics["peak_threads"] < 30, fmt.Sprintf("non-blocking readers park in the netpoller: < 30 threads (got %.0f)", nonblocking.Metrics["peak_threads"])},
		check{blocking.Metrics["woken_by_close"] == 0, "Close does not wake a reader of a blocking descriptor"},
		check{nonblocking.Metrics["woken_by_close"] == n, "Close wakes every reader of a non-blocking descriptor"})
	return nil
}
