package nowcache

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A store is a write of a clock reading to an address, found by a flow.
type store struct {
	instr    ssa.Instruction // *ssa.Store, or the *ssa.Call of an atomic store
	addr     ssa.Value
	frame    *frame
	tick     bool      // the reading came from a timer's channel
	fallback token.Pos // where to report when instr has no position
}

// origin describes where a tainted value's clock reading comes from.
type origin struct {
	tick bool
	pos  token.Pos
}

// A flow follows fresh clock readings taken in one loop, and in the
// helpers the loop calls, to the places they are stored.
type flow struct {
	c       *checker
	root    *frame                   // the function whose loop this is
	in      map[*ssa.BasicBlock]bool // the loop's blocks
	helpers map[*ssa.Function]*frame // same-package functions the readings reach
	calls   map[*ssa.Function][]*ssa.Call
	returns map[*ssa.Function]map[int]origin // results of helpers that carry a reading
	tainted map[ssa.Value]origin
	queue   []ssa.Value
	stores  []store
	ownUse  bool // a reading is used for something other than caching it
}

func (c *checker) newFlow(f *frame, in map[*ssa.BasicBlock]bool) *flow {
	return &flow{
		c:       c,
		root:    f,
		in:      in,
		helpers: make(map[*ssa.Function]*frame),
		calls:   make(map[*ssa.Function][]*ssa.Call),
		returns: make(map[*ssa.Function]map[int]origin),
		tainted: make(map[ssa.Value]origin),
	}
}

func (fl *flow) taint(v ssa.Value, o origin) {
	if _, ok := fl.tainted[v]; ok {
		return
	}
	fl.tainted[v] = o
	fl.queue = append(fl.queue, v)
}

// sources taints the clock readings instr takes: a call of time.Now, and
// in the loop itself, the time received from a timer's channel.
func (fl *flow) sources(instr ssa.Instruction, inLoop bool) {
	switch i := instr.(type) {
	case *ssa.Call:
		if calleeName(i.Common()) == "time.Now" {
			fl.taint(i, origin{pos: i.Pos()})
		}
	case *ssa.UnOp:
		if !inLoop || i.Op != token.ARROW {
			return
		}
		if _, ok := fl.c.timerChan(fl.root, i.X, 0); !ok {
			return
		}
		if !i.CommaOk {
			fl.taint(i, origin{tick: true, pos: i.Pos()})
			return
		}
		for _, r := range *i.Referrers() {
			if e, ok := r.(*ssa.Extract); ok && e.Index == 0 {
				fl.taint(e, origin{tick: true, pos: i.Pos()})
			}
		}
	case *ssa.Select:
		if !inLoop {
			return
		}
		k := 0
		for _, st := range i.States {
			if st.Dir != types.RecvOnly {
				continue
			}
			if _, ok := fl.c.timerChan(fl.root, st.Chan, 0); ok {
				for _, r := range *i.Referrers() {
					if e, ok := r.(*ssa.Extract); ok && e.Index == 2+k {
						fl.taint(e, origin{tick: true, pos: st.Pos})
					}
				}
			}
			k++
		}
	}
}

// maxFollow is how many calls deep the flow follows a reading: the
// helpers the loop calls take readings and store them; the functions they
// pass them to (formatting helpers, setters) may store them too.
const maxFollow = 3

// addHelper records call, in the loop, of callee, a function of this
// package, and the clock readings callee takes.
func (fl *flow) addHelper(call *ssa.Call, callee *ssa.Function) {
	fresh := fl.helpers[callee] == nil
	if fl.enter(fl.root, call, callee) == nil || !fresh {
		return
	}
	for _, b := range callee.Blocks {
		for _, instr := range b.Instrs {
			fl.sources(instr, false)
		}
	}
}

