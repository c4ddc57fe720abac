package experiments

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
)

// Report is what -json writes: where the experiments ran, at what scale,
// and each experiment's Result.
type Report struct {
	Env     Env      `json:"env"`
	Config  Config   `json:"config"`
	Results []Result `json:"results"`
}

// Env describes the machine and toolchain the numbers belong to.
type Env struct {
	GoVersion   string `json:"go_version"`
	GOOS        string `json:"goos"`
	GOARCH      string `json:"goarch"`
	GOMAXPROCS  int    `json:"gomaxprocs"`
	NumCPU      int    `json:"num_cpu"`
	Cgo         bool   `json:"cgo"`
	Kernel      string `json:"kernel,omitempty"`
	Clocksource string `json:"clocksource,omitempty"`
}

func currentEnv() Env {
	cur, _ := clocksource()
	e := Env{
		GoVersion:   runtime.Version(),
		GOOS:        runtime.GOOS,
		GOARCH:      runtime.GOARCH,
		GOMAXPROCS:  runtime.GOMAXPROCS(0),
		NumCPU:      runtime.NumCPU(),
		Cgo:         cgoSkip == "",
		Kernel:      kernelRelease(),
		Clocksource: cur,
	}
	return e
}

func (e Env) String() string {
	cgo := "cgo"
	if !e.Cgo {
		cgo = "no cgo"
	}
	s := fmt.Sprintf("%s %s/%s, GOMAXPROCS=%d, %d CPUs, %s", e.GoVersion, e.GOOS, e.GOARCH, e.GOMAXPROCS, e.NumCPU, cgo)
	if e.Kernel != "" {
		s += ", kernel " + e.Kernel
	}
	if e.Clocksource != "" {
		s += ", clocksource " + e.Clocksource
	}
	return s
}

func (c Config) String() string {
	return fmt.Sprintf("N=%s goroutines, %v per blocking call, %d-slot semaphore", thousands(float64(c.N)), c.Hold, c.Bound)
}

const usage = `usage: %[1]s [flags] [rule ...]

Runs the runtime experiments behind syscallvet's rules, on this machine and
this Go version, and prints per rule what was measured for the pattern the
rule reports and for its fix, and the verdict the rule rests on. With no
rule named, runs them all (in well under a minute).

Each measured phase runs in a fresh child process (this program, re-run), so
that OS threads left by one phase cannot inflate the next.

Exit status: 0 when every claim held (an experiment that cannot run here is
skipped with its reason), 1 when a claim did not hold here or an experiment
failed, 2 for a bad command line.

Rules: %[2]s

Flags:
`

// Main runs the experiments named in args (all when none is named) and
// prints their results. prog names the command in messages ("syscallvet
// experiment"). It returns the exit code: 0 when every experiment ran (or
// was skipped for a stated reason) and its claims held, 1 when an
// experiment failed or a claim did not hold here, 2 for a bad command line.
//
// The program calling Main must call RunChild first thing in main.
func Main(prog string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var names []string
	for _, e := range registry() {
		names = append(names, e.rule)
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, usage, prog, strings.Join(names, ", "))
		fs.PrintDefaults()
	}
	def := defaultConfig()
	jsonOut := fs.Bool("json", false, "print the results as JSON on stdout instead of tables")
	svgDir := fs.String("svg", "", "write plots as SVG files into `dir`")
	mdFile := fs.String("md", "", "write the results as Markdown to `file` (docs/EXPERIMENTS.md is made so)")
	quick := fs.Bool("quick", false, "smaller sizes, as the tests use (N=200)")
	n := fs.Int("n", def.N, "goroutines per fan-out phase")
	hold := fs.Duration("hold", def.Hold, "length of each blocking call")
	bound := fs.Int("bound", def.Bound, "slots of the semaphore in the bounded variants")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	cfg := Config{N: *n, Hold: *hold, Bound: *bound}
	if *quick {
		q := quickConfig()
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["n"] {
			cfg.N = q.N
		}
	}
	switch {
	case cfg.N < 1 || cfg.N > 5000:
		fmt.Fprintf(stderr, "%s: -n must be between 1 and 5000 (the runtime aborts past 10,000 threads)\n", prog)
		return 2
	case cfg.Hold <= 0 || cfg.Hold > time.Second:
		fmt.Fprintf(stderr, "%s: -hold must be positive and at most 1s\n", prog)
		return 2
	case cfg.Bound < 1:
		fmt.Fprintf(stderr, "%s: -bound must be at least 1\n", prog)
		return 2
	}
	exps, unknown := selectExperiments(fs.Args())
	if len(unknown) > 0 {
		fmt.Fprintf(stderr, "%s: no experiment for %s (rules: %s)\n", prog, strings.Join(unknown, ", "), strings.Join(names, ", "))
		return 2
	}

	prog2 := newProgress(stderr, prog)
	report := Report{Env: currentEnv(), Config: cfg, Results: run(exps, cfg, prog2)}
	prog2.finish()

	code := 0
	for _, r := range report.Results {
		if r.Error != "" || (!r.Holds && r.Skipped == "") {
			code = 1
		}
	}
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", prog, err)
			return 1
		}
	} else {
		writeText(stdout, report)
	}
	if *svgDir != "" {
		files, err := writePlots(*svgDir, report)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", prog, err)
			return 1
		}
		for _, f := range files {
			fmt.Fprintf(stderr, "%s: wrote %s\n", prog, f)
		}
	}
	if *mdFile != "" {
		if err := writeMarkdownFile(*mdFile, *svgDir, report); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", prog, err)
			return 1
		}
		fmt.Fprintf(stderr, "%s: wrote %s\n", prog, *mdFile)
	}
	return code
}
