package blockingfanout

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
	"github.com/syscallvet/syscallvet/internal/funcname"
)

// An iteration is what makes a spawn run many times.
type iteration struct {
	unit  string         // what one run is per: "item", "iteration", "file walked", "recursive call"
	body  *ast.BlockStmt // the loop or callback body, where a semaphore may be taken; never nil
	count bool           // a counting loop up to a value not known to be small
	loop  ast.Node       // the for or range statement, or the walk call; nil for recursion
	// loopCur is loop's cursor (from the search that found the spawn's
	// iteration, so that no other search is needed).
	loopCur inspector.Cursor
	// callback, if not nil, is the call of a variable or field holding
	// the function literal that spawns (body), made once per step of the
	// iteration.
	callback *ast.CallExpr
	caller   *ast.FuncDecl // the function making that call; nil in a package-level initialiser
}

// iterationOf returns the innermost unbounded iteration that runs the
// spawn at cur once per step, looking outwards through bounded loops and
// immediately called literals but not past the enclosing function, except
// to a loop that calls the variable or field holding the enclosing
// literal (see callbackIteration).
func (c *checker) iterationOf(cur inspector.Cursor, sp spawn) (iteration, bool) {
	return c.iterationIn(cur, sp, true)
}

// iterationIn is iterationOf, following callbacks only if asked.
func (c *checker) iterationIn(cur inspector.Cursor, sp spawn, callbacks bool) (iteration, bool) {
	child := cur
	for anc := range cur.Enclosing() {
		if anc == cur {
			continue
		}
		switch n := anc.Node().(type) {
		case *ast.RangeStmt:
			if child.Node() == n.Body {
				if c.acceptLoop(n.Body) {
					return iteration{}, false
				}
				if it, ok := c.rangeIteration(n); ok {
					it.loop, it.loopCur = n, anc
					return it, true
				}
			}
		case *ast.ForStmt:
			if child.Node() == n.Body {
				if c.acceptLoop(n.Body) {
					return iteration{}, false
				}
				if it, ok := c.forIteration(n); ok {
					it.loop, it.loopCur = n, anc
					return it, true
				}
			}
		case *ast.FuncLit:
			parent := anc.Parent().Node()
			if call, ok := parent.(*ast.CallExpr); ok {
				if ast.Unparen(call.Fun) == n {
					break // called in place: keep looking outwards
				}
				if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil {
					switch fn.FullName() {
					case "path/filepath.Walk", "path/filepath.WalkDir", "io/fs.WalkDir":
						return iteration{unit: "file walked", body: n.Body, loop: call, loopCur: anc.Parent()}, true
					}
				}
			}
			if callbacks {
				return c.callbackIteration(n)
			}
			return iteration{}, false
		case *ast.FuncDecl:
			// A function that starts itself: one goroutine per recursive call.
			if self, ok := c.pass.TypesInfo.Defs[n.Name].(*types.Func); ok {
				if fn := funcname.Ref(c.pass.TypesInfo, sp.fun); fn != nil && fn.Origin() == self {
					return iteration{unit: "recursive call", body: n.Body}, true
				}
			}
			return iteration{}, false
		}
		child = anc
	}
	return iteration{}, false
}

// callbackIteration returns the iteration that runs lit once per step
// because lit is stored in a variable or field (an eviction callback, an
// OnEach hook) that the package calls in an unbounded loop with no token
// taken before the call. Its body is lit's, where the callback may take
// a token or wait for the goroutine itself.
func (c *checker) callbackIteration(lit *ast.FuncLit) (iteration, bool) {
	c.findCallbacks()
	for _, v := range c.holders[lit] {
		for _, call := range c.varCalls[v] {
			it, ok := c.iterationIn(call, spawn{fun: call.Node().(*ast.CallExpr).Fun}, false)
			if !ok || it.loop == nil || c.tokenBefore(it.body, call.Node().Pos()) {
				continue
			}
			// The loop is in a function: its outermost is a declaration,
			// or a literal in a package-level initialiser.
			caller, _ := enclosingFunc(call, true).Node().(*ast.FuncDecl)
			return iteration{unit: it.unit, body: lit.Body, count: it.count, loop: it.loop, loopCur: it.loopCur,
				callback: call.Node().(*ast.CallExpr), caller: caller}, true
		}
	}
	return iteration{}, false
}