// enter records call, in f, of callee, a function of this package, and
// returns callee's frame, or nil if it is too deep.
func (fl *flow) enter(f *frame, call *ssa.Call, callee *ssa.Function) *frame {
	h := fl.helpers[callee]
	if h == nil {
		if callee == fl.root.fn || f.depth >= maxFollow {
			return nil
		}
		h = &frame{fn: callee, parent: f, bind: bindings(call.Common(), callee), depth: f.depth + 1}
		fl.helpers[callee] = h
	}
	if !slices.Contains(fl.calls[callee], call) {
		fl.calls[callee] = append(fl.calls[callee], call)
		for i, o := range fl.returns[callee] {
			fl.taintResult(call, i, o)
		}
	}
	return h
}

// taintResult taints result i of call.
func (fl *flow) taintResult(call *ssa.Call, i int, o origin) {
	if call.Call.Signature().Results().Len() == 1 {
		fl.taint(call, o)
		return
	}
	for _, r := range *call.Referrers() {
		if e, ok := r.(*ssa.Extract); ok && e.Index == i {
			fl.taint(e, o)
		}
	}
}

// frameOf returns the frame of instr's function if the flow follows it.
func (fl *flow) frameOf(instr ssa.Instruction) *frame {
	fn := instr.Parent()
	if fn == fl.root.fn {
		return fl.root
	}
	return fl.helpers[fn]
}

// deriving are the calls whose result carries the clock reading of an
// argument without formatting it.
var deriving = map[string]bool{
	"(time.Time).Unix": true, "(time.Time).UnixNano": true, "(time.Time).UnixMilli": true,
	"(time.Time).UnixMicro": true, "(time.Time).Truncate": true, "(time.Time).Round": true,
	"(time.Time).UTC": true, "(time.Time).Local": true, "(time.Time).In": true,
	"(time.Time).Add": true, "(time.Time).AddDate": true,
	"time.Unix": true, "time.UnixMilli": true, "time.UnixMicro": true,
}

// formatting are the calls that turn a reading into text, or into the
// calendar fields text is built from: caching their result saves real
// work, and is not reported.
var formatting = map[string]bool{
	"(time.Time).Format": true, "(time.Time).AppendFormat": true, "(time.Time).String": true,
	"(time.Time).GoString": true, "(time.Time).MarshalText": true, "(time.Time).AppendText": true,
	"(time.Time).MarshalJSON": true, "(time.Time).AppendBinary": true, "(time.Time).MarshalBinary": true,
	"(time.Time).Date": true, "(time.Time).Clock": true, "(time.Time).Year": true,
	"(time.Time).Month": true, "(time.Time).Day": true, "(time.Time).Hour": true,
	"(time.Time).Minute": true, "(time.Time).Second": true, "(time.Time).Nanosecond": true,
	"(time.Time).Weekday": true, "(time.Time).YearDay": true, "(time.Time).ISOWeek": true,
	"(time.Time).Zone": true, "(time.Time).Location": true,
}

// atomicValueArg returns the index of the stored value among the
// arguments of a sync/atomic store (the receiver or address comes first),
// or -1.
func atomicValueArg(call *ssa.CallCommon) int {
	if calleePkg(call) != "sync/atomic" || call.IsInvoke() {
		return -1
	}
	name := calleeName(call)
	i := strings.LastIndexAny(name, ".")
	short := name[i+1:]
	switch {
	case strings.HasPrefix(short, "Store"), strings.HasPrefix(short, "Swap"):
		return 1
	case strings.HasPrefix(short, "CompareAndSwap"):
		return 2
	}
	return -1
}

// propagate follows the tainted values to their uses.
func (fl *flow) propagate() {
	for len(fl.queue) > 0 {
		v := fl.queue[0]
		fl.queue = fl.queue[1:]
		o := fl.tainted[v]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			if f := fl.frameOf(r); f != nil {
				fl.use(f, v, r, o)
			}
		}
	}
}

