package nowcache

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// exempt reports whether s belongs to an opt-in refresher: the types it
// belongs to (the receivers of the methods on its call chain, the structs
// it stores into) include one that has a direct twin in the package.
func (c *checker) exempt(s store) bool {
	var owners []*types.TypeName
	for f := s.frame; f != nil; f = f.parent {
		if tn := enclosingRecv(f.fn); tn != nil {
			owners = append(owners, tn)
		}
		if f.spawned {
			break
		}
	}
	addr := s.addr
	for range maxDepth {
		switch a := addr.(type) {
		case *ssa.FieldAddr:
			if tn := namedOf(a.X.Type()); tn != nil {
				owners = append(owners, tn)
			}
			addr = a.X
			continue
		case *ssa.UnOp:
			addr = a.X
			continue
		}
		break
	}
	for _, tn := range owners {
		if c.hasDirectTwin(tn) {
			return true
		}
	}
	return false
}

// hasDirectTwin reports whether another named type of the package has a
// method with the name and signature of one of t's methods, returning
// something, and that method reads the clock directly (calls time.Now,
// with no loop): t is then an opt-in alternative to a direct
// implementation of the same interface.
func (c *checker) hasDirectTwin(t *types.TypeName) bool {
	if v, ok := c.optIn[t]; ok {
		return v
	}
	c.optIn[t] = false
	if t.Pkg() != c.pass.Pkg {
		return false
	}
	tms := types.NewMethodSet(types.NewPointer(t.Type()))
	if tms.Len() == 0 {
		return false
	}
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		u, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || u == t || u.IsAlias() {
			continue
		}
		if _, ok := u.Type().Underlying().(*types.Interface); ok {
			continue
		}
		ums := types.NewMethodSet(types.NewPointer(u.Type()))
		for i := range ums.Len() {
			sel := ums.At(i)
			m, ok := sel.Obj().(*types.Func)
			if !ok || len(sel.Index()) != 1 {
				continue // promoted from an embedded field
			}
			tsel := tms.Lookup(m.Pkg(), m.Name())
			if tsel == nil || !types.Identical(m.Type(), tsel.Obj().Type()) {
				continue
			}
			if m.Signature().Results().Len() > 0 && c.readsNow(m) {
				c.optIn[t] = true
				return true
			}
		}
	}
	return false
}

// readsNow reports whether m is a direct clock read: its body, or the
// body of a function of the package it calls (getUnixTime()), calls
// time.Now and has no loop (it is not a refresher itself).
func (c *checker) readsNow(m *types.Func) bool {
	return c.readsNowFn(c.ssa.Pkg.Prog.FuncValue(m), 2)
}

func (c *checker) readsNowFn(fn *ssa.Function, depth int) bool {
	if fn == nil || depth == 0 || len(loops(fn)) > 0 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if calleeName(call.Common()) == "time.Now" {
				return true
			}
			if callee := c.local(call.Call.StaticCallee()); callee != nil && callee != fn && c.readsNowFn(callee, depth-1) {
				return true
			}
		}
	}
	return false
}

// optInByFlag reports whether the cache s writes is read in the package
// only on one branch of a conditional whose other branch reads the clock
// directly (if s.LazyRequestTime { sec = coarseSecond() } else { sec =
// time.Now().Unix() }): an opt-in by configuration. A function that reads
// the cache unconditionally (a getter) is judged by its call sites.
// refresher holds the functions of the refresher itself, whose reads do
// not count.
func (c *checker) optInByFlag(s store, refresher map[*ssa.Function]bool) bool {
	key := c.keyOf(s.frame, s.addr)
	if key == nil {
		return false
	}
	reads := 0
	for _, fn := range c.ssa.SrcFuncs {
		if refresher[fn] {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if !readsKey(instr, key) {
					continue
				}
				reads++
				if !c.guarded(fn, b) && !c.guardedCalls(fn, refresher) {
					return false
				}
			}
		}
	}
	return reads > 0
}

// keyOf returns what identifies the destination addr in f across the
// package: its package-level variable, or its struct field.
func (c *checker) keyOf(f *frame, addr ssa.Value) any {
	for range maxDepth {
		switch a := addr.(type) {
		case *ssa.Global:
			return a
		case *ssa.FieldAddr:
			if fld := fieldOf(a.X.Type(), a.Field); fld != nil {
				return fld.Origin()
			}
			return nil
		case *ssa.IndexAddr:
			addr = a.X
		case *ssa.Parameter, *ssa.FreeVar:
			b, ok := f.bind[a]
			if !ok || f.spawned || f.parent == nil {
				return nil
			}
			f, addr = f.parent, b
		default:
			return nil
		}
	}
	return nil
}

// readsKey reports whether instr reads the destination key: a load of it,
// or a sync/atomic load from it.
func readsKey(instr ssa.Instruction, key any) bool {
	var addr ssa.Value
	switch i := instr.(type) {
	case *ssa.UnOp:
		if i.Op != token.MUL {
			return false
		}
		addr = i.X
	case *ssa.Call:
		if calleePkg(i.Common()) != "sync/atomic" || !strings.Contains(calleeName(i.Common()), "Load") {
			return false
		}
		addr = arg(i.Common(), 0)
	default:
		return false
	}
	switch k := key.(type) {
	case *ssa.Global:
		if ia, ok := addr.(*ssa.IndexAddr); ok {
			addr = ia.X
		}
		return addr == k
	case *types.Var:
		fa, ok := addr.(*ssa.FieldAddr)
		if !ok {
			return false
		}
		fld := fieldOf(fa.X.Type(), fa.Field)
		return fld != nil && fld.Origin() == k
	}
	return false
}

// guarded reports whether block b of fn runs on one branch of a
// conditional whose other branch reads the clock directly.
func (c *checker) guarded(fn *ssa.Function, b *ssa.BasicBlock) bool {
	for _, d := range fn.Blocks {
		if len(d.Instrs) == 0 || len(d.Succs) != 2 {
			continue
		}
		if _, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If); !ok {
			continue
		}
		for i, this := range d.Succs {
			other := d.Succs[1-i]
			if this.Dominates(b) && !other.Dominates(b) && c.branchReadsNow(fn, d, this, other) {
				return true
			}
		}
	}
	return false
}

// branchReadsNow reports whether the branch of the conditional d that
// starts at other calls time.Now, in blocks that the branch starting at
// this does not reach without passing d again (code after the two
// branches join does not count).
func (c *checker) branchReadsNow(fn *ssa.Function, d, this, other *ssa.BasicBlock) bool {
	reach := map[*ssa.BasicBlock]bool{d: true}
	work := []*ssa.BasicBlock{this}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if reach[b] {
			continue
		}
		reach[b] = true
		work = append(work, b.Succs...)
	}
	for _, b := range fn.Blocks {
		if reach[b] || !other.Dominates(b) {
			continue
		}
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if calleeName(call.Common()) == "time.Now" {
				return true
			}
			if callee := c.local(call.Call.StaticCallee()); callee != nil && c.readsNowFn(callee, 1) {
				return true
			}
		}
	}
	return false
}

// guardedCalls reports whether fn, a getter of the cache, is called in the
// package, and only on guarded branches.
func (c *checker) guardedCalls(fn *ssa.Function, refresher map[*ssa.Function]bool) bool {
	calls := 0
	for _, caller := range c.ssa.SrcFuncs {
		if refresher[caller] || caller == fn {
			continue
		}
		for _, b := range caller.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || c.local(call.Call.StaticCallee()) != fn {
					continue
				}
				calls++
				if !c.guarded(caller, b) {
					return false
				}
			}
		}
	}
	return calls > 0
}
