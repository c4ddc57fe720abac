// Package blocking summarises, for every function, whether a call may hold
// an OS thread while blocked, and exports the summary as an object fact so
// that it crosses package boundaries.
//
// A goroutine blocked in regular-file I/O, flock, fork/exec or waiting for
// a child, a blocking system call, or any cgo call keeps its OS thread for
// the whole call; the scheduler starts another thread to run the other
// goroutines. Network I/O, time.Sleep, channel operations and mutexes park
// the goroutine and hold no thread, so they never produce a fact.
//
// The standard library is described by a table alone (see seeds); in other
// packages a function holds a thread when its body makes a direct call of a
// function that does. Calls in a go statement, and in function literals that
// are not called on the spot, run elsewhere and do not count; deferred calls
// do, weakly (see weakSites). A call through a function-valued variable or
// struct field blocks when the package shows every value it may hold and a
// call of each value blocks (a field that constructors set to os.ReadFile
// or to closures reading files); other calls through interfaces and
// function values are unknown and never produce a fact. A *os.File method called on a local
// variable that holds only os.Pipe ends produces none either: pipes are
// non-blocking and parked by the netpoller; nor does a raw write to a
// variable or field holding only eventfds (see findEventfds). The pass
// uses syntax and types only, because under go vet it runs on every
// dependency; it never reports.
//
// Facts are path-insensitive, so witnesses are ranked: a function that can
// block both in a weak call (see weakCall) or at a weak site (see
// weakSites), which holds a thread only on paths callers rarely take, and
// in a strong one keeps the strong witness.
// Once the facts are final, a function whose unbounded thread-holding calls
// all run under a per-key lock on one of its parameters (moby/locker's
// Lock(id)) is marked with that parameter and with where the lock comes
// from (see blockFact.Key), so that callers passing one key and one lock
// to every goroutine can count it as a bound.
package blocking

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/guard"
	"github.com/syscallvet/syscallvet/internal/stdlib"
)

// Analyzer computes blocking summaries; see the package comment.
var Analyzer = &analysis.Analyzer{
	Name:       "blocking",
	Doc:        "summarise which functions may hold an OS thread while blocked (facts only, never reports)",
	URL:        "https://pkg.go.dev/github.com/syscallvet/syscallvet/passes/blocking",
	Run:        guard.Run(run),
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(blockFact)},
}

// Kind says what a thread-holding call blocks in.
type Kind uint8

const (
	File    Kind = iota + 1 // regular-file I/O and file-system calls
	Exec                    // fork/exec of a process, or waiting for one
	Syscall                 // a direct blocking system call
	Cgo                     // a call into C
)

