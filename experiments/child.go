package experiments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// childEnv marks a process started by runner.phase to run one measured
// phase. Its value is the JSON of phaseArgs.
const childEnv = "SYSCALLVET_EXPERIMENT_PHASE"

// phaseTimeout bounds a child process. Every phase bounds its own time far
// below this; the timeout only catches a runtime that hangs.
const phaseTimeout = 2 * time.Minute

// threadSpare is the room a phase leaves, under a limit on threads, for the
// runtime's own threads and the rest of the machine's processes.
const threadSpare = 64

// phaseArgs tells a child process what to run.
type phaseArgs struct {
	Rule  string `json:"rule"`
	Phase string `json:"phase"`
	Config
	Mode  string `json:"mode,omitempty"`  // variant of the phase: the hazard or the fix
	Limit int    `json:"limit,omitempty"` // semaphore slots; 0 for unbounded
}

// phaseResult is what a child process reports on its standard output.
type phaseResult struct {
	Metrics map[string]float64 `json:"metrics"`
	Threads []sample           `json:"threads,omitempty"` // sampled during the phase
	Skip    string             `json:"skip,omitempty"`    // why the phase could not run here
	Notes   []string           `json:"notes,omitempty"`
	Error   string             `json:"error,omitempty"`
}

func (p *phaseResult) set(name string, v float64) {
	if p.Metrics == nil {
		p.Metrics = map[string]float64{}
	}
	p.Metrics[name] = v
}

type phaseFunc func(a phaseArgs) (phaseResult, error)

// RunChild runs a measured phase when the process was started as one by
// Main, and then exits the process; otherwise it returns false at once.
//
// Main measures each phase in a fresh copy of the running executable, so
// that OS threads the Go runtime created in one phase (it never frees them)
// cannot fake the next phase's result. Every program that calls Main must
// therefore call RunChild first thing in main, and a test binary in
// TestMain, before anything else starts goroutines or threads.
func RunChild() bool {
	spec, ok := os.LookupEnv(childEnv)
	if !ok {
		return false
	}
	os.Unsetenv(childEnv)
	res := runPhase(spec)
	code := 0
	if res.Error != "" {
		code = 1
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		code = 1
	}
	os.Exit(code)
	return true // not reached
}

func runPhase(spec string) (res phaseResult) {
	var a phaseArgs
	if err := json.Unmarshal([]byte(spec), &a); err != nil {
		return phaseResult{Error: fmt.Sprintf("bad %s: %v", childEnv, err)}
	}
	fn := lookupPhase(a.Rule, a.Phase)
	if fn == nil {
		return phaseResult{Error: fmt.Sprintf("no phase %s/%s", a.Rule, a.Phase)}
	}
	defer func() {
		if p := recover(); p != nil {
			res = phaseResult{Error: fmt.Sprintf("phase %s/%s panicked: %v", a.Rule, a.Phase, p)}
		}
	}()
	// A phase may need a thread per goroutine; past a pids limit the
	// runtime would abort the process, so N shrinks to fit, with a note.
	var note string
	if budget, why := threadBudget(); budget >= 0 && a.N > budget-threadSpare {
		n := max(budget-threadSpare, 1)
		note = fmt.Sprintf("%d goroutines per phase, not %d: %s", n, a.N, why)
		a.N = n
	}
	res, err := fn(a)
	if err != nil {
		res.Error = err.Error()
	}
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	return res
}

func lookupPhase(rule, phase string) phaseFunc {
	for _, e := range registry() {
		if e.rule == rule {
			return e.phases[phase]
		}
	}
	return nil
}

// errSkip carries the reason a phase could not run here.
type errSkip struct{ reason string }

func (e errSkip) Error() string { return e.reason }

// phase runs one phase of the running experiment in a child process and
// returns its result; a phase that could not run here returns errSkip.
func (r *runner) phase(a phaseArgs) (phaseResult, error) {
	a.Rule = r.rule
	if a.Config == (Config{}) {
		a.Config = r.cfg
	}
	spec, err := json.Marshal(a)
	if err != nil {
		return phaseResult{}, err
	}
	exe, err := os.Executable()
	if err != nil {
		return phaseResult{}, fmt.Errorf("cannot re-run this program for phase %s: %v", a.Phase, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), phaseTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"="+string(spec))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	var res phaseResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		// No result: the child crashed (at a thread limit, say), or,
		// lacking the RunChild hook, ran the program itself.
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 300 {
			msg = msg[:300] + "..."
		}
		if ctx.Err() != nil {
			return res, fmt.Errorf("phase %s/%s timed out after %v", a.Rule, a.Phase, phaseTimeout)
		}
		return res, fmt.Errorf("phase %s/%s: child process gave no result (%v; does main call experiments.RunChild first?): %s",
			a.Rule, a.Phase, runErr, msg)
	}
	if res.Error != "" {
		return res, fmt.Errorf("phase %s/%s: %s", a.Rule, a.Phase, res.Error)
	}
	if runErr != nil {
		return res, fmt.Errorf("phase %s/%s: %v", a.Rule, a.Phase, runErr)
	}
	if res.Skip != "" {
		return res, errSkip{res.Skip}
	}
	return res, nil
}

// isSkip reports whether err says a phase could not run here.
func isSkip(err error) (string, bool) {
	var s errSkip
	if errors.As(err, &s) {
		return s.reason, true
	}
	return "", false
}
