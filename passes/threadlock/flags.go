package threadlock

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/cfg"
)

// Unlocks guarded by a flag. A function that must keep its thread locked
// when a restore fails, but unlocks in a deferred call, guards that call
// with a local flag and clears the flag where the restore fails:
//
//	runtime.LockOSThread()
//	unlock := true
//	defer func() {
//		if unlock {
//			runtime.UnlockOSThread()
//		}
//	}()
//	...
//	defer func() {
//		if err := netns.Set(orig); err != nil {
//			unlock = false
//		}
//	}()
//
// The builder follows such flags: their constant assignments in the
// function's body along each path, and, when the deferred calls run, the
// assignments of deferred literals that restore state and set the flag
// when the restore fails. A guarded deferred unlock runs unless the flag
// is known to hold the other value. A flag also written in another
// function literal, or whose address is taken, is not followed: the
// unlock it guards counts as unconditional.

// maxFlags bounds the flags followed per function (two bits each in
// state.flags).
const maxFlags = 4

// A flagTest is a flag (1 + its index in builder.flagVars; 0: none) and a
// value: for a guarded unlock, the value under which it runs; for a
// restore, the value it assigns when it fails.
type flagTest struct {
	flag uint8
	val  bool
}

// flagVal is what one path knows of a flag.
type flagVal uint8

const (
	flagUnknown flagVal = iota
	flagFalse
	flagTrue
)

func knownFlag(v bool) flagVal {
	if v {
		return flagTrue
	}
	return flagFalse
}

func (s *state) setFlag(flag uint8, v flagVal) {
	shift := 2 * (flag - 1)
	s.flags = s.flags&^(3<<shift) | uint8(v)<<shift
}

// runs reports whether an unlock guarded by t may run on this path.
func (s *state) runs(t flagTest) bool {
	if t.flag == 0 {
		return true
	}
	v := flagVal(s.flags >> (2 * (t.flag - 1)) & 3)
	return v == flagUnknown || v == knownFlag(t.val)
}

// findFlags finds, before the events are scanned, the deferred literals
// of the function whose unlock a local flag guards, and the deferred
// literals that set such a flag when their restore fails.
func (b *builder) findFlags(g *cfg.CFG) {
	var lits []*ast.DeferStmt
	for _, blk := range g.Blocks {
		for _, n := range blk.Nodes {
			if d, ok := n.(*ast.DeferStmt); ok {
				if _, ok := astutil.Unparen(d.Call.Fun).(*ast.FuncLit); ok && len(d.Call.Args) == 0 {
					lits = append(lits, d)
				}
			}
		}
	}
	for _, d := range lits {
		if v, val, ok := b.unlockGuard(d.Call.Fun.(*ast.FuncLit)); ok {
			if i := b.flagIndex(v); i > 0 {
				b.guards[d.Call] = flagTest{i, val}
			}
		}
	}
	if len(b.flagVars) == 0 {
		return
	}
	modelled := make(map[*ast.FuncLit]bool)
	for _, d := range lits {
		lit := astutil.Unparen(d.Call.Fun).(*ast.FuncLit)
		if _, ok := b.guards[d.Call]; ok {
			modelled[lit] = true
		} else if t, ok := b.failureFlag(lit); ok {
			b.onFail[d.Call] = t
			modelled[lit] = true
		}
	}
	// A flag written where the events cannot see it is not followed.
	bad := make(map[uint8]bool)
	for _, blk := range g.Blocks {
		for _, n := range blk.Nodes {
			ast.Inspect(n, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					if !modelled[n] {
						b.flagWrites(n.Body, bad)
					}
					return false
				case *ast.UnaryExpr:
					if n.Op == token.AND {
						if i := b.flagOf(n.X); i > 0 {
							bad[i] = true
						}
					}
				}
				return true
			})
		}
	}
	for call, t := range b.guards {
		if bad[t.flag] {
			delete(b.guards, call)
		}
	}
	for call, t := range b.onFail {
		if bad[t.flag] {
			delete(b.onFail, call)
		}
	}
}

// flagWrites marks in bad the flags n assigns or takes the address of.
func (b *builder) flagWrites(n ast.Node, bad map[uint8]bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if i := b.flagOf(lhs); i > 0 {
					bad[i] = true
				}
			}
		case *ast.UnaryExpr:
			if i := b.flagOf(n.X); i > 0 && n.Op == token.AND {
				bad[i] = true
			}
		}
		return true
	})
}

// flagIndex returns 1 + the index of v among the followed flags, adding
// it if there is room, or 0.
func (b *builder) flagIndex(v *types.Var) uint8 {
	for i, w := range b.flagVars {
		if w == v {
			return uint8(i + 1)
		}
	}
	if len(b.flagVars) == maxFlags {
		return 0
	}
	b.flagVars = append(b.flagVars, v)
	return uint8(len(b.flagVars))
}

// flagOf returns 1 + the index of the followed flag e names, or 0.
func (b *builder) flagOf(e ast.Expr) uint8 {
	id, ok := astutil.Unparen(e).(*ast.Ident)
	if !ok {
		return 0
	}
	obj := b.r.pass.TypesInfo.ObjectOf(id)
	for i, v := range b.flagVars {
		if v == obj {
			return uint8(i + 1)
		}
	}
	return 0
}