func (k Kind) String() string {
	switch k {
	case File:
		return "file"
	case Exec:
		return "exec"
	case Syscall:
		return "syscall"
	case Cgo:
		return "cgo"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// blockFact marks a function that may hold a thread while blocked. Via is
// the call chain that proves it, starting with a function the marked one
// calls and ending with a seed or a cgo call; it is empty for the seeds
// themselves. Names are qualified by package name: pkg.F, (*pkg.T).M.
// Longer chains keep their first three and their last name.
//
// Bounded marks a function whose every thread-holding call runs while it
// holds a token (after a channel send or a discarded receive; between a
// semaphore Acquire and its Release) or a mutex it took itself (see
// findGuards): however many goroutines call it, only as many block in the
// kernel at once as the token allows.
//
// Weak marks a function whose every thread-holding call is a weak one
// (see weakCall) or made at a weak site (see weakSites).
//
// Key, when not 0, marks an unbounded function whose every thread-holding
// call that no token or mutex bounds runs under a per-key lock (see
// keyedLocks) on its parameter number Key-1, never assigned: taken by the
// function itself, or by a function it calls with that parameter as the
// key. Lock says whose lock it is: that of a package-level variable
// (lockGlobal), or one reached from the receiver (lockRecv) or from
// parameter number Lock-1, never assigned either. Concurrent calls with
// the same key and the same lock then block one at a time.
type blockFact struct {
	Kind    Kind
	Via     []string
	Bounded bool
	Weak    bool
	Key     int
	Lock    int
}

// Owners of a keyed fact's lock besides a parameter (see blockFact.Lock).
const (
	lockRecv   = -1
	lockGlobal = -2
)

func (*blockFact) AFact() {}

// String renders the fact as "blocks(file via a.readAll → os.ReadFile)",
// with "; bounded", "; weak" and "; keyed by parameter 0 on the receiver"
// before the parenthesis when they apply.
func (f *blockFact) String() string {
	s := "blocks(" + f.Kind.String()
	if len(f.Via) > 0 {
		s += " via " + strings.Join(f.Via, " → ")
	}
	if f.Bounded {
		s += "; bounded"
	}
	if f.Weak {
		s += "; weak"
	}
	if f.Key > 0 {
		s += "; keyed by parameter " + strconv.Itoa(f.Key-1) + " on "
		switch f.Lock {
		case lockRecv:
			s += "the receiver"
		case lockGlobal:
			s += "a package variable"
		default:
			s += "parameter " + strconv.Itoa(f.Lock-1)
		}
	}
	return s + ")"
}

// rank orders witnesses from none (0) to the worst (maxRank): any fact
// beats none, an unbounded one beats a bounded one, and a strong one beats
// a weak one of the same boundedness.
func (f *blockFact) rank() int {
	if f == nil {
		return 0
	}
	r := 1
	if !f.Bounded {
		r += 2
	}
	if !f.Weak {
		r++
	}
	return r
}

const maxRank = 4

// worse reports whether f is a worse witness than g.
func (f *blockFact) worse(g *blockFact) bool { return f.rank() > g.rank() }

// marked returns f with Bounded and Weak also set where asked, copying it
// only when that changes it: bounded for a call made under a token, weak
// for a weak call.
func (f *blockFact) marked(bounded, weak bool) *blockFact {
	if f == nil || (!bounded || f.Bounded) && (!weak || f.Weak) {
		return f
	}
	c := *f
	c.Bounded = c.Bounded || bounded
	c.Weak = c.Weak || weak
	return &c
}

// through returns the fact of a caller whose witness is a call of name,
// a function with fact f.
func (f *blockFact) through(name string) *blockFact {
	return &blockFact{Kind: f.Kind, Via: funcname.Prepend(name, f.Via), Bounded: f.Bounded, Weak: f.Weak}
}

// callOf returns the fact that a call of fn, whose own fact is f, gives
// the caller.
func (r *Result) callOf(fn *types.Func, f *blockFact) *blockFact {
	return f.through(r.name(fn)).marked(false, weakCall(fn))
}

// weakCall reports whether a call of fn holds a thread only on paths that
// callers rarely take, so that a witness through it is weak: a Close
// method, which blocks when it flushes (close(2) on NFS) or frees the last
// reference (a refcounted table deleting its file), and the weak seeds.
func weakCall(fn *types.Func) bool {
	if fn.Name() == "Close" && fn.Type().(*types.Signature).Recv() != nil {
		return true
	}
	return fn.Pkg() != nil && weakSeedPkgs[fn.Pkg().Path()] && weakSeeds[fn.FullName()]
}

// Result answers questions about the analyzed package's functions and,
// through facts and the seed table, about those of its dependencies.
type Result struct {
	mu     sync.Mutex // guards lits
	pass   *analysis.Pass
	active bool // false: nothing in this package can hold a thread
	facts  map[*types.Func]*blockFact
	lits   map[*ast.FuncLit]*blockFact // memo for BlocksLit; nil: no fact
	// funcVars are the function-valued variables and fields whose every
	// value is known (nil if the package calls none); vars holds the
	// facts of those that block. Both are complete once infer returns.
	funcVars map[*types.Var]*funcVar
	vars     map[*types.Var]*blockFact
	// pipes are the local variables holding only os.Pipe ends (nil if
	// none; see findPipes), complete once infer starts.
	pipes map[*types.Var]bool
	// eventfds are the variables and fields holding only eventfds (nil
	// if none; see findEventfds), complete once infer starts.
	eventfds map[*types.Var]bool
	// readsEnv: the package looks up environment variables, so that
	// weakSites looks for gates on them; set once infer starts.
	readsEnv bool
	// env holds the variables holding opt-in environment variables (see
	// envVars); nil until a body looks one up.
	env map[*types.Var]bool
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		pass:  pass,
		facts: make(map[*types.Func]*blockFact),
		lits:  make(map[*ast.FuncLit]*blockFact),
		vars:  make(map[*types.Var]*blockFact),
	}
	r.active = !stdlib.Is(pass) && r.relevant()
	if r.active {
		r.infer()
	}
	return r, nil
}

// Blocks reports whether a call of fn, a function of this package or of a
// dependency, may hold an OS thread while blocked, with the kind of block
// and the witness chain (empty when fn is itself a seed or a C function).
// Names in the chain are qualified by their package name, except those of
// the analyzed package: ["load", "readAll", "os.ReadFile"]. The chain must
// not be modified. Bounded and weak ones (see Bounded and Weak) are
// included.
func (r *Result) Blocks(fn *types.Func) (Kind, []string, bool) {
	if f := r.lookup(fn); f != nil {
		return f.Kind, funcname.Relative(f.Via, r.pass.Pkg.Name()), true
	}
	return 0, nil, false
}

// Bounded reports whether fn blocks only under a token or mutex it takes
// itself, so that concurrent calls cannot each hold a thread.
func (r *Result) Bounded(fn *types.Func) bool {
	f := r.lookup(fn)
	return f != nil && f.Bounded
}

// BoundedLit is Bounded for a function literal of this package.
func (r *Result) BoundedLit(lit *ast.FuncLit) bool {
	f := r.litFact(lit)
	return f != nil && f.Bounded
}

// Weak reports whether a call of fn holds a thread only on paths callers
// rarely take: fn is a weak call itself, or blocks only through such calls
// (see weakCall) and at weak sites, deferred or after an early exit on an
// opt-in environment variable (see weakSites). A weak fact is too
// uncertain to justify a report alone.
func (r *Result) Weak(fn *types.Func) bool {
	f := r.lookup(fn)
	return f != nil && (f.Weak || weakCall(fn.Origin()))
}

// WeakLit is Weak for a function literal of this package.
func (r *Result) WeakLit(lit *ast.FuncLit) bool {
	f := r.litFact(lit)
	return f != nil && f.Weak
}

// BlocksLit is Blocks for a function literal of this package: whether its
// body, when run, may hold the OS thread of the goroutine that runs it.
func (r *Result) BlocksLit(lit *ast.FuncLit) (Kind, []string, bool) {
	f := r.litFact(lit)
	if f == nil {
		return 0, nil, false
	}
	return f.Kind, funcname.Relative(f.Via, r.pass.Pkg.Name()), true
}

// litFact computes, once, the fact of a function literal. Analyzers
// sharing this Result may ask concurrently.
func (r *Result) litFact(lit *ast.FuncLit) *blockFact {
	if !r.active {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	f, ok := r.lits[lit]
	if !ok {
		f = r.bodyFact(lit.Body, nil)
		r.lits[lit] = f
	}
	return f
}

// infer computes the facts of this package's functions and exports them.
// Direct calls of seeds, C functions and other packages' thread-holders
// give the first facts; a worklist then propagates them backwards along
// same-package calls (breadth first), so that call cycles need no special
// case and each witness goes through as few of this package's functions
// as possible. Calls through function-valued variables and fields whose
// every value is known (see funcVars) take part: such a variable's fact
// follows its values', and the literals among them are nodes too.
func (r *Result) infer() {
	pass := r.pass
	type edge struct {
		caller  node
		guarded bool          // the call runs under a token the caller took
		weak    bool          // the call is a weak site (see weakSites)
		call    *ast.CallExpr // names a variable callee in the chain
	}
	u := r.scanUses()
	r.readsEnv = u.env
	if u.funcVars {
		r.findFuncVars()
	}
	if u.pipes {
		r.findPipes()
	}
	if u.eventfd {
		r.findEventfds()
	}
	var order []*types.Func
	bodies := make(map[*types.Func]*ast.BlockStmt)
	callers := make(map[node][]edge)       // same-package callee → callers
	holders := make(map[node][]*types.Var) // value → the variables that may hold it
	var queue []node
	walk := func(caller node, body *ast.BlockStmt) *blockFact {
		return r.bodyFact(body, func(call *ast.CallExpr, callee node, guarded, weak bool) {
			callers[callee] = append(callers[callee], edge{caller, guarded, weak, call})
		})
	}
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || isCgoGenerated(fd.Name.Name) {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			order = append(order, fn)
			bodies[fn] = fd.Body
			f := r.seed(fn) // a seed defined here (x/sys/unix)
			if f == nil {
				f = walk(fn, fd.Body)
			}
			if f != nil {
				r.facts[fn] = f
				queue = append(queue, fn)
			}
		}
	}
	// In source order: map order must not pick witnesses.
	vars := slices.SortedFunc(maps.Keys(r.funcVars), func(a, b *types.Var) int { return cmp.Compare(a.Pos(), b.Pos()) })
	for _, v := range vars {
		for _, val := range r.funcVars[v].values {
			if lit, ok := val.local.(*ast.FuncLit); ok {
				if _, done := r.lits[lit]; !done {
					if r.lits[lit] = walk(lit, lit.Body); r.lits[lit] != nil {
						queue = append(queue, lit)
					}
				}
			}
			if val.local != nil {
				holders[val.local] = append(holders[val.local], v)
			}
		}
	}
	for _, v := range vars {
		queue = append(queue, v) // computes its first fact
	}
	// Callers are functions and literals.
	get := func(n node) *blockFact {
		if fn, ok := n.(*types.Func); ok {
			return r.facts[fn]
		}
		return r.lits[n.(*ast.FuncLit)]
	}
	set := func(n node, f *blockFact) {
		if fn, ok := n.(*types.Func); ok {
			r.facts[fn] = f
		} else {
			r.lits[n.(*ast.FuncLit)] = f
		}
	}
	// A node's fact only ever gets worse (see rank; a variable's is the
	// least bad of facts that only get worse), so each is queued at most
	// maxRank+1 times.
	for i := 0; i < len(queue); i++ {
		callee := queue[i]
		if v, ok := callee.(*types.Var); ok && r.vars[v] == nil {
			f := r.varFact(v)
			if f == nil {
				continue
			}
			r.vars[v] = f
		}
		for _, e := range callers[callee] {
			if c := r.localCall(callee, e.call.Fun).marked(e.guarded, e.weak); c.worse(get(e.caller)) {
				set(e.caller, c)
				queue = append(queue, e.caller)
			}
		}
		for _, v := range holders[callee] {
			if f := r.varFact(v); f.worse(r.vars[v]) {
				r.vars[v] = f
				queue = append(queue, v)
			}
		}
	}
	if u.keys {
		r.findKeys(order, bodies)
	}
	for _, fn := range order {
		if f := r.facts[fn]; f != nil {
			pass.ExportObjectFact(fn, f)
		}
	}
}

// uses says what the package refers to that infer's optional steps need:
// most packages need none of them.
type uses struct {
	funcVars bool // a function-valued variable or field of its own (see findFuncVars)
	pipes    bool // os.Pipe (see findPipes)
	eventfd  bool // unix.Eventfd (see findEventfds)
	env      bool // os.Getenv, os.LookupEnv or syscall.Getenv (see weakSites)
	keys     bool // a per-key lock or a keyed function of another package (see findKeys)
}

// scanUses finds the package's uses for all the optional steps in one
// walk over TypesInfo.Uses: under go vet it runs on every dependency.
func (r *Result) scanUses() uses {
	var u uses
	for _, obj := range r.pass.TypesInfo.Uses {
		switch obj := obj.(type) {
		case *types.Var:
			if !u.funcVars && obj.Pkg() == r.pass.Pkg && isFunc(obj) {
				u.funcVars = true
			}
		case *types.Func:
			p := obj.Pkg()
			if p == nil || p == r.pass.Pkg {
				continue
			}
			switch obj.Name() {
			case "Pipe":
				u.pipes = u.pipes || p.Path() == "os"
			case "Eventfd":
				u.eventfd = u.eventfd || isEventfd(obj)
			case "Getenv", "LookupEnv":
				u.env = u.env || p.Path() == "os" || p.Path() == "syscall"
			case "Lock":
				u.keys = u.keys || keyedLocks[obj.Origin().FullName()]
			}
			if !u.keys {
				if f := r.lookup(obj); f != nil && f.Key > 0 {
					u.keys = true
				}
			}
		}
	}
	return u
}

// bodyFact returns the worst fact that the calls of body give the function
// running it: a call under a token is bounded, one at a weak site (see
// weakSites) weak. During infer, edge is called for each call of a
// same-package function or funcVar instead of counting the callee's fact,
// which the worklist propagates; afterwards (edge nil) such calls count
// with the callee's final fact, and the walk stops at the worst fact.
func (r *Result) bodyFact(body *ast.BlockStmt, edge func(call *ast.CallExpr, callee node, guarded, weak bool)) *blockFact {
	var f *blockFact
	// Guards and sites are found on the first call that can matter: most
	// bodies of most packages have none.
	var guards guards
	var sites *sites
	eachCall(body, func(call *ast.CallExpr) bool {
		c, callee := r.classify(call)
		if c == nil && callee == nil {
			return edge != nil || f.rank() < maxRank
		}
		if sites == nil {
			s := r.weakSites(body)
			sites = &s
			guards = findGuards(r.pass.TypesInfo, body)
		}
		g, w := guards.hold(call.Pos()), sites.weak(call)
		if callee != nil {
			if edge != nil {
				edge(call, callee, g, w)
				return true // every same-package edge matters
			}
			c = r.localCall(callee, call.Fun)
		}
		if c = c.marked(g, w); c.worse(f) {
			f = c
		}
		return edge != nil || f.rank() < maxRank
	})
	return f
}

// lookup returns the fact of fn, or nil.
func (r *Result) lookup(fn *types.Func) *blockFact {
	fn = fn.Origin()
	if f := r.seed(fn); f != nil {
		return f
	}
	if fn.Pkg() == nil {
		return nil
	}
	if fn.Pkg() == r.pass.Pkg {
		return r.facts[fn]
	}
	var f blockFact
	if r.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// seed returns the fact of fn if it is in the seed table or is a C
// function, or nil.
func (r *Result) seed(fn *types.Func) *blockFact {
	if c, ok := cgoName(fn); ok {
		if r.cgoCounts(c) {
			return &blockFact{Kind: Cgo}
		}
		return nil
	}
	if p := fn.Pkg(); p == nil || !seedPkgs[p.Path()] {
		return nil // cheap test first: this runs for every call
	}
	if k, ok := seeds[fn.FullName()]; ok {
		return &blockFact{Kind: k}
	}
	return nil
}

// classify returns the fact that call gives the function containing it
// when the callee is a seed, a C function or another package's function;
// for a callee of this package, a function or a funcVar, it returns the
// callee instead, which infer turns into an edge.
func (r *Result) classify(call *ast.CallExpr) (*blockFact, node) {
	info := r.pass.TypesInfo
	// C.f in a file type-checked without cgo preprocessing (FakeImportC).
	// After preprocessing, as under go vet and go/packages, the call is
	// (_Cfunc_f)(...) and cgoName recognises the callee.
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			if pn, ok := info.Uses[id].(*types.PkgName); ok && pn.Imported().Path() == "C" {
				if r.cgoCounts(sel.Sel.Name) {
					return (&blockFact{Kind: Cgo}).through("C." + sel.Sel.Name), nil
				}
				return nil, nil
			}
		}
	}
	fn := typeutil.StaticCallee(info, call) // nil for interface methods and function values
	if fn == nil {
		if r.funcVars != nil {
			if v := assigns.Target(info, call.Fun); v != nil && r.funcVars[v] != nil {
				return nil, v
			}
		}
		return nil, nil
	}
	fn = fn.Origin()
	if f := r.seed(fn); f != nil {
		if r.onPipe(call) || r.onEventfd(fn, call) {
			return nil, nil // netpoller-managed or never blocks: see findPipes, findEventfds
		}
		return r.callOf(fn, f), nil
	}
	if fn.Pkg() == r.pass.Pkg {
		return nil, fn
	}
	if f := r.lookup(fn); f != nil {
		return r.callOf(fn, f), nil
	}
	return nil, nil
}

