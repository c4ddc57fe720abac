package blockingfd

import (
	"go/constant"
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A modeSet is a SetNonblock call, with a constant mode, on the
// descriptor of the file an Fd call is about.
type modeSet struct {
	call     *ssa.Call
	nonblock bool
}

// modeSets returns the SetNonblock calls in fn and its closures whose
// descriptor is, on every path from the Fd call fd, that of the file
// whose values are files.
func (c *checker) modeSets(fn *ssa.Function, fd *ssa.Call, files []ssa.Value) []modeSet {
	var sets []modeSet
	var walk func(g *ssa.Function)
	walk = func(g *ssa.Function) {
		calls(g, func(call *ssa.Call) {
			callee := staticFunc(call)
			if callee == nil || callee.Name() != "SetNonblock" {
				return
			}
			if name, ok := sysFunc(fullName(callee)); !ok || name != "SetNonblock" {
				return
			}
			nonblock, ok := setNonblockArg(call)
			if !ok {
				return
			}
			at := c.anchorIn(call, fn)
			if at != nil && c.holdsFd(call.Call.Args[0], files, fd, at, 0) {
				sets = append(sets, modeSet{call, nonblock})
			}
		})
		for _, anon := range g.AnonFuncs {
			walk(anon)
		}
	}
	walk(fn)
	return sets
}

// setNonblockArg returns the mode that call, a SetNonblock(fd,
// nonblocking) call, sets; ok is false when the mode is not a constant.
func setNonblockArg(call *ssa.Call) (nonblock, ok bool) {
	if len(call.Call.Args) != 2 {
		return false, false
	}
	k, isConst := call.Call.Args[1].(*ssa.Const)
	if !isConst || k.Value == nil || k.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(k.Value), true
}

// resetBy reports whether set, a SetNonblock call on the descriptor,
// runs after the Fd call fd on every path to the use u (the use's
// function runs it first, when u is in a closure of that function).
func (c *checker) resetBy(set modeSet, fd *ssa.Call, u ssa.Instruction) bool {
	g := set.call.Parent()
	at := c.anchorIn(u, g)
	if at == nil {
		return false
	}
	if g == fd.Parent() {
		return !avoidable(fd, at, set.call)
	}
	// In a closure: it runs the call before it reaches u, and the closure
	// is made after fd.
	made := c.anchorIn(set.call, fd.Parent())
	return made != nil && dominates(set.call, at) && reachable(fd, made)
}

// holdsFd reports whether v, used at the instruction at of the Fd call
// fd's function, holds the descriptor of the file whose values are files
// on every path from fd: the result of an Fd call on the file, through
// conversions, phis, a local variable or a map entry under a fixed
// key.
func (c *checker) holdsFd(v ssa.Value, files []ssa.Value, fd *ssa.Call, at ssa.Instruction, depth int) bool {
	if depth > 4 {
		return false
	}
	switch v := stripConv(v).(type) {
	case *ssa.Call:
		callee := staticFunc(v)
		return callee != nil && fullName(callee) == "(*os.File).Fd" && len(v.Call.Args) == 1 &&
			slices.Contains(files, v.Call.Args[0])
	case *ssa.Phi:
		for _, e := range v.Edges {
			if !c.holdsFd(e, files, fd, at, depth+1) {
				return false
			}
		}
		return len(v.Edges) > 0
	case *ssa.UnOp:
		if cell := c.cellOf(v.X); v.Op == token.MUL && cell != nil {
			return c.slotHolds(cellStores(cell), files, fd, at, depth)
		}
	case *ssa.Lookup:
		if writes, ok := c.mapWrites(v); ok {
			return c.slotHolds(writes, files, fd, at, depth)
		}
	}
	return false
}

// A slotWrite is a store into a local variable or a map entry: val is nil
// for a delete.
type slotWrite struct {
	instr ssa.Instruction
	val   ssa.Value
}

// cellStores returns the stores into cell, in its function and through
// the free variables of the closures that capture it.
func cellStores(cell *ssa.Alloc) []slotWrite {
	var writes []slotWrite
	for _, p := range cellAddrs(cell) {
		for _, r := range *p.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == p {
				writes = append(writes, slotWrite{st, st.Val})
			}
		}
	}
	return writes
}

// mapWrites returns the writes of the entry that l, a lookup under a
// fixed key (see keyOf) of a map made in the function, reads: the updates
// and deletes under a key that may be the same (see mayEqual) or that is
// not fixed. Only an update under another file's descriptor, an Fd()
// result, is taken to write another entry (buildah notes the descriptors
// of its other pipes by number in the same map). ok is false if the map is
// passed on, copied or replaced.
func (c *checker) mapWrites(l *ssa.Lookup) (writes []slotWrite, ok bool) {
	key, fixed := c.keyOf(l.Index)
	if !fixed || l.CommaOk {
		return nil, false
	}
	maps := []ssa.Value{l.X}
	if ld, isLoad := l.X.(*ssa.UnOp); isLoad && ld.Op == token.MUL {
		cell := c.cellOf(ld.X)
		if cell == nil {
			return nil, false
		}
		if made := cellStores(cell); len(made) != 1 || !isMakeMap(made[0].val) {
			return nil, false // not made once, or replaced
		}
		maps = c.loads(cell)
	} else if !isMakeMap(l.X) {
		return nil, false
	}
	for _, m := range maps {
		for _, r := range *m.Referrers() {
			switch r := r.(type) {
			case *ssa.MapUpdate:
				if r.Map != m {
					return nil, false // the map stored in another map
				}
				if k, ok := c.keyOf(r.Key); ok && k.mayEqual(key) || !ok && !isFdCall(r.Key) {
					writes = append(writes, slotWrite{r, r.Value})
				}
			case *ssa.Call:
				b, isBuiltin := r.Call.Value.(*ssa.Builtin)
				switch {
				case isBuiltin && b.Name() == "len":
				case isBuiltin && b.Name() == "delete" && len(r.Call.Args) == 2:
					if k, ok := c.keyOf(r.Call.Args[1]); !ok || k.mayEqual(key) {
						writes = append(writes, slotWrite{r, nil})
					}
				default:
					return nil, false
				}
			case *ssa.Lookup, *ssa.Range, *ssa.DebugRef:
			default: // also stored: it may be changed through the copy
				return nil, false
			}
		}
	}
	return writes, true
}

