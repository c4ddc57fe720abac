// Package syscallvet is the registry of syscallvet's analyzers: every
// driver (the syscallvet command, go vet -vettool, the golangci-lint plugin,
// nogo) takes the list from here.
package syscallvet

import (
	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet/analyzers/blockingfanout"
	"github.com/syscallvet/syscallvet/analyzers/blockingfd"
	"github.com/syscallvet/syscallvet/analyzers/lockosthread"
	"github.com/syscallvet/syscallvet/analyzers/nowcache"
	"github.com/syscallvet/syscallvet/analyzers/rawsyscall"
	"github.com/syscallvet/syscallvet/analyzers/taintedthread"
	"github.com/syscallvet/syscallvet/analyzers/threadstate"
)

// Analyzers returns every reporting analyzer, in a fixed order.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		lockosthread.Analyzer,
		blockingfanout.Analyzer,
		nowcache.Analyzer,
		taintedthread.Analyzer,
		threadstate.Analyzer,
		rawsyscall.Analyzer,
		blockingfd.Analyzer,
	}
}
