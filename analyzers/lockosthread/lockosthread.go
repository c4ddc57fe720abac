package lockosthread

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/guard"
	"github.com/syscallvet/syscallvet/internal/indent"
	"github.com/syscallvet/syscallvet/internal/report"
	"github.com/syscallvet/syscallvet/internal/ruledoc"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

//go:embed doc.go
var doc string

// Analyzer reports runtime.LockOSThread calls not undone on every path.
var Analyzer = &analysis.Analyzer{
	Name:     "lockosthread",
	Doc:      ruledoc.MustExtract(doc, "lockosthread"),
	URL:      "https://github.com/syscallvet/syscallvet/blob/main/docs/rules/lockosthread.md",
	Run:      guard.Run(run),
	Requires: []*analysis.Analyzer{inspect.Analyzer, threadlock.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	locks := pass.ResultOf[threadlock.Analyzer].(*threadlock.Result)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	rep := report.New(pass)
	defer rep.Finish()

	roots := locks.Roots()
	dev := &deviance{pass: pass, locks: locks, insp: insp, roots: roots}
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn := cur.Node()
		fl := locks.Flow(fn)
		if fl == nil {
			continue
		}
		for _, l := range fl.Loops {
			rep.Reportf(l.Lock, "%s in a loop is not undone within the iteration", subject(pass, l))
		}
		exempt := roots[fn] || fl.Effect == threadlock.ReturnsLocked
		askedMain := exempt
		var discarded map[*ast.CallExpr]bool
		for _, l := range fl.Leaks {
			if l.Tainted {
				continue // kept locked on purpose: see taintedthread
			}
			if l.Handed > 0 {
				// Not a lock helper: what it hands back leaves a level held.
				rep.Report(analysis.Diagnostic{
					Pos: l.Lock.Pos(), End: l.Lock.End(),
					Message: fmt.Sprintf("%s is not undone by the function returned at line %d, which undoes %d of %d lock levels",
						subject(pass, l), line(pass, l.Return.Pos()), l.Handed, l.Levels),
					Related: related(fn, l.Return, "hands back a function that undoes too few lock levels"),
				})
				continue
			}
			if l.Outer == nil && !askedMain {
				// Asked only of a leak it would excuse: MainLike may
				// look at every reference in the package.
				exempt, askedMain = locks.MainLike(fn), true
			}
			if l.Outer == nil && exempt {
				// A lock helper, reported at its callers, unless the
				// package releases the lock it keeps everywhere else.
				if h, u := dev.check(l); u != nil {
					rep.Report(deviantDiagnostic(pass, fn, l, h, u))
				}
				continue
			}
			if discarded == nil {
				discarded = discardedCalls(fn)
			}
			if discarded[l.Lock] && len(l.Via) > 1 && returnsFunc(pass, l.Lock) {
				// The helper hands its unlock back as a function, and the
				// caller drops it: say that, not "nested" or "not undone".
				held := ""
				if l.Outer != nil {
					held = fmt.Sprintf(", as is the lock at line %d", line(pass, l.Outer.Pos()))
				}
				via := funcname.Relative(l.Via, pass.Pkg.Name())
				rep.Report(analysis.Diagnostic{
					Pos: l.Lock.Pos(), End: l.Lock.End(),
					Message: fmt.Sprintf("the unlock function %s returns is discarded, so its lock is still held %s%s",
						via[0], returnDesc(pass, fn, l.Return), held),
					Related: related(fn, l.Return, "returns with the OS thread still locked"),
				})
				continue
			}
			if l.Outer != nil {
				rep.Report(analysis.Diagnostic{
					Pos: l.Lock.Pos(), End: l.Lock.End(),
					Message: fmt.Sprintf("%s, nested in the lock taken at line %d, is not undone %s",
						subject(pass, l), line(pass, l.Outer.Pos()), returnDesc(pass, fn, l.Return)),
					Related: related(fn, l.Return, "the lock is still held here"),
				})
				continue
			}
			d := analysis.Diagnostic{
				Pos: l.Lock.Pos(), End: l.Lock.End(),
				Message: fmt.Sprintf("%s is not undone %s", subject(pass, l), returnDesc(pass, fn, l.Return)),
				Related: related(fn, l.Return, "returns with the OS thread still locked"),
			}
			if !fl.Undoes {
				d.SuggestedFixes = deferUnlockFix(pass, cur, l.Lock)
			}
			rep.Report(d)
		}
	}
	return nil, nil
}