// findCallbacks fills, once, the function literals stored in variables
// and fields (holders) and the calls through function-valued variables
// and fields (varCalls).
func (c *checker) findCallbacks() {
	if c.holders != nil {
		return
	}
	info := c.pass.TypesInfo
	c.holders = make(map[*ast.FuncLit][]*types.Var)
	c.varCalls = make(map[*types.Var][]inspector.Cursor)
	vals := c.packageValues()
	for _, v := range vals.Vars() {
		if !isFunc(v) {
			continue
		}
		for _, e := range vals.Assigned(v) {
			if lit, ok := ast.Unparen(e).(*ast.FuncLit); ok {
				c.holders[lit] = append(c.holders[lit], v)
			}
		}
	}
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		if v := assigns.Target(info, cur.Node().(*ast.CallExpr).Fun); v != nil && isFunc(v) {
			c.varCalls[v] = append(c.varCalls[v], cur)
		}
	}
}

// enclosingFunc returns the innermost function declaration or literal
// around cur or, with outermost, the outermost one (the declaration, or a
// literal in a package-level initialiser), where every use of a local
// variable is; a zero cursor outside functions.
func enclosingFunc(cur inspector.Cursor, outermost bool) inspector.Cursor {
	var fn inspector.Cursor
	for anc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn = anc
		if !outermost {
			break
		}
	}
	return fn
}

// rangeIteration classifies a range loop; ok is false when its trip count
// is known to be small: an integer or a collection small by construction
// (see sizeOf) at or below the threshold (see limitAt).
func (c *checker) rangeIteration(n *ast.RangeStmt) (iteration, bool) {
	t := c.pass.TypesInfo.TypeOf(n.X)
	if t == nil {
		return iteration{}, false
	}
	limit := c.limitAt(n)
	if isInteger(t) { // range over an int
		return c.countIteration(n.X, n.Body, limit)
	}
	if size, ok := c.sizeOf(n.X, 0); ok && size.small(limit) {
		return iteration{}, false
	}
	return iteration{unit: "item", body: n.Body}, true
}

// forIteration classifies a three-clause or condition-only for loop.
func (c *checker) forIteration(n *ast.ForStmt) (iteration, bool) {
	if bound, _, ok := countBound(c.pass.TypesInfo, n); ok {
		limit := c.limitAt(n)
		if c.fractionStep(n, bound, limit) {
			return iteration{}, false
		}
		return c.countIteration(bound, n.Body, limit)
	}
	return iteration{unit: "iteration", body: n.Body}, true
}

// fractionStep reports whether the counting loop n runs a small number of
// times because it starts at a non-negative constant and steps up by a
// fixed fraction of its bound: "width := num / k; for start := 0; start <
// num; start += width". With width = num / k ≥ 1, num < (width+1)·k, so
// the loop runs at most 2k times (k or k+1 when k divides num nearly
// evenly, up to 2k-1 when num is just under 2k). It is small when 2k is
// at or below limit, or k is itself small but not constant (a chunk of
// len(items) / runtime.NumCPU()). A width of zero (num < k) never ends
// the loop: that bug is not this rule's.
func (c *checker) fractionStep(n *ast.ForStmt, bound ast.Expr, limit int64) bool {
	info := c.pass.TypesInfo
	post, ok := n.Post.(*ast.AssignStmt)
	if !ok || post.Tok != token.ADD_ASSIGN || len(post.Lhs) != 1 {
		return false
	}
	loopVar, ok := ast.Unparen(post.Lhs[0]).(*ast.Ident)
	if !ok || !c.countsUp(n, loopVar, bound) {
		return false
	}
	steps := []ast.Expr{post.Rhs[0]}
	if id, ok := ast.Unparen(post.Rhs[0]).(*ast.Ident); ok {
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			return false
		}
		vals, zero, ok := c.localValues(v)
		if !ok || zero || len(vals) == 0 {
			return false
		}
		steps = vals
	}
	for _, step := range steps {
		quo, ok := ast.Unparen(step).(*ast.BinaryExpr)
		if !ok || quo.Op != token.QUO || !sameValue(info, quo.X, bound) {
			return false
		}
		if k, ok := c.intValue(quo.Y, 0); ok {
			if k < 1 || k > limit/2 {
				return false
			}
		} else if c.boundKind(quo.Y, 0, limit) != small {
			return false
		}
	}
	return true
}

