package gclplugin_test

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/gclplugin"
)

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func build(t *testing.T, settings any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin(gclplugin.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q: the rules' facts need type information", mode, register.LoadModeTypesInfo)
	}
	return p.BuildAnalyzers()
}

// TestRegistered checks what golangci-lint sees without settings: the
// plugin registered under its name, with every rule of the registry.
func TestRegistered(t *testing.T) {
	got, err := build(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := names(syscallvet.Analyzers())
	if !slices.Equal(names(got), want) {
		t.Errorf("BuildAnalyzers() = %v, want the registry's %v", names(got), want)
	}
	if err := analysis.Validate(got); err != nil {
		t.Error(err)
	}
	for i, a := range got {
		if a == syscallvet.Analyzers()[i] {
			t.Errorf("%s: the plugin returned the registry's analyzer, not a copy: settings would leak into other drivers", a.Name)
		}
	}
	// An empty settings block, as YAML decodes "settings: {}", is the same.
	got, err = build(t, map[string]any{})
	if err != nil || !slices.Equal(names(got), want) {
		t.Errorf("empty settings: %v, %v", names(got), err)
	}
}

func TestEnableDisable(t *testing.T) {
	all := names(syscallvet.Analyzers())
	if len(all) < 2 {
		t.Skip("needs two rules")
	}
	got, err := build(t, map[string]any{"enable": []any{all[1]}})
	if err != nil || !slices.Equal(names(got), all[1:2]) {
		t.Errorf("enable [%s]: %v, %v", all[1], names(got), err)
	}
	got, err = build(t, map[string]any{"disable": []any{all[0]}})
	if err != nil || !slices.Equal(names(got), all[1:]) {
		t.Errorf("disable [%s]: %v, %v", all[0], names(got), err)
	}
	got, err = build(t, map[string]any{"enable": []any{all[0], all[1]}, "disable": []any{all[0]}})
	if err == nil || !strings.Contains(err.Error(), "both enabled and disabled") {
		t.Errorf("enable and disable the same rule: %v, %v", names(got), err)
	}
}

// TestSettingsErrors checks that a typo fails with an error that names the
// offending key (golangci-lint prints it and exits).
func TestSettingsErrors(t *testing.T) {
	all := names(syscallvet.Analyzers())
	var noFlags string
	for _, a := range syscallvet.Analyzers() {
		n := 0
		a.Flags.VisitAll(func(*flag.Flag) { n++ })
		if n == 0 && noFlags == "" {
			noFlags = a.Name
		}
	}
	for _, tc := range []struct {
		settings any
		want     string
	}{
		{map[string]any{"blockingfanot": map[string]any{}}, `syscallvet settings: unknown key "blockingfanot" (did you mean blockingfanout?); valid keys: enable, disable, ` + strings.Join(all, ", ")},
		{map[string]any{"Disable": []any{"lockosthread"}}, `unknown key "Disable" (did you mean disable?)`},
		{map[string]any{"blockingfanout": map[string]any{"worker": 8}}, `blockingfanout has no setting "worker" (did you mean workers?); its settings: blocking, cgo, testworkers, workers`},
		{map[string]any{"blockingfanout": map[string]any{"workers": "many"}}, `blockingfanout.workers: invalid value "many"`},
		{map[string]any{"blockingfanout": map[string]any{"workers": map[string]any{"n": 1}}}, `blockingfanout.workers: want a scalar or a list of scalars`},
		{map[string]any{"blockingfanout": 64}, `blockingfanout: want a mapping of its settings (blocking, cgo, testworkers, workers), got 64`},
		{map[string]any{"enable": []any{"lockosthred"}}, `enable: unknown rule "lockosthred" (did you mean lockosthread?)`},
		{map[string]any{"disable": "lockosthread"}, `disable: want a list of rule names`},
		{map[string]any{"disable": toAny(all)}, `every rule is disabled`},
		{"lockosthread", `want a mapping of enable, disable and rule names`},
		{map[any]any{1: 2}, `want a mapping of enable, disable and rule names`},
	} {
		_, err := build(t, tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("settings %v: error %v, want one containing %q", tc.settings, err, tc.want)
		}
	}
	if noFlags != "" {
		_, err := build(t, map[string]any{noFlags: map[string]any{"x": 1}})
		if want := noFlags + ` has no setting "x"; its settings: none`; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("setting of a rule without flags: %v, want %q", err, want)
		}
	}
}

