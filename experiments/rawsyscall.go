package experiments

import (
	"fmt"
	"runtime"
	"time"
)

// The rawsyscall rule rests on this: syscall.Syscall tells the scheduler
// the goroutine is in the kernel, and the runtime hands its P to another
// thread; syscall.RawSyscall does not, so every goroutine queued on that P
// stalls until the call returns. GOMAXPROCS=1 makes it visible: the one P
// is the whole program.
var rawsyscallExp = &experiment{
	rule:   "rawsyscall",
	title:  "GOMAXPROCS=1, one goroutine in a 100 ms nanosleep while another ticks every 1 ms: RawSyscall vs Syscall",
	hazard: "RawSyscall",
	fix:    "Syscall",
	phases: map[string]phaseFunc{
		"stall": stallPhase,
	},
	run: runRawsyscall,
}

const (
	stallCall = 100 * time.Millisecond // bounded: never a call that can block for ever
	stallTick = time.Millisecond
)

// stallPhase runs a goroutine that ticks every stallTick and records when,
// makes a stallCall nanosleep through RawSyscall (mode raw) or Syscall, and
// reports the longest time the ticker went without a tick during the call.
func stallPhase(a phaseArgs) (phaseResult, error) {
	runtime.GOMAXPROCS(1) // this child process only
	stop := make(chan struct{})
	ticks := make(chan []time.Time, 1)
	go func() {
		var ts []time.Time
		t := time.NewTicker(stallTick)
		defer t.Stop()
		for {
			select {
			case <-stop:
				ticks <- ts
				return
			case <-t.C:
				ts = append(ts, time.Now()) // when the goroutine ran, not when the tick was due
			}
		}
	}()
	time.Sleep(20 * stallTick) // the ticker is running
	start := time.Now()
	if a.Mode == "raw" {
		sleepRaw(stallCall)
	} else {
		sleepSyscall(stallCall)
	}
	end := time.Now()
	time.Sleep(20 * stallTick)
	close(stop)
	ts := <-ticks

	// The longest stretch of the call without a tick: between the call's
	// start, the ticks during it, and its end. (Ticks after the end are
	// not needed: on a loaded machine the ticker may not run again before
	// it is stopped.)
	var gap time.Duration
	during := 0
	last := start
	for _, t := range ts {
		if t.After(start) && t.Before(end) {
			gap = max(gap, t.Sub(last))
			last = t
			during++
		}
	}
	gap = max(gap, end.Sub(last))
	var res phaseResult
	res.set("call_ms", float64(end.Sub(start).Microseconds())/1000)
	res.set("max_gap_ms", float64(gap.Microseconds())/1000)
	res.set("ticks_during", float64(during))
	return res, nil
}

func runRawsyscall(r *runner, res *Result) error {
	raw, err := r.phaseMetrics(res, "raw", phaseArgs{Phase: "stall", Mode: "raw"})
	if err != nil {
		return err
	}
	// That Syscall lets the ticker run is a claim that it can (seen starved
	// with the CPUs nine times oversubscribed); RawSyscall's stall is one
	// that it never can, and load only makes it longer.
	expected := float64(stallCall / stallTick) // ticks in a call, unstalled
	sys, err := r.bestOf(res, "syscall", phaseArgs{Phase: "stall", Mode: "syscall"}, "ticks during the call",
		func(p phaseResult) float64 { return p.Metrics["ticks_during"] }, 0.2*expected)
	if err != nil {
		return err
	}
	label := fmt.Sprintf("%v nanosleep, ticker every %v", stallCall, stallTick)
	res.row(label, "longest time without a tick", "ms", val(raw.Metrics["max_gap_ms"]), val(sys.Metrics["max_gap_ms"]))
	res.row(label, "ticks during the call", "ticks", val(raw.Metrics["ticks_during"]), val(sys.Metrics["ticks_during"]))
	res.row(label, "length of the call", "ms", val(raw.Metrics["call_ms"]), val(sys.Metrics["call_ms"]))
	callMs := float64(stallCall.Milliseconds())
	res.conclude(fmt.Sprintf("the ticker stalled %.1f ms behind RawSyscall (%s during the call) and at most %.1f ms behind Syscall (%s), which hands the P off",
		raw.Metrics["max_gap_ms"], plural(raw.Metrics["ticks_during"], "tick"), sys.Metrics["max_gap_ms"], plural(sys.Metrics["ticks_during"], "tick")),
		check{raw.Metrics["max_gap_ms"] >= 0.8*callMs, fmt.Sprintf("RawSyscall stalls the ticker ≥ %.0f ms (got %.1f)", 0.8*callMs, raw.Metrics["max_gap_ms"])},
		check{raw.Metrics["ticks_during"] <= 0.05*expected, fmt.Sprintf("the ticker hardly runs during RawSyscall: ≤ %.0f ticks (got %.0f)", 0.05*expected, raw.Metrics["ticks_during"])},
		// Syscall hands the P off within a sysmon tick (20 µs to 10 ms),
		// but how soon the new thread runs depends on the machine's load:
		// count ticks, which a loaded machine delays less than it stretches
		// a single gap.
		check{sys.Metrics["ticks_during"] >= 0.2*expected, fmt.Sprintf("the ticker keeps running during Syscall: ≥ %.0f ticks (got %.0f)", 0.2*expected, sys.Metrics["ticks_during"])})
	return nil
}