// A span is where a function holds a token or a lock.
type span struct {
	from, to token.Pos
	take     *ast.CallExpr // the call that takes it; nil for a channel token
}

// guards lists where a function holds a token or a mutex.
type guards []span

// hold reports whether a token or mutex is held at pos.
func (g guards) hold(pos token.Pos) bool {
	for _, sp := range g {
		if sp.from < pos && pos < sp.to {
			return true
		}
	}
	return false
}

// findGuards finds where the statements of body hold a token or a mutex:
// after a channel send (a semaphore) or a receive whose value is
// discarded (a token), to the end of body; from a semaphore.Weighted
// Acquire or a Mutex or RWMutex Lock to its release (see held). A send or
// receive takes its token at its end, once its operands are evaluated:
// "results <- run(cmd)" runs cmd first. Function literals are skipped: a
// deferred release runs later.
func findGuards(info *types.Info, body *ast.BlockStmt) guards {
	var g guards
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			g = append(g, span{from: n.End(), to: body.End()})
		case *ast.ExprStmt:
			if u, ok := astutil.Unparen(n.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				g = append(g, span{from: n.End(), to: body.End()})
			}
		}
		return true
	})
	return append(g, held(body, func(call *ast.CallExpr) (string, bool) { return guardLock(info, call) })...)
}

