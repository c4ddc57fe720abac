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
		fl := locks.Flow(cur.Node())
		if fl == nil {
			continue
		}
		for _, t := range fl.Tainted {
			t.Via = funcname.Relative(t.Via, pass.Pkg.Name())
			where := t.State.Describe()
			if t.Restore != nil && t.Returned {
				rep.Reportf(t.Change, "%s changes per-thread state%s and the restore at line %d returns its error to the caller only after %s has handed the thread back, possibly still in %s: unrelated goroutines would run there; check the restore before unlocking, and unlock only if it succeeded",
					subject(t), via(t), pass.Fset.Position(t.Restore.Pos()).Line, unlockDesc(pass, cur.Node(), t), where)
				continue
			}
			if t.Restore != nil {
				rep.Reportf(t.Change, "%s changes per-thread state%s and the restore at line %d ignores its error, so %s may hand the thread back still in %s: unrelated goroutines would run there; check the restore and unlock only if it succeeded, or let the goroutine exit locked",
					subject(t), via(t), pass.Fset.Position(t.Restore.Pos()).Line, unlockDesc(pass, cur.Node(), t), where)
				continue
			}
			rep.Reportf(t.Change, "%s changes per-thread state%s and %s unlocks the thread still in %s: the thread goes back to the scheduler and unrelated goroutines run there; restore the state and unlock only if that succeeded, or let the goroutine exit locked so the thread is destroyed",
				subject(t), via(t), unlockDesc(pass, cur.Node(), t), where)
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

func via(t threadlock.Tainted) string {
	if len(t.Via) < 2 {
		return ""
	}
	return fmt.Sprintf(" (via %s)", strings.Join(t.Via, " → "))
}

// unlockDesc names the place that hands the thread back.
func unlockDesc(pass *analysis.Pass, fn ast.Node, t threadlock.Tainted) string {
	ret, ok := t.Unlock.(*ast.ReturnStmt)
	if !ok {
		return fmt.Sprintf("the unlock at line %d", pass.Fset.Position(t.Unlock.Pos()).Line)
	}
	if t.Handed {
		return fmt.Sprintf("the function the return at line %d hands back", pass.Fset.Position(ret.Pos()).Line)
	}
	if threadlock.Implicit(fn, ret) {
		return fmt.Sprintf("the deferred unlock at the end of the function (line %d)", pass.Fset.Position(ret.Pos()).Line)
	}
	return fmt.Sprintf("the deferred unlock run by the return at line %d", pass.Fset.Position(ret.Pos()).Line)
}
