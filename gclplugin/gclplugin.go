// Package gclplugin registers syscallvet as a golangci-lint module plugin
// (golangci-lint v2's plugin system, github.com/golangci/plugin-module-register).
//
// A custom golangci-lint binary that imports this package (blank import)
// runs syscallvet's rules when its configuration says
//
//	linters:
//	  enable: [syscallvet]
//	  settings:
//	    custom:
//	      syscallvet:
//	        type: module
//	        settings:
//	          disable: [threadstate]      # or enable: [lockosthread, ...] to run only those
//	          blockingfanout:             # a rule's flags, by name (syscallvet help <rule>)
//	            workers: 64
//	            cgo: true
//
// The rules come from the registry (syscallvet.Analyzers()); each rule's
// settings are the flags it declares in Analyzer.Flags, set with flag.Set
// on a copy of the analyzer, so the registry's analyzers stay untouched.
// A key that is neither enable, disable, a rule nor a rule's flag is an
// error that names it.
//
// This package imports only the small MIT-licensed registration module,
// never golangci-lint itself (GPL-3.0).
package gclplugin

import (
	"encoding/json"
	"flag"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/internal/spell"
)

// Name is the plugin's name: the key under linters.settings.custom in the
// golangci-lint configuration, the linter name in its output, and the name
// //nolint:syscallvet directives use.
const Name = "syscallvet"

func init() {
	register.Plugin(Name, New)
}

// Plugin is syscallvet configured by one golangci-lint settings block.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes the settings golangci-lint passes (the value of
// linters.settings.custom.syscallvet.settings; nil when absent) and returns
// the configured plugin.
func New(settings any) (register.LinterPlugin, error) {
	analyzers, err := configure(syscallvet.Analyzers(), settings)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	return &Plugin{analyzers: analyzers}, nil
}

// BuildAnalyzers returns the enabled rules.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return slices.Clone(p.analyzers), nil
}

