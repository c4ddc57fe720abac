// Command factcost is a vet tool for benchmarks only: one analyzer that
// reports nothing but requires syscallvet's fact passes (threadlock with
// ctrlflow and inspect, and blocking), so that
// go vet -vettool=factcost runs them on every package and dependency just
// as go vet -vettool=syscallvet does. Its time, minus that of
// bench/factcost/baseline (the same protocol with inspect only), is the fact
// passes' cost; bench/bench.sh prints that share.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/syscallvet/syscallvet/passes/blocking"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

var analyzer = &analysis.Analyzer{
	Name:     "factcost",
	Doc:      "run syscallvet's fact passes and report nothing (benchmarks only)",
	Requires: []*analysis.Analyzer{threadlock.Analyzer, blocking.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { unitchecker.Main(analyzer) }
