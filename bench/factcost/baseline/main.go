// Command baseline is factcost's control: the vet protocol (parse and
// type-check every package, read and write vetx files) with one analyzer
// that requires only inspect and reports nothing. It is a separate binary
// because go vet caches results by the tool's build ID.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/analysis/unitchecker"
)

var analyzer = &analysis.Analyzer{
	Name:     "baseline",
	Doc:      "require inspect and report nothing (benchmarks only)",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { unitchecker.Main(analyzer) }
