// Package standalone is syscallvet's driver for direct use
// (syscallvet [flags] packages...): it lists packages with go/packages, runs
// the analyzers in dependency order with bounded memory (internal/deporder),
// reports packages that do not type-check plainly and only once, and prints
// text, x/tools' JSON tree, SARIF or GitHub Actions workflow commands, or
// applies suggested fixes. It also answers `help [rule]`,
// `version` and -V. (go vet -vettool goes through x/tools' unitchecker.)
//
// Text output is byte-compatible with go vet's ("file:line:col: message");
// -levels labels each finding with its rule's default level and name
// ("file:line:col: error: message (lockosthread)"), the form compilers use
// and editors and CI problem matchers recognise.
package standalone

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/syscallvet/syscallvet/internal/deporder"
)

// Exit codes, as x/tools' drivers use them.
const (
	ExitClean    = 0 // no findings
	ExitError    = 1 // a package did not load or type-check, or analysis failed
	ExitUsage    = 2 // bad command line
	ExitFindings = 3 // findings were reported (text and github output only)
)

type options struct {
	json, fix, diff, tests  bool
	levels, version, timing bool
	cpuprofile, memprofile  string
	format                  string // text, json, sarif or github
	tags                    string // build tags, as go build -tags
	context                 int
	enable                  map[*analysis.Analyzer]*triState
}

// formats are the values of -format.
var formats = []string{"text", "json", "sarif", "github"}

// Main runs the driver with command-line args (without the program name)
// and returns the process exit code.
func Main(prog string, analyzers []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := options{enable: make(map[*analysis.Analyzer]*triState)}
	fs.StringVar(&opts.format, "format", "text", "output `format`: text (go vet's, on stderr), json (x/tools' JSON tree, on stdout), sarif (SARIF 2.1.0 for code scanning, on stdout) or github (GitHub Actions annotations: ::error file=…,line=…::message lines, on stdout)")
	fs.BoolVar(&opts.json, "json", false, "emit JSON output (x/tools' JSON tree); same as -format json")
	fs.BoolVar(&opts.levels, "levels", false, "text output: label each finding with its rule's default level and name (file:line:col: error: message (rule)); sarif and github output always carry levels")
	fs.BoolVar(&opts.version, "V", false, "print the version and exit")
	fs.BoolVar(&opts.fix, "fix", false, "apply all suggested fixes")
	fs.BoolVar(&opts.diff, "diff", false, "with -fix, don't update the files, but print a unified diff")
	fs.BoolVar(&opts.tests, "test", true, "analyze test files too")
	fs.StringVar(&opts.tags, "tags", "", "comma-separated `list` of build tags to consider satisfied, as go build -tags")
	fs.BoolVar(&opts.timing, "timing", false, "print the time spent loading, exporting and in each analyzer, on stderr")
	fs.StringVar(&opts.cpuprofile, "cpuprofile", "", "write a CPU profile to `file`")
	fs.StringVar(&opts.memprofile, "memprofile", "", "write a heap profile to `file` at the end")
	fs.IntVar(&opts.context, "c", -1, "display offending line with this many lines of context")
	for _, a := range analyzers {
		ts := new(triState)
		opts.enable[a] = ts
		fs.Var(ts, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%[1]s reports Go code that fights the runtime's syscall machinery.\n\n"+
			"Usage: %[1]s [flags] packages...\n       %[1]s help [rule]\n       %[1]s version\n\nFlags:\n", prog)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return ExitClean
		}
		return ExitUsage
	}
	if opts.version {
		printVersion(stdout)
		return ExitClean
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return ExitUsage
	}
	switch rest[0] {
	case "help":
		return help(prog, analyzers, rest[1:], stdout, stderr)
	case "version":
		if len(rest) > 1 {
			fmt.Fprintf(stderr, "%s: version takes no arguments\n", prog)
			return ExitUsage
		}
		printVersion(stdout)
		return ExitClean
	}
	if !slices.Contains(formats, opts.format) {
		fmt.Fprintf(stderr, "%s: -format %q: want one of %s\n", prog, opts.format, strings.Join(formats, ", "))
		return ExitUsage
	}
	if opts.json {
		if opts.format != "text" && opts.format != "json" {
			fmt.Fprintf(stderr, "%s: -json contradicts -format %s\n", prog, opts.format)
			return ExitUsage
		}
		opts.format = "json"
	}
	tuneGC()
	if opts.cpuprofile != "" {
		f, err := os.Create(opts.cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", prog, err)
			return ExitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", prog, err)
			return ExitUsage
		}
		defer pprof.StopCPUProfile()
	}
	if opts.memprofile != "" {
		defer func() {
			f, err := os.Create(opts.memprofile)
			if err == nil {
				err = pprof.WriteHeapProfile(f)
				f.Close()
			}
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", prog, err)
			}
		}()
	}
	return run(prog, selected(analyzers, opts.enable), rest, opts, stdout, stderr)
}