// unlockGuard recognises a literal whose every unlock sits in "if v {...}"
// (or "if !v {...}") at the top of its body, v a local bool variable of
// the enclosing function, and returns v and the value under which the
// unlock runs.
func (b *builder) unlockGuard(lit *ast.FuncLit) (*types.Var, bool, bool) {
	fl := b.r.flow(lit)
	if fl == nil || fl.Effect != Unlocks {
		return nil, false, false
	}
	var guard *ast.IfStmt
	var v *types.Var
	var val bool
	for _, st := range lit.Body.List {
		ifs, ok := st.(*ast.IfStmt)
		if !ok || ifs.Init != nil {
			continue
		}
		if w, want, ok := b.boolVar(ifs.Cond, lit); ok {
			guard, v, val = ifs, w, want
			break
		}
	}
	if guard == nil {
		return nil, false, false
	}
	// Every unlock of the literal is inside the guarded branch.
	inside := true
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if b.r.classify(n).effect == Unlocks {
				if n.Pos() < guard.Body.Pos() || n.End() > guard.Body.End() {
					inside = false
				}
			}
		}
		return inside
	})
	return v, val, inside
}

// boolVar returns the variable of a condition "v" or "!v", v a local bool
// variable declared outside lit, and the value for which it holds.
func (b *builder) boolVar(cond ast.Expr, lit *ast.FuncLit) (*types.Var, bool, bool) {
	want := true
	cond = astutil.Unparen(cond)
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		want, cond = false, astutil.Unparen(u.X)
	}
	id, ok := cond.(*ast.Ident)
	if !ok {
		return nil, false, false
	}
	v, ok := b.r.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() ||
		(v.Pos() >= lit.Pos() && v.Pos() < lit.End()) {
		return nil, false, false
	}
	if t, ok := v.Type().Underlying().(*types.Basic); !ok || t.Kind() != types.Bool {
		return nil, false, false
	}
	return v, want, true
}

// failureFlag recognises a deferred literal that restores per-thread state
// and, where the restore fails, assigns a constant to a followed flag:
//
//	if err := netns.Set(orig); err != nil { unlock = false }
//	err := netns.Set(orig); if err != nil { unlock = false }
//	if netns.Set(orig) != nil { unlock = false }
//
// Every state call of the literal must be checked that way, with the
// assignment at the top of the branch taken on failure, and all must
// assign the same flag and value.
func (b *builder) failureFlag(lit *ast.FuncLit) (flagTest, bool) {
	if fl := b.r.flow(lit); fl == nil || fl.Changes == 0 || fl.Effect != None {
		return flagTest{}, false
	}
	info := b.r.pass.TypesInfo
	checked := make(map[*ast.CallExpr]bool)
	var out flagTest
	ok := true
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		blk, isBlk := n.(*ast.BlockStmt)
		if !isBlk || !ok {
			return ok
		}
		for i, st := range blk.List {
			ifs, isIf := st.(*ast.IfStmt)
			if !isIf {
				continue
			}
			var prev ast.Stmt = ifs.Init
			if prev == nil && i > 0 {
				prev = blk.List[i-1]
			}
			call := failedCall(info, ifs.Cond, prev)
			if call == nil {
				continue
			}
			t, found := b.assignsFlag(ifs.Body)
			if !found {
				continue
			}
			if out.flag != 0 && out != t {
				ok = false
				return false
			}
			out = t
			checked[call] = true
		}
		return true
	})
	if !ok || out.flag == 0 {
		return flagTest{}, false
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if c := b.r.classify(n); c.changes != 0 && !checked[n] {
				ok = false
			}
		}
		return ok
	})
	return out, ok
}

// failedCall returns the call whose failure cond tests: "err != nil" with
// err assigned from the call by prev (the if statement's init or the
// statement before it), or "call() != nil"; under nil-preserving error
// wrappers, the call they wrap.
func failedCall(info *types.Info, cond ast.Expr, prev ast.Stmt) *ast.CallExpr {
	be, ok := astutil.Unparen(cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ {
		return nil
	}
	x, y := astutil.Unparen(be.X), astutil.Unparen(be.Y)
	if isNil(info, x) {
		x, y = y, x
	}
	if !isNil(info, y) {
		return nil
	}
	if call, ok := x.(*ast.CallExpr); ok {
		return errSource(info, call)
	}
	id, ok := x.(*ast.Ident)
	as, isAssign := prev.(*ast.AssignStmt)
	if !ok || !isAssign || len(as.Rhs) != 1 {
		return nil
	}
	last, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	if !ok || info.ObjectOf(last) == nil || info.ObjectOf(last) != info.ObjectOf(id) {
		return nil
	}
	return errSource(info, as.Rhs[0])
}

// assignsFlag returns the flag a block assigns a constant to among its
// top-level statements, before any return.
func (b *builder) assignsFlag(body *ast.BlockStmt) (flagTest, bool) {
	for _, st := range body.List {
		if _, ok := st.(*ast.ReturnStmt); ok {
			break
		}
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			continue
		}
		if i := b.flagOf(as.Lhs[0]); i > 0 {
			if v, ok := constBool(b.r.pass.TypesInfo, as.Rhs[0]); ok {
				return flagTest{i, v}, true
			}
		}
	}
	return flagTest{}, false
}

func constBool(info *types.Info, e ast.Expr) (bool, bool) {
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
		return constant.BoolVal(tv.Value), true
	}
	return false, false
}

// flagEvents appends the events of the body's assignments to followed
// flags: a constant, or an unknown value.
func (b *builder) flagEvents(lhs []ast.Expr, rhs []ast.Expr, evs []event) []event {
	if len(b.flagVars) == 0 {
		return evs
	}
	for i, l := range lhs {
		f := b.flagOf(l)
		if f == 0 {
			continue
		}
		v := flagUnknown
		if len(rhs) == len(lhs) {
			if c, ok := constBool(b.r.pass.TypesInfo, rhs[i]); ok {
				v = knownFlag(c)
			}
		}
		evs = append(evs, event{kind: evFlag, flag: flagTest{flag: f}, flagVal: v})
	}
	return evs
}

func identExprs(ids []*ast.Ident) []ast.Expr {
	out := make([]ast.Expr, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
