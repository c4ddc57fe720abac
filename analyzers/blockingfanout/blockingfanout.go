package blockingfanout

import (
	_ "embed"
	"flag"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/guard"
	"github.com/syscallvet/syscallvet/internal/report"
	"github.com/syscallvet/syscallvet/internal/ruledoc"
	"github.com/syscallvet/syscallvet/passes/blocking"
)

//go:embed doc.go
var doc string

// Analyzer reports unbounded fan-out of thread-holding goroutines.
var Analyzer = &analysis.Analyzer{
	Name:     "blockingfanout",
	Doc:      ruledoc.MustExtract(doc, "blockingfanout"),
	URL:      "https://github.com/syscallvet/syscallvet/blob/main/docs/rules/blockingfanout.md",
	Run:      guard.Run(run),
	Requires: []*analysis.Analyzer{inspect.Analyzer, blocking.Analyzer},
	Flags:    newFlags(),
}

func newFlags() flag.FlagSet {
	fs := flag.NewFlagSet("blockingfanout", flag.ContinueOnError)
	fs.Int("workers", 64, "largest constant trip count taken as a bounded worker pool")
	fs.Int("testworkers", 999, "largest constant trip count taken as bounded in _test.go files, when above -workers")
	fs.Bool("cgo", true, "count cgo calls as thread-holding")
	fs.String("blocking", "", "comma-separated full names of extra blocking functions as go/types prints them, e.g. (*example.com/db.DB).Get")
	return *fs
}

// config is the analyzer's flags, read once per pass (no package globals,
// so drivers that run analyzers concurrently or reconfigure them are safe).
type config struct {
	workers int64
	// testWorkers raises workers for loops in _test.go files, whose
	// stress tests start hundreds of goroutines on purpose.
	testWorkers int64
	cgo         bool
	blocking    map[string]bool
}

func readConfig(a *analysis.Analyzer) config {
	get := func(name string) any { return a.Flags.Lookup(name).Value.(flag.Getter).Get() }
	c := config{workers: int64(get("workers").(int)), testWorkers: int64(get("testworkers").(int)), cgo: get("cgo").(bool), blocking: make(map[string]bool)}
	for _, name := range strings.Split(get("blocking").(string), ",") {
		if name = strings.TrimSpace(name); name != "" {
			c.blocking[name] = true
		}
	}
	return c
}

// checker holds the state of one pass.
type checker struct {
	pass     *analysis.Pass
	facts    *blocking.Result
	cfg      config
	rep      *report.Reporter
	decls    map[*types.Func]*ast.FuncDecl
	spawners map[*types.Func]*spawnerInfo // nil value: in progress or none
	assigns  map[*types.Var][]ast.Expr
	values   *assigns.Values // see packageValues; nil until needed
	insp     *inspector.Inspector
	// holders maps function literals to the variables and fields they are
	// stored in, varCalls those to the calls through them; nil until
	// needed (see findCallbacks).
	holders  map[*ast.FuncLit][]*types.Var
	varCalls map[*types.Var][]inspector.Cursor
	// loc describes the package's local variables, nil until needed;
	// sizing holds those whose size is being computed (see varSize).
	loc    *locals
	sizing map[*types.Var]bool
	// calls holds the calls of each function of the package whose every
	// call the package shows, nil until needed (see findCalls).
	calls  map[*types.Func][]*ast.CallExpr
	params map[*types.Var]paramOf
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:     pass,
		facts:    pass.ResultOf[blocking.Analyzer].(*blocking.Result),
		cfg:      readConfig(pass.Analyzer),
		rep:      report.New(pass),
		spawners: make(map[*types.Func]*spawnerInfo),
		insp:     insp,
	}
	defer c.rep.Finish()
	c.decls = make(map[*types.Func]*ast.FuncDecl)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					c.decls[fn] = fd
				}
			}
		}
	}

	for cur := range insp.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		if sp, ok := c.spawnAt(cur); ok {
			c.checkSpawn(cur, sp)
		} else if call, ok := cur.Node().(*ast.CallExpr); ok {
			c.checkSpawnerCall(cur, call)
		}
	}
	return nil, nil
}

// A spawn is one place that starts a goroutine.
type spawn struct {
	fun   ast.Expr // the function the goroutine runs
	group ast.Expr // the receiver of a pool's Go method that can be limited; nil otherwise
	limit string   // full name of the method that limits group
	what  string   // how the diagnostic names the goroutine
	// waitGroup is the receiver of a WaitGroup's Go method, whose Wait
	// waits for the goroutine; nil otherwise.
	waitGroup ast.Expr
}

