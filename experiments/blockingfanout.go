package experiments

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The blockingfanout rule rests on this: a goroutine blocked in a system
// call or a cgo call holds an OS thread for the whole call, so one
// goroutine per item costs one thread per item, while a semaphore caps the
// threads; goroutines that park (sleep, network I/O) cost none.
var blockingfanoutExp = &experiment{
	rule:   "blockingfanout",
	title:  "N goroutines each in a blocking call: one per item vs a semaphore",
	hazard: "unbounded",
	fix:    "semaphore",
	phases: map[string]phaseFunc{
		"flock":    flockPhase,
		"syscall":  fanoutPhase(sleepSyscall),
		"cgo":      cgoPhase,
		"readfile": readfilePhase,
		"sleep":    fanoutPhase(time.Sleep),
		"tcp":      tcpPhase,
	},
	run: runBlockingfanout,
}

// Sizes of the files the readfile phase reads. Both come from the page
// cache, so they say little about a slow disk (the nanosleep and flock
// phases stand in for that); the large one shows the memory that
// unbounded readers hold at once.
const (
	smallRead = 4 << 10
	largeRead = 256 << 10
)

func fanoutPhase(block func(time.Duration)) phaseFunc {
	return func(a phaseArgs) (phaseResult, error) {
		return measure(func(*sampler) error {
			fanout(a.N, a.Limit, func(int) { block(a.Hold) })
			return nil
		})
	}
}

// flockPhase makes every goroutine wait for a file lock (flock(2), a real
// blocking file system call) that another descriptor holds until all the
// goroutines that may run at once are waiting. Unlike the timed calls,
// whose thread count depends on how fast the machine creates threads, the
// count here is the number of goroutines blocked at once.
func flockPhase(a phaseArgs) (phaseResult, error) {
	n := a.N
	var notes []string
	if lim := fileLimit(); uint64(n+64) > lim {
		n = int(lim - 64)
		notes = append(notes, fmt.Sprintf("flock: %d goroutines, not %d: the descriptor limit is %d", n, a.N, lim))
	}
	name, cleanup, err := tempFile(0)
	if err != nil {
		return phaseResult{}, err
	}
	defer cleanup()
	holder, err := openLock(name)
	if err != nil {
		return phaseResult{}, err
	}
	defer holder.close()
	if err := holder.lock(true); err != nil {
		return phaseResult{Skip: "flock is not supported here: " + err.Error()}, nil
	}
	admitted := int64(n)
	if a.Limit > 0 {
		admitted = int64(min(n, a.Limit))
	}
	var started atomic.Int64
	var firstErr atomic.Value
	released := make(chan struct{})
	go func() {
		defer close(released)
		// Release once every goroutine that can be waiting is, plus time
		// for the last ones to reach the kernel; never later than the
		// deadline, so that the phase is bounded whatever happens.
		deadline := time.Now().Add(30 * time.Second)
		for started.Load() < admitted && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(5 * a.Hold)
		holder.unlock()
	}()
	res, err := measure(func(*sampler) error {
		fanout(n, a.Limit, func(int) {
			l, err := openLock(name)
			started.Add(1)
			if err == nil {
				err = l.lock(false) // waits for the holder
				l.close()
			}
			if err != nil {
				firstErr.CompareAndSwap(nil, err)
			}
		})
		<-released
		if err, ok := firstErr.Load().(error); ok {
			return err
		}
		return nil
	})
	res.Notes = append(res.Notes, notes...)
	res.set("goroutines", float64(n))
	return res, err
}

