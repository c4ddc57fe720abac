package blockingfanout

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
)

// Collections small by construction (the cases of a table-driven test, a
// slice appended to once per item of a literal) have a size the syntax
// shows, as a constant trip count does. Sizes are upper bounds, computed
// on the package's syntax and types alone.

// maxSizeDepth bounds how far sizes and values follow variables, loops and
// appends through each other.
const maxSizeDepth = 4

// sizeCap keeps products of trip counts from overflowing: any size beyond
// it is far above every sensible -workers threshold anyway.
const sizeCap = 1 << 30

// A size is an upper bound n + cpus·C on a collection's length or a
// loop's trip count, where C is the number of CPUs (runtime.NumCPU(),
// runtime.GOMAXPROCS(0)): a slice appended to once per reader, with
// "readers := runtime.GOMAXPROCS(0)", has size {0, 1}.
type size struct{ n, cpus int64 }

// plus returns s + t.
func (s size) plus(t size) size {
	return size{min(s.n+t.n, sizeCap), min(s.cpus+t.cpus, sizeCap)}
}

// times returns s·t, when both do not count CPUs (C² is no bound a
// threshold speaks of).
func (s size) times(t size) (size, bool) {
	if s.cpus > 0 && t.cpus > 0 {
		return size{}, false
	}
	return size{mulCapped(s.n, t.n), min(mulCapped(s.n, t.cpus)+mulCapped(s.cpus, t.n), sizeCap)}, true
}

// most returns a bound on both s and t.
func (s size) most(t size) size { return size{max(s.n, t.n), max(s.cpus, t.cpus)} }

// small reports whether s is a trip count taken as bounded at the
// threshold limit: its constant part and its multiple of the CPU count
// are each at or below limit: runtime.NumCPU() * k is small when k is.
func (s size) small(limit int64) bool { return s.n <= limit && s.cpus <= limit }

// locals records what sizing needs to know about the package's variables,
// local and package-level, beyond the values assigned to them (see
// checker.assigned and checker.globalValues).
type locals struct {
	// declared holds the variables declared by := or var, whose first
	// value is in the syntax (not parameters, range or type switch
	// variables, whose values come from elsewhere).
	declared map[*types.Var]bool
	// zero holds those declared by var without a value: they start at the
	// zero value (0, a nil slice or map).
	zero map[*types.Var]bool
	// hidden holds those that may change in ways their assignments do not
	// show: their address is taken (&v, or a pointer method called on
	// v), a range clause assigns them, or an operator assignment (v += n)
	// does, which assigns.Collect records as assigns.Unknown.
	hidden map[*types.Var]bool
}

// locals computes, once, the package's locals (which, despite the name,
// cover package-level variables too).
func (c *checker) locals() *locals {
	if c.loc != nil {
		return c.loc
	}
	info := c.pass.TypesInfo
	l := &locals{declared: make(map[*types.Var]bool), zero: make(map[*types.Var]bool), hidden: make(map[*types.Var]bool)}
	varOf := func(e ast.Expr) *types.Var {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			v, _ := info.ObjectOf(id).(*types.Var)
			return v
		}
		return nil
	}
	hide := func(e ast.Expr) {
		if v := varOf(e); v != nil {
			l.hidden[v] = true
		}
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				switch n.Tok {
				case token.DEFINE:
					for _, lhs := range n.Lhs {
						if id, ok := lhs.(*ast.Ident); ok {
							if v, ok := info.Defs[id].(*types.Var); ok {
								l.declared[v] = true
							}
						}
					}
				case token.ASSIGN:
				default: // v += n
					for _, lhs := range n.Lhs {
						hide(lhs)
					}
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					if v, ok := info.Defs[id].(*types.Var); ok {
						l.declared[v] = true
						l.zero[v] = len(n.Values) == 0
					}
				}
			case *ast.RangeStmt:
				if n.Tok == token.ASSIGN {
					if n.Key != nil {
						hide(n.Key)
					}
					if n.Value != nil {
						hide(n.Value)
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					hide(n.X)
				}
			case *ast.SelectorExpr:
				// v.M with a pointer receiver takes &v.
				if sel, ok := info.Selections[n]; ok && sel.Kind() == types.MethodVal {
					if v := varOf(n.X); v != nil && !isPointer(v.Type()) {
						if recv := sel.Obj().(*types.Func).Signature().Recv(); recv != nil && isPointer(recv.Type()) {
							l.hidden[v] = true
						}
					}
				}
			}
			return true
		})
	}
	c.loc = l
	return l
}