// GetLoadMode asks for type information: the rules' facts are keyed by
// types.Object and cross packages.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// configure applies settings to copies of all and returns the enabled ones,
// in registry order.
func configure(all []*analysis.Analyzer, settings any) ([]*analysis.Analyzer, error) {
	var raw map[string]json.RawMessage
	if settings != nil {
		var err error
		if raw, err = register.DecodeSettings[map[string]json.RawMessage](settings); err != nil {
			return nil, fmt.Errorf("want a mapping of enable, disable and rule names: %w", err)
		}
	}

	byName := make(map[string]*analysis.Analyzer)
	var names []string
	for _, a := range all {
		byName[a.Name] = cloneAnalyzer(a)
		names = append(names, a.Name)
	}
	valid := append([]string{"enable", "disable"}, names...)

	enabled := make(map[string]bool)
	for _, n := range names {
		enabled[n] = true
	}
	enable, err := ruleList(raw, "enable", names)
	if err != nil {
		return nil, err
	}
	disable, err := ruleList(raw, "disable", names)
	if err != nil {
		return nil, err
	}
	if enable != nil {
		clear(enabled)
		for _, n := range enable {
			enabled[n] = true
		}
	}
	for _, n := range disable {
		if slices.Contains(enable, n) {
			return nil, fmt.Errorf("rule %s is both enabled and disabled", n)
		}
		delete(enabled, n)
	}

	for _, key := range sortedKeys(raw) {
		if key == "enable" || key == "disable" {
			continue
		}
		a, ok := byName[key]
		if !ok {
			return nil, fmt.Errorf("unknown key %q%s; valid keys: %s", key, didYouMean(key, valid), strings.Join(valid, ", "))
		}
		if err := setFlags(a, raw[key]); err != nil {
			return nil, err
		}
	}

	var out []*analysis.Analyzer
	for _, n := range names {
		if enabled[n] {
			out = append(out, byName[n])
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("every rule is disabled; to turn syscallvet off, remove it from linters.enable")
	}
	return out, nil
}

// ruleList decodes the list of rule names under key, or returns nil if the
// key is absent.
func ruleList(raw map[string]json.RawMessage, key string, names []string) ([]string, error) {
	msg, ok := raw[key]
	if !ok {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal(msg, &list); err != nil {
		return nil, fmt.Errorf("%s: want a list of rule names (%s), got %s", key, strings.Join(names, ", "), msg)
	}
	if list == nil {
		list = []string{}
	}
	for _, n := range list {
		if !slices.Contains(names, n) {
			return nil, fmt.Errorf("%s: unknown rule %q%s; rules: %s", key, n, didYouMean(n, names), strings.Join(names, ", "))
		}
	}
	return list, nil
}

// setFlags sets a's flags from msg, a mapping of flag name to value.
func setFlags(a *analysis.Analyzer, msg json.RawMessage) error {
	var known []string
	a.Flags.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
	var values map[string]json.RawMessage
	if err := json.Unmarshal(msg, &values); err != nil || values == nil {
		return fmt.Errorf("%s: want a mapping of its settings (%s), got %s", a.Name, describe(known), msg)
	}
	for _, key := range sortedKeys(values) {
		name := key
		if a.Flags.Lookup(name) == nil {
			// golangci-lint's configuration loader lowercases keys.
			if i := slices.IndexFunc(known, func(k string) bool { return strings.EqualFold(k, key) }); i >= 0 {
				name = known[i]
			} else {
				return fmt.Errorf("%s has no setting %q%s; its settings: %s", a.Name, key, didYouMean(key, known), describe(known))
			}
		}
		s, err := flagText(values[key])
		if err != nil {
			return fmt.Errorf("%s.%s: %v", a.Name, name, err)
		}
		if err := a.Flags.Set(name, s); err != nil {
			return fmt.Errorf("%s.%s: invalid value %q: %v", a.Name, name, s, err)
		}
	}
	return nil
}

func describe(flags []string) string {
	if len(flags) == 0 {
		return "none"
	}
	return strings.Join(flags, ", ")
}

// flagText renders a YAML/JSON scalar, or a list of them, as a flag value;
// a list becomes a comma-separated string.
func flagText(msg json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(msg, &v); err != nil {
		return "", err
	}
	switch v := v.(type) {
	case string:
		return v, nil
	case bool, float64:
		return string(msg), nil // JSON's text: 64, not 64.000000
	case []any:
		var parts []string
		for _, e := range v {
			switch e.(type) {
			case string, bool, float64:
				parts = append(parts, fmt.Sprint(e))
			default:
				return "", fmt.Errorf("want a scalar or a list of scalars, got %s", msg)
			}
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a scalar or a list of scalars, got %s", msg)
}

// cloneAnalyzer returns a shallow copy of a with its own flag values, so
// that settings do not leak into the registry's analyzers (and from one
// plugin instance into another). Analyzers read their flags from
// pass.Analyzer.Flags, which is the copy.
//
// The copy reports its findings without related information: golangci-lint
// turns each related location into an issue of its own, on its own line,
// which a //nolint:syscallvet on the finding's line does not silence, and
// syscallvet's messages already name those lines ("the return at line 25").
func cloneAnalyzer(a *analysis.Analyzer) *analysis.Analyzer {
	c := *a
	c.Flags = flag.FlagSet{}
	c.Flags.Init(a.Flags.Name(), flag.ContinueOnError)
	a.Flags.VisitAll(func(f *flag.Flag) {
		c.Flags.Var(cloneValue(f.Value), f.Name, f.Usage)
		c.Flags.Lookup(f.Name).DefValue = f.DefValue
	})
	run := a.Run
	c.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			d.Related = nil
			report(d)
		}
		return run(pass)
	}
	return &c
}

// cloneValue copies a flag.Value that is a pointer (all of package flag's
// values are), so that setting the copy leaves the original alone.
func cloneValue(v flag.Value) flag.Value {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return v
	}
	c := reflect.New(rv.Elem().Type())
	c.Elem().Set(rv.Elem())
	return c.Interface().(flag.Value)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// didYouMean suggests the candidate closest in spelling to s, if close.
func didYouMean(s string, candidates []string) string {
	best, bestDist := spell.Nearest(s, candidates)
	if best != "" && bestDist <= max(1, len(best)/3) {
		return fmt.Sprintf(" (did you mean %s?)", best)
	}
	return ""
}