// use follows one use r, in f, of the tainted value v.
func (fl *flow) use(f *frame, v ssa.Value, r ssa.Instruction, o origin) {
	switch r := r.(type) {
	case *ssa.DebugRef:
	case *ssa.Call:
		fl.call(f, v, r, o)
	case *ssa.Store:
		if r.Val != v {
			return // a store into tainted memory
		}
		if a := localAlloc(r.Addr); a != nil {
			fl.taint(a, o)
			return
		}
		fl.record(f, r, r.Addr, o)
	case *ssa.UnOp:
		if r.Op == token.ARROW {
			fl.ownUse = true
			return
		}
		fl.taint(r, o)
	case *ssa.BinOp:
		switch r.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			fl.ownUse = true
		default:
			fl.taint(r, o)
		}
	case *ssa.Convert, *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.Phi,
		*ssa.FieldAddr, *ssa.IndexAddr, *ssa.Field, *ssa.Index, *ssa.Slice, *ssa.SliceToArrayPointer,
		*ssa.Extract, *ssa.TypeAssert:
		fl.taint(r.(ssa.Value), o)
	case *ssa.MakeClosure:
		fn, _ := r.Fn.(*ssa.Function)
		h := fl.helpers[fl.c.local(fn)]
		if h == nil {
			fl.ownUse = true
			return
		}
		for i, b := range r.Bindings {
			if b == v && i < len(h.fn.FreeVars) {
				fl.taint(h.fn.FreeVars[i], o)
			}
		}
	case *ssa.Return:
		if f == fl.root {
			return
		}
		for i, res := range r.Results {
			if res != v {
				continue
			}
			if fl.returns[f.fn] == nil {
				fl.returns[f.fn] = make(map[int]origin)
			}
			fl.returns[f.fn][i] = o
			for _, call := range fl.calls[f.fn] {
				fl.taintResult(call, i, o)
			}
		}
	default:
		fl.ownUse = true
	}
}

// call follows v passed to call.
func (fl *flow) call(f *frame, v ssa.Value, call *ssa.Call, o origin) {
	common := call.Common()
	name := calleeName(common)
	switch {
	case deriving[name]:
		fl.taint(call, o)
	case formatting[name], calleePkg(common) == "strconv":
	case atomicValueArg(common) >= 0:
		if i := atomicValueArg(common); arg(common, i) == v {
			fl.record(f, call, common.Args[0], o)
		} else if arg(common, 0) != v {
			fl.ownUse = true // e.g. an old value compared
		}
	default:
		// A function of the package: follow the reading into it.
		var h *frame
		if callee := fl.c.local(common.StaticCallee()); callee != nil && !common.IsInvoke() {
			h = fl.enter(f, call, callee)
		}
		if h == nil {
			fl.ownUse = true
			return
		}
		for i, a := range common.Args {
			if a == v && i < len(h.fn.Params) {
				fl.taint(h.fn.Params[i], o)
			}
		}
	}
}

// record notes a store of a reading to addr, if it runs once per
// iteration: in the loop, or in a helper the loop calls.
func (fl *flow) record(f *frame, instr ssa.Instruction, addr ssa.Value, o origin) {
	if f == fl.root && !fl.in[instr.Block()] {
		return
	}
	fl.stores = append(fl.stores, store{instr: instr, addr: addr, frame: f, tick: o.tick, fallback: o.pos})
}

// localAlloc returns the local variable that addr points into, or nil.
func localAlloc(addr ssa.Value) *ssa.Alloc {
	for range maxDepth {
		switch a := addr.(type) {
		case *ssa.Alloc:
			return a
		case *ssa.FieldAddr:
			addr = a.X
		case *ssa.IndexAddr:
			if _, ok := types.Unalias(a.X.Type()).Underlying().(*types.Pointer); !ok {
				return nil // an element of a slice: its array may be shared
			}
			addr = a.X
		default:
			return nil
		}
	}
	return nil
}
