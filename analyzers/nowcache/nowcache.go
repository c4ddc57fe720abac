package nowcache

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/syscallvet/syscallvet/internal/guard"
	"github.com/syscallvet/syscallvet/internal/report"
	"github.com/syscallvet/syscallvet/internal/ruledoc"
	"github.com/syscallvet/syscallvet/internal/ssabuild"
)

//go:embed doc.go
var doc string

// Analyzer reports background goroutines that cache time.Now in shared
// state.
var Analyzer = &analysis.Analyzer{
	Name:     "nowcache",
	Doc:      ruledoc.MustExtract(doc, "nowcache"),
	URL:      "https://github.com/syscallvet/syscallvet/blob/main/docs/rules/nowcache.md",
	Run:      guard.Run(run),
	Requires: []*analysis.Analyzer{inspect.Analyzer, ssabuild.Analyzer}, // SSA built on demand, once for both rules that need it
}

// checker holds the state of one pass.
type checker struct {
	pass     *analysis.Pass
	ssa      *buildssa.SSA
	rep      *report.Reporter
	analysed map[*ssa.Function]bool
	reported map[token.Pos]bool
	quiet    map[*ssa.Function]bool // memo of quietBody; false while in progress
	optIn    map[*types.TypeName]bool
	fields   map[*types.Var][]period // lazily: constant tickers stored into each field
}

func run(pass *analysis.Pass) (any, error) {
	rep := report.New(pass)
	defer rep.Finish()
	if !importsTime(pass.Pkg) || !waitsOnClock(pass.TypesInfo) {
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	hasGo := false
	for range insp.Root().Preorder((*ast.GoStmt)(nil)) {
		hasGo = true
		break
	}
	if !hasGo {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		ssa:      ssabuild.Of(pass),
		rep:      rep,
		analysed: make(map[*ssa.Function]bool),
		reported: make(map[token.Pos]bool),
		quiet:    make(map[*ssa.Function]bool),
		optIn:    make(map[*types.TypeName]bool),
	}
	for _, fn := range c.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if g, ok := instr.(*ssa.Go); ok {
					c.goroutine(g)
				}
			}
		}
	}
	return nil, nil
}

func importsTime(pkg *types.Package) bool {
	for _, p := range pkg.Imports() {
		if p.Path() == "time" {
			return true
		}
	}
	return false
}

// waitsOnClock reports whether the package refers to something a paced
// loop can wait on (see pacing): time.Sleep, time.Tick, time.After, or the
// C field of a Ticker or Timer. Most packages that import time do not, and
// need no SSA.
func waitsOnClock(info *types.Info) bool {
	for _, obj := range info.Uses {
		if obj.Pkg() == nil || obj.Pkg().Path() != "time" {
			continue
		}
		switch obj := obj.(type) {
		case *types.Func:
			switch obj.Name() {
			case "Sleep", "Tick", "After":
				if obj.Signature().Recv() == nil { // not Time.After
					return true
				}
			}
		case *types.Var:
			if obj.IsField() && obj.Name() == "C" {
				return true
			}
		}
	}
	return false
}

// A frame is a function analysed in the context of its caller: bind maps
// its parameters and free variables to the caller's values. The root of a
// goroutine has spawned set: its bindings cross the go statement, so they
// are followed to find a ticker's period but never to decide whether a
// destination is private (anything the spawner handed over is shared).
type frame struct {
	fn      *ssa.Function
	parent  *frame
	bind    map[ssa.Value]ssa.Value
	spawned bool
	depth   int // calls from the loop's function
}

// goroutine analyses the function that g starts, and the functions of
// this package that it calls outside its own loops.
func (c *checker) goroutine(g *ssa.Go) {
	fn := c.local(g.Call.StaticCallee())
	if fn == nil {
		return
	}
	root := &frame{fn: fn, parent: &frame{fn: g.Parent()}, bind: bindings(g.Common(), fn), spawned: true}
	c.analyse(root)
	inLoop := make(map[*ssa.BasicBlock]bool)
	for _, scc := range loops(fn) {
		for _, b := range scc {
			inLoop[b] = true
		}
	}
	for _, b := range fn.Blocks {
		if inLoop[b] {
			continue
		}
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if callee := c.local(call.Call.StaticCallee()); callee != nil && callee != fn {
					c.analyse(&frame{fn: callee, parent: root, bind: bindings(call.Common(), callee)})
				}
			}
		}
	}
}

