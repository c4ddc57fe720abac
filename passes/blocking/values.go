package blocking

import (
	"go/ast"
	"go/types"

	"github.com/syscallvet/syscallvet/internal/assigns"
	"github.com/syscallvet/syscallvet/internal/funcname"
)

// A node is what infer computes a fact for: a function declared in this
// package (*types.Func), a function-valued variable or struct field whose
// every value the package shows (*types.Var, see funcVars), or a function
// literal among those values (*ast.FuncLit).
type node any

// A funcVar is a function-valued variable or field of this package whose
// every assigned value is known: a function, a function literal, or
// another such variable. A call through it holds a thread when a call of
// each of its values does.
type funcVar struct {
	values []value
}

// A value is one function a funcVar may hold.
type value struct {
	local node       // a function, literal or funcVar of this package; nil for fixed
	fixed *blockFact // the fact of a seed or another package's function (nil: it does not block)
	expr  ast.Expr   // the value as written, which names a variable in the chain
}

// valueFact returns the fact that a call of val gives the caller.
func (r *Result) valueFact(val value) *blockFact {
	switch n := val.local.(type) {
	case nil:
		return val.fixed
	case *ast.FuncLit:
		return r.lits[n]
	default:
		return r.localCall(n, val.expr)
	}
}

// varFact returns the fact of a call through v: the least bad of its
// values' facts (any of them may be the one called), or nil unless every
// value blocks.
func (r *Result) varFact(v *types.Var) *blockFact {
	var least *blockFact
	for i, val := range r.funcVars[v].values {
		f := r.valueFact(val)
		if f == nil {
			return nil
		}
		if i == 0 || least.worse(f) {
			least = f
		}
	}
	return least
}

// localCall returns the fact that a call of n, a function or funcVar of
// this package, gives the caller; fun is the called expression, which
// names a variable in the chain (c.load).
func (r *Result) localCall(n node, fun ast.Expr) *blockFact {
	switch n := n.(type) {
	case *types.Func:
		if f := r.facts[n]; f != nil {
			return r.callOf(n, f)
		}
	case *types.Var:
		if f := r.vars[n]; f != nil {
			return f.through(types.ExprString(fun))
		}
	}
	return nil
}

// findFuncVars fills r.funcVars with the package's function-valued
// variables and fields whose every value is known. infer calls it only
// when the package refers to a function-valued variable or field of its
// own (see scanUses).
func (r *Result) findFuncVars() {
	pass := r.pass
	vals := assigns.Package(pass.Pkg, pass.Files, pass.TypesInfo, isFunc)
	r.funcVars = make(map[*types.Var]*funcVar)
	done := make(map[*types.Var]bool) // resolved, or being resolved
	var resolve func(v *types.Var) bool
	resolve = func(v *types.Var) bool {
		if done[v] {
			return r.funcVars[v] != nil // false while in progress: a cycle
		}
		done[v] = true
		exprs, ok := vals.Every(v)
		if !ok {
			return false
		}
		fv := &funcVar{}
		for _, e := range exprs {
			e = ast.Unparen(e)
			if tv, ok := pass.TypesInfo.Types[e]; ok && tv.IsNil() {
				continue // calling nil panics: no value
			}
			val := value{expr: e}
			if lit, ok := e.(*ast.FuncLit); ok {
				val.local = lit
			} else if fn := funcname.Ref(pass.TypesInfo, e); fn != nil {
				fn = fn.Origin()
				if fn.Pkg() == pass.Pkg && r.seed(fn) == nil {
					val.local = fn
				} else if f := r.lookup(fn); f != nil {
					val.fixed = r.callOf(fn, f)
				}
			} else if w := assigns.Target(pass.TypesInfo, e); w != nil && resolve(w) {
				val.local = w
			} else {
				return false
			}
			fv.values = append(fv.values, val)
		}
		if len(fv.values) == 0 {
			return false
		}
		r.funcVars[v] = fv
		return true
	}
	for _, v := range vals.Vars() {
		resolve(v)
	}
}

// isFunc reports whether v holds a function.
func isFunc(v *types.Var) bool {
	_, ok := v.Type().Underlying().(*types.Signature)
	return ok
}

// BlocksVar is Blocks for a call through v, a function-valued variable or
// struct field of this package whose every value the package shows
// (assigned os.ReadFile, or closures that read files): it blocks when a
// call of each value does. The chain starts with the value that blocks
// least. Variables and fields that other packages or callers may set
// (parameters, exported fields of exported types) never block.
func (r *Result) BlocksVar(v *types.Var) (Kind, []string, bool) {
	if f := r.vars[v.Origin()]; f != nil {
		return f.Kind, funcname.Relative(f.Via, r.pass.Pkg.Name()), true
	}
	return 0, nil, false
}

// BoundedVar is Bounded for a call through v (see BlocksVar).
func (r *Result) BoundedVar(v *types.Var) bool {
	f := r.vars[v.Origin()]
	return f != nil && f.Bounded
}

// WeakVar is Weak for a call through v (see BlocksVar).
func (r *Result) WeakVar(v *types.Var) bool {
	f := r.vars[v.Origin()]
	return f != nil && f.Weak
}