// guardLock returns the receiver, as written, of a call that takes
// (take) or releases a semaphore.Weighted or a mutex, or "".
func guardLock(info *types.Info, call *ast.CallExpr) (recv string, take bool) {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" && fn.Pkg().Path() != "golang.org/x/sync/semaphore" {
		return "", false
	}
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	switch fn.FullName() {
	case "(*golang.org/x/sync/semaphore.Weighted).Acquire",
		"(*golang.org/x/sync/semaphore.Weighted).TryAcquire",
		"(*sync.Mutex).Lock", "(*sync.RWMutex).Lock":
		return types.ExprString(sel.X), true
	case "(*golang.org/x/sync/semaphore.Weighted).Release",
		"(*sync.Mutex).Unlock", "(*sync.RWMutex).Unlock":
		return types.ExprString(sel.X), false
	}
	return "", false
}

// held finds the spans of body where the locks that lock names are held.
// lock returns the name of the lock a call takes (take) or releases, or
// "" for other calls. A lock is held from the call that takes it to the
// first call in the same statement list that releases it, or to the end
// of that list: a lock taken in a branch holds in that branch only, and
// one released in a nested list (before an early return) still holds
// after it. Function literals and deferred calls run later: skipped.
func held(body *ast.BlockStmt, lock func(*ast.CallExpr) (name string, take bool)) []span {
	var spans []span
	type open struct {
		span int // in spans
		name string
		list ast.Node // the block or clause holding the statement that takes it
	}
	var opens []open
	var stack []ast.Node // the nodes around the one visited
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case nil:
			stack = stack[:len(stack)-1]
			return true
		case *ast.FuncLit, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if name, take := lock(n); name != "" {
				list := innermostList(stack)
				if take {
					spans = append(spans, span{from: n.Pos(), to: list.End(), take: n})
					opens = append(opens, open{len(spans) - 1, name, list})
				} else {
					for i := len(opens) - 1; i >= 0; i-- {
						if o := opens[i]; o.name == name && o.list == list {
							spans[o.span].to = n.Pos()
							opens = slices.Delete(opens, i, i+1)
							break
						}
					}
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	return spans
}

// innermostList returns the innermost block or clause in stack.
func innermostList(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			return stack[i]
		}
	}
	return nil // not reached: the body is a block
}

