package experiments

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// The threadstate rule rests on this: a per-thread change made by a
// goroutine that is not locked lands on whichever thread runs it at that
// instant; the goroutine itself soon runs elsewhere without its change,
// and unrelated goroutines run on the changed thread.
var threadstateExp = &experiment{
	rule:   "threadstate",
	title:  "goroutines change their thread's name: without LockOSThread vs locked (and exiting locked)",
	hazard: "unlocked",
	fix:    "locked",
	phases: map[string]phaseFunc{
		"name": threadstatePhase,
	},
	run: runThreadstate,
}

const (
	stateTrials = 20 // goroutines that each make one change
	stateChecks = 10 // times each checks its own change, parking between checks
)

// threadstatePhase runs stateTrials goroutines one after another; each
// names its thread and then checks, stateChecks times with parks in
// between, that the name is still there. Other goroutines sleep and wake
// meanwhile, as a busy program's do. Afterwards watchers look for the names
// on the threads they run on. In mode locked each goroutine locks first and
// exits locked.
func threadstatePhase(a phaseArgs) (phaseResult, error) {
	locked := a.Mode == "locked"
	stop := make(chan struct{})
	var noise sync.WaitGroup
	for range 4 {
		noise.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					time.Sleep(50 * time.Microsecond)
				}
			}
		})
	}
	var missed, trialsMissed int
	var firstErr error
	for i := range stateTrials {
		done := make(chan struct{})
		go func() {
			defer close(done)
			if locked {
				runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
			}
			name := fmt.Sprintf("%sstate-%d", taintPrefix, i)
			if err := setThreadName(name); err != nil {
				firstErr = err
				return
			}
			lost := false
			for range stateChecks {
				time.Sleep(200 * time.Microsecond)
				if got, err := threadName(); err == nil && got != name {
					missed++
					lost = true
				}
			}
			if lost {
				trialsMissed++
			}
		}()
		<-done
	}
	close(stop)
	noise.Wait()
	if firstErr != nil {
		return phaseResult{}, firstErr
	}
	w, err := watch(watchers, watchRounds, threadName, hasTaint)
	var res phaseResult
	res.set("checks", stateTrials*stateChecks)
	res.set("missed", float64(missed))
	res.set("trials_missed", float64(trialsMissed))
	w.set(&res)
	return res, err
}

func runThreadstate(r *runner, res *Result) error {
	// That an unlocked goroutine moves between threads, and that others
	// see its change, are claims that it can happen: the scheduler moves
	// goroutines less when the machine is too busy to run its idle
	// threads (seen with the CPUs nine times oversubscribed).
	unlocked, err := r.bestOf(res, "unlocked", phaseArgs{Phase: "name", Mode: "unlocked"}, "goroutines that lost their change",
		func(p phaseResult) float64 { return min(p.Metrics["trials_missed"], p.Metrics["seen"]) }, 1)
	if err != nil {
		return err
	}
	locked, err := r.phaseMetrics(res, "locked", phaseArgs{Phase: "name", Mode: "locked"})
	if err != nil {
		return err
	}
	m := func(p phaseResult, k string) *float64 { return val(p.Metrics[k]) }
	own := fmt.Sprintf("%d goroutines × %d checks of their own change", stateTrials, stateChecks)
	res.row(own, "checks that found it gone", "checks", m(unlocked, "missed"), m(locked, "missed"))
	res.row(own, "goroutines that lost it", "goroutines", m(unlocked, "trials_missed"), m(locked, "trials_missed"))
	looks := fmt.Sprintf("then %d other goroutines × %d looks", watchers, watchRounds)
	res.row(looks, "looks that saw a change", "looks", m(unlocked, "seen"), m(locked, "seen"))
	res.row(looks, "goroutines that saw one", "goroutines", m(unlocked, "watchers_seen"), m(locked, "watchers_seen"))
	res.conclude(fmt.Sprintf("unlocked, %.0f of %d goroutines lost their own change as they moved between threads, and %.0f other goroutines saw it (%s); locked: none",
		unlocked.Metrics["trials_missed"], stateTrials, unlocked.Metrics["watchers_seen"], seenText(unlocked)),
		check{unlocked.Metrics["seen"] > 0, "other goroutines see a change made without the lock"},
		check{unlocked.Metrics["trials_missed"] > 0, "a goroutine that is not locked runs on threads without its own change"},
		check{locked.Metrics["missed"] == 0, "a locked goroutine always finds its own change"},
		check{locked.Metrics["seen"] == 0, "nobody sees the change of a goroutine that locked and exited locked"})
	return nil
}
