package threadstate

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/guard"
	"github.com/syscallvet/syscallvet/internal/report"
	"github.com/syscallvet/syscallvet/internal/ruledoc"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

//go:embed doc.go
var doc string

// Analyzer reports per-thread state used without a locked thread.
var Analyzer = &analysis.Analyzer{
	Name:     "threadstate",
	Doc:      ruledoc.MustExtract(doc, "threadstate"),
	URL:      "https://github.com/syscallvet/syscallvet/blob/main/docs/rules/threadstate.md",
	Run:      guard.Run(run),
	Requires: []*analysis.Analyzer{inspect.Analyzer, threadlock.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	locks := pass.ResultOf[threadlock.Analyzer].(*threadlock.Result)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	rep := report.New(pass)
	defer rep.Finish()
	roots := locks.Roots()
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn := cur.Node()
		fl := locks.Flow(fn)
		if fl == nil {
			continue
		}
		// A thread ID read alone is reported only next to a change it
		// names (reading one's own attributes is harmless). A call of a
		// section owner is reported where the owner is defined.
		if fl.Needs&^threadlock.Identity != 0 && fl.NeedsAt != nil && runsUnlocked(pass, locks, fn, fl, roots) && !locks.CallsOwner(fl.NeedsAt) && !lockedByRunner(locks, fn, roots) {
			rep.Reportf(fl.NeedsAt, "%s", needsMessage(fl.NeedsAtIs, funcname.Relative(fl.NeedsVia, pass.Pkg.Name()), deathsigSet(pass, locks, fl)))
		} else if sec := locks.Owner(fn); sec != nil && !lockedByRunner(locks, fn, roots) {
			rep.Reportf(sec.First, "%s", sectionMessage(pass, sec))
		}
		// Only where the thread's identity matters: the function locks,
		// unlocks or changes per-thread state (an unknown deferred call
		// alone gives a flow too).
		if fl.Locks || fl.Effect != threadlock.None || fl.Needs != 0 || fl.Changes != 0 || fl.ChangesOnError || len(fl.Tainted) > 0 {
			selfNS(pass, rep, fn)
		}
	}
	return nil, nil
}

// runsUnlocked reports whether fn is known to start with no lock held, so
// that an unlocked change in it is a bug rather than its callers' duty.
func runsUnlocked(pass *analysis.Pass, locks *threadlock.Result, fn ast.Node, fl *threadlock.Flow, roots map[ast.Node]bool) bool {
	if roots[fn] || threadlock.IsInitOrMain(pass.Pkg, fn) || isTest(pass, fn) {
		return true
	}
	// A function that takes the lock itself but makes the change outside
	// it, unless every caller already holds one. (An unlock helper changes
	// state under its caller's lock: that is how a restore-and-unlock
	// helper works.)
	return fl.Locks && fl.Effect != threadlock.Unlocks && !locks.CalledLocked(fn)
}

// lockedByRunner reports whether fn is a callback that a runner calls
// with the goroutine locked (ns.Do(func(ns.NetNS) error {...})): its
// changes are made on a locked thread, and taintedthread judges what it
// leaves changed. A function also started as a goroutine still runs
// unlocked there.
func lockedByRunner(locks *threadlock.Result, fn ast.Node, roots map[ast.Node]bool) bool {
	if roots[fn] {
		return false
	}
	_, ok := locks.LockedCallback(fn)
	return ok
}

// isTest reports whether fn is a TestXxx, BenchmarkXxx or FuzzXxx function.
func isTest(pass *analysis.Pass, fn ast.Node) bool {
	decl, ok := fn.(*ast.FuncDecl)
	if !ok || decl.Recv != nil || !strings.HasSuffix(pass.Fset.File(decl.Pos()).Name(), "_test.go") {
		return false
	}
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz"} {
		if strings.HasPrefix(decl.Name.Name, prefix) {
			return true
		}
	}
	return false
}

// deathsigSet says where the child started at fl.NeedsAt was given its
// parent-death signal (" set at line 12"), or "".
func deathsigSet(pass *analysis.Pass, locks *threadlock.Result, fl *threadlock.Flow) string {
	if fl.NeedsAtIs&threadlock.ForkSig != 0 {
		if at := locks.DeathsigAt(fl.NeedsAt); at.IsValid() {
			return " set at " + report.Line(pass.Fset, at, fl.NeedsAt.Pos())
		}
	}
	return ""
}

func needsMessage(needs threadlock.State, chain []string, deathsigSet string) string {
	name := "this call"
	if len(chain) > 0 {
		name = chain[0]
	}
	via := "" // the chain after the call the message names
	if len(chain) > 1 {
		via = fmt.Sprintf(" (via %s)", strings.Join(chain[1:], " → "))
	}
	switch {
	case needs&^(threadlock.Identity|threadlock.ForkSig) != 0:
		return fmt.Sprintf("%s changes this thread's %s%s while the goroutine is not locked to its OS thread",
			name, (needs &^ (threadlock.Identity | threadlock.ForkSig)).Noun(), via)
	case needs&threadlock.ForkSig != 0:
		return fmt.Sprintf("%s starts a child with SysProcAttr.Pdeathsig%s%s while the goroutine is not locked to its OS thread",
			name, deathsigSet, via)
	default:
		return fmt.Sprintf("%s reads this thread's ID%s to name its state while the goroutine is not locked to its OS thread",
			name, via)
	}
}