// discardedCalls returns the calls in fn whose results are dropped: call
// statements and assignments to blank identifiers only.
func discardedCalls(fn ast.Node) map[*ast.CallExpr]bool {
	out := make(map[*ast.CallExpr]bool)
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ExprStmt:
			if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok {
				out[call] = true
			}
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 {
				break
			}
			for _, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); !ok || id.Name != "_" {
					return true
				}
			}
			if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
				out[call] = true
			}
		}
		return true
	})
	return out
}

// returnsFunc reports whether call returns a function among its results.
func returnsFunc(pass *analysis.Pass, call *ast.CallExpr) bool {
	sig, ok := pass.TypesInfo.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return false
	}
	for v := range sig.Results().Variables() {
		if _, ok := v.Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// subject names a lock call: runtime.LockOSThread, or for a helper "the
// lock taken by netns.Enter", with the chain when the helper does not
// lock itself ("the lock taken by setUp (via pin)").
func subject(pass *analysis.Pass, l threadlock.Leak) string {
	if len(l.Via) <= 1 {
		return "runtime.LockOSThread"
	}
	via := funcname.Relative(l.Via, pass.Pkg.Name())
	return fmt.Sprintf("the lock taken by %s%s", via[0], viaAfter(via))
}

// viaAfter is the chain between the helper a message names and the
// runtime.LockOSThread every lock chain ends in, which it leaves out.
func viaAfter(via []string) string {
	if len(via) > 0 && via[len(via)-1] == "runtime.LockOSThread" {
		via = via[:len(via)-1]
	}
	if len(via) < 2 {
		return ""
	}
	return fmt.Sprintf(" (via %s)", strings.Join(via[1:], " → "))
}

func isRuntimeLock(pass *analysis.Pass, call *ast.CallExpr) bool {
	fn := typeutil.StaticCallee(pass.TypesInfo, call)
	return fn != nil && fn.FullName() == "runtime.LockOSThread"
}

// related points at the leaking return: the return keyword, or the
// closing brace where the CFG synthesises one (whose End would otherwise
// run past the brace, possibly past the end of the file).
func related(fn ast.Node, ret *ast.ReturnStmt, msg string) []analysis.RelatedInformation {
	end := ret.Pos() + token.Pos(len("return"))
	if threadlock.Implicit(fn, ret) {
		end = ret.Pos() + 1
	}
	return []analysis.RelatedInformation{{Pos: ret.Pos(), End: end, Message: msg}}
}

func line(pass *analysis.Pass, pos token.Pos) int { return pass.Fset.Position(pos).Line }

// returnDesc says where a lock leaks: "on the return at line 42", or "at
// the end of the function (line 84)" for the return the CFG synthesises at
// the closing brace when control falls off the end of the function.
func returnDesc(pass *analysis.Pass, fn ast.Node, ret *ast.ReturnStmt) string {
	if threadlock.Implicit(fn, ret) {
		return fmt.Sprintf("at the end of the function (line %d)", line(pass, ret.Return))
	}
	return fmt.Sprintf("on the return at line %d", line(pass, ret.Return))
}

// deferUnlockFix inserts "defer runtime.UnlockOSThread()" after a plain
// runtime.LockOSThread() statement that is not inside a loop of its
// function (a deferred unlock in a loop would itself be a bug).
func deferUnlockFix(pass *analysis.Pass, fnCur inspector.Cursor, call *ast.CallExpr) []analysis.SuggestedFix {
	if !isRuntimeLock(pass, call) {
		return nil
	}
	callCur, ok := fnCur.FindNode(call)
	if !ok {
		return nil
	}
	stmt, ok := callCur.Parent().Node().(*ast.ExprStmt)
	if !ok {
		return nil
	}
	for anc := range callCur.Enclosing() {
		if anc == fnCur {
			break
		}
		switch anc.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return nil
		}
	}
	qual := ""
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return nil
		}
		qual = id.Name + "."
	}
	indent := indent.Of(pass, stmt.Pos())
	return []analysis.SuggestedFix{{
		Message: "Add defer runtime.UnlockOSThread()",
		TextEdits: []analysis.TextEdit{{
			Pos:     stmt.End(),
			End:     stmt.End(),
			NewText: []byte("\n" + indent + "defer " + qual + "UnlockOSThread()"),
		}},
	}}
}
