package blocking

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
)

// KeyArg returns the argument that call passes as the key of the per-key
// lock that every unbounded thread-holding call of its callee runs under
// (see blockFact.Key), and the variable the lock is reached from: the
// receiver's or an argument's (d for d.Get(id), s for s.driver.Get(id)),
// or nil when it is a package-level variable's, the same for every call.
// Concurrent calls passing the same key and the same lock hold one thread
// between them. key is nil when the callee is not keyed, or when the call
// does not show the lock's variable (newDriver().Get(id)).
func (r *Result) KeyArg(call *ast.CallExpr) (key ast.Expr, lock *types.Var) {
	key, owner, ok := r.keyArgs(call)
	if !ok {
		return nil, nil
	}
	return r.keyLock(key, owner)
}

// KeyHeld returns the key and the lock's variable, as KeyArg does, of the
// latest per-key Lock that body holds at call (see held): body takes the
// lock itself, as a goroutine's function literal may.
func (r *Result) KeyHeld(body *ast.BlockStmt, call *ast.CallExpr) (key ast.Expr, lock *types.Var) {
	key, owner := keyAt(keyedSpans(r.pass.TypesInfo, body), call.Pos())
	if key == nil {
		return nil, nil
	}
	return r.keyLock(key, owner)
}

// keyLock returns KeyArg's answer for a key and the expression its lock
// is reached from (nil for a package-level variable's lock).
func (r *Result) keyLock(key, owner ast.Expr) (ast.Expr, *types.Var) {
	if owner == nil {
		return key, nil
	}
	v := lockVar(r.pass.TypesInfo, owner)
	if v == nil {
		return nil, nil
	}
	if isGlobal(v) {
		return key, nil
	}
	return key, v
}

// keyArgs returns, for a call of a keyed function, the argument passed as
// the key and the expression the lock is reached from: the receiver or
// an argument, nil for a package-level variable's lock.
func (r *Result) keyArgs(call *ast.CallExpr) (key, owner ast.Expr, ok bool) {
	info := r.pass.TypesInfo
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return nil, nil, false
	}
	f := r.lookup(fn)
	if f == nil || f.Key == 0 || f.Key > len(call.Args) {
		return nil, nil, false
	}
	var recv ast.Expr
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok {
			if s.Kind() == types.MethodExpr {
				return nil, nil, false // T.M(recv, key): arguments shifted
			}
			recv = sel.X
		}
	}
	key = call.Args[f.Key-1]
	switch {
	case f.Lock == lockGlobal:
		return key, nil, true
	case f.Lock == lockRecv && recv != nil:
		return key, recv, true
	case f.Lock > 0 && f.Lock <= len(call.Args):
		return key, call.Args[f.Lock-1], true
	}
	return nil, nil, false
}

// lockVar returns the variable that a lock, or the value a lock is
// reached from, is found in: d for d, d.locker, &d, *d; nil for other
// expressions (lockers[i], newLocker()).
func lockVar(info *types.Info, e ast.Expr) *types.Var {
	switch e := astutil.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := info.Uses[e].(*types.Var)
		return v
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok {
			if s.Kind() == types.FieldVal {
				return lockVar(info, e.X)
			}
			return nil
		}
		v, _ := info.Uses[e.Sel].(*types.Var) // pkg.V
		return v
	case *ast.StarExpr:
		return lockVar(info, e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return lockVar(info, e.X)
		}
	}
	return nil
}

func isGlobal(v *types.Var) bool { return v.Pkg() != nil && v.Parent() == v.Pkg().Scope() }

// findKeys sets Key on the facts of the functions that qualify, once the
// facts are final: first those that lock a per-key lock themselves, then,
// round by round, those that call them passing a parameter as the key.
// Keys are only ever added, so the rounds end. infer skips packages that
// call no per-key lock and no keyed function (see scanUses).
func (r *Result) findKeys(order []*types.Func, bodies map[*types.Func]*ast.BlockStmt) {
	params := assigns.Package(r.pass.Pkg, r.pass.Files, r.pass.TypesInfo, func(v *types.Var) bool {
		return v.Kind() == types.ParamVar || v.Kind() == types.RecvVar
	})
	for changed := true; changed; {
		changed = false
		for _, fn := range order {
			f := r.facts[fn]
			if f == nil || f.Bounded || f.Key > 0 {
				continue
			}
			if key, lock, ok := r.keyParam(fn, bodies[fn], params); ok {
				c := *f
				c.Key, c.Lock = key, lock
				r.facts[fn] = &c
				changed = true
			}
		}
	}
}