// countsUp reports whether the loop n sets loopVar to a non-negative
// constant and runs while loopVar is below bound (loopVar < bound,
// loopVar <= bound, bound > loopVar, bound >= loopVar).
func (c *checker) countsUp(n *ast.ForStmt, loopVar *ast.Ident, bound ast.Expr) bool {
	info := c.pass.TypesInfo
	obj := info.ObjectOf(loopVar)
	isVar := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) == obj
	}
	cond := ast.Unparen(n.Cond).(*ast.BinaryExpr) // countBound found it
	switch cond.Op {
	case token.LSS, token.LEQ:
		if !isVar(cond.X) || cond.Y != bound {
			return false
		}
	case token.GTR, token.GEQ:
		if !isVar(cond.Y) || cond.X != bound {
			return false
		}
	default:
		return false // i != n: a step that jumps over n never ends the loop
	}
	init, ok := n.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 || !isVar(init.Lhs[0]) {
		return false
	}
	tv := info.Types[init.Rhs[0]]
	return tv.Value != nil && constant.Sign(constant.ToInt(tv.Value)) >= 0
}

// sameValue reports whether x and y denote the same variable, field or
// length: the same object, the same field of the same value, or len of
// the same value.
func sameValue(info *types.Info, x, y ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		y, ok := ast.Unparen(y).(*ast.Ident)
		return ok && info.ObjectOf(x) != nil && info.ObjectOf(x) == info.ObjectOf(y)
	case *ast.SelectorExpr:
		y, ok := ast.Unparen(y).(*ast.SelectorExpr)
		return ok && info.ObjectOf(x.Sel) == info.ObjectOf(y.Sel) && sameValue(info, x.X, y.X)
	case *ast.CallExpr:
		y, ok := ast.Unparen(y).(*ast.CallExpr)
		if !ok || len(x.Args) != 1 || len(y.Args) != 1 {
			return false
		}
		bx, okx := typeutil.Callee(info, x).(*types.Builtin)
		by, oky := typeutil.Callee(info, y).(*types.Builtin)
		return okx && oky && bx.Name() == "len" && by.Name() == "len" && sameValue(info, x.Args[0], y.Args[0])
	}
	return false
}

// limitAt returns the largest trip count known from the syntax that is
// taken as a bound for the loop n: the -workers threshold, or in a
// _test.go file the larger of it and the -testworkers one (tests start
// hundreds of goroutines on purpose, far from the runtime's 10,000-thread
// limit; -testworkers only ever relaxes the threshold).
func (c *checker) limitAt(n ast.Node) int64 {
	if strings.HasSuffix(c.pass.Fset.File(n.Pos()).Name(), "_test.go") {
		return max(c.cfg.workers, c.cfg.testWorkers)
	}
	return c.cfg.workers
}

// countIteration classifies a loop counting up to bound, small when at or
// below limit.
func (c *checker) countIteration(bound ast.Expr, body *ast.BlockStmt, limit int64) (iteration, bool) {
	switch c.boundKind(bound, 0, limit) {
	case small:
		return iteration{}, false
	case perItem:
		return iteration{unit: "item", body: body}, true
	}
	return iteration{unit: "iteration", body: body, count: true}, true
}

type boundKind int

const (
	unknownBound boundKind = iota
	small                  // a small constant, or the number of CPUs
	perItem                // len(collection)
)

// boundKind classifies the upper bound of a counting loop: small when
// countValue bounds it at or below limit, so that a loop and a collection
// appended to per step of it are sized alike; otherwise perItem for
// len(collection), small for a min of which one argument is small (which
// countValue, knowing no limit, cannot pick), and for a local variable or
// a parameter (see paramArgs) the kind of its values.
func (c *checker) boundKind(e ast.Expr, depth int, limit int64) boundKind {
	if s, ok := c.countValue(e, depth); ok && s.small(limit) {
		return small
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if b, ok := typeutil.Callee(info, e).(*types.Builtin); ok {
			switch b.Name() {
			case "len":
				return perItem
			case "min": // min(200, runtime.NumCPU()) is small
				for _, arg := range e.Args {
					if c.boundKind(arg, depth, limit) == small {
						return small
					}
				}
			}
		}
	case *ast.Ident:
		// n := len(items) counts per item.
		if v, ok := info.Uses[e].(*types.Var); ok && depth < 3 {
			vals, ok := c.paramArgs(v)
			if !ok {
				vals, _, ok = c.localValues(v)
			}
			if ok {
				return c.valuesBound(vals, depth, limit)
			}
		}
	}
	return unknownBound
}

// valuesBound classifies the values of a variable or the arguments passed
// for a parameter as a bound: small when all are (also when there are
// none: a zero value).
func (c *checker) valuesBound(vals []ast.Expr, depth int, limit int64) boundKind {
	kind := small
	for _, v := range vals {
		if k := c.boundKind(v, depth+1, limit); k != small {
			kind = k
		}
	}
	return kind
}