// A mapKey is a key whose value does not change: an integer constant, or
// a package-level variable (global) that the package only reads, such as
// x/sys/unix's Stdin, Stdout and Stderr, which are variables.
type mapKey struct {
	val    int64
	global *ssa.Global
}

// mayEqual reports whether k and o may be the same key: the same
// constant, or a variable on either side, whose value is not known (two
// variables may hold the same number).
func (k mapKey) mayEqual(o mapKey) bool {
	return k.global != nil || o.global != nil || k.val == o.val
}

// keyOf returns the fixed key that v is, through conversions.
func (c *checker) keyOf(v ssa.Value) (mapKey, bool) {
	if k, ok := constInt(v); ok {
		return mapKey{val: k}, true
	}
	if ld, ok := stripConv(v).(*ssa.UnOp); ok && ld.Op == token.MUL {
		if g, ok := ld.X.(*ssa.Global); ok && c.onlyRead(g) {
			return mapKey{global: g}, true
		}
	}
	return mapKey{}, false
}

// onlyRead reports whether the package's functions, besides the
// initialisation of package-level variables, only load g: they never
// assign it or take its address for anything else.
func (c *checker) onlyRead(g *ssa.Global) bool {
	if c.written == nil {
		c.written = make(map[*ssa.Global]bool)
		init := c.pkg.Func("init")
		var ops []*ssa.Value
		for _, fn := range c.all {
			if fn == init {
				continue // "var fixedKey = 0"
			}
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if ld, isLoad := instr.(*ssa.UnOp); isLoad && ld.Op == token.MUL {
						continue // a load has no other operand
					}
					ops = instr.Operands(ops[:0])
					for _, op := range ops {
						if gv, ok := (*op).(*ssa.Global); ok {
							c.written[gv] = true
						}
					}
				}
			}
		}
	}
	return !c.written[g]
}

// isFdCall reports whether v is the result of a (*os.File).Fd call,
// through conversions.
func isFdCall(v ssa.Value) bool {
	call, ok := stripConv(v).(*ssa.Call)
	if !ok {
		return false
	}
	callee := staticFunc(call)
	return callee != nil && fullName(callee) == "(*os.File).Fd"
}

func isMakeMap(v ssa.Value) bool {
	_, ok := v.(*ssa.MakeMap)
	return ok
}

// slotHolds reports whether a slot (a local variable or a map entry) with
// the writes (in fd's function or its closures) holds the file's
// descriptor at at on every path from fd: one write of the descriptor in
// fd's function happens before fd or on every path from fd to at, and no
// other write, a closure's included, may happen between it and at.
func (c *checker) slotHolds(writes []slotWrite, files []ssa.Value, fd *ssa.Call, at ssa.Instruction, depth int) bool {
	fn := fd.Parent()
	for _, d := range writes {
		if d.val == nil || d.instr.Parent() != fn || !c.holdsFd(d.val, files, fd, d.instr, depth+1) {
			continue
		}
		if !dominates(d.instr, fd) && avoidable(fd, at, d.instr) {
			continue
		}
		clobbered := false
		for _, o := range writes {
			if o == d {
				continue
			}
			oat := c.anchorIn(o.instr, fn)
			if oat == nil || reachable(d.instr, oat) && reachable(oat, at) {
				clobbered = true
				break
			}
		}
		if !clobbered {
			return true
		}
	}
	return false
}

// anchorIn returns the instruction of fn at which instr runs: instr
// itself, or the MakeClosure that makes the closure (of fn, or nested in
// one) instr is in; nil if instr is elsewhere.
func (c *checker) anchorIn(instr ssa.Instruction, fn *ssa.Function) ssa.Instruction {
	for g := instr.Parent(); g != nil; g = g.Parent() {
		if g == fn {
			return instr
		}
		mc := c.closures[g]
		if mc == nil {
			return nil
		}
		instr = mc
	}
	return nil
}

// avoidable reports whether some path from a to b in their function does
// not pass through via.
func avoidable(a, b, via ssa.Instruction) bool {
	blk := a.Block()
	ia, iv := indexOf(a), -1
	if via.Block() == blk {
		iv = indexOf(via)
	}
	if b.Block() == blk && indexOf(b) > ia {
		return iv < ia || iv > indexOf(b)
	}
	if iv > ia {
		return false
	}
	seen := make(map[*ssa.BasicBlock]bool)
	work := append([]*ssa.BasicBlock(nil), blk.Succs...)
	for len(work) > 0 {
		blk := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[blk] {
			continue
		}
		seen[blk] = true
		iv := -1
		if via.Block() == blk {
			iv = indexOf(via)
		}
		if b.Block() == blk && (iv < 0 || iv > indexOf(b)) {
			return true
		}
		if iv < 0 {
			work = append(work, blk.Succs...)
		}
	}
	return false
}