// spawnAt recognises a go statement or a call of a well-known Go method.
func (c *checker) spawnAt(cur inspector.Cursor) (spawn, bool) {
	switch n := cur.Node().(type) {
	case *ast.GoStmt:
		return spawn{fun: n.Call.Fun, what: "goroutine"}, true
	case *ast.CallExpr:
		fn := typeutil.StaticCallee(c.pass.TypesInfo, n)
		if fn == nil || len(n.Args) != 1 {
			return spawn{}, false
		}
		sel, _ := ast.Unparen(n.Fun).(*ast.SelectorExpr)
		switch fn.Origin().FullName() {
		case "(*golang.org/x/sync/errgroup.Group).Go", "(*golang.org/x/sync/errgroup.Group).TryGo":
			if sel != nil {
				return spawn{fun: n.Args[0], group: sel.X, limit: "(*golang.org/x/sync/errgroup.Group).SetLimit", what: "errgroup goroutine"}, true
			}
		case "(*github.com/sourcegraph/conc/pool.Pool).Go":
			if sel != nil {
				return spawn{fun: n.Args[0], group: sel.X, limit: "(*github.com/sourcegraph/conc/pool.Pool).WithMaxGoroutines", what: "pool goroutine"}, true
			}
		case "(*sync.WaitGroup).Go":
			var wg ast.Expr
			if sel != nil {
				wg = sel.X
			}
			return spawn{fun: n.Args[0], what: "goroutine", waitGroup: wg}, true
		case "(*github.com/sourcegraph/conc.WaitGroup).Go":
			return spawn{fun: n.Args[0], what: "goroutine"}, true
		}
	}
	return spawn{}, false
}

// checkSpawn reports sp at cur if it runs per item of an unbounded
// iteration, may block an OS thread, and is not bounded.
func (c *checker) checkSpawn(cur inspector.Cursor, sp spawn) {
	kind, via, body, ok := c.blocks(sp.fun)
	if !ok {
		return
	}
	it, ok := c.iterationOf(cur, sp)
	if !ok || c.bounded(cur, it, sp, body) {
		return
	}
	if it.callback != nil {
		c.rep.Reportf(cur.Node(), "%s started by callback %s, called per %s in %s (%s), blocks an OS thread in %s (via %s)",
			sp.what, types.ExprString(it.callback.Fun), it.unit, c.funcName(it.caller), report.Line(c.pass.Fset, it.loop.Pos(), cur.Node().Pos()), kindText(kind), strings.Join(via, " → "))
		return
	}
	c.rep.Reportf(cur.Node(), "%s per %s blocks an OS thread in %s (via %s)",
		sp.what, it.unit, kindText(kind), strings.Join(via, " → "))
}

// blocks reports whether the function expression e may block an OS
// thread with no token or mutex of its own in the way, and not only in a
// weak call (a Close, a ReadFrom of a file: see blocking.Result.Weak),
// with the kind, the witness chain, and its body when it is in this
// package.
func (c *checker) blocks(e ast.Expr) (blocking.Kind, []string, *ast.BlockStmt, bool) {
	var (
		kind blocking.Kind
		via  []string
		body *ast.BlockStmt
		ok   bool
	)
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		body = e.Body
		kind, via, ok = c.facts.BlocksLit(e)
		if ok && (c.facts.BoundedLit(e) || c.facts.WeakLit(e)) {
			return 0, nil, nil, false
		}
	default:
		fn := funcname.Ref(c.pass.TypesInfo, e)
		if fn == nil {
			// A function-valued variable or field whose every value the
			// package shows (see blocking.Result.BlocksVar).
			v := assigns.Target(c.pass.TypesInfo, e)
			if v == nil {
				return 0, nil, nil, false
			}
			kind, via, ok = c.facts.BlocksVar(v)
			if ok && (c.facts.BoundedVar(v) || c.facts.WeakVar(v)) {
				return 0, nil, nil, false
			}
			if ok {
				via = prepend(types.ExprString(e), via)
			}
			break
		}
		if d := c.decls[fn.Origin()]; d != nil {
			body = d.Body
		}
		kind, via, ok = c.facts.Blocks(fn)
		if ok && (c.facts.Bounded(fn) || c.facts.Weak(fn)) {
			return 0, nil, nil, false
		}
		if ok {
			via = prepend(funcname.Display(fn, c.pass.Pkg), via)
		}
	}
	if !ok && body != nil {
		if kind, via, ok = c.extraBlocking(body); ok && c.guardedStart(body) {
			return 0, nil, nil, false
		}
	}
	if ok && kind == blocking.Cgo && !c.cfg.cgo {
		return 0, nil, nil, false
	}
	return kind, via, body, ok
}

// extraBlocking finds a call, in body, of a function named by the
// -blockingfanout.blocking flag.
func (c *checker) extraBlocking(body *ast.BlockStmt) (blocking.Kind, []string, bool) {
	if len(c.cfg.blocking) == 0 {
		return 0, nil, false
	}
	var found *types.Func
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && found == nil {
			if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil && c.cfg.blocking[fn.Origin().FullName()] {
				found = fn
			}
		}
		return found == nil
	})
	if found == nil {
		return 0, nil, false
	}
	return blocking.Syscall, []string{funcname.Display(found, c.pass.Pkg)}, true
}

// prepend returns the chain of a call of name whose own chain is via.
func prepend(name string, via []string) []string {
	return funcname.Prepend(name, via)
}

