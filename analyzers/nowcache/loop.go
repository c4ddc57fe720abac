package nowcache

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/ssa"
)

// loops returns the nontrivial strongly connected components of fn's
// block graph (Tarjan): the sets of blocks that can run more than once
// per call. Nested loops fall into one component.
func loops(fn *ssa.Function) [][]*ssa.BasicBlock {
	n := len(fn.Blocks)
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var (
		stack []*ssa.BasicBlock
		out   [][]*ssa.BasicBlock
		next  int
		visit func(b *ssa.BasicBlock)
	)
	visit = func(b *ssa.BasicBlock) {
		index[b.Index], low[b.Index] = next, next
		next++
		stack = append(stack, b)
		onStack[b.Index] = true
		self := false
		for _, s := range b.Succs {
			switch {
			case s == b:
				self = true
			case index[s.Index] < 0:
				visit(s)
				low[b.Index] = min(low[b.Index], low[s.Index])
			case onStack[s.Index]:
				low[b.Index] = min(low[b.Index], index[s.Index])
			}
		}
		if low[b.Index] != index[b.Index] {
			return
		}
		var scc []*ssa.BasicBlock
		for {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[top.Index] = false
			scc = append(scc, top)
			if top == b {
				break
			}
		}
		if len(scc) > 1 || self {
			slices.SortFunc(scc, func(x, y *ssa.BasicBlock) int { return x.Index - y.Index })
			out = append(out, scc)
		}
	}
	for _, b := range fn.Blocks {
		if b.Index >= 0 && b.Index < n && fn.Blocks[b.Index] == b && index[b.Index] < 0 {
			visit(b)
		}
	}
	return out
}

// pacing reports whether the loop waits on the clock (time.Sleep, or a
// receive from a timer's channel) and with what period.
func (c *checker) pacing(f *frame, scc []*ssa.BasicBlock) (period, bool) {
	var (
		periods []period
		paced   bool
	)
	for _, b := range scc {
		for _, instr := range b.Instrs {
			switch i := instr.(type) {
			case *ssa.Call:
				switch calleeName(i.Common()) {
				case "time.Sleep":
					paced = true
					periods = append(periods, constPeriod(arg(i.Common(), 0)))
				case "(*time.Ticker).Reset", "(*time.Timer).Reset":
					periods = append(periods, constPeriod(arg(i.Common(), 1)))
				}
			case *ssa.UnOp:
				if i.Op == token.ARROW {
					if p, ok := c.timerChan(f, i.X, 0); ok {
						paced = true
						periods = append(periods, p)
					}
				}
			case *ssa.Select:
				for _, st := range i.States {
					if st.Dir == types.RecvOnly {
						if p, ok := c.timerChan(f, st.Chan, 0); ok {
							paced = true
							periods = append(periods, p)
						}
					}
				}
			}
		}
	}
	return merge(periods), paced
}

// merge returns the longest of ps, which bounds the staleness, if all
// are known.
func merge(ps []period) period {
	var out period
	for i, p := range ps {
		if !p.known {
			return period{}
		}
		if i == 0 || p.d > out.d {
			out = p
		}
	}
	if out.d == 0 {
		return period{} // a timer armed at zero and re-armed elsewhere
	}
	return out
}

// constPeriod returns the value of a constant time.Duration.
func constPeriod(v ssa.Value) period {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return period{}
	}
	d, exact := constant.Int64Val(k.Value)
	if !exact || d < 0 {
		return period{}
	}
	return period{d: time.Duration(d), known: true}
}

const maxDepth = 8

// timerChan reports whether v, in f, is the channel of a timer: the result
// of time.Tick or time.After, or the C field of a *time.Ticker or
// *time.Timer, directly or through a variable; and with what period.
func (c *checker) timerChan(f *frame, v ssa.Value, depth int) (period, bool) {
	if depth > maxDepth {
		return period{}, false
	}
	switch v := v.(type) {
	case *ssa.Call:
		switch calleeName(v.Common()) {
		case "time.Tick", "time.After":
			return constPeriod(arg(v.Common(), 0)), true
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			break
		}
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			if fld := fieldOf(fa.X.Type(), fa.Field); fld != nil && fld.Name() == "C" && isTimePtr(fa.X.Type()) {
				return c.tickerPeriod(f, fa.X, depth+1), true
			}
			return period{}, false
		}
		vals, vf := c.stored(f, v.X)
		return c.all(vf, vals, depth, c.timerChan)
	case *ssa.Phi:
		return c.all(f, otherEdges(v), depth, c.timerChan)
	case *ssa.ChangeType:
		return c.timerChan(f, v.X, depth+1)
	case *ssa.Parameter, *ssa.FreeVar:
		if b, ok := f.bind[v]; ok && f.parent != nil {
			return c.timerChan(f.parent, b, depth+1)
		}
	}
	return period{}, false
}