// tempFile creates a file of size zero bytes in a directory of its own and
// returns its name and the function that removes both.
func tempFile(size int) (string, func(), error) {
	dir, err := os.MkdirTemp("", "syscallvet-experiment-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	name := filepath.Join(dir, "data")
	if err := os.WriteFile(name, make([]byte, size), 0o600); err != nil {
		cleanup()
		return "", nil, err
	}
	return name, cleanup, nil
}

func cgoPhase(a phaseArgs) (phaseResult, error) {
	if cgoSkip != "" {
		return phaseResult{Skip: cgoSkip}, nil
	}
	return fanoutPhase(cgoSleep)(a)
}

func readfilePhase(a phaseArgs) (phaseResult, error) {
	size := smallRead
	if a.Mode == "large" {
		size = largeRead
	}
	name, cleanup, err := tempFile(size)
	if err != nil {
		return phaseResult{}, err
	}
	defer cleanup()
	var mu sync.Mutex
	var readErr error
	res, err := measure(func(*sampler) error {
		fanout(a.N, a.Limit, func(int) {
			if _, err := os.ReadFile(name); err != nil {
				mu.Lock()
				readErr = err
				mu.Unlock()
			}
		})
		return readErr
	})
	return res, err
}

// tcpPhase opens N idle TCP connections on loopback, each with a goroutine
// blocked reading it, then closes them. Network reads park in the
// netpoller: they should cost no thread.
func tcpPhase(a phaseArgs) (phaseResult, error) {
	n := a.N
	var notes []string
	if lim := fileLimit(); uint64(2*n+64) > lim {
		n = int(lim-64) / 2
		notes = append(notes, fmt.Sprintf("tcp: %d connections, not %d: the descriptor limit is %d", n, a.N, lim))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return phaseResult{Skip: "cannot listen on loopback: " + err.Error()}, nil
	}
	defer ln.Close()
	deadline := time.Now().Add(30 * time.Second) // bounds every dial and read

	// The server side accepts and keeps every connection until the clients
	// have all been blocked for a while, then closes them, which wakes the
	// clients with EOF.
	accepted := make(chan net.Conn, n)
	go func() {
		for range n {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	res, err := measure(func(*sampler) error {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var dialErr error
		connected := make(chan struct{}, n)
		for range n {
			wg.Go(func() {
				c, err := net.DialTimeout("tcp", ln.Addr().String(), 10*time.Second)
				if err != nil {
					mu.Lock()
					dialErr = err
					mu.Unlock()
					connected <- struct{}{}
					return
				}
				defer c.Close()
				c.SetReadDeadline(deadline)
				connected <- struct{}{}
				var b [1]byte
				c.Read(b[:]) // blocks until the server closes the connection
			})
		}
		for range n {
			<-connected
		}
		if dialErr != nil {
			return dialErr
		}
		var server []net.Conn
		for range n {
			server = append(server, <-accepted)
		}
		time.Sleep(5 * a.Hold) // every client is now blocked in Read
		for _, c := range server {
			c.Close()
		}
		wg.Wait()
		return nil
	})
	res.Notes = append(res.Notes, notes...)
	res.set("conns", float64(n))
	return res, err
}

// fanoutCase is one workload of the blockingfanout experiment.
type fanoutCase struct {
	phase, mode string
	label       string   // the table's case column, with {n} and {hold}
	measures    []string // metrics shown: peak_threads, peak_rss_mib, wall_ms
	bounded     bool     // also run with the semaphore
	plot        string   // series name prefix, if plotted
}

var fanoutMeasures = map[string]struct{ name, unit string }{
	"peak_threads": {"peak OS threads", "threads"},
	"peak_rss_mib": {"peak RSS", "MiB"},
	"wall_ms":      {"wall time", "ms"},
}

var fanoutCases = []fanoutCase{
	{"flock", "", "{n} × flock on a locked file, all waiting at once", []string{"peak_threads", "peak_rss_mib"}, true, ""},
	{"syscall", "", "{n} × {hold} nanosleep syscall", []string{"peak_threads", "peak_rss_mib", "wall_ms"}, true, "nanosleep"},
	{"cgo", "", "{n} × {hold} cgo usleep", []string{"peak_threads", "peak_rss_mib", "wall_ms"}, true, "cgo usleep"},
	{"readfile", "small", "{n} × os.ReadFile of a 4 KiB cached file", []string{"peak_threads", "wall_ms"}, true, ""},
	{"readfile", "large", "{n} × os.ReadFile of a 256 KiB cached file", []string{"peak_threads", "peak_rss_mib", "wall_ms"}, true, ""},
	{"sleep", "", "{n} × {hold} time.Sleep (parks)", []string{"peak_threads"}, false, "time.Sleep"},
	{"tcp", "", "{n} idle TCP conns on loopback (netpoller)", []string{"peak_threads"}, false, "idle TCP conns"},
}

func (c fanoutCase) key() string {
	if c.mode != "" {
		return c.phase + "." + c.mode
	}
	return c.phase
}

func runBlockingfanout(r *runner, res *Result) error {
	cfg := r.cfg
	got := map[string]phaseResult{} // by key, and key+".bounded"
	for _, c := range fanoutCases {
		label := strings.NewReplacer("{n}", thousands(float64(cfg.N)), "{hold}", cfg.Hold.String()).Replace(c.label)
		a := phaseArgs{Phase: c.phase, Mode: c.mode}
		suffix := ".unbounded"
		if !c.bounded {
			suffix = ""
		}
		var hazard phaseResult
		var err error
		if c.phase == "syscall" || c.phase == "cgo" {
			// How many timed calls overlap depends on how fast the machine
			// runs the runtime's new threads: a claim that they can pile up.
			hazard, err = r.bestOf(res, c.key()+suffix, a, "extra threads",
				func(p phaseResult) float64 { return p.Metrics["peak_threads"] - p.Metrics["base_threads"] }, timedWant(cfg))
		} else {
			hazard, err = r.phaseMetrics(res, c.key()+suffix, a)
		}
		if reason, ok := isSkip(err); ok {
			res.note(fmt.Sprintf("%s: %s", c.phase, reason))
			res.row(label, "peak OS threads", "threads", nil, nil)
			continue
		}
		if err != nil {
			return err
		}
		got[c.key()] = hazard
		var fix *phaseResult
		if c.bounded {
			a.Limit = cfg.Bound
			p, err := r.phaseMetrics(res, c.key()+".bounded", a)
			if err != nil {
				return err
			}
			got[c.key()+".bounded"] = p
			fix = &p
		}
		if c.phase == "tcp" { // fewer when descriptors are scarce
			label = strings.Replace(c.label, "{n}", thousands(hazard.Metrics["conns"]), 1)
		}
		for _, m := range c.measures {
			var fv *float64
			if fix != nil {
				fv = val(fix.Metrics[m])
			}
			res.row(label, fanoutMeasures[m].name, fanoutMeasures[m].unit, val(hazard.Metrics[m]), fv)
		}
		if c.plot != "" {
			threadSeries(res, c.plot+", unbounded", hazard)
			if fix != nil {
				threadSeries(res, fmt.Sprintf("%s, %d-slot semaphore", c.plot, cfg.Bound), *fix)
			}
		}
	}
	if b, ok := got["syscall.bounded"]; ok {
		res.note(fmt.Sprintf("the semaphore trades wall time for threads: calls that only wait take N/%d × %v in all (%s here); on a real disk the device, not the number of threads waiting on it, limits throughput",
			cfg.Bound, cfg.Hold, format(val(b.Metrics["wall_ms"]), "ms")))
	}
	fanoutVerdict(res, cfg, got)
	return nil
}

// timedWant is how many extra threads unbounded timed calls must need for
// the claim to hold: a tenth of N, at most 30. On a quiet machine it is a
// third of N or more.
func timedWant(cfg Config) float64 { return float64(min(cfg.N/10, 30)) }

// fanoutVerdict checks the claims with margins wide enough for a busy
// 2-core machine: how many threads N timed calls need depends on how fast
// the runtime can create them, so only the flock case, where every
// goroutine waits at once, is held to a thread per goroutine.
func fanoutVerdict(res *Result, cfg Config, got map[string]phaseResult) {
	procs := runtime.GOMAXPROCS(0)
	limit := float64(procs + cfg.Bound + 10)
	peak := func(k string) float64 { return got[k].Metrics["peak_threads"] }
	extra := func(k string) float64 { return peak(k) - got[k].Metrics["base_threads"] }
	var checks []check
	if f, ok := got["flock"]; ok {
		want := 0.9 * (f.Metrics["goroutines"] - float64(procs))
		checks = append(checks,
			check{extra("flock") >= want, fmt.Sprintf("goroutines waiting in flock hold a thread each: ≥ %.0f extra threads (got %.0f)", want, extra("flock"))},
			check{peak("flock.bounded") <= limit, fmt.Sprintf("the semaphore keeps flock waiters ≤ GOMAXPROCS+%d+10 = %.0f threads (got %.0f)", cfg.Bound, limit, peak("flock.bounded"))})
	}
	want := timedWant(cfg)
	for _, k := range []string{"syscall", "cgo"} {
		if _, ok := got[k]; !ok {
			continue
		}
		checks = append(checks,
			check{extra(k) >= want, fmt.Sprintf("%d unbounded %s calls add ≥ %.0f threads (got %.0f)", cfg.N, k, want, extra(k))},
			check{peak(k+".bounded") <= limit, fmt.Sprintf("the semaphore keeps %s calls ≤ %.0f threads (got %.0f)", k, limit, peak(k+".bounded"))})
	}
	checks = append(checks,
		check{peak("sleep") <= limit, fmt.Sprintf("sleeping goroutines park without a thread: ≤ %.0f threads (got %.0f)", limit, peak("sleep"))},
		check{peak("tcp") < 30, fmt.Sprintf("goroutines blocked on idle connections park in the netpoller: < 30 threads (got %.0f)", peak("tcp"))})
	n := thousands(float64(cfg.N))
	res.conclude(fmt.Sprintf("a goroutine blocked in a system call or cgo call holds an OS thread: %s waiting at once in flock needed %s threads, %s timed nanosleeps %s; a semaphore of %d kept it to %.0f; sleeping goroutines and idle connections needed %.0f and %.0f",
		n, thousands(peak("flock")), n, thousands(peak("syscall")), cfg.Bound, peak("syscall.bounded"), peak("sleep"), peak("tcp")), checks...)
}
