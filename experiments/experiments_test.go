package experiments

import (
	"os"
	"runtime"
	"testing"
	"time"
)

// TestMain lets the test binary serve as the child process that runs each
// measured phase.
func TestMain(m *testing.M) {
	RunChild()
	os.Exit(m.Run())
}

// testConfig is smaller than the default so that the package's tests take
// seconds, and smaller still under -short.
func testConfig() Config {
	if testing.Short() {
		return Config{N: 100, Hold: 20 * time.Millisecond, Bound: 8}
	}
	return Config{N: 200, Hold: 20 * time.Millisecond, Bound: 8}
}

// runRule runs one experiment and fails the test unless it ran; it skips
// the test where the experiment cannot measure.
func runRule(t *testing.T, rule string, cfg Config) Result {
	t.Helper()
	exps, unknown := selectExperiments([]string{rule})
	if len(unknown) > 0 {
		t.Fatalf("no experiment %s", rule)
	}
	res := runOne(exps[0], cfg, nil)
	if res.Skipped != "" {
		t.Skipf("skipped: %s", res.Skipped)
	}
	if res.Error != "" {
		t.Fatalf("experiment failed: %s", res.Error)
	}
	t.Logf("verdict: %s", res.Verdict)
	for _, n := range res.Notes {
		t.Logf("note: %s", n)
	}
	return res
}

// metric returns a number the experiment must have recorded.
func metric(t *testing.T, res Result, name string) float64 {
	t.Helper()
	v, ok := res.Metrics[name]
	if !ok {
		t.Fatalf("no metric %s; have %v", name, res.Metrics)
	}
	return v
}

// atLeast and atMost assert a claim with its margin and log the value, so
// that a passing run still shows how close it came.
func atLeast(t *testing.T, claim string, got, want float64) {
	t.Helper()
	t.Logf("%s: %.1f (want ≥ %.1f)", claim, got, want)
	if got < want {
		t.Errorf("%s: got %.1f, want ≥ %.1f; the runtime may have changed: revisit the rule", claim, got, want)
	}
}

func atMost(t *testing.T, claim string, got, want float64) {
	t.Helper()
	t.Logf("%s: %.1f (want ≤ %.1f)", claim, got, want)
	if got > want {
		t.Errorf("%s: got %.1f, want ≤ %.1f; the runtime may have changed: revisit the rule", claim, got, want)
	}
}

func extra(t *testing.T, res Result, phase, key string) float64 {
	return metric(t, res, phase+"."+key) - metric(t, res, phase+".base_threads")
}

// boundedLimit is the most threads a bounded fan-out may need: one per P,
// one per semaphore slot, and ten for the runtime's own (sysmon, GC, the
// sampler, idle spares).
func boundedLimit(cfg Config) float64 { return float64(runtime.GOMAXPROCS(0) + cfg.Bound + 10) }

func TestBlockingfanout(t *testing.T) {
	cfg := testConfig()
	res := runRule(t, "blockingfanout", cfg)
	limit := boundedLimit(cfg)
	procs := float64(runtime.GOMAXPROCS(0))

	// Every goroutine blocked at once in flock holds a thread.
	atLeast(t, "extra threads, unbounded goroutines waiting in flock", extra(t, res, "flock.unbounded", "peak_threads"), 0.9*(float64(cfg.N)-procs))
	atMost(t, "peak threads, flock under a semaphore", metric(t, res, "flock.bounded.peak_threads"), limit)

	// Timed blocking calls: how many overlap depends on how fast the
	// runtime creates threads, so the margin is wide; bounded is tight.
	for _, k := range []string{"syscall", "cgo"} {
		if k == "cgo" && cgoSkip != "" {
			t.Logf("cgo: %s", cgoSkip)
			continue
		}
		atLeast(t, "extra threads, unbounded "+k, extra(t, res, k+".unbounded", "peak_threads"), float64(cfg.N)/10)
		atMost(t, "peak threads, "+k+" under a semaphore", metric(t, res, k+".bounded.peak_threads"), limit)
	}

	// Parked goroutines hold no thread.
	atMost(t, "peak threads, time.Sleep", metric(t, res, "sleep.peak_threads"), limit)
	atMost(t, "peak threads, idle TCP connections", metric(t, res, "tcp.peak_threads"), 29)
	if !res.Holds {
		t.Errorf("verdict: %s", res.Verdict)
	}
}

func TestBlockingfd(t *testing.T) {
	cfg := testConfig()
	res := runRule(t, "blockingfd", cfg)
	n := metric(t, res, "blocking.pipes")
	atLeast(t, "extra threads, readers of blocking pipes", extra(t, res, "blocking", "peak_threads"), 0.9*n)
	atMost(t, "peak threads, readers of non-blocking pipes", metric(t, res, "nonblocking.peak_threads"), 29)
	atMost(t, "blocking readers woken by Close", metric(t, res, "blocking.woken_by_close"), 0)
	atLeast(t, "non-blocking readers woken by Close", metric(t, res, "nonblocking.woken_by_close"), n)
}

