package lockosthread

import (
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/passes/threadlock"
)

// A function that returns with the thread locked is taken for a lock
// helper, which hands the obligation to unlock to its callers. When the
// package pairs a lock helper with its release at most of its call sites,
// a caller that keeps the lock without looking like a lock helper itself
// deviates from that use and is reported: see the "deviant callers"
// paragraph of doc.go.

// usage is how the package's functions use one lock helper.
type usage struct {
	released []*ast.CallExpr // calls after which the lock is undone on every path, or handed back
	kept     int             // calls left held on some path by a function that is not a deliberate lock helper
}

// keeper is a call of a lock helper whose lock the calling function
// returns with, as a lock helper of its own.
type keeper struct {
	helper *types.Func
	fn     ast.Node
	fl     *threadlock.Flow
	leak   threadlock.Leak
}

// deviance answers, for the lock helpers of one package, which callers
// keep a lock that the package otherwise releases.
type deviance struct {
	pass    *analysis.Pass
	locks   *threadlock.Result
	insp    *inspector.Inspector
	roots   map[ast.Node]bool
	uses    map[*types.Func]*usage // nil until needed
	deviant map[*ast.CallExpr]*usage
}

// check returns, for a leak of a function that returns locked, the usage
// of the helper it calls when the call deviates from it, or nil.
func (d *deviance) check(l threadlock.Leak) (*types.Func, *usage) {
	if len(l.Via) <= 1 {
		return nil, nil // runtime.LockOSThread itself
	}
	if d.uses == nil {
		d.collect()
	}
	u := d.deviant[l.Lock]
	if u == nil {
		return nil, nil
	}
	return helperOf(d.pass, l.Lock), u
}

// collect classifies every lock helper call of the package by what its
// function does with the lock.
func (d *deviance) collect() {
	d.uses = make(map[*types.Func]*usage)
	d.deviant = make(map[*ast.CallExpr]*usage)
	use := func(h *types.Func) *usage {
		u := d.uses[h]
		if u == nil {
			u = new(usage)
			d.uses[h] = u
		}
		return u
	}
	var keepers []keeper
	for cur := range d.insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn := cur.Node()
		fl := d.locks.Flow(fn)
		if fl == nil {
			continue
		}
		leaks := make(map[*ast.CallExpr]threadlock.Leak)
		for _, l := range fl.Leaks {
			leaks[l.Lock] = l
		}
		for _, l := range fl.Loops {
			leaks[l.Lock] = l
		}
		for _, call := range fl.LockCalls {
			h := helperOf(d.pass, call)
			if h == nil {
				continue
			}
			l, leaked := leaks[call]
			switch {
			case !leaked:
				use(h).released = append(use(h).released, call)
			case l.Tainted, d.roots[fn], d.locks.MainLike(fn):
				// Kept on purpose.
			case l.Return != nil && fl.Effect == threadlock.ReturnsLocked && l.Outer == nil && l.Handed == 0:
				keepers = append(keepers, keeper{helper: h, fn: fn, fl: fl, leak: l})
			default:
				use(h).kept++ // reported already (not undone on every path, nested, in a loop)
			}
		}
	}
	var deviant []keeper
	for _, k := range keepers {
		if !d.deliberate(k) {
			use(k.helper).kept++
			deviant = append(deviant, k)
		}
	}
	// At least twice as many calls release the lock as keep it (so at
	// least two, the deviant one being among those that keep it).
	for _, k := range deviant {
		if u := d.uses[k.helper]; len(u.released) >= 2*u.kept {
			d.deviant[k.leak.Lock] = u
		}
	}
}

// deliberate reports whether a function that returns locked is meant to:
// a function literal (which has no name or doc comment, and may be run on
// a goroutine of its own by whatever it is passed to), a conditional lock
// helper, one whose name or doc comment speaks of locking, or one that
// other call sites of the package release. (One that hands back its
// unlock does not keep the lock.)
func (d *deviance) deliberate(k keeper) bool {
	decl, ok := k.fn.(*ast.FuncDecl)
	if !ok || k.fl.Cond || lockWords(decl.Name.Name) || lockWords(decl.Doc.Text()) {
		return true
	}
	fn, _ := d.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	return fn == nil || d.uses[fn] != nil && len(d.uses[fn].released) > 0
}

// lockWords reports whether s mentions locking, pinning, wiring or
// acquiring, as a lock helper's name or doc comment does.
func lockWords(s string) bool {
	s = strings.ToLower(s)
	for _, w := range []string{"lock", "pin", "wire", "acquire"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// helperOf returns the function a lock call calls, unless it is
// runtime.LockOSThread, or nil.
func helperOf(pass *analysis.Pass, call *ast.CallExpr) *types.Func {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || isRuntimeLock(pass, call) {
		return nil
	}
	return fn.Origin()
}

// deviantDiagnostic reports the call l.Lock of helper h in fn, which
// returns with its lock held where the package's other call sites
// release it.
func deviantDiagnostic(pass *analysis.Pass, fn ast.Node, l threadlock.Leak, h *types.Func, u *usage) analysis.Diagnostic {
	name := fn.(*ast.FuncDecl).Name.Name
	if obj, ok := pass.TypesInfo.Defs[fn.(*ast.FuncDecl).Name].(*types.Func); ok {
		name = funcname.Display(obj, pass.Pkg) // (*T).M for a method
	}
	helper := funcname.Display(h, pass.Pkg)
	total := len(u.released) + u.kept
	var sites []string
	for i, call := range u.released {
		if i == 3 {
			sites = append(sites, "…")
			break
		}
		sites = append(sites, siteDesc(pass, l.Lock, call))
	}
	via := funcname.Relative(l.Via, pass.Pkg.Name())
	d := analysis.Diagnostic{
		Pos: l.Lock.Pos(), End: l.Lock.End(),
		Message: fmt.Sprintf("%s returns with the lock %s takes%s held, while %d of the %d calls of %s release it (%s)",
			name, helper, viaAfter(via), len(u.released), total, helper, strings.Join(sites, ", ")),
		Related: related(fn, l.Return, "returns with the OS thread still locked"),
	}
	for i, call := range u.released {
		if i == 3 {
			break
		}
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: call.Pos(), End: call.End(), Message: "a call whose lock is released"})
	}
	return d
}

// siteDesc names the place of call for a diagnostic at from: "line 12",
// or "other.go:12" in another file.
func siteDesc(pass *analysis.Pass, from, call *ast.CallExpr) string {
	p, q := pass.Fset.Position(call.Pos()), pass.Fset.Position(from.Pos())
	if p.Filename == q.Filename {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}
