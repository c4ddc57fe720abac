package threadlock

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/funcname"
)

// A Callback is a function passed to a runner: a function that calls it
// with the goroutine locked and then unlocks.
type Callback struct {
	Call *ast.CallExpr // the call of the runner
	Arg  ast.Expr      // the argument: a literal, a function's name, a variable holding a literal
	// Fn is the callback's *ast.FuncLit or *ast.FuncDecl in this package,
	// or nil for another package's function.
	Fn       ast.Node
	Runner   string // the runner as diagnostics show it: ns.Do
	Restores State  // the kinds the runner puts back before unlocking
	// Leaves are the kinds the callback leaves changed that the runner
	// does not restore: the thread goes back to the scheduler with them.
	// A change the callback undoes itself, or leaves only when it returns
	// an error, is not among them; nor is anything of a callback that
	// locks or unlocks on balance.
	Leaves State
	// At is, in a literal, the first call that changes a kind of Leaves;
	// nil for a named function. Via is the chain of that change: for a
	// named function, starting with its name.
	At  *ast.CallExpr
	Via []string
}

// Callbacks returns the callbacks passed to runners in this package, in
// source order. The slice must not be modified.
func (r *Result) Callbacks() []Callback {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.computeCallbacks()
}

func (r *Result) computeCallbacks() []Callback {
	if r.callbacks != nil || !r.active {
		return r.callbacks
	}
	r.callbacks = []Callback{}
	info := r.pass.TypesInfo
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			for _, br := range r.boundRuns(call) {
				if !br.locked || br.arg == nil {
					continue
				}
				runner := "func literal"
				if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
					runner = funcname.Display(fn, r.pass.Pkg) // ns.NetNS.Do for an interface method
				} else if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
					runner = id.Name
				}
				for _, cb := range r.callbacksOf(br.arg) {
					cb.Call, cb.Arg, cb.Runner, cb.Restores = call, br.arg, runner, br.restores
					r.leaves(&cb)
					r.callbacks = append(r.callbacks, cb)
				}
			}
			return true
		})
	}
	return r.callbacks
}

// callbacksOf returns the functions an argument passes: a literal, a
// named function, or the literals a local variable holds.
func (r *Result) callbacksOf(arg ast.Expr) []Callback {
	info := r.pass.TypesInfo
	switch e := ast.Unparen(arg).(type) {
	case *ast.FuncLit:
		return []Callback{{Fn: e}}
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			var out []Callback
			for _, rhs := range r.assigned(v) {
				if lit, ok := ast.Unparen(rhs).(*ast.FuncLit); ok {
					out = append(out, Callback{Fn: lit})
				}
			}
			return out
		}
	}
	if fn := funcname.Ref(info, arg); fn != nil {
		if sig := fn.Type().(*types.Signature); sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
			return nil
		}
		name := funcname.Display(fn, nil)
		cb := Callback{Via: []string{name}}
		if decl := r.decls[fn.Origin()]; decl != nil {
			cb.Fn = decl
		} else {
			f := r.summary(fn)
			if f.Effect == None && !f.ChangesOnError {
				cb.Leaves = f.Changes
			}
			if f.Changes == f.Needs {
				cb.Via = funcname.Prepend(name, f.StateVia) // the first need is a change: its chain
			}
		}
		return []Callback{cb}
	}
	return nil
}

// leaves fills cb.Leaves, At and Via.
func (r *Result) leaves(cb *Callback) {
	if cb.Fn == nil {
		cb.Leaves &^= cb.Restores
		return
	}
	fl := r.flow(cb.Fn)
	if fl == nil || fl.Effect != None {
		return
	}
	cb.Leaves = fl.ChangesOK & tainting &^ cb.Restores
	for _, sc := range fl.Changed {
		if sc.State&cb.Leaves != 0 {
			if _, named := cb.Fn.(*ast.FuncDecl); named {
				cb.Via = funcname.Prepend(cb.Via[0], sc.Via)
			} else {
				cb.At, cb.Via = sc.Call, sc.Via
			}
			break
		}
	}
}

// LockedCallback reports whether fn, a *ast.FuncLit or *ast.FuncDecl of
// this package, is passed to a runner that calls it with the goroutine
// locked, and names the first such runner. (A named function may also be
// called elsewhere, unlocked: its callers are checked there.)
func (r *Result) LockedCallback(fn ast.Node) (runner string, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lockedCallback(fn)
}

func (r *Result) lockedCallback(fn ast.Node) (runner string, ok bool) {
	for _, cb := range r.computeCallbacks() {
		if cb.Fn == fn {
			return cb.Runner, true
		}
	}
	return "", false
}