func TestLockosthread(t *testing.T) {
	cfg := testConfig()
	res := runRule(t, "lockosthread", cfg)
	n := metric(t, res, "leak.workers")
	atLeast(t, "extra threads while workers that returned locked idle", extra(t, res, "leak", "idle_threads"), 0.9*n)
	atMost(t, "extra threads while unlocked workers idle", extra(t, res, "unlock", "idle_threads"), 10)
	atMost(t, "extra threads after workers exited locked", extra(t, res, "leak", "after_threads"), 10)
	atMost(t, "extra threads after workers exited locked at once", extra(t, res, "exitlocked", "after_threads"), 10)
	atLeast(t, "extra threads, Lock×2 Unlock×1", extra(t, res, "nested", "idle_threads"), 0.9*n)
	atMost(t, "extra threads, Lock×2 Unlock×2", extra(t, res, "balanced", "idle_threads"), 10)
}

func TestTaintedthread(t *testing.T) {
	res := runRule(t, "taintedthread", testConfig())
	atLeast(t, "looks that saw an unrestored name", metric(t, res, "name.leak.seen"), 1)
	atMost(t, "looks that saw a restored name", metric(t, res, "name.restore.seen"), 0)
	atMost(t, "looks that saw the name of a thread that exited locked", metric(t, res, "name.exitlocked.seen"), 0)
	if _, ok := res.Metrics["netns.leak.seen"]; !ok {
		t.Log("network namespace variant skipped (needs CAP_SYS_ADMIN)")
		return
	}
	atLeast(t, "looks that saw an unrestored network namespace", metric(t, res, "netns.leak.seen"), 1)
	atMost(t, "looks that saw a restored network namespace", metric(t, res, "netns.restore.seen"), 0)
	atMost(t, "looks that saw the namespace of a thread that exited locked", metric(t, res, "netns.exitlocked.seen"), 0)
}

func TestThreadstate(t *testing.T) {
	res := runRule(t, "threadstate", testConfig())
	atLeast(t, "goroutines that lost their own unlocked change", metric(t, res, "unlocked.trials_missed"), 1)
	atLeast(t, "looks by others that saw an unlocked change", metric(t, res, "unlocked.seen"), 1)
	atMost(t, "checks by locked goroutines that found their change gone", metric(t, res, "locked.missed"), 0)
	atMost(t, "looks by others that saw a locked goroutine's change", metric(t, res, "locked.seen"), 0)
}

func TestRawsyscall(t *testing.T) {
	res := runRule(t, "rawsyscall", testConfig())
	call := float64(stallCall.Milliseconds())
	ticks := float64(stallCall / stallTick)
	atLeast(t, "ms the ticker stalled behind RawSyscall", metric(t, res, "raw.max_gap_ms"), 0.8*call)
	atMost(t, "ticks during RawSyscall", metric(t, res, "raw.ticks_during"), 0.05*ticks)
	// Syscall hands the P off within a sysmon tick (20 µs to 10 ms); how
	// soon the new thread runs depends on the load, which stretches single
	// gaps (55 ms seen with the machine 9 times oversubscribed) more than it
	// thins the ticks.
	atLeast(t, "ticks during Syscall", metric(t, res, "syscall.ticks_during"), 0.2*ticks)
	t.Logf("longest gap behind Syscall: %.1f ms", metric(t, res, "syscall.max_gap_ms"))
}

func TestNowcache(t *testing.T) {
	res := runRule(t, "nowcache", testConfig())
	now, cached := metric(t, res, "clock.now_ns"), metric(t, res, "clock.cached_ns")
	cur, _ := clocksource()
	if cur == "tsc" || cur == "kvm-clock" || cur == "arch_sys_counter" {
		atMost(t, "ns per time.Now on a vDSO clocksource ("+cur+")", now, 1000)
	} else {
		t.Logf("clocksource %q: time.Now costs %.0f ns; no bound asserted", cur, now)
	}
	atMost(t, "ns per cached read, relative to time.Now", cached, now)
	atLeast(t, "µs the cached time is old at most", metric(t, res, "clock.stale_max_us"), 0.5*float64(cachePeriod.Microseconds()))
	atLeast(t, "% of 100 µs operations timed as zero with the cache", metric(t, res, "clock.zero_pct"), 25)
}

// TestEveryRuleHasAnExperiment keeps the registry in step with the rules:
// each directory under analyzers/ is a rule, and each rule's doc cites its
// experiment.
func TestEveryRuleHasAnExperiment(t *testing.T) {
	entries, err := os.ReadDir("../analyzers")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range registry() {
		if have[e.rule] {
			t.Errorf("experiment %s registered twice", e.rule)
		}
		have[e.rule] = true
		if len(e.phases) == 0 || e.run == nil || e.title == "" || e.hazard == "" || e.fix == "" {
			t.Errorf("experiment %s is incomplete", e.rule)
		}
	}
	for _, e := range entries {
		if e.IsDir() && !have[e.Name()] {
			t.Errorf("no experiment for rule %s: add one in experiments/%s.go and to registry.go", e.Name(), e.Name())
		}
	}
}