func run(prog string, analyzers []*analysis.Analyzer, patterns []string, opts options, stdout, stderr io.Writer) int {
	cfg := &packages.Config{Mode: deporder.Mode, Tests: opts.tests}
	if opts.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + opts.tags}
	}
	initial, err := packages.Load(cfg, patterns...)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return ExitError
	}
	if len(initial) == 0 {
		fmt.Fprintf(stderr, "%s: %s matched no packages\n", prog, strings.Join(patterns, " "))
		return ExitError
	}

	exit := ExitClean
	roots, errs := printLoadErrors(prog, initial, stderr)
	if len(roots) < len(initial) {
		exit = ExitError
	}
	if len(roots) == 0 {
		switch {
		case opts.fix: // nothing to fix, and nothing to print
		case opts.format == "sarif": // a log that says why there are no results
			return writeSARIF(stdout, stderr, prog, analyzers, nil, initial, errs, exit)
		case opts.format == "github": // annotations that say so
			if err := printGitHub(stdout, nil, srcRoot(initial), errs); err != nil {
				return ExitError
			}
		}
		return exit
	}

	res, err := deporder.Analyze(analyzers, roots)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return ExitError
	}
	if opts.timing {
		printTiming(stderr, res)
	}
	// Packages that did not type-check, then errors of actions (e.g. a
	// panic turned into an error by a rule), once each: test variants
	// repeat a package's actions.
	for _, b := range res.Broken {
		errs = append(errs, printBroken(stderr, prog, b.PkgPath, b.Internal, b.Errs))
	}
	if len(res.Skipped) > 0 {
		exit = ExitError
	}
	seen := make(map[string]bool)
	var diags int
	for _, act := range append(res.Failed, res.Roots...) {
		if act.Err != nil {
			if msg := act.Err.Error(); !seen[msg] {
				seen[msg] = true
				errs = append(errs, msg)
				fmt.Fprintf(stderr, "%s: %s\n", prog, msg)
			}
			exit = ExitError
		} else {
			diags += len(act.Diagnostics)
		}
	}

	if opts.fix {
		if err := applyFixes(res, opts.diff, stdout); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", prog, err)
			return ExitError
		}
		return exit
	}
	switch opts.format {
	case "json":
		if err := printJSON(stdout, res); err != nil {
			return ExitError
		}
		return exit
	case "sarif":
		return writeSARIF(stdout, stderr, prog, analyzers, res, initial, errs, exit)
	case "github":
		if err := printGitHub(stdout, res, srcRoot(initial), errs); err != nil {
			return ExitError
		}
	default:
		if err := printText(stderr, res, opts.context, opts.levels); err != nil {
			return ExitError
		}
	}
	if exit == ExitClean && diags > 0 {
		exit = ExitFindings
	}
	return exit
}

// printLoadErrors prints, once per package, the errors go/packages found
// (missing files or imports, bad build constraints...), and returns the
// initial packages whose own metadata and dependencies' loaded, and the
// errors, one string per broken package. Type errors come later, from the
// analysis run.
func printLoadErrors(prog string, initial []*packages.Package, w io.Writer) ([]*packages.Package, []string) {
	broken := make(map[*packages.Package]bool)
	var order []*packages.Package
	packages.Visit(initial, nil, func(p *packages.Package) {
		bad := len(p.Errors) > 0
		for _, imp := range p.Imports {
			bad = bad || broken[imp]
		}
		broken[p] = bad
		if len(p.Errors) > 0 {
			order = append(order, p)
		}
	})
	sort.SliceStable(order, func(i, j int) bool { return order[i].PkgPath < order[j].PkgPath })
	lines := make(map[string][]string) // by package path: test variants repeat a package's errors
	var paths []string
	for _, p := range order {
		if _, ok := lines[p.PkgPath]; !ok {
			paths = append(paths, p.PkgPath)
		}
		for _, e := range p.Errors {
			line := e.Msg
			if e.Pos != "" {
				line = e.Pos + ": " + e.Msg
			}
			lines[p.PkgPath] = append(lines[p.PkgPath], line)
		}
	}
	var msgs []string
	for _, path := range paths {
		msgs = append(msgs, printBroken(w, prog, path, false, lines[path]))
	}
	var ok []*packages.Package
	for _, p := range initial {
		if !broken[p] {
			ok = append(ok, p)
		}
	}
	return ok, msgs
}

// printBroken prints why package path was not analyzed (it does not build,
// or an internal error), each distinct line once, and returns the message.
func printBroken(w io.Writer, prog, path string, internal bool, lines []string) string {
	msg := fmt.Sprintf("package %s does not build; it was not analyzed:", path)
	if internal {
		msg = fmt.Sprintf("package %s was not analyzed:", path)
	}
	fmt.Fprintf(w, "%s: %s\n", prog, msg)
	seen := make(map[string]bool)
	for _, line := range lines {
		if !seen[line] {
			seen[line] = true
			fmt.Fprintf(w, "\t%s\n", line)
			msg += "\n\t" + line
		}
	}
	return msg
}

// tuneGC trades memory the driver does not need for less GC work, unless
// the user tuned the GC: analysis makes mostly short-lived garbage (each
// package's syntax and types.Info), and the live heap stays small (about
// 300 MB on std), so a GC every 4× growth, capped by a soft limit well
// under 1 GiB, does a quarter less work for the same peak.
func tuneGC() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(768 << 20)
	}
}

// selected applies the per-analyzer enable flags the way x/tools' drivers
// do: if any -NAME flag is true, run only those; otherwise, if any is
// false, run all but those.
func selected(all []*analysis.Analyzer, enable map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	var hasTrue, hasFalse bool
	for _, ts := range enable {
		hasTrue = hasTrue || *ts == setTrue
		hasFalse = hasFalse || *ts == setFalse
	}
	var keep []*analysis.Analyzer
	for _, a := range all {
		switch {
		case hasTrue && *enable[a] == setTrue,
			!hasTrue && !(hasFalse && *enable[a] == setFalse):
			keep = append(keep, a)
		}
	}
	return keep
}

// triState is a boolean flag that remembers whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) IsBoolFlag() bool { return true }

func (ts *triState) String() string {
	switch *ts {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}

func (ts *triState) Set(v string) error {
	switch v {
	case "true", "1", "t", "T", "TRUE", "True":
		*ts = setTrue
	case "false", "0", "f", "F", "FALSE", "False":
		*ts = setFalse
	default:
		return fmt.Errorf("invalid boolean value %q", v)
	}
	return nil
}
