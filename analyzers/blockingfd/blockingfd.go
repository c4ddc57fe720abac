package blockingfd

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/syscallvet/syscallvet/internal/guard"
	"github.com/syscallvet/syscallvet/internal/report"
	"github.com/syscallvet/syscallvet/internal/ruledoc"
	"github.com/syscallvet/syscallvet/internal/ssabuild"
)

//go:embed doc.go
var doc string

// Analyzer reports descriptors kept out of the netpoller.
var Analyzer = &analysis.Analyzer{
	Name:     "blockingfd",
	Doc:      ruledoc.MustExtract(doc, "blockingfd"),
	URL:      "https://github.com/syscallvet/syscallvet/blob/main/docs/rules/blockingfd.md",
	Run:      guard.Run(run),
	Requires: []*analysis.Analyzer{inspect.Analyzer, ssabuild.Analyzer}, // SSA built on demand, once for both rules that need it
}

// checker holds the state of one pass.
type checker struct {
	pass     *analysis.Pass
	rep      *report.Reporter
	insp     *inspector.Inspector
	pkg      *ssa.Package
	funcs    []*ssa.Function                    // the source functions
	all      []*ssa.Function                    // funcs and the package-level initialisers
	calls    map[token.Pos]inspector.Cursor     // call expressions by Lparen, built on first use
	closures map[*ssa.Function]*ssa.MakeClosure // anonymous function → the closure that makes it
	roots    map[*ssa.Function][]goSite         // functions a goroutine starts with
	origins  map[ssa.Value]fdOrigin             // memo of fdOrigin
	params   map[*ssa.Parameter][]fileUse       // memo of paramUses
	written  map[*ssa.Global]bool               // globals not only read (see onlyRead), built on first use
	fields   map[*types.Var]fieldMemo           // memo of fieldLoads
}

// A goSite is where a goroutine root is started: by fn, with args for
// its parameters (nil when unknown).
type goSite struct {
	fn   *ssa.Function
	args []ssa.Value
}

func run(pass *analysis.Pass) (any, error) {
	rep := report.New(pass)
	defer rep.Finish()
	relevant := false
	for _, p := range pass.Pkg.Imports() {
		if path := trimVendor(p.Path()); path == "os" || sysPkgs[path] {
			relevant = true
		}
	}
	if !relevant || !usesTargets(pass) {
		return nil, nil // before building SSA, which most packages never need
	}
	ssaRes := ssabuild.Of(pass)
	c := &checker{
		pass:     pass,
		rep:      rep,
		insp:     pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		pkg:      ssaRes.Pkg,
		funcs:    ssaRes.SrcFuncs,
		closures: make(map[*ssa.Function]*ssa.MakeClosure),
		roots:    make(map[*ssa.Function][]goSite),
		origins:  make(map[ssa.Value]fdOrigin),
		params:   make(map[*ssa.Parameter][]fileUse),
		fields:   make(map[*types.Var]fieldMemo),
	}
	c.all = c.funcs
	if init := c.pkg.Func("init"); init != nil {
		c.all = append(append([]*ssa.Function{init}, init.AnonFuncs...), c.funcs...)
	}
	c.index()
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := staticFunc(call)
				if callee == nil {
					continue
				}
				switch full := fullName(callee); full {
				case "os.NewFile":
					c.checkNewFile(fn, call)
				case "(*os.File).Fd":
					c.checkFd(fn, call)
				default:
					if name, ok := sysFunc(full); ok {
						if p, ok := pollers[name]; ok {
							c.checkPoll(fn, call, callee, p)
						}
					}
				}
			}
		}
	}
	return nil, nil
}

// index records the closures that make anonymous functions and the
// functions goroutines start with.
func (c *checker) index() {
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.MakeClosure:
					if anon, ok := instr.Fn.(*ssa.Function); ok {
						c.closures[anon] = instr
					}
				case *ssa.Go:
					c.addRoot(fn, instr.Call.Value, instr.Call.Args)
				case *ssa.Call:
					if callee := staticFunc(instr); callee != nil && goFuncs[fullName(callee)] && len(instr.Call.Args) == 2 {
						c.addRoot(fn, instr.Call.Args[1], nil)
					}
				}
			}
		}
	}
}

// addRoot records the function that v denotes, started by spawner with
// args, as a goroutine root if it belongs to this package.
func (c *checker) addRoot(spawner *ssa.Function, v ssa.Value, args []ssa.Value) {
	var root *ssa.Function
	switch v := v.(type) {
	case *ssa.Function:
		root = v
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		if fn == nil {
			return
		}
		root = fn
		if fn.Synthetic != "" { // a bound method value: w.run
			if m, ok := fn.Object().(*types.Func); ok && len(v.Bindings) == 1 && !generic(m) {
				root = c.pkg.Prog.FuncValue(m)
				args = []ssa.Value{v.Bindings[0]}
			}
		}
	}
	if root == nil || root.Pkg != c.pkg || root.Blocks == nil {
		return
	}
	if args != nil && len(args) != len(root.Params) {
		args = nil
	}
	c.roots[root] = append(c.roots[root], goSite{fn: spawner, args: args})
}

// generic reports whether fn has type parameters of its own or of its
// receiver.
func generic(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	return sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0
}

func trimVendor(path string) string { return strings.TrimPrefix(path, "vendor/") }

// staticFunc returns the function a call statically calls, or nil.
func staticFunc(call ssa.CallInstruction) *types.Func {
	if fn := call.Common().StaticCallee(); fn != nil {
		obj, _ := fn.Object().(*types.Func)
		return obj
	}
	return nil
}

