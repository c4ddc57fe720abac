package experiments

import (
	"slices"
	"time"
)

// Config scales the experiments. The defaults (see defaultConfig) reproduce
// the numbers quoted in the rules' documentation; tests use smaller ones.
type Config struct {
	N     int           `json:"n"`       // goroutines per fan-out phase
	Hold  time.Duration `json:"hold_ns"` // length of each blocking call
	Bound int           `json:"bound"`   // semaphore slots of the bounded variants
}

func defaultConfig() Config {
	return Config{N: 1000, Hold: 20 * time.Millisecond, Bound: 8}
}

// quickConfig is -quick: the sizes the tests use, for a run of a few seconds.
func quickConfig() Config {
	return Config{N: 200, Hold: 20 * time.Millisecond, Bound: 8}
}

// An experiment measures the runtime behaviour one rule guards against, side
// by side with the fix the rule asks for. Its phases run in child processes
// (see child.go) so that threads left over by one phase cannot inflate the
// next one's count.
type experiment struct {
	rule   string
	title  string // what is measured, one line
	hazard string // column header for the pattern the rule reports
	fix    string // column header for the fix
	phases map[string]phaseFunc
	run    func(r *runner, res *Result) error // runs the phases and fills res
}

// Result is one experiment's outcome, as printed and as written by -json.
type Result struct {
	Rule    string             `json:"rule"`
	Title   string             `json:"title"`
	Hazard  string             `json:"hazard"` // header of the column measuring what the rule reports
	Fix     string             `json:"fix"`    // header of the column measuring the fix
	Rows    []Row              `json:"rows,omitempty"`
	Metrics map[string]float64 `json:"metrics,omitempty"` // every number, keyed by phase and name
	Series  []Series           `json:"series,omitempty"`  // samples for plots
	Notes   []string           `json:"notes,omitempty"`
	Verdict string             `json:"verdict"`
	// Holds reports whether the measurements support the claim the rule
	// rests on; it is false when a claim failed and when the experiment
	// could not run (Error) or was skipped (Skipped).
	Holds   bool    `json:"holds"`
	Skipped string  `json:"skipped,omitempty"` // why the experiment did not run here
	Error   string  `json:"error,omitempty"`
	Seconds float64 `json:"seconds"` // wall time of the whole experiment
}

// Row is one measurement, for the pattern the rule reports and for its fix.
// A nil value means the column does not apply (a contrast workload that
// needs no fix, say).
type Row struct {
	Case    string   `json:"case"`
	Measure string   `json:"measure"`
	Unit    string   `json:"unit"`
	Hazard  *float64 `json:"hazard"`
	Fix     *float64 `json:"fix"`
}

// Series is a sampled quantity over time, for the plots.
type Series struct {
	Name  string `json:"name"`
	Unit  string `json:"unit"` // of Y
	XUnit string `json:"x_unit,omitempty"`
	// Labels name the X values of a categorical series (a bar chart).
	Labels []string  `json:"labels,omitempty"`
	X      []float64 `json:"x"`
	Y      []float64 `json:"y"`
}

func val(v float64) *float64 { return &v }

// row appends a measurement; hazard or fix may be nil.
func (res *Result) row(c, measure, unit string, hazard, fix *float64) {
	res.Rows = append(res.Rows, Row{Case: c, Measure: measure, Unit: unit, Hazard: hazard, Fix: fix})
}

// note adds s to the notes once: several phases may say the same.
func (res *Result) note(s string) {
	if !slices.Contains(res.Notes, s) {
		res.Notes = append(res.Notes, s)
	}
}

// metric records a named number for -json and the tests.
func (res *Result) metric(name string, v float64) {
	if res.Metrics == nil {
		res.Metrics = map[string]float64{}
	}
	res.Metrics[name] = v
}

// check is a claim the rule rests on, with the margin the verdict allows.
// The first failed claim becomes the verdict.
type check struct {
	ok    bool
	claim string
}

// conclude sets the verdict: holds, with summary, when every claim holds.
func (res *Result) conclude(summary string, checks ...check) {
	for _, c := range checks {
		if !c.ok {
			res.Holds = false
			res.Verdict = "does not hold: " + c.claim + " failed here"
			return
		}
	}
	res.Holds = true
	res.Verdict = "holds: " + summary
}