func isInteger(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// localValues returns the values a variable of the package, local or
// package-level, may hold, when the syntax shows them all: it is declared
// with := or var, every assignment to it is a single-valued one, and
// nothing else can change it (see locals.hidden). zero reports that it may also hold its
// zero value (declared by var without a value). A package-level variable
// counts when only this package can assign it (unexported, or in a main
// or external test package; see closedPackage): u-root's build_perf
// ranges over "var descs = []csvDesc{...}", which nothing assigns again.
func (c *checker) localValues(v *types.Var) (vals []ast.Expr, zero, ok bool) {
	if v.IsField() || v.Pkg() != c.pass.Pkg || v.Parent() == nil {
		return nil, false, false
	}
	global := v.Parent() == v.Pkg().Scope()
	if global && v.Exported() && !c.closedPackage() {
		return nil, false, false
	}
	l := c.locals()
	if !l.declared[v] || l.hidden[v] {
		return nil, false, false
	}
	if global {
		vals = c.globalValues(v)
	} else {
		vals = c.assigned(v)
	}
	for _, e := range vals {
		if e == assigns.Unknown {
			return nil, false, false
		}
	}
	if len(vals) == 0 && !l.zero[v] {
		return nil, false, false
	}
	return vals, l.zero[v], true
}

// intValue returns the largest value the integer expression e may have,
// when it is a constant or a variable whose every value is (see
// localValues): numPulls in "numPulls := 3; for i := 0; i != numPulls; i++".
func (c *checker) intValue(e ast.Expr, depth int) (int64, bool) {
	e = ast.Unparen(e)
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if k := constant.ToInt(tv.Value); k.Kind() == constant.Int {
			return constant.Int64Val(k)
		}
		return 0, false
	}
	id, ok := e.(*ast.Ident)
	if !ok || depth >= maxSizeDepth {
		return 0, false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return 0, false
	}
	vals, _, ok := c.localValues(v)
	if !ok {
		return 0, false
	}
	var most int64
	for _, r := range vals {
		n, ok := c.intValue(r, depth+1)
		if !ok {
			return 0, false
		}
		most = max(most, n)
	}
	return most, true
}

// countValue returns an upper bound on the integer expression e, a trip
// count, when the syntax shows one: a constant, runtime.NumCPU() or
// runtime.GOMAXPROCS(...), the length of a collection sizeOf sizes, sums
// and products of those (see size.times), a min of which one is one, a
// variable whose every value is one (see localValues), or a parameter
// for which every call passes one (see paramArgs).
func (c *checker) countValue(e ast.Expr, depth int) (size, bool) {
	e = ast.Unparen(e)
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		n, ok := c.intValue(e, depth)
		return size{n: max(n, 0)}, ok
	}
	if depth >= maxSizeDepth {
		return size{}, false
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if b, ok := typeutil.Callee(info, e).(*types.Builtin); ok {
			switch b.Name() {
			case "len":
				return c.sizeOf(e.Args[0], depth+1)
			case "min":
				for _, arg := range e.Args {
					if s, ok := c.countValue(arg, depth+1); ok {
						return s, true
					}
				}
			}
			return size{}, false
		}
		if fn := typeutil.StaticCallee(info, e); fn != nil {
			switch fn.FullName() {
			case "runtime.NumCPU", "runtime.GOMAXPROCS":
				return size{cpus: 1}, true
			}
		}
	case *ast.BinaryExpr:
		if e.Op != token.ADD && e.Op != token.MUL {
			return size{}, false
		}
		x, ok := c.countValue(e.X, depth+1)
		if !ok {
			return size{}, false
		}
		y, ok := c.countValue(e.Y, depth+1)
		if !ok {
			return size{}, false
		}
		if e.Op == token.ADD {
			return x.plus(y), true
		}
		return x.times(y)
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return size{}, false
		}
		vals, _, ok := c.localValues(v)
		if !ok {
			vals, ok = c.paramArgs(v)
		}
		if !ok {
			return size{}, false
		}
		var most size
		for _, r := range vals {
			s, ok := c.countValue(r, depth+1)
			if !ok {
				return size{}, false
			}
			most = most.most(s)
		}
		return most, true
	}
	return size{}, false
}