// sectionMessage says which two operations of a section must share a
// thread.
func sectionMessage(pass *analysis.Pass, sec *threadlock.Section) string {
	chain := funcname.Relative(sec.FirstVia, pass.Pkg.Name())
	name, via := "this call", ""
	if len(chain) > 0 {
		name = chain[0]
	}
	if len(chain) > 1 {
		via = fmt.Sprintf(" (via %s)", strings.Join(chain[1:], " → "))
	}
	second := funcname.Relative([]string{sec.SecondName}, pass.Pkg.Name())[0]
	if sec.Deferred {
		second = "the deferred " + second
	}
	line := pass.Fset.Position(sec.Second.Pos()).Line
	switch {
	case sec.FirstIs&^threadlock.Identity == 0:
		return fmt.Sprintf("%s reads this thread's identity%s and %s at line %d relies on it, but the goroutine is not locked",
			name, via, second, line)
	case sec.Restore:
		return fmt.Sprintf("%s changes this thread's %s%s and %s at line %d must undo it on the same thread, but the goroutine is not locked",
			name, sec.FirstIs.Noun(), via, second, line)
	}
	return fmt.Sprintf("%s changes this thread's %s%s and %s at line %d must run on the same thread, but the goroutine is not locked",
		name, sec.FirstIs.Noun(), via, second, line)
}

// selfNS reports "/proc/self/ns/..." literals in a function that locks
// the thread or changes per-thread state, and "/proc/%d/ns/..." formatted
// with the process ID there.
func selfNS(pass *analysis.Pass, rep *report.Reporter, fn ast.Node) {
	body := threadlock.Body(fn)
	if body == nil {
		return
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // judged with its own flow
		}
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		tv, ok := pass.TypesInfo.Types[lit]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return true
		}
		val := constant.StringVal(tv.Value)
		if (strings.HasPrefix(val, "/proc/self/ns/") || strings.HasPrefix(val, "/proc/%d/ns/")) && !opensPath(pass, body, lit) {
			return true // only stored or compared: it names no namespace yet
		}
		switch {
		case strings.HasPrefix(val, "/proc/self/ns/"):
			fixed := strings.Replace(lit.Value, "/proc/self/ns/", "/proc/thread-self/ns/", 1)
			rep.Report(analysis.Diagnostic{
				Pos: lit.Pos(), End: lit.End(),
				Message: fmt.Sprintf("%s names the namespace of the process's main thread, not of this locked thread", val),
				SuggestedFixes: []analysis.SuggestedFix{{
					Message:   "Use /proc/thread-self/ns/",
					TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(fixed)}},
				}},
			})
		case strings.HasPrefix(val, "/proc/%d/ns/") && formatsPid(pass, body, lit):
			rep.Reportf(lit, "%s formatted with os.Getpid names the namespace of the process's main thread, not of this locked thread", val)
		}
		return true
	})
}

// nsPathFuncs open, stat or mount a path given as an argument; a
// namespace path passed to them names the namespace it is read in.
// (Passed to a command, as nsenter's -n/proc/self/ns/net, it names the
// child's namespace, which the child got from the forking thread.)
var nsPathFuncs = map[string]bool{
	"os.Open": true, "os.OpenFile": true, "os.ReadFile": true, "os.Stat": true, "os.Lstat": true, "os.Readlink": true,
	"syscall.Open": true, "syscall.Openat": true, "syscall.Stat": true, "syscall.Lstat": true, "syscall.Readlink": true, "syscall.Mount": true,
	"golang.org/x/sys/unix.Open": true, "golang.org/x/sys/unix.Openat": true, "golang.org/x/sys/unix.Openat2": true,
	"golang.org/x/sys/unix.Stat": true, "golang.org/x/sys/unix.Lstat": true, "golang.org/x/sys/unix.Readlink": true,
	"golang.org/x/sys/unix.Mount":                                 true,
	"github.com/vishvananda/netns.GetFromPath":                    true,
	"github.com/containernetworking/plugins/pkg/ns.GetNS":         true,
	"github.com/containernetworking/plugins/pkg/ns.WithNetNSPath": true,
}

// opensPath reports whether lit reaches an argument of a call of
// nsPathFuncs in body: directly, inside a concatenation or fmt.Sprintf,
// or through local variables assigned an expression holding it.
func opensPath(pass *analysis.Pass, body *ast.BlockStmt, lit *ast.BasicLit) bool {
	info := pass.TypesInfo
	vars := make(map[types.Object]bool)
	holds := func(e ast.Node) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				found = found || n == lit
			case *ast.Ident:
				found = found || vars[info.Uses[n]]
			}
			return !found
		})
		return found
	}
	add := func(id *ast.Ident, rhs ast.Expr) bool {
		obj := info.ObjectOf(id)
		if obj == nil || vars[obj] || !holds(rhs) {
			return false
		}
		vars[obj] = true
		return true
	}
	for grew := true; grew; {
		grew = false
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && len(n.Lhs) == len(n.Rhs) {
						grew = add(id, n.Rhs[i]) || grew
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if len(n.Names) == len(n.Values) {
						grew = add(id, n.Values[i]) || grew
					}
				}
			}
			return true
		})
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && nsPathFuncs[fn.FullName()] {
				for _, a := range call.Args {
					found = found || holds(a)
				}
			}
		}
		return !found
	})
	return found
}

// formatsPid reports whether lit is the format of a call whose arguments
// include os.Getpid() or syscall/unix Getpid().
func formatsPid(pass *analysis.Pass, body *ast.BlockStmt, lit *ast.BasicLit) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || len(call.Args) < 2 || call.Args[0] != lit {
			return !found
		}
		for _, arg := range call.Args[1:] {
			if c, ok := ast.Unparen(arg).(*ast.CallExpr); ok {
				if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Getpid" {
					if fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil {
						switch fn.Pkg().Path() {
						case "os", "syscall", "golang.org/x/sys/unix":
							found = true
						}
					}
				}
			}
		}
		return !found
	})
	return found
}