// all applies test to each of vals, which must all pass.
func (c *checker) all(f *frame, vals []ssa.Value, depth int, test func(*frame, ssa.Value, int) (period, bool)) (period, bool) {
	var ps []period
	for _, v := range vals {
		p, ok := test(f, v, depth+1)
		if !ok {
			return period{}, false
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		return period{}, false
	}
	return merge(ps), true
}

// tickerPeriod returns the period of x, a *time.Ticker or *time.Timer,
// when it is created with a constant duration.
func (c *checker) tickerPeriod(f *frame, x ssa.Value, depth int) period {
	p, _ := c.ticker(f, x, depth)
	return p
}

func (c *checker) ticker(f *frame, x ssa.Value, depth int) (period, bool) {
	if depth > maxDepth {
		return period{}, false
	}
	switch v := x.(type) {
	case *ssa.Call:
		switch calleeName(v.Common()) {
		case "time.NewTicker", "time.NewTimer":
			return constPeriod(arg(v.Common(), 0)), true
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			break
		}
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			if fld := fieldOf(fa.X.Type(), fa.Field); fld != nil {
				return c.fieldPeriod(fld), true
			}
			break
		}
		vals, vf := c.stored(f, v.X)
		return c.all(vf, vals, depth, c.ticker)
	case *ssa.Phi:
		return c.all(f, otherEdges(v), depth, c.ticker)
	case *ssa.Parameter, *ssa.FreeVar:
		if b, ok := f.bind[v]; ok && f.parent != nil {
			return c.ticker(f.parent, b, depth+1)
		}
	}
	return period{}, false
}

// fieldPeriod returns the period of the tickers stored into field fld
// anywhere in the package, when they all have the same constant period.
func (c *checker) fieldPeriod(fld *types.Var) period {
	fld = fld.Origin()
	if c.fields == nil {
		c.fields = make(map[*types.Var][]period)
		for _, fn := range c.ssa.SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					st, ok := instr.(*ssa.Store)
					if !ok {
						continue
					}
					fa, ok := st.Addr.(*ssa.FieldAddr)
					if _, isNil := st.Val.(*ssa.Const); !ok || isNil || !isTimePtr(st.Val.Type()) {
						continue // not a ticker, or one cleared on Stop
					}
					if sf := fieldOf(fa.X.Type(), fa.Field); sf != nil {
						p, _ := c.ticker(&frame{fn: fn}, st.Val, 0)
						c.fields[sf.Origin()] = append(c.fields[sf.Origin()], p)
					}
				}
			}
		}
	}
	ps := c.fields[fld]
	if len(ps) == 0 {
		return period{}
	}
	for _, p := range ps[1:] {
		if p != ps[0] {
			return period{}
		}
	}
	return ps[0]
}

// stored returns the values stored into the variable addr denotes in f: a
// local (an Alloc), possibly captured as a free variable, with the frame
// they belong to.
func (c *checker) stored(f *frame, addr ssa.Value) ([]ssa.Value, *frame) {
	for range maxDepth {
		switch a := addr.(type) {
		case *ssa.Parameter, *ssa.FreeVar:
			b, ok := f.bind[a]
			if !ok || f.parent == nil {
				return nil, f
			}
			f, addr = f.parent, b
			continue
		case *ssa.Alloc:
			return storedInto(a, -1), f
		}
		return nil, f
	}
	return nil, f
}

// isTimePtr reports whether t is *time.Ticker or *time.Timer.
func isTimePtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "time" {
		return false
	}
	return n.Obj().Name() == "Ticker" || n.Obj().Name() == "Timer"
}