// sizeOf returns an upper bound on the length of the collection e when
// the syntax shows it: a composite literal, a constant string, an array,
// a slice made with a length countValue bounds, an append to such a
// collection, or a variable (see localValues) whose
// every value is one of those or an append to itself made a bounded
// number of times (see varSize).
func (c *checker) sizeOf(e ast.Expr, depth int) (size, bool) {
	if depth >= maxSizeDepth {
		return size{}, false
	}
	e = ast.Unparen(e)
	info := c.pass.TypesInfo
	tv, ok := info.Types[e]
	if !ok {
		return size{}, false
	}
	if tv.Value != nil && tv.Value.Kind() == constant.String {
		return size{n: int64(len(constant.StringVal(tv.Value)))}, true
	}
	t := tv.Type.Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	if a, ok := t.(*types.Array); ok {
		return size{n: a.Len()}, true
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return c.litLen(e, t)
	case *ast.CallExpr:
		if _, ok := t.(*types.Slice); ok && c.isBuiltin(e, "make") && len(e.Args) > 1 {
			return c.countValue(e.Args[1], depth+1) // make([]T, n): n elements
		}
		if c.isAppend(e) {
			n, ok := c.sizeOf(e.Args[0], depth+1)
			if !ok {
				return size{}, false
			}
			added, ok := c.appended(e, depth)
			return n.plus(added), ok
		}
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			return c.varSize(v, depth)
		}
	}
	return size{}, false
}

// litLen returns the length of a slice, array or map composite literal of
// underlying type t.
func (c *checker) litLen(lit *ast.CompositeLit, t types.Type) (size, bool) {
	switch t.(type) {
	case *types.Map:
		return size{n: int64(len(lit.Elts))}, true
	case *types.Slice:
		var n, i int64
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok { // []T{9: x}
				k, ok := c.intValue(kv.Key, maxSizeDepth) // a constant
				if !ok {
					return size{}, false
				}
				i = k
			}
			i++
			n = max(n, i)
		}
		return size{n: n}, true
	}
	return size{}, false
}

// isAppend reports whether call is a call of the append built-in.
func (c *checker) isAppend(call *ast.CallExpr) bool {
	return c.isBuiltin(call, "append") && len(call.Args) > 0
}

// isBuiltin reports whether call calls the builtin function name.
func (c *checker) isBuiltin(call *ast.CallExpr, name string) bool {
	b, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Builtin)
	return ok && b.Name() == name
}

// appended returns how many elements the append call adds.
func (c *checker) appended(call *ast.CallExpr, depth int) (size, bool) {
	if call.Ellipsis.IsValid() { // append(s, more...)
		return c.sizeOf(call.Args[len(call.Args)-1], depth+1)
	}
	return size{n: int64(len(call.Args) - 1)}, true
}

// varSize returns an upper bound on the length of the collection held by
// the variable v (see localValues): the largest value it is set to, plus,
// for each "v = append(v, ...)", what the append adds times the number
// of times it runs (the product of the trip counts of the loops around it
// within v's scope; see tripsAround). A map must also never be written
// through or handed anywhere (see mapFrozen).
func (c *checker) varSize(v *types.Var, depth int) (size, bool) {
	if depth >= maxSizeDepth || c.sizing[v] {
		return size{}, false // s = append(s, s...), or too deep
	}
	vals, _, ok := c.localValues(v)
	if !ok {
		return size{}, false
	}
	if _, ok := v.Type().Underlying().(*types.Map); ok && !c.mapFrozen(v) {
		return size{}, false
	}
	if c.sizing == nil {
		c.sizing = make(map[*types.Var]bool)
	}
	c.sizing[v] = true
	defer delete(c.sizing, v)
	var most, added size
	for _, e := range vals {
		if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && c.isAppend(call) {
			if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
				per, ok := c.appended(call, depth)
				if !ok {
					return size{}, false
				}
				trips, ok := c.tripsAround(e, v, depth+1)
				if !ok {
					return size{}, false
				}
				n, ok := per.times(trips)
				if !ok {
					return size{}, false
				}
				added = added.plus(n)
				continue
			}
		}
		if tv := c.pass.TypesInfo.Types[e]; tv.IsNil() {
			continue
		}
		n, ok := c.sizeOf(e, depth+1)
		if !ok {
			return size{}, false
		}
		most = most.most(n)
	}
	return most.plus(added), true
}

func mulCapped(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > sizeCap/b {
		return sizeCap
	}
	return a * b
}

