package experiments

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/syscallvet/syscallvet/experiments/internal/svgchart"
)

// runner runs one experiment's phases and reports progress.
type runner struct {
	cfg  Config
	rule string
	prog *progress
}

// run runs the experiments in order. A failure of one does not stop the
// others: each Result says what happened.
func run(exps []*experiment, cfg Config, prog *progress) []Result {
	var out []Result
	for i, e := range exps {
		prog.step(fmt.Sprintf("%s (%d/%d)", e.rule, i+1, len(exps)))
		out = append(out, runOne(e, cfg, prog))
	}
	return out
}

func runOne(e *experiment, cfg Config, prog *progress) Result {
	res := Result{Rule: e.rule, Title: e.title, Hazard: e.hazard, Fix: e.fix}
	if platformSkip != "" {
		res.Skipped = platformSkip
		res.Verdict = "skipped: " + platformSkip
		return res
	}
	start := time.Now()
	r := &runner{cfg: cfg, rule: e.rule, prog: prog}
	err := e.run(r, &res)
	res.Seconds = time.Since(start).Seconds()
	if err != nil {
		res.Holds = false
		if reason, ok := isSkip(err); ok {
			res.Skipped = reason
			res.Verdict = "skipped: " + reason
		} else {
			res.Error = err.Error()
			res.Verdict = "could not run: " + err.Error()
		}
	}
	return res
}

// phaseMetrics runs a phase and copies its metrics into res under prefix.
func (r *runner) phaseMetrics(res *Result, prefix string, a phaseArgs) (phaseResult, error) {
	r.prog.step(fmt.Sprintf("%s: %s", r.rule, prefix))
	p, err := r.phase(a)
	if err != nil {
		return p, err
	}
	for k, v := range p.Metrics {
		res.metric(prefix+"."+k, v)
	}
	for _, n := range p.Notes {
		res.note(n)
	}
	return p, nil
}

// bestOf runs a phase whose claim is that something can happen (threads
// pile up, a handed-off P runs) up to three times, until score reaches
// enough, and keeps the best run, noting the repeats. A machine too busy to
// schedule the runtime's new threads does not refute such a claim; claims
// that something never happens get no second chance.
func (r *runner) bestOf(res *Result, prefix string, a phaseArgs, what string, score func(phaseResult) float64, enough float64) (phaseResult, error) {
	var best phaseResult
	var scores []string
	for range 3 {
		r.prog.step(fmt.Sprintf("%s: %s", r.rule, prefix))
		p, err := r.phase(a)
		if err != nil {
			return p, err
		}
		scores = append(scores, fmt.Sprint(score(p)))
		if best.Metrics == nil || score(p) > score(best) {
			best = p
		}
		if score(best) >= enough {
			break
		}
	}
	if len(scores) > 1 {
		res.note(fmt.Sprintf("%s ran %d times, the machine too busy to schedule the runtime's threads (%s: %s); the best run is shown",
			prefix, len(scores), what, strings.Join(scores, ", ")))
	}
	for k, v := range best.Metrics {
		res.metric(prefix+"."+k, v)
	}
	for _, n := range best.Notes {
		res.note(n)
	}
	return best, nil
}

// threadSeries adds a phase's thread samples to res as a plot series, at
// most plotPoints of them (peaks kept): a bounded phase samples for seconds.
func threadSeries(res *Result, name string, p phaseResult) {
	s := Series{Name: name, Unit: "OS threads", XUnit: "ms"}
	for _, x := range p.Threads {
		s.X = append(s.X, x.T)
		s.Y = append(s.Y, float64(x.N))
	}
	s.X, s.Y = svgchart.Downsample(s.X, s.Y, plotPoints)
	res.Series = append(res.Series, s)
}

// progress prints what is running on stderr, once a run has taken more than
// a second: short runs stay quiet.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	last  string
	shown bool
	timer *time.Timer
}

func newProgress(w io.Writer, prog string) *progress {
	p := &progress{w: w, start: time.Now()}
	if w == nil {
		return p
	}
	p.timer = time.AfterFunc(time.Second, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.shown && p.last != "" {
			p.shown = true
			fmt.Fprintf(p.w, "%s: running %s\n", prog, p.last)
		}
	})
	return p
}

func (p *progress) step(msg string) {
	if p == nil || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = msg
	if p.shown {
		fmt.Fprintf(p.w, "  %5.1fs %s\n", time.Since(p.start).Seconds(), msg)
	}
}

func (p *progress) finish() {
	if p == nil || p.w == nil {
		return
	}
	p.timer.Stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprintf(p.w, "  %5.1fs done\n", time.Since(p.start).Seconds())
	}
}