// quietPkgs are the packages whose functions a dedicated refresher may
// call: the clock, atomics, cancellation, formatting of numbers (and, in
// package sync, the locks).
var quietPkgs = map[string]bool{
	"time": true, "sync/atomic": true, "context": true,
	"runtime": true, "strconv": true, "math": true,
}

// busy reports whether the loop does work beside refreshing: calls other
// than quiet ones, spawning, sending, map updates or iteration, or
// waiting for events: a receive from a channel other than a timer's after
// which the loop goes on.
func (c *checker) busy(f *frame, scc []*ssa.BasicBlock) bool {
	in := make(map[*ssa.BasicBlock]bool, len(scc))
	for _, b := range scc {
		in[b] = true
	}
	for _, b := range scc {
		for _, instr := range b.Instrs {
			if c.work(f, instr, in) {
				return true
			}
		}
	}
	return false
}

// work reports whether instr, in f, is work beside refreshing. in is the
// loop being checked, or nil for the body of a function the loop calls.
func (c *checker) work(f *frame, instr ssa.Instruction, in map[*ssa.BasicBlock]bool) bool {
	switch i := instr.(type) {
	case *ssa.Go, *ssa.Send, *ssa.MapUpdate:
		return true
	case *ssa.Next:
		return !i.IsString
	case *ssa.Call:
		return !c.quietCall(i.Common())
	case *ssa.Defer:
		return !c.quietCall(i.Common())
	case *ssa.UnOp:
		if i.Op == token.ARROW {
			_, timer := c.timerChan(f, i.X, 0)
			return !timer
		}
	case *ssa.Select:
		for k, st := range i.States {
			if st.Dir != types.RecvOnly {
				return true
			}
			if _, timer := c.timerChan(f, st.Chan, 0); timer {
				continue
			}
			if body := caseBody(i, k); in == nil || body == nil || in[body] {
				return true // the loop goes on after the event
			}
		}
	}
	return false
}

// caseBody returns the block that runs when sel chooses state k, or nil.
func caseBody(sel *ssa.Select, k int) *ssa.BasicBlock {
	for _, r := range *sel.Referrers() {
		e, ok := r.(*ssa.Extract)
		if !ok || e.Index != 0 {
			continue
		}
		for _, r := range *e.Referrers() {
			cmp, ok := r.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL {
				continue
			}
			if k2, ok := cmp.Y.(*ssa.Const); !ok || k2.Value == nil || k2.Value.Kind() != constant.Int || k2.Int64() != int64(k) {
				continue
			}
			for _, r := range *cmp.Referrers() {
				if br, ok := r.(*ssa.If); ok && len(br.Block().Succs) == 2 {
					return br.Block().Succs[0]
				}
			}
		}
	}
	return nil
}

// quietCall reports whether call does no work beside refreshing.
func (c *checker) quietCall(call *ssa.CallCommon) bool {
	if !call.IsInvoke() {
		if b, ok := call.Value.(*ssa.Builtin); ok {
			return b.Name() != "delete"
		}
	}
	switch pkg := calleePkg(call); {
	case pkg == "sync":
		// Locks are quiet; sync.Map, Once.Do, Cond.Wait and Pool are not.
		name := calleeName(call)
		return strings.HasPrefix(name, "(*sync.Mutex).") || strings.HasPrefix(name, "(*sync.RWMutex).") ||
			call.IsInvoke() && (call.Method.Name() == "Lock" || call.Method.Name() == "Unlock")
	case quietPkgs[pkg]:
		return true
	}
	if call.IsInvoke() {
		return false
	}
	fn := c.local(call.StaticCallee())
	if fn == nil {
		return false
	}
	return c.quietBody(fn)
}

// quietBody reports whether fn, a function of this package, does no work
// beside refreshing; a recursive function does.
func (c *checker) quietBody(fn *ssa.Function) bool {
	if q, ok := c.quiet[fn]; ok {
		return q
	}
	c.quiet[fn] = false
	f := &frame{fn: fn}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c.work(f, instr, nil) {
				return false
			}
		}
	}
	c.quiet[fn] = true
	return true
}

// otherEdges returns the incoming values of phi other than itself (a
// variable unchanged around a loop).
func otherEdges(phi *ssa.Phi) []ssa.Value {
	var out []ssa.Value
	for _, e := range phi.Edges {
		if e != phi {
			out = append(out, e)
		}
	}
	return out
}
