package experiments

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMainUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"nosuchrule"}, 2, "no experiment for nosuchrule"},
		{[]string{"-n", "0"}, 2, "-n must be"},
		{[]string{"-n", "20000"}, 2, "-n must be"},
		{[]string{"-hold", "0s"}, 2, "-hold must be"},
		{[]string{"-bound", "0"}, 2, "-bound must be"},
		{[]string{"-nosuchflag"}, 2, "flag provided but not defined"},
		{[]string{"-h"}, 0, "usage: syscallvet experiment"},
	} {
		var stdout, stderr bytes.Buffer
		code := Main("syscallvet experiment", tc.args, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
			t.Errorf("Main %v = %d, stderr %q; want %d and %q", tc.args, code, stderr.String(), tc.code, tc.msg)
		}
	}
}

// TestMainOutputs runs two short experiments through Main with every
// output: -json on stdout, -svg, -md, and the text table of the same
// report.
func TestMainOutputs(t *testing.T) {
	if platformSkip != "" {
		t.Skip(platformSkip)
	}
	dir := t.TempDir()
	svgDir, md := filepath.Join(dir, "plots"), filepath.Join(dir, "EXPERIMENTS.md")
	var stdout, stderr bytes.Buffer
	code := Main("syscallvet experiment", []string{"-json", "-svg", svgDir, "-md", md, "nowcache", "rawsyscall"}, &stdout, &stderr)
	var rep Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("exit code %d; -json output does not decode: %v\nstdout:\n%s\nstderr:\n%s", code, err, stdout.String(), stderr.String())
	}
	// Results come in registry order, not command-line order.
	if len(rep.Results) != 2 || rep.Results[0].Rule != "rawsyscall" || rep.Results[1].Rule != "nowcache" {
		t.Fatalf("got %d results; want rawsyscall and nowcache, in registry order", len(rep.Results))
	}
	if rep.Env.GoVersion == "" || rep.Config.N == 0 {
		t.Errorf("env or config missing: %+v %+v", rep.Env, rep.Config)
	}
	wantCode := 0
	for _, r := range rep.Results {
		if len(r.Rows) == 0 || r.Verdict == "" || r.Error != "" {
			t.Errorf("%s: %d rows, verdict %q, error %q", r.Rule, len(r.Rows), r.Verdict, r.Error)
		}
		if !r.Holds {
			wantCode = 1
		}
	}
	if code != wantCode {
		t.Errorf("exit code %d; want %d for verdicts %q and %q", code, wantCode, rep.Results[0].Verdict, rep.Results[1].Verdict)
	}
	// nowcache's claim depends on the host's clocksource; rawsyscall's not.
	if !rep.Results[0].Holds {
		t.Errorf("rawsyscall: %s", rep.Results[0].Verdict)
	}

	svgs, _ := filepath.Glob(filepath.Join(svgDir, "*.svg"))
	if len(svgs) != 2 {
		t.Errorf("-svg wrote %v; want the nowcache cost and staleness plots", svgs)
	}
	for _, f := range svgs {
		wellFormed(t, f)
	}
	doc, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## nowcache", "## rawsyscall", "**Verdict:** ", "](plots/nowcache-cost-per-read.svg)", "| case | measure | RawSyscall | Syscall |"} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("-md output lacks %q:\n%s", want, doc)
		}
	}

	var text bytes.Buffer
	writeText(&text, rep)
	for _, want := range []string{"rawsyscall: ", "longest time without a tick", "verdict: " + rep.Results[0].Verdict} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, text.String())
		}
	}
}

func wellFormed(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s is not well-formed XML: %v", file, err)
			return
		}
	}
}

func TestRunPhaseErrors(t *testing.T) {
	for spec, want := range map[string]string{
		"not json": "bad " + childEnv,
		`{"rule":"lockosthread","phase":"nosuchphase"}`: "no phase lockosthread/nosuchphase",
		`{"rule":"nosuchrule","phase":"pool"}`:          "no phase nosuchrule/pool",
	} {
		if got := runPhase(spec); !strings.Contains(got.Error, want) {
			t.Errorf("runPhase(%q).Error = %q; want %q", spec, got.Error, want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		v    *float64
		unit string
		want string
	}{
		{nil, "threads", "—"},
		{val(317), "threads", "317"},
		{val(2620), "ms", "2.62 s"},
		{val(12.34), "ms", "12.3 ms"},
		{val(1500), "µs", "1.50 ms"},
		{val(93.4), "ns", "93.4 ns"},
		{val(12.5), "%", "12%"},
	} {
		if got := format(tc.v, tc.unit); got != tc.want {
			t.Errorf("format(%v, %q) = %q; want %q", *orZero(tc.v), tc.unit, got, tc.want)
		}
	}
}

func orZero(v *float64) *float64 {
	if v == nil {
		return val(0)
	}
	return v
}

func TestThousands(t *testing.T) {
	for n, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 12000: "12,000", 8279: "8,279", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%v) = %q; want %q", n, got, want)
		}
	}
}