// paramArgs returns the arguments passed for the parameter v by every
// call of its function, when the package shows them all: v belongs to a
// function (not a method) that only this package can call (unexported, or
// in a main or external test package), that the package only calls
// (never takes as a value) and calls at least once; v is never assigned,
// and its address is not taken. (v is a count, never the variadic
// parameter, a slice: the other parameters' indices match their
// arguments.)
func (c *checker) paramArgs(v *types.Var) ([]ast.Expr, bool) {
	if v.Pkg() != c.pass.Pkg || c.locals().hidden[v] || len(c.assigned(v)) > 0 {
		return nil, false
	}
	c.findCalls()
	p, ok := c.params[v]
	if !ok {
		return nil, false
	}
	calls := c.calls[p.fn]
	args := make([]ast.Expr, 0, len(calls))
	for _, call := range calls {
		if len(call.Args) == 1 {
			if _, ok := c.pass.TypesInfo.TypeOf(call.Args[0]).(*types.Tuple); ok {
				return nil, false // f(g()) with g multi-valued
			}
		}
		args = append(args, call.Args[p.index])
	}
	return args, true
}

// A paramOf locates a parameter: its function and its index.
type paramOf struct {
	fn    *types.Func
	index int
}

// findCalls fills, once, c.calls: the calls of each function of the
// package that other packages cannot call (see paramArgs), for those the
// package calls and never uses as a value; and c.params: where each
// parameter of those functions is.
func (c *checker) findCalls() {
	if c.calls != nil {
		return
	}
	info := c.pass.TypesInfo
	c.calls = make(map[*types.Func][]*ast.CallExpr)
	visible := func(fn *types.Func) bool { return !fn.Exported() || c.closedPackage() }
	callees := make(map[*ast.Ident]bool)
	for fn, d := range c.decls {
		if d.Recv == nil && visible(fn) {
			c.calls[fn] = nil
		}
	}
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		fun := ast.Unparen(call.Fun)
		switch f := fun.(type) { // f[T](x)
		case *ast.IndexExpr:
			fun = f.X
		case *ast.IndexListExpr:
			fun = f.X
		}
		if id, ok := ast.Unparen(fun).(*ast.Ident); ok {
			if fn, ok := info.Uses[id].(*types.Func); ok {
				if _, tracked := c.calls[fn.Origin()]; tracked {
					c.calls[fn.Origin()] = append(c.calls[fn.Origin()], call)
					callees[id] = true
				}
			}
		}
	}
	for id, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok && !callees[id] {
			delete(c.calls, fn.Origin()) // used as a value
		}
	}
	c.params = make(map[*types.Var]paramOf)
	for fn, calls := range c.calls {
		if len(calls) == 0 {
			delete(c.calls, fn)
			continue
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			c.params[params.At(i)] = paramOf{fn, i}
		}
	}
}

// closedPackage reports whether no other package can refer to the
// package's exported names: a main or external test package.
func (c *checker) closedPackage() bool {
	return c.pass.Pkg.Name() == "main" || strings.HasSuffix(c.pass.Pkg.Name(), "_test")
}

// assigned returns the values assigned to a local variable.
func (c *checker) assigned(v *types.Var) []ast.Expr {
	if c.assigns == nil {
		c.assigns = assigns.Collect(c.pass.Files, c.pass.TypesInfo)
	}
	return c.assigns[v]
}

// globalValues returns the values the package assigns to a package-level
// variable, its initialiser included (assigns.Unknown for one the syntax
// does not show).
func (c *checker) globalValues(v *types.Var) []ast.Expr {
	return c.packageValues().Assigned(v)
}

// packageValues records, once and in one walk of the package, what it
// assigns to its function-valued variables and fields (see findCallbacks)
// and to its package-level variables (see globalValues).
func (c *checker) packageValues() *assigns.Values {
	if c.values == nil {
		c.values = assigns.Package(c.pass.Pkg, c.pass.Files, c.pass.TypesInfo, func(v *types.Var) bool {
			return isFunc(v) || !v.IsField() && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
		})
	}
	return c.values
}

func isFunc(v *types.Var) bool {
	_, ok := v.Type().Underlying().(*types.Signature)
	return ok
}

// acceptLoop reports whether a loop body accepts connections: one
// goroutine per connection is the standard server design.
func (c *checker) acceptLoop(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && strings.HasPrefix(fn.Name(), "Accept") {
				sig := fn.Type().(*types.Signature)
				found = fn.Pkg() != nil && fn.Pkg().Path() == "net" ||
					sig.Results().Len() > 0 && strings.HasSuffix(sig.Results().At(0).Type().String(), "net.Conn")
			}
		}
		return !found
	})
	return found
}
