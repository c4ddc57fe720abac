package experiments

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// The lockosthread rule rests on this: a goroutine that returns to a pool
// still locked keeps its OS thread captive while it idles, the lock count
// nests, and a goroutine that exits locked has its thread destroyed.
var lockosthreadExp = &experiment{
	rule:   "lockosthread",
	title:  "pool workers whose task locks the OS thread: left locked vs unlocked",
	hazard: "left locked",
	fix:    "unlocked",
	phases: map[string]phaseFunc{
		"pool": poolPhase,
	},
	run: runLockosthread,
}

// lockedWorkers is how many pool workers lock their thread (at most N).
const lockedWorkers = 200

// poolTask returns the task a pool worker runs, for each mode.
func poolTask(mode string) (func(), error) {
	work := func() { gettid() } // something that wants the thread
	switch mode {
	case "leak": // the bug: the task returns with the thread locked
		return func() { runtime.LockOSThread(); work() }, nil
	case "unlock": // the fix: unlock on every path
		return func() { runtime.LockOSThread(); defer runtime.UnlockOSThread(); work() }, nil
	case "exitlocked": // discard the thread: the worker exits locked
		return func() { runtime.LockOSThread(); work() }, nil
	case "nested": // Lock twice (a helper locks too), Unlock once
		return func() {
			runtime.LockOSThread()
			runtime.LockOSThread()
			work()
			runtime.UnlockOSThread()
		}, nil
	case "balanced":
		return func() {
			runtime.LockOSThread()
			runtime.LockOSThread()
			work()
			runtime.UnlockOSThread()
			runtime.UnlockOSThread()
		}, nil
	}
	return nil, fmt.Errorf("unknown mode %q", mode)
}

// poolPhase starts a pool of workers; each runs one task, then idles in the
// pool until it closes. In mode exitlocked the workers exit right after the
// task instead. It records the thread count while the pool idles and after
// the workers have exited.
func poolPhase(a phaseArgs) (phaseResult, error) {
	task, err := poolTask(a.Mode)
	if err != nil {
		return phaseResult{}, err
	}
	n := min(a.N, lockedWorkers)
	var idle, after int
	res, err := measure(func(s *sampler) error {
		base := s.now()
		var ran, exited sync.WaitGroup
		quit := make(chan struct{})
		ran.Add(n)
		for range n {
			exited.Go(func() {
				task()
				ran.Done()
				if a.Mode != "exitlocked" {
					<-quit // idle in the pool
				}
			})
		}
		ran.Wait()
		time.Sleep(50 * time.Millisecond) // let every worker park
		idle = s.now()
		close(quit)
		exited.Wait()
		// The thread of a goroutine that exits locked exits soon after it,
		// but on a loaded machine soon can be a while: wait until the count
		// is back near the baseline, or give up and report what is left.
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			after = s.now()
			if after <= base+2 || time.Now().After(deadline) {
				break
			}
		}
		return nil
	})
	res.set("workers", float64(n))
	res.set("idle_threads", float64(idle))
	res.set("after_threads", float64(after))
	return res, err
}

func runLockosthread(r *runner, res *Result) error {
	get := func(mode string) (phaseResult, error) {
		return r.phaseMetrics(res, mode, phaseArgs{Phase: "pool", Mode: mode})
	}
	leak, err := get("leak")
	if err != nil {
		return err
	}
	unlock, err := get("unlock")
	if err != nil {
		return err
	}
	exitlocked, err := get("exitlocked")
	if err != nil {
		return err
	}
	nested, err := get("nested")
	if err != nil {
		return err
	}
	balanced, err := get("balanced")
	if err != nil {
		return err
	}
	n := leak.Metrics["workers"]
	m := func(p phaseResult, k string) *float64 { return val(p.Metrics[k]) }
	label := fmt.Sprintf("%.0f workers: task returns locked vs unlocks", n)
	res.row(label, "threads, baseline", "threads", m(leak, "base_threads"), m(unlock, "base_threads"))
	res.row(label, "threads, pool idle", "threads", m(leak, "idle_threads"), m(unlock, "idle_threads"))
	res.row(label, "threads, workers exited", "threads", m(leak, "after_threads"), m(unlock, "after_threads"))
	exitLabel := fmt.Sprintf("%.0f workers exit locked (thread discarded)", n)
	res.row(exitLabel, "peak threads", "threads", nil, m(exitlocked, "peak_threads"))
	res.row(exitLabel, "threads, workers exited", "threads", nil, m(exitlocked, "after_threads"))
	nestLabel := fmt.Sprintf("%.0f workers: Lock×2, Unlock×1 vs ×2", n)
	res.row(nestLabel, "threads, pool idle", "threads", m(nested, "idle_threads"), m(balanced, "idle_threads"))

	threadSeries(res, "task returns locked", leak)
	threadSeries(res, "task unlocks", unlock)
	threadSeries(res, "worker exits locked", exitlocked)
	threadSeries(res, "nested lock, one unlock", nested)

	extra := func(p phaseResult, k string) float64 { return p.Metrics[k] - p.Metrics["base_threads"] }
	slack := 10.0
	// After 200 locked goroutines wake and exit, the runtime keeps the
	// idle Ms it started while handing Ps to their locked Ms (it never
	// retires idle threads): a dozen on a loaded machine, against the 200
	// a leak would keep. The bound is a tenth of N, far from both.
	afterSlack := max(slack, 0.1*n)
	checks := []check{
		{extra(leak, "idle_threads") >= 0.9*n, fmt.Sprintf("a goroutine idling locked keeps a thread: ≥ %.0f extra threads (got %.0f)", 0.9*n, extra(leak, "idle_threads"))},
		{extra(unlock, "idle_threads") <= slack, fmt.Sprintf("unlocked workers add ≤ %.0f threads (got %.0f)", slack, extra(unlock, "idle_threads"))},
		{extra(leak, "after_threads") <= afterSlack, fmt.Sprintf("goroutines that exit locked take their threads with them: ≤ %.0f extra after (got %.0f)", afterSlack, extra(leak, "after_threads"))},
		{extra(exitlocked, "after_threads") <= afterSlack, fmt.Sprintf("exiting locked leaves ≤ %.0f extra threads (got %.0f)", afterSlack, extra(exitlocked, "after_threads"))},
		{extra(nested, "idle_threads") >= 0.9*n, fmt.Sprintf("Lock×2 Unlock×1 leaves the goroutine wired: ≥ %.0f extra threads (got %.0f)", 0.9*n, extra(nested, "idle_threads"))},
		{extra(balanced, "idle_threads") <= slack, fmt.Sprintf("balanced nesting adds ≤ %.0f threads (got %.0f)", slack, extra(balanced, "idle_threads"))},
	}
	res.conclude(fmt.Sprintf("%.0f workers idling locked kept %.0f threads (unlocked: %.0f); once they exited locked: %.0f; Lock×2 Unlock×1 kept %.0f",
		n, leak.Metrics["idle_threads"], unlock.Metrics["idle_threads"], leak.Metrics["after_threads"], nested.Metrics["idle_threads"]), checks...)
	return nil
}