// tripsAround returns how many times e, an assignment's value, may be
// evaluated per declaration of the variable v it is assigned to: the
// product of the trip counts of the loops around it, out to the one
// whose body declares v afresh on each iteration, or to v's function. A
// function literal in between may be called any number of times.
func (c *checker) tripsAround(e ast.Expr, v *types.Var, depth int) (size, bool) {
	cur, ok := c.insp.Root().FindByPos(e.Pos(), e.End())
	if !ok {
		return size{}, false
	}
	inside := func(n ast.Node) bool { return n.Pos() <= v.Pos() && v.Pos() < n.End() }
	trips := size{n: 1}
	for anc := range cur.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		n := anc.Node()
		scope := n // where a declaration is made afresh on each run of n
		switch loop := n.(type) {
		case *ast.ForStmt:
			scope = loop.Body
		case *ast.RangeStmt:
			scope = loop.Body
		}
		if inside(scope) {
			return trips, true
		}
		if scope == n {
			// v is declared outside the function around e: captured by a
			// literal that may run any number of times, or package-level.
			return size{}, false
		}
		t, ok := c.trips(n, depth)
		if !ok {
			return size{}, false
		}
		if trips, ok = trips.times(t); !ok {
			return size{}, false
		}
	}
	return size{}, false
}

// trips returns an upper bound on the number of iterations of a loop,
// when the syntax shows one: a range over a sized collection (sizeOf) or
// over an integer value (countValue), a counting loop up to such a value.
func (c *checker) trips(loop ast.Node, depth int) (size, bool) {
	var (
		n  size
		ok bool
	)
	switch loop := loop.(type) {
	case *ast.RangeStmt:
		if isInteger(c.pass.TypesInfo.TypeOf(loop.X)) {
			n, ok = c.countValue(loop.X, depth)
		} else {
			n, ok = c.sizeOf(loop.X, depth)
		}
	case *ast.ForStmt:
		bound, inclusive, isCount := countBound(c.pass.TypesInfo, loop)
		if !isCount {
			return size{}, false
		}
		if n, ok = c.countValue(bound, depth); ok && inclusive {
			n = n.plus(size{n: 1})
		}
	}
	return n, ok
}

// countBound returns the bound of a counting loop's condition (n in
// i < n, i <= n, n > i, n >= i, i != n) and whether the loop also runs
// for the bound itself (<=, >=). For != the loop variable is the one its
// post statement steps.
func countBound(info *types.Info, n *ast.ForStmt) (bound ast.Expr, inclusive, ok bool) {
	cond, isBinary := ast.Unparen(n.Cond).(*ast.BinaryExpr)
	if !isBinary {
		return nil, false, false
	}
	switch cond.Op {
	case token.LSS:
		return cond.Y, false, true
	case token.LEQ:
		return cond.Y, true, true
	case token.GTR:
		return cond.X, false, true
	case token.GEQ:
		return cond.X, true, true
	case token.NEQ:
		var stepped ast.Expr
		switch post := n.Post.(type) {
		case *ast.IncDecStmt:
			stepped = post.X
		case *ast.AssignStmt:
			if len(post.Lhs) == 1 {
				stepped = post.Lhs[0]
			}
		}
		id, isIdent := ast.Unparen(stepped).(*ast.Ident)
		if !isIdent {
			return nil, false, false
		}
		obj := info.ObjectOf(id)
		if x, ok := ast.Unparen(cond.X).(*ast.Ident); ok && info.ObjectOf(x) == obj {
			return cond.Y, false, true
		}
		if y, ok := ast.Unparen(cond.Y).(*ast.Ident); ok && info.ObjectOf(y) == obj {
			return cond.X, false, true
		}
	}
	return nil, false, false
}

// mapFrozen reports whether the map v is used only to be read:
// ranged over, indexed for reading, passed to len or delete, or assigned
// (the values localValues checks). A map written through (m[k] = v) or
// handed anywhere else may grow.
func (c *checker) mapFrozen(v *types.Var) bool {
	decl, ok := c.insp.Root().FindByPos(v.Pos(), v.Pos())
	if !ok {
		return false
	}
	scope := c.insp.Root() // a package-level map, or one declared in a package-level initialiser
	for anc := range decl.Enclosing((*ast.FuncDecl)(nil)) {
		scope = anc
	}
	info := c.pass.TypesInfo
	for cur := range scope.Preorder((*ast.Ident)(nil)) {
		if info.Uses[cur.Node().(*ast.Ident)] != v {
			continue
		}
		switch cur.ParentEdgeKind() {
		case edge.RangeStmt_X, edge.AssignStmt_Lhs:
		case edge.IndexExpr_X:
			switch cur.Parent().ParentEdgeKind() {
			case edge.AssignStmt_Lhs, edge.IncDecStmt_X:
				return false // m[k] = x
			}
		case edge.CallExpr_Args:
			b, ok := typeutil.Callee(info, cur.Parent().Node().(*ast.CallExpr)).(*types.Builtin)
			if !ok || b.Name() != "len" && b.Name() != "delete" {
				return false
			}
		default:
			return false
		}
	}
	return true
}
