package experiments

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// The nowcache rule rests on this: where the clocksource is read through
// the vDSO (tsc, kvm-clock) time.Now costs tens of nanoseconds, so a
// "coarse clock" refreshed by a ticker saves little per read and serves
// times up to a whole period stale, which turns short durations into zero.
var nowcacheExp = &experiment{
	rule:   "nowcache",
	title:  "time.Now vs a cached clock refreshed every 1 ms by a ticker",
	hazard: "cached clock",
	fix:    "time.Now",
	phases: map[string]phaseFunc{
		"clock": clockPhase,
	},
	run: runNowcache,
}

const (
	cachePeriod = time.Millisecond       // refresh period of the coarse clock
	staleFor    = 300 * time.Millisecond // how long staleness is sampled
	shortOp     = 100 * time.Microsecond // the operation timed with the cache
	shortOps    = 300
)

// nsPer returns the median over 5 rounds of the cost of one call of read,
// each round about 20 ms.
func nsPer(read func() int64) float64 {
	var acc int64 // used, so that no read can be optimised away
	defer runtime.KeepAlive(&acc)
	n := 1 << 10
	for { // calibrate
		start := time.Now()
		for range n {
			acc ^= read()
		}
		if time.Since(start) > 2*time.Millisecond {
			break
		}
		n *= 2
	}
	n *= 10
	var rounds []float64
	for range 5 {
		start := time.Now()
		for range n {
			acc ^= read()
		}
		rounds = append(rounds, float64(time.Since(start).Nanoseconds())/float64(n))
	}
	slices.Sort(rounds)
	return rounds[len(rounds)/2]
}

// spin keeps the goroutine busy for d, as work that takes d would, but
// yields the P as it goes, as real work reaches scheduling points: a tight
// loop without any would delay the refresher's timer until the runtime
// preempts it (10 ms) and make the cache look staler than it is.
func spin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
		runtime.Gosched()
	}
}

// stalenessBuckets are the histogram's upper bounds, in microseconds; the
// last one takes every larger age.
var stalenessBuckets = []float64{100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1250, 1500, 2000, math.Inf(1)}

func histKey(bound float64) string {
	if math.IsInf(bound, 1) {
		return "stale_hist_more"
	}
	return fmt.Sprintf("stale_hist_%04.0f", bound)
}

func clockPhase(a phaseArgs) (phaseResult, error) {
	var res phaseResult
	var cached atomic.Int64
	cached.Store(time.Now().UnixNano())
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { // the coarse clock the rule reports
		t := time.NewTicker(cachePeriod)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				cached.Store(time.Now().UnixNano())
			}
		}
	})
	defer func() { close(stop); wg.Wait() }()

	res.set("now_ns", nsPer(func() int64 { return time.Now().UnixNano() }))
	res.set("cached_ns", nsPer(cached.Load))

	// Staleness: how old the cached time is when a reader looks.
	var stale []float64
	for end := time.Now().Add(staleFor); time.Now().Before(end); {
		stale = append(stale, float64(time.Now().UnixNano()-cached.Load())/1000)
		spin(10 * time.Microsecond)
	}
	slices.Sort(stale)
	q := func(p float64) float64 { return stale[min(len(stale)-1, int(p*float64(len(stale))))] }
	res.set("stale_p50_us", q(0.5))
	res.set("stale_p90_us", q(0.9))
	res.set("stale_p99_us", q(0.99))
	res.set("stale_max_us", stale[len(stale)-1])
	counts := make([]int, len(stalenessBuckets))
	for _, s := range stale {
		i, _ := slices.BinarySearch(stalenessBuckets, s)
		counts[min(i, len(counts)-1)]++ // the last bucket takes the rest
	}
	for i, b := range stalenessBuckets {
		res.set(histKey(b), 100*float64(counts[i])/float64(len(stale)))
	}

	// A short operation timed with the cache, as code that computes a
	// duration from two cached readings does.
	zero := 0
	for range shortOps {
		start := cached.Load()
		spin(shortOp)
		if cached.Load() == start {
			zero++
		}
	}
	res.set("zero_pct", 100*float64(zero)/shortOps)
	return res, nil
}

func runNowcache(r *runner, res *Result) error {
	p, err := r.phaseMetrics(res, "clock", phaseArgs{Phase: "clock"})
	if err != nil {
		return err
	}
	cur, avail := clocksource()
	if cur == "" {
		cur = "unknown"
	}
	res.note(fmt.Sprintf("clocksource: %s (available: %s)", cur, avail))
	m := func(k string) *float64 { return val(p.Metrics[k]) }
	zero := 0.0
	res.row("cost of one read", "time per read", "ns", m("cached_ns"), m("now_ns"))
	res.row("age of the time read", "median", "µs", m("stale_p50_us"), &zero)
	res.row("age of the time read", "99th percentile", "µs", m("stale_p99_us"), &zero)
	res.row("age of the time read", "maximum", "µs", m("stale_max_us"), &zero)
	res.row(fmt.Sprintf("%v operation timed %d times", shortOp, shortOps), "measured as zero", "%", m("zero_pct"), &zero)

	cost := Series{Name: "cost per read", Unit: "ns", Labels: []string{"time.Now()", "cached read"},
		X: []float64{0, 1}, Y: []float64{p.Metrics["now_ns"], p.Metrics["cached_ns"]}}
	hist := Series{Name: "age of the cached time", Unit: "% of reads", XUnit: "µs"}
	for i, b := range stalenessBuckets {
		l := fmt.Sprintf("≤%.0f", b)
		if math.IsInf(b, 1) {
			l = fmt.Sprintf(">%.0f", stalenessBuckets[i-1])
		}
		hist.Labels = append(hist.Labels, l)
		hist.X = append(hist.X, float64(i))
		hist.Y = append(hist.Y, p.Metrics[histKey(b)])
	}
	res.Series = append(res.Series, cost, hist)

	now, periodUs := p.Metrics["now_ns"], float64(cachePeriod.Microseconds())
	res.conclude(fmt.Sprintf("time.Now costs %.0f ns here (clocksource %s); the cache saves %.0f ns per read and serves times up to %s stale (median %s); %.0f%% of %v operations timed with it read zero",
		now, cur, now-p.Metrics["cached_ns"], format(m("stale_max_us"), "µs"), format(m("stale_p50_us"), "µs"), p.Metrics["zero_pct"], shortOp),
		check{now <= 1000, fmt.Sprintf("time.Now is served without a system call: ≤ 1 µs (got %.0f ns, clocksource %s; on such a host a cache can pay)", now, cur)},
		check{p.Metrics["stale_max_us"] >= 0.5*periodUs, fmt.Sprintf("the cache is up to a period stale: max ≥ %.0f µs (got %.0f)", 0.5*periodUs, p.Metrics["stale_max_us"])},
		check{p.Metrics["zero_pct"] >= 25, fmt.Sprintf("short operations timed with the cache often read zero: ≥ 25%% (got %.0f%%)", p.Metrics["zero_pct"])})
	return nil
}
