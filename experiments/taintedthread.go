package experiments

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
)

// The taintedthread rule rests on this: per-thread state changed under
// LockOSThread and not restored before UnlockOSThread stays on the thread,
// and goroutines the scheduler later runs there inherit it; restoring
// first, or exiting locked, leaves nothing behind.
var taintedthreadExp = &experiment{
	rule:   "taintedthread",
	title:  "a locked goroutine changes its thread's state, then unlocks: unrestored vs restored or exiting locked",
	hazard: "unrestored",
	fix:    "restored",
	phases: map[string]phaseFunc{
		"name":  taintPhase(nameChange, threadName),
		"netns": taintPhase(netnsChange, netns),
	},
	run: runTaintedthread,
}

// watchers and watchRounds size the goroutines that look for the change.
const (
	watchers    = 8
	watchRounds = 100
)

// A stateChange makes a per-thread change on the calling, locked thread
// and returns the function that undoes it.
type stateChange func() (restore func() error, err error)

func nameChange() (func() error, error) {
	old, err := threadName()
	if err != nil {
		return nil, err
	}
	if err := setThreadName(taintPrefix + "tainted"); err != nil {
		return nil, err
	}
	return func() error { return setThreadName(old) }, nil
}

func netnsChange() (func() error, error) { return enterNewNetns() }

// taintPhase makes the change in a locked goroutine that then, by mode,
// unlocks without restoring (leak), restores and unlocks (restore), or
// exits locked (exitlocked); afterwards goroutines look for the change on
// the threads they run on.
func taintPhase(change stateChange, probe func() (string, error)) phaseFunc {
	return func(a phaseArgs) (phaseResult, error) {
		orig, err := probe()
		if err != nil {
			return phaseResult{Skip: "cannot observe the state: " + err.Error()}, nil
		}
		done := make(chan error, 1)
		go func() {
			runtime.LockOSThread()
			restore, err := change()
			if err != nil {
				runtime.UnlockOSThread()
				done <- err
				return
			}
			switch a.Mode {
			case "leak":
				runtime.UnlockOSThread()
			case "restore":
				if err := restore(); err != nil {
					done <- err
					return // locked: the thread is discarded
				}
				runtime.UnlockOSThread()
			case "exitlocked":
			default:
				err = fmt.Errorf("unknown mode %q", a.Mode)
			}
			done <- err
		}()
		if err := <-done; err != nil {
			var skip errSkip
			if errors.As(err, &skip) {
				return phaseResult{Skip: skip.reason}, nil
			}
			return phaseResult{}, err
		}
		w, err := watch(watchers, watchRounds, probe, func(s string) bool { return s != orig })
		var res phaseResult
		w.set(&res)
		return res, err
	}
}

func runTaintedthread(r *runner, res *Result) error {
	var checks []check
	var summary []string
	for _, kind := range []struct{ phase, label string }{
		{"name", "thread name (prctl PR_SET_NAME)"},
		{"netns", "network namespace (unshare CLONE_NEWNET)"},
	} {
		get := func(mode string) (phaseResult, error) {
			return r.phaseMetrics(res, kind.phase+"."+mode, phaseArgs{Phase: kind.phase, Mode: mode})
		}
		// That a later goroutine sees the change is a claim that it can
		// happen; that none sees a restored one, that it never does.
		leak, err := r.bestOf(res, kind.phase+".leak", phaseArgs{Phase: kind.phase, Mode: "leak"}, "looks that saw the change",
			func(p phaseResult) float64 { return p.Metrics["seen"] }, 1)
		if reason, ok := isSkip(err); ok && kind.phase == "netns" {
			res.note("network namespace: " + reason)
			continue
		}
		if err != nil {
			return err
		}
		restore, err := get("restore")
		if err != nil {
			return err
		}
		exitlocked, err := get("exitlocked")
		if err != nil {
			return err
		}
		looks := fmt.Sprintf("%d goroutines × %d looks", watchers, watchRounds)
		res.row(kind.label+": "+looks, "looks that saw the change", "looks", val(leak.Metrics["seen"]), val(restore.Metrics["seen"]))
		res.row(kind.label+": "+looks, "goroutines that saw it", "goroutines", val(leak.Metrics["watchers_seen"]), val(restore.Metrics["watchers_seen"]))
		res.row(kind.label+": exit locked instead", "looks that saw the change", "looks", nil, val(exitlocked.Metrics["seen"]))
		checks = append(checks,
			check{leak.Metrics["seen"] > 0, kind.label + ": the unrestored change is seen by later goroutines"},
			check{restore.Metrics["seen"] == 0, kind.label + ": a restored change is never seen"},
			check{exitlocked.Metrics["seen"] == 0, kind.label + ": a change made by a goroutine that exits locked is never seen"})
		summary = append(summary, fmt.Sprintf("an unrestored %s was seen by %.0f of %d later goroutines (%s)",
			kind.label, leak.Metrics["watchers_seen"], watchers, seenText(leak)))
	}
	res.conclude(strings.Join(summary, "; ")+"; restored, or discarded with its thread: by none", checks...)
	return nil
}