func toAny(s []string) []any {
	var out []any
	for _, e := range s {
		out = append(out, e)
	}
	return out
}

// TestSettingsReachAnalyzer runs the configured analyzer: settings map onto
// its flags, YAML ints and lists included, and leave the registry's
// analyzer (used by other drivers in the same process) untouched.
func TestSettingsReachAnalyzer(t *testing.T) {
	run := func(settings map[string]any) []string {
		t.Helper()
		as, err := build(t, settings)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(as, func(a *analysis.Analyzer) bool { return a.Name == "blockingfanout" })
		var msgs []string
		for _, r := range analysistest.Run(quiet{t}, analysistest.TestData(), as[i], "example.com/settings") {
			for _, d := range r.Diagnostics {
				msgs = append(msgs, r.Pass.Fset.Position(d.Pos).String()+": "+d.Message)
			}
		}
		return msgs
	}
	has := func(msgs []string, s string) bool {
		return slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, s) })
	}
	const hundred, lookup = "settings.go:19:3: goroutine per iteration", "settings.go:26:3: goroutine per item"

	msgs := run(nil)
	if !has(msgs, hundred) || has(msgs, lookup) {
		t.Errorf("defaults: want only the 100-iteration fan-out:\n%s", strings.Join(msgs, "\n"))
	}
	msgs = run(map[string]any{"blockingfanout": map[string]any{
		"workers":  128,                                                            // a YAML int
		"blocking": []any{"(*example.com/settings.DB).Get", "example.com/other.F"}, // a YAML list
	}})
	if has(msgs, hundred) || !has(msgs, lookup) {
		t.Errorf("workers: 128, blocking: [(*DB).Get]: want only the Lookup fan-out:\n%s", strings.Join(msgs, "\n"))
	}
	msgs = run(map[string]any{"blockingfanout": map[string]any{"workers": "128", "blocking": "(*example.com/settings.DB).Get"}})
	if has(msgs, hundred) || !has(msgs, lookup) {
		t.Errorf("settings as strings: want only the Lookup fan-out:\n%s", strings.Join(msgs, "\n"))
	}

	for _, a := range syscallvet.Analyzers() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			if f.Value.String() != f.DefValue {
				t.Errorf("registry's %s.%s = %q after configuring the plugin, want the default %q", a.Name, f.Name, f.Value, f.DefValue)
			}
		})
	}
	if msgs := run(nil); !has(msgs, hundred) {
		t.Errorf("a second plugin instance inherited the first one's settings:\n%s", strings.Join(msgs, "\n"))
	}
}

// quiet swallows analysistest's complaints about diagnostics without a
// // want comment: these runs are checked by their results.
type quiet struct{ *testing.T }

func (quiet) Errorf(string, ...any) {}

// TestNoRelated checks that the plugin's findings carry no related
// information, which golangci-lint would turn into issues of their own that
// a //nolint on the finding's line does not silence.
func TestNoRelated(t *testing.T) {
	as, err := build(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(as, func(a *analysis.Analyzer) bool { return a.Name == "lockosthread" })
	registry := syscallvet.Analyzers()[i]
	count := func(a *analysis.Analyzer) (diags, related int) {
		for _, r := range analysistest.Run(quiet{t}, analysistest.TestData(), a, "example.com/settings") {
			for _, d := range r.Diagnostics {
				diags++
				related += len(d.Related)
			}
		}
		return
	}
	if diags, related := count(registry); diags == 0 || related == 0 {
		t.Skipf("lockosthread reports %d findings with %d related locations on the test package; nothing to strip", diags, related)
	}
	if diags, related := count(as[i]); diags == 0 || related != 0 {
		t.Errorf("plugin's lockosthread: %d findings with %d related locations, want findings without any", diags, related)
	}
}

// TestSettingsCase checks that flag names match case-insensitively, as
// golangci-lint's configuration loader lowercases keys.
func TestSettingsCase(t *testing.T) {
	as, err := build(t, map[string]any{"blockingfanout": map[string]any{"Workers": 128}})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(as, func(a *analysis.Analyzer) bool { return a.Name == "blockingfanout" })
	if got := as[i].Flags.Lookup("workers").Value.String(); got != "128" {
		t.Errorf("Workers: 128 set workers to %s", got)
	}
}
