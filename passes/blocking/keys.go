package blocking

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// Key returns the index of the parameter of fn whose value is the key of
// the per-key lock that every unbounded thread-holding call of fn runs
// under (see blockFact.Key): concurrent calls passing the same key hold
// one thread between them.
func (r *Result) Key(fn *types.Func) (int, bool) {
	if f := r.lookup(fn); f != nil && f.Key > 0 {
		return f.Key - 1, true
	}
	return 0, false
}

// findKeys sets Key on the facts of the functions that qualify, once the
// facts are final: first those that lock a per-key lock themselves, then,
// round by round, those that call them passing a parameter as the key.
// Keys are only ever added, so the rounds end. infer skips packages that
// call no per-key lock and no keyed function (see scanUses).
func (r *Result) findKeys(order []*types.Func, bodies map[*types.Func]*ast.BlockStmt) {
	for changed := true; changed; {
		changed = false
		for _, fn := range order {
			f := r.facts[fn]
			if f == nil || f.Bounded || f.Key > 0 {
				continue
			}
			if i, ok := r.keyParam(fn, bodies[fn]); ok {
				c := *f
				c.Key = i + 1
				r.facts[fn] = &c
				changed = true
			}
		}
	}
}

// keyParam returns the parameter of fn that keys every call in body whose
// fact is unbounded and that no token or mutex of fn bounds: the call
// comes after a per-key Lock on that parameter, or is of a keyed function
// passing that parameter as the key.
func (r *Result) keyParam(fn *types.Func, body *ast.BlockStmt) (int, bool) {
	info := r.pass.TypesInfo
	params := fn.Signature().Params()
	fixed := fixedParams(info, params, body)
	paramOf := func(e ast.Expr) int { // -1: not a fixed parameter
		if id, ok := astutil.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && fixed[v] {
				for i := range params.Len() {
					if params.At(i) == v {
						return i
					}
				}
			}
		}
		return -1
	}
	guards := findGuards(info, body)
	key, lockKey := -1, -1 // the key found so far; that of the latest per-key Lock
	ok := true
	eachCall(body, func(call *ast.CallExpr) bool {
		c, callee := r.classify(call)
		if callee != nil {
			c = r.localCall(callee, call.Fun)
		}
		callKey := lockKey
		if fn := typeutil.StaticCallee(info, call); fn != nil {
			if keyedLocks[fn.Origin().FullName()] && len(call.Args) == 1 {
				lockKey = paramOf(call.Args[0])
				return true
			}
			if k, keyed := r.Key(fn); keyed && k < len(call.Args) && !isMethodExpr(info, call) {
				if p := paramOf(call.Args[k]); p >= 0 {
					callKey = p
				}
			}
		}
		if c == nil || c.Bounded || guards.hold(call.Pos()) {
			return true
		}
		if callKey < 0 || key >= 0 && key != callKey {
			ok = false
			return false
		}
		key = callKey
		return true
	})
	return key, ok && key >= 0
}

// fixedParams returns the parameters that body never assigns nor takes
// the address of.
func fixedParams(info *types.Info, params *types.Tuple, body *ast.BlockStmt) map[*types.Var]bool {
	fixed := make(map[*types.Var]bool)
	for i := range params.Len() {
		fixed[params.At(i)] = true
	}
	unfix := func(e ast.Expr) {
		if id, ok := astutil.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				delete(fixed, v)
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				unfix(lhs)
			}
		case *ast.IncDecStmt:
			unfix(n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				unfix(n.Key)
				unfix(n.Value)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				unfix(n.X)
			}
		}
		return true
	})
	return fixed
}

// isMethodExpr reports whether call calls a method expression (T.M(recv,
// args)), whose arguments are shifted by the receiver.
func isMethodExpr(info *types.Info, call *ast.CallExpr) bool {
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok {
			return s.Kind() == types.MethodExpr
		}
	}
	return false
}