// local returns the function of this package, with a body, that fn
// denotes: the generic origin of an instance, the wrapped method of a
// bound-method wrapper. It returns nil for anything else.
func (c *checker) local(fn *ssa.Function) *ssa.Function {
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fn.Synthetic != "" {
		// A bound-method closure or wrapper: follow its one static call.
		var inner *ssa.Function
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(*ssa.Call); ok && inner == nil {
					if callee := call.Call.StaticCallee(); callee != nil && callee.Synthetic == "" {
						inner = callee
					}
				}
			}
		}
		if inner == nil {
			return nil
		}
		fn = inner
		if o := fn.Origin(); o != nil {
			fn = o
		}
	}
	if fn.Pkg != c.ssa.Pkg || len(fn.Blocks) == 0 {
		return nil
	}
	return fn
}

// bindings maps callee's parameters and free variables to the values a
// call passes.
func bindings(call *ssa.CallCommon, callee *ssa.Function) map[ssa.Value]ssa.Value {
	m := make(map[ssa.Value]ssa.Value)
	if call.IsInvoke() {
		return m
	}
	if mc, ok := call.Value.(*ssa.MakeClosure); ok && len(mc.Bindings) == len(callee.FreeVars) {
		for i, fv := range callee.FreeVars {
			m[fv] = mc.Bindings[i]
		}
	}
	if len(call.Args) == len(callee.Params) {
		for i, p := range callee.Params {
			m[p] = call.Args[i]
		}
	}
	return m
}

// analyse checks each loop of f's function.
func (c *checker) analyse(f *frame) {
	if c.analysed[f.fn] {
		return
	}
	c.analysed[f.fn] = true
	for _, scc := range loops(f.fn) {
		c.loop(f, scc)
	}
}

// loop reports the shared stores of fresh clock readings in one loop of
// f's function, if the loop is a dedicated refresher paced by a timer.
func (c *checker) loop(f *frame, scc []*ssa.BasicBlock) {
	in := make(map[*ssa.BasicBlock]bool, len(scc))
	for _, b := range scc {
		in[b] = true
	}
	p, paced := c.pacing(f, scc)
	if !paced || c.busy(f, scc) {
		return
	}
	fl := c.newFlow(f, in)
	for _, b := range scc {
		for _, instr := range b.Instrs {
			fl.sources(instr, true)
			if call, ok := instr.(*ssa.Call); ok {
				if callee := c.local(call.Call.StaticCallee()); callee != nil && callee != f.fn {
					fl.addHelper(call, callee)
				}
			}
		}
	}
	fl.propagate()
	if fl.ownUse {
		return
	}
	refresher := map[*ssa.Function]bool{f.fn: true}
	for fn := range fl.helpers {
		refresher[fn] = true
	}
	for _, s := range fl.stores {
		name, shared := c.dest(s.frame, s.addr)
		if !shared || c.exempt(s) || c.optInByFlag(s, refresher) {
			continue
		}
		c.reportStore(s, name, p)
	}
}

// reportStore reports s, a store of a clock reading into name, refreshed
// every p, once.
func (c *checker) reportStore(s store, name string, p period) {
	rng := c.rangeOf(s)
	if c.reported[rng.Pos()] {
		return
	}
	c.reported[rng.Pos()] = true
	what := "time.Now"
	if s.tick {
		what = "the tick's time"
	}
	if name == "" {
		name = "shared state"
	}
	refresh := "periodically"
	if p.known {
		refresh = "every " + p.d.String()
	}
	c.rep.Reportf(rng, "background goroutine caches %s in %s, refreshed %s", what, name, refresh)
}

// rangeOf returns the source range of s: the call of an atomic store, or
// the assignment statement of a plain store.
func (c *checker) rangeOf(s store) analysis.Range {
	pos := s.instr.Pos()
	if !pos.IsValid() {
		pos = s.fallback
	}
	for _, f := range c.pass.Files {
		if f.FileStart > pos || pos >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos)
		for _, n := range path {
			switch n := n.(type) {
			case *ast.CallExpr:
				if _, ok := s.instr.(*ssa.Call); ok && n.Lparen == pos {
					return n
				}
			case *ast.AssignStmt, *ast.ValueSpec:
				return n
			case *ast.FuncDecl, *ast.FuncLit:
				return span{pos, pos}
			}
		}
	}
	return span{pos, pos}
}

type span struct{ pos, end token.Pos }

func (s span) Pos() token.Pos { return s.pos }
func (s span) End() token.Pos { return s.end }

// dest names the destination addr in f, and reports whether other
// goroutines can read it.
func (c *checker) dest(f *frame, addr ssa.Value) (string, bool) {
	return c.destAt(f, addr, 0)
}

