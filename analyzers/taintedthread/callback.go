package taintedthread

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/report"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

// reportCallbacks reports callbacks that leave per-thread state changed
// which the runner calling them does not put back before it unlocks
// (ns.Do(func(ns.NetNS) error { ... unshare the mount namespace ... })).
// In a literal the change is reported, elsewhere the argument.
func reportCallbacks(pass *analysis.Pass, rep *report.Reporter, locks *threadlock.Result) {
	for _, cb := range locks.Callbacks() {
		if cb.Leaves == 0 {
			continue
		}
		t := threadlock.Tainted{Via: funcname.Relative(cb.Via, pass.Pkg.Name())}
		var at analysis.Range = cb.Arg
		if cb.At != nil {
			at = cb.At
		}
		restoring := "nothing"
		if cb.Restores != 0 {
			restoring = "only the " + nouns(cb.Restores)
		}
		rep.Reportf(at, "%s changes the %s%s in a callback of %s, which restores %s",
			subject(t), cb.Leaves.Noun(), via(t), cb.Runner, restoring)
	}
}

// nouns names every kind in s: "network namespace and mount namespace".
func nouns(s threadlock.State) string {
	var names []string
	for k := threadlock.State(1); k != 0 && k <= s; k <<= 1 {
		if s&k != 0 {
			names = append(names, k.Noun())
		}
	}
	return strings.Join(names, " and ")
}