// fullName is types.Func.FullName without the "vendor/" of std's
// vendored packages.
func fullName(fn *types.Func) string {
	return strings.Replace(fn.Origin().FullName(), "vendor/", "", 1)
}

// isStd reports whether path is a standard library package.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// stripConv looks through conversions: uintptr(fd), int32(fd).
func stripConv(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.Convert:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		default:
			return v
		}
	}
}

// constInt returns the value of an integer constant.
func constInt(v ssa.Value) (int64, bool) {
	k, ok := stripConv(v).(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}

// A tri is a three-valued answer.
type tri int

const (
	unknown tri = iota
	yes
	no
)

// hasBits tells whether the integer v, built from constants with |, has
// any of bits set.
func hasBits(v ssa.Value, bits constant.Value, seen map[*ssa.Phi]bool) tri {
	switch v := stripConv(v).(type) {
	case *ssa.Const:
		if v.Value == nil || v.Value.Kind() != constant.Int {
			return unknown
		}
		if constant.Sign(constant.BinaryOp(v.Value, token.AND, bits)) != 0 {
			return yes
		}
		return no
	case *ssa.BinOp:
		if v.Op != token.OR {
			return unknown
		}
		x, y := hasBits(v.X, bits, seen), hasBits(v.Y, bits, seen)
		switch {
		case x == yes || y == yes:
			return yes
		case x == no && y == no:
			return no
		}
	case *ssa.Phi:
		if seen[v] {
			return no // a cycle adds nothing of its own
		}
		seen[v] = true
		all := no
		for i, e := range v.Edges {
			t := hasBits(e, bits, seen)
			if t == unknown {
				return unknown
			}
			if i == 0 {
				all = t
			} else if t != all {
				return unknown
			}
		}
		return all
	}
	return unknown
}

// dominates reports whether a runs before b on every path to b.
func dominates(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() {
		return indexOf(a) < indexOf(b)
	}
	return a.Block().Dominates(b.Block())
}

// reachable reports whether b can run after a in their function.
func reachable(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() && indexOf(a) < indexOf(b) {
		return true
	}
	seen := make(map[*ssa.BasicBlock]bool)
	work := append([]*ssa.BasicBlock(nil), a.Block().Succs...)
	for len(work) > 0 {
		blk := work[len(work)-1]
		work = work[:len(work)-1]
		if blk == b.Block() {
			return true
		}
		if !seen[blk] {
			seen[blk] = true
			work = append(work, blk.Succs...)
		}
	}
	return false
}

// inLoop reports whether b is part of a cycle of its function.
func inLoop(b *ssa.BasicBlock) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	work := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(work) > 0 {
		blk := work[len(work)-1]
		work = work[:len(work)-1]
		if blk == b {
			return true
		}
		if !seen[blk] {
			seen[blk] = true
			work = append(work, blk.Succs...)
		}
	}
	return false
}

func indexOf(instr ssa.Instruction) int {
	for i, x := range instr.Block().Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// calls iterates over the call instructions of fn.
func calls(fn *ssa.Function, yield func(*ssa.Call)) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				yield(call)
			}
		}
	}
}

// binding returns the value that the free variable fv of an anonymous
// function is bound to in the closure that makes it, or nil.
func (c *checker) binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	mc := c.closures[fn]
	if mc == nil {
		return nil
	}
	for i, f := range fn.FreeVars {
		if f == fv && i < len(mc.Bindings) {
			return mc.Bindings[i]
		}
	}
	return nil
}

// cellOf returns the local variable (an Alloc) that p, a pointer, is the
// address of, looking through free variables that capture it; nil if p is
// something else.
func (c *checker) cellOf(p ssa.Value) *ssa.Alloc {
	for range 16 {
		switch x := p.(type) {
		case *ssa.Alloc:
			return x
		case *ssa.FreeVar:
			p = c.binding(x)
		default:
			return nil
		}
	}
	return nil
}

// stored returns the values stored into cell.
func stored(cell *ssa.Alloc) []ssa.Value {
	var vals []ssa.Value
	for _, r := range *cell.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == cell {
			vals = append(vals, st.Val)
		}
	}
	return vals
}

// callExpr returns the call expression of the call instruction at lparen.
func (c *checker) callExpr(lparen token.Pos) (inspector.Cursor, *ast.CallExpr, bool) {
	if c.calls == nil {
		c.calls = make(map[token.Pos]inspector.Cursor)
		for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil)) {
			c.calls[cur.Node().(*ast.CallExpr).Lparen] = cur
		}
	}
	cur, ok := c.calls[lparen]
	if !ok {
		return inspector.Cursor{}, nil, false
	}
	return cur, cur.Node().(*ast.CallExpr), true
}

// source returns the source text of n.
func (c *checker) source(n ast.Node) string {
	tf := c.pass.Fset.File(n.Pos())
	if tf == nil {
		return ""
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if start < 0 || end > len(src) || start > end {
		return ""
	}
	return string(src[start:end])
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

// usesTargets reports whether the package refers to a function any item
// of the rule starts from: os.NewFile, (*os.File).Fd, or a poll call.
func usesTargets(pass *analysis.Pass) bool {
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		switch full := fn.FullName(); full {
		case "os.NewFile", "(*os.File).Fd":
			return true
		default:
			if name, ok := sysFunc(full); ok {
				if _, ok := pollers[name]; ok {
					return true
				}
			}
		}
	}
	return false
}