// eachCall calls visit, in source order until it returns false, for each
// call in body that runs in the goroutine executing body: it skips function
// literals unless called on the spot, and the call of a go statement (whose
// function value and arguments are still evaluated here).
func eachCall(body *ast.BlockStmt, visit func(*ast.CallExpr) bool) {
	var immediate map[*ast.FuncLit]bool
	done := false
	var inspect func(ast.Node) bool
	inspect = func(n ast.Node) bool {
		if done {
			return false
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			if _, ok := astutil.Unparen(n.Call.Fun).(*ast.FuncLit); !ok {
				ast.Inspect(n.Call.Fun, inspect)
			}
			for _, arg := range n.Call.Args {
				ast.Inspect(arg, inspect)
			}
			return false
		case *ast.FuncLit:
			return immediate[n]
		case *ast.CallExpr:
			if lit, ok := astutil.Unparen(n.Fun).(*ast.FuncLit); ok {
				if immediate == nil {
					immediate = make(map[*ast.FuncLit]bool)
				}
				immediate[lit] = true // its body runs here: descend
				return true
			}
			if !visit(n) {
				done = true
				return false
			}
		}
		return true
	}
	ast.Inspect(body, inspect)
}

// name renders fn for witness chains.
func (r *Result) name(fn *types.Func) string {
	if c, ok := cgoName(fn); ok {
		return "C." + c
	}
	// Qualified even for this package's functions (Display with a nil
	// package), so that a chain crossing packages stays unambiguous;
	// Result strips the analyzed package's own qualifier.
	return funcname.Display(fn, nil)
}

