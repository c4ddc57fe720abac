package main

import (
	"encoding/json"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// vetAnalyzers returns the analyzers to hand x/tools' unitchecker for one
// go vet invocation. go vet runs the tool on every dependency of the
// packages vetted only for their facts (VetxOnly in the .cfg), and
// unitchecker then still runs every analyzer that requires a fact pass
// (x/tools issue 443099: its filter keeps analyzers that use facts, not
// those that produce them), so each rule would analyze each dependency
// and throw its findings away. For such runs, each rule becomes a stand-in
// that does nothing but require the fact passes the rule needs: the facts
// are the same, the rule's flags (go vet passes them to every run) still
// parse, and -NAME selects the fact passes NAME needs.
func vetAnalyzers(args []string, rules []*analysis.Analyzer) []*analysis.Analyzer {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return rules
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return rules // unitchecker reports the error
	}
	var cfg struct{ VetxOnly bool }
	if json.Unmarshal(data, &cfg) != nil || !cfg.VetxOnly {
		return rules
	}
	out := make([]*analysis.Analyzer, 0, len(rules))
	for _, a := range rules {
		out = append(out, &analysis.Analyzer{
			Name:     a.Name,
			Doc:      a.Doc,
			URL:      a.URL,
			Flags:    a.Flags,
			Requires: factPasses(a),
			Run:      func(*analysis.Pass) (any, error) { return nil, nil },
		})
	}
	return out
}

// factPasses returns the analyzers with facts that a requires, directly
// or not, in a fixed order.
func factPasses(a *analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
			if len(req.FactTypes) > 0 {
				out = append(out, req)
			}
		}
	}
	visit(a)
	return out
}