func (c *checker) destAt(f *frame, addr ssa.Value, depth int) (string, bool) {
	if depth > maxDepth {
		return "", false
	}
	switch v := addr.(type) {
	case *ssa.Global:
		if v.Pkg != nil && v.Pkg != c.ssa.Pkg {
			return v.Pkg.Pkg.Name() + "." + v.Name(), true
		}
		return v.Name(), true
	case *ssa.Parameter, *ssa.FreeVar:
		if b, ok := f.bind[v]; ok && !f.spawned && f.parent != nil {
			return c.destAt(f.parent, b, depth+1)
		}
		return v.Name(), true
	case *ssa.FieldAddr:
		name, shared := c.destAt(f, v.X, depth+1)
		if fld := fieldOf(v.X.Type(), v.Field); fld != nil && name != "" {
			name += "." + fld.Name()
		}
		return name, shared
	case *ssa.Field: // a pointer held in a struct value
		name, shared := c.destAt(f, v.X, depth+1)
		if st, ok := v.X.Type().Underlying().(*types.Struct); ok && name != "" && v.Field < st.NumFields() {
			name += "." + st.Field(v.Field).Name()
		}
		return name, shared
	case *ssa.IndexAddr:
		return c.destAt(f, v.X, depth+1)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return c.loaded(f, v.X, depth+1)
		}
	case *ssa.Convert:
		return c.destAt(f, v.X, depth+1)
	case *ssa.ChangeType:
		return c.destAt(f, v.X, depth+1)
	case *ssa.Slice:
		return c.destAt(f, v.X, depth+1)
	}
	return "", false // locals, call results, unknown values
}

// loaded names the pointer loaded from the variable at addr. A local
// variable (a receiver captured by a literal, a struct parameter copied to
// the stack) that holds a pointer received from elsewhere is shared
// through that pointer.
func (c *checker) loaded(f *frame, addr ssa.Value, depth int) (string, bool) {
	for range maxDepth {
		b, ok := f.bind[addr]
		if !ok || f.spawned || f.parent == nil {
			break
		}
		f, addr = f.parent, b
	}
	a, field := localVar(addr)
	if a == nil {
		return c.destAt(f, addr, depth)
	}
	name := a.Comment
	if field >= 0 {
		if fld := fieldOf(a.Type(), field); fld != nil {
			name += "." + fld.Name()
		}
	}
	for _, v := range storedInto(a, field) {
		if _, shared := c.destAt(f, v, depth+1); shared {
			return name, true
		}
	}
	return name, false
}

// localVar returns the local variable addr denotes, and the index of the
// field of it that addr denotes (or -1).
func localVar(addr ssa.Value) (*ssa.Alloc, int) {
	switch a := addr.(type) {
	case *ssa.Alloc:
		return a, -1
	case *ssa.FieldAddr:
		if x, ok := a.X.(*ssa.Alloc); ok {
			return x, a.Field
		}
	}
	return nil, -1
}

// storedInto returns the values stored into local variable a as a whole,
// and into its field (when field >= 0).
func storedInto(a *ssa.Alloc, field int) []ssa.Value {
	var vals []ssa.Value
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == a {
				vals = append(vals, r.Val)
			}
		case *ssa.FieldAddr:
			if field < 0 || r.Field != field {
				continue
			}
			for _, rr := range *r.Referrers() {
				if st, ok := rr.(*ssa.Store); ok && st.Addr == r {
					vals = append(vals, st.Val)
				}
			}
		}
	}
	return vals
}

// fieldOf returns field i of the struct that ptr, a pointer type, points
// to.
func fieldOf(ptr types.Type, i int) *types.Var {
	p, ok := types.Unalias(ptr).Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// A period is the refresh period of a loop, when it is a constant.
type period struct {
	d     time.Duration
	known bool
}

// calleeName returns the full name of the function or method call calls,
// generic origin for instances (e.g. "(*sync/atomic.Pointer[T]).Store"),
// or "".
func calleeName(call *ssa.CallCommon) string {
	if call.IsInvoke() {
		return ""
	}
	fn := call.StaticCallee()
	if fn == nil || strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
		return "" // a bound method's arguments lack the receiver
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj != nil {
		return obj.Origin().FullName()
	}
	return ""
}

// arg returns argument i of call, or nil.
func arg(call *ssa.CallCommon, i int) ssa.Value {
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// calleePkg returns the import path of the package of the function or
// interface method call calls, or "".
func calleePkg(call *ssa.CallCommon) string {
	if call.IsInvoke() {
		if call.Method.Pkg() != nil {
			return call.Method.Pkg().Path()
		}
		return ""
	}
	fn := call.StaticCallee()
	if fn == nil {
		return ""
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj != nil && obj.Pkg() != nil {
		return obj.Pkg().Path()
	}
	return ""
}

// enclosingRecv returns the named receiver type of the method fn is, or
// is a literal inside, or nil.
func enclosingRecv(fn *ssa.Function) *types.TypeName {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return nil
	}
	return namedOf(recv.Type())
}

// namedOf returns the type name of t or *t, or nil.
func namedOf(t types.Type) *types.TypeName {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}
