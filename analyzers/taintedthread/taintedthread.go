package taintedthread

import (
	_ "embed"
	"fmt"
	"go/ast"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/guard"
	"github.com/syscallvet/syscallvet/internal/report"
	"github.com/syscallvet/syscallvet/internal/ruledoc"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

//go:embed doc.go
var doc string

// Analyzer reports threads handed back to the scheduler with changed
// per-thread state.
var Analyzer = &analysis.Analyzer{
	Name:     "taintedthread",
	Doc:      ruledoc.MustExtract(doc, "taintedthread"),
	URL:      "https://github.com/syscallvet/syscallvet/blob/main/docs/rules/taintedthread.md",
	Run:      guard.Run(run),
	Requires: []*analysis.Analyzer{inspect.Analyzer, threadlock.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	locks := pass.ResultOf[threadlock.Analyzer].(*threadlock.Result)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	rep := report.New(pass)
	defer rep.Finish()
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn := cur.Node()
		fl := locks.Flow(fn)
		if fl == nil {
			continue
		}
		for _, t := range fl.Tainted {
			if _, atReturn := t.Unlock.(*ast.ReturnStmt); atReturn && !t.Handed && locks.EndsProcess(fn) {
				continue // the process ends right after this unlock
			}
			t.Via = funcname.Relative(t.Via, pass.Pkg.Name())
			change := fmt.Sprintf("%s changes the %s%s", subject(t), t.State.Noun(), via(t))
			unlock := unlockDesc(pass, t)
			switch {
			case t.Restore != nil && t.Returned:
				rep.Reportf(t.Change, "%s and the restore at line %d is checked only after %s", change, line(pass, t.Restore), unlock)
			case t.Restore != nil:
				rep.Reportf(t.Change, "%s and the restore at line %d goes unchecked before %s", change, line(pass, t.Restore), unlock)
			default:
				rep.Reportf(t.Change, "%s, not restored before %s", change, unlock)
			}
		}
	}
	reportCallbacks(pass, rep, locks)
	return nil, nil
}

func subject(t threadlock.Tainted) string {
	if len(t.Via) > 0 {
		return t.Via[0]
	}
	return "this call"
}

// via is the chain after the call subject names.
func via(t threadlock.Tainted) string {
	if len(t.Via) < 2 {
		return ""
	}
	return fmt.Sprintf(" (via %s)", strings.Join(t.Via[1:], " → "))
}

// unlockDesc names the place that hands the thread back: an unlock, the
// return (or the end of the function) whose deferred unlock does, the
// function that return hands back (a teardown that unlocks), or the
// restore itself (a restore-and-unlock helper).
func unlockDesc(pass *analysis.Pass, t threadlock.Tainted) string {
	n := t.Unlock
	if t.Restore != nil && n == ast.Node(t.Restore) {
		return "it unlocks"
	}
	if _, ok := n.(*ast.ReturnStmt); ok {
		if t.Handed {
			return fmt.Sprintf("the unlock function returned at line %d", line(pass, n))
		}
		return fmt.Sprintf("the deferred unlock at line %d", line(pass, n))
	}
	return fmt.Sprintf("the unlock at line %d", line(pass, n))
}

func line(pass *analysis.Pass, n ast.Node) int { return pass.Fset.Position(n.Pos()).Line }