// funcName names a function declaration in a diagnostic.
func (c *checker) funcName(d *ast.FuncDecl) string {
	if d != nil {
		if f, ok := c.pass.TypesInfo.Defs[d.Name].(*types.Func); ok {
			return funcname.Display(f, c.pass.Pkg)
		}
	}
	return "a package-level initialiser"
}

func kindText(k blocking.Kind) string {
	switch k {
	case blocking.File:
		return "file I/O"
	case blocking.Exec:
		return "process exec/wait"
	case blocking.Cgo:
		return "a cgo call"
	}
	return "a blocking syscall"
}

// spawnerInfo describes a function that starts one blocking goroutine per
// call, unconditionally bounded by nothing.
type spawnerInfo struct {
	kind blocking.Kind
	via  []string // the goroutine's witness chain (see blocks)
	// done is the index of the result that is a channel the goroutine
	// closes or sends on as its last act, returned by every return after
	// the spawn (extract returns "r, errc"); -1 if none.
	done int
}

// checkSpawnerCall reports a call, per item of an unbounded iteration, of
// a same-package function that starts a blocking goroutine, unless the
// iteration receives from the goroutine's done channel that the call
// returns (see receivesResult).
func (c *checker) checkSpawnerCall(cur inspector.Cursor, call *ast.CallExpr) {
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	info := c.spawner(fn.Origin())
	if info == nil {
		return
	}
	it, ok := c.iterationIn(cur, spawn{fun: call.Fun}, false)
	if !ok || it.unit == "recursive call" || c.tokenBefore(it.body, call.Pos()) {
		return
	}
	if info.done >= 0 && c.receivesResult(it, cur, info.done) {
		return
	}
	name := funcname.Display(fn, c.pass.Pkg)
	via := ""
	if len(info.via) > 0 {
		// The chain a call of the spawner carries, capped as every chain
		// is, after the spawner the message names.
		via = " (via " + strings.Join(funcname.Prepend(name, info.via)[1:], " → ") + ")"
	}
	c.rep.Reportf(call, "call to %s starts a goroutine per %s that blocks an OS thread in %s%s",
		name, it.unit, kindText(info.kind), via)
}

// receivesResult reports whether the body of it receives from result
// k of the call at cur before it can end the iteration: <-start(x), or
// rc, errc := extract(l) followed by <-errc (see waitsAfter).
func (c *checker) receivesResult(it iteration, cur inspector.Cursor, k int) bool {
	info := c.pass.TypesInfo
	var id *ast.Ident
	switch p := cur.Parent().Node().(type) {
	case *ast.UnaryExpr:
		return p.Op == token.ARROW
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && k < len(p.Lhs) {
			id, _ = p.Lhs[k].(*ast.Ident)
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && k < len(p.Names) {
			id = p.Names[k]
		}
	}
	if id == nil || info.ObjectOf(id) == nil {
		return false
	}
	return c.waitsAfter(it.body, cur.Node(), map[types.Object]bool{info.ObjectOf(id): true}, leaves(it))
}

// spawner returns what fn, a function of this package, starts on every
// call: a goroutine that may block an OS thread, outside any loop of its
// own (which would be reported there), unguarded, and not waited for
// before fn returns (calls in a loop then run one such goroutine at a
// time). Spawners are only looked for in the package, so that what they
// return needs no fact.
func (c *checker) spawner(fn *types.Func) *spawnerInfo {
	if info, ok := c.spawners[fn]; ok {
		return info
	}
	c.spawners[fn] = nil
	decl := c.decls[fn]
	if decl == nil {
		return nil
	}
	var info *spawnerInfo
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if info != nil && info.done < 0 {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			return false // only unconditional spawns make every call fan out
		case *ast.GoStmt:
			sp := spawn{fun: n.Call.Fun}
			if kind, via, _, ok := c.blocks(n.Call.Fun); ok && !c.joined(decl.Body, n, sp, returns) {
				if info != nil {
					info.done = -1 // a second goroutine: one receive joins only one
				} else {
					info = &spawnerInfo{kind: kind, via: via, done: c.returnedSignal(decl, n, sp)}
				}
			}
			return false
		}
		return true
	})
	c.spawners[fn] = info
	return info
}

// returnedSignal returns the index of the result that every return after
// the spawn sp at node at in decl returns as a channel the goroutine
// signals on (see signals), or -1.
func (c *checker) returnedSignal(decl *ast.FuncDecl, at ast.Node, sp spawn) int {
	signals := c.spawnSignals(sp)
	k, ok := -1, true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if n.Pos() < at.End() {
				return false
			}
			i := slices.IndexFunc(n.Results, func(r ast.Expr) bool {
				obj := rootObject(c.pass.TypesInfo, r)
				return obj != nil && signals[obj]
			})
			// This return hands back no such channel, or another result.
			ok = i >= 0 && (k < 0 || i == k)
			k = i
		}
		return true
	})
	if !ok {
		return -1
	}
	return k
}