// keyParam returns the parameter of fn (its number plus one) that keys
// every call in body whose fact is unbounded and that no token or mutex
// of fn bounds, and whose lock it is (see blockFact.Lock): the call runs
// while a per-key Lock on that parameter holds (see held), or is of a
// keyed function passing that parameter as the key. The key and the
// lock's parameter or receiver must keep their incoming values (params
// records what the package assigns to parameters and receivers).
func (r *Result) keyParam(fn *types.Func, body *ast.BlockStmt, params *assigns.Values) (key, lock int, ok bool) {
	info := r.pass.TypesInfo
	sig := fn.Signature()
	// index returns the number plus one of a parameter v, or lockRecv for
	// the receiver, when it keeps its incoming value; 0 otherwise.
	index := func(v *types.Var) int {
		if vals := params.Assigned(v); len(vals) != 1 || vals[0] != assigns.Unknown {
			return 0
		}
		if v == sig.Recv() {
			return lockRecv
		}
		for i := range sig.Params().Len() {
			if sig.Params().At(i) == v {
				return i + 1
			}
		}
		return 0
	}
	keyOf := func(e ast.Expr) int {
		if id, ok := astutil.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				return max(index(v), 0)
			}
		}
		return 0
	}
	lockOf := func(e ast.Expr) int {
		if e == nil {
			return lockGlobal
		}
		v := lockVar(info, e)
		switch {
		case v == nil:
			return 0
		case isGlobal(v):
			return lockGlobal
		}
		return index(v)
	}
	guards := findGuards(info, body)
	keyed := keyedSpans(info, body)
	ok = true
	eachCall(body, func(call *ast.CallExpr) bool {
		c, callee := r.classify(call)
		if callee != nil {
			c = r.localCall(callee, call.Fun)
		}
		if c == nil || c.Bounded || guards.hold(call.Pos()) {
			return true
		}
		k, l := 0, 0
		if heldKey, owner := keyAt(keyed, call.Pos()); heldKey != nil {
			k, l = keyOf(heldKey), lockOf(owner)
		}
		if argKey, owner, isKeyed := r.keyArgs(call); isKeyed {
			if ak, al := keyOf(argKey), lockOf(owner); ak > 0 && al != 0 {
				k, l = ak, al
			}
		}
		if k == 0 || l == 0 || key > 0 && (k != key || l != lock) {
			ok = false
			return false
		}
		key, lock = k, l
		return true
	})
	return key, lock, ok && key > 0
}

// keyedSpans finds where body holds per-key locks (see held).
func keyedSpans(info *types.Info, body *ast.BlockStmt) []span {
	return held(body, func(call *ast.CallExpr) (string, bool) { return keyedLock(info, call) })
}

// keyAt returns the key, and the expression the lock is reached from, of
// the latest per-key Lock of keyed holding at pos, or nils.
func keyAt(keyed []span, pos token.Pos) (key, owner ast.Expr) {
	for _, sp := range keyed {
		if sp.from < pos && pos < sp.to {
			key, owner = sp.take.Args[0], astutil.Unparen(sp.take.Fun).(*ast.SelectorExpr).X
		}
	}
	return key, owner
}

// keyedLock returns the receiver and key, as written, of a call that
// takes (take) or releases a per-key lock (see keyedLocks), or "".
func keyedLock(info *types.Info, call *ast.CallExpr) (name string, take bool) {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || len(call.Args) != 1 || fn.Name() != "Lock" && fn.Name() != "Unlock" {
		return "", false
	}
	take, ok := keyedLocks[fn.Origin().FullName()]
	sel, isSel := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !isSel {
		return "", false
	}
	return types.ExprString(sel.X) + "(" + types.ExprString(call.Args[0]) + ")", take
}