// cgoCounts reports whether a call of C.name counts as thread-holding:
// all do but the helpers cgo implements in Go. (Rules that let users
// discount cgo filter on Kind; this pass stays flag-free, since drivers
// expose no flags of required passes.)
func (r *Result) cgoCounts(name string) bool {
	return !cgoHelpers[name]
}

// cgoName returns the C name of a function that cmd/cgo generated for a
// C.name reference ("_Cfunc_name", or "_C2func_name" when the call also
// takes errno).
func cgoName(fn *types.Func) (string, bool) {
	if fn.Type().(*types.Signature).Recv() != nil {
		return "", false
	}
	for _, prefix := range []string{"_Cfunc_", "_C2func_"} {
		if c, ok := strings.CutPrefix(fn.Name(), prefix); ok {
			if c == "_CMalloc" {
				c = "malloc" // C.malloc is rewritten to _CMalloc
			}
			return c, true
		}
	}
	return "", false
}

// isCgoGenerated reports whether a function declaration comes from cmd/cgo
// (_cgo_gotypes.go): such functions get no fact of their own; calls of them
// are recognised by cgoName.
func isCgoGenerated(name string) bool {
	for _, prefix := range []string{"_Cfunc_", "_C2func_", "_Cgo_", "_cgo"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// relevant reports whether a function of the package can hold a thread:
// only if the package defines seeds (x/sys/unix) or refers to a seed, a C
// function or another package's function with a fact, the callees that
// classify knows. Under go vet this runs on every dependency: one walk
// over TypesInfo.Uses with map look-ups.
func (r *Result) relevant() bool {
	if seedPkgs[r.pass.Pkg.Path()] {
		return true
	}
	for _, obj := range r.pass.TypesInfo.Uses {
		switch obj := obj.(type) {
		case *types.Func:
			if r.lookup(obj) != nil { // r.facts is still empty: seeds and imported facts
				return true
			}
		case *types.PkgName:
			if obj.Imported().Path() == "C" { // C.f without cgo preprocessing
				return true
			}
		}
	}
	return false
}
