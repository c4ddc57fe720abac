// Package threadlock summarises what each function does to the calling
// goroutine's runtime.LockOSThread count, and exports the summary as an
// object fact so that it crosses package boundaries (also under go vet,
// where this pass runs over every dependency, the standard library
// included: it uses syntax, types and the syntactic CFG only).
//
// A function "returns locked" when every normal return leaves the count
// higher than on entry (a lock helper: its callers inherit the obligation
// to unlock), and "unlocks" when some return leaves it lower and none
// higher (an unlock helper, possibly conditional). A "runner" calls a
// function parameter with the goroutine locked and then unlocks (see
// runner.go). The pass never reports; the rules read its Result.
package threadlock

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/guard"
	"github.com/syscallvet/syscallvet/internal/stdlib"
)

// Analyzer computes lock summaries; see the package comment.
var Analyzer = &analysis.Analyzer{
	Name:       "threadlock",
	Doc:        "summarise each function's effect on the goroutine's OS-thread lock count (facts only, never reports)",
	URL:        "https://pkg.go.dev/github.com/syscallvet/syscallvet/passes/threadlock",
	Run:        guard.Run(run),
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(lockFact)},
}

// Effect is what a completed call does to the caller's lock count.
type Effect int8

const (
	None          Effect = iota
	ReturnsLocked        // every normal return leaves one more lock held
	Unlocks              // some return undoes a lock, none adds one
)

func (e Effect) String() string {
	switch e {
	case ReturnsLocked:
		return "returnsLocked"
	case Unlocks:
		return "unlocks"
	}
	return "none"
}

// lockFact is the exported summary of a function with a non-None effect.
// Via is the call chain that proves it, ending in runtime's function.
// Cond marks a conditional lock helper: it returns locked exactly when its
// error result is nil (the usual "enter, or fail and stay unlocked" shape).
// Hands marks a lock helper whose every locked return hands back a
// function that undoes the lock (defer pin()()); HandsRestores are the
// Restores of that function (a test's "defer setup(t)()" whose teardown
// restores the namespace first), HandsTaint the kinds it leaves changed:
// the helper's own bug, reported where it is defined, not at its callers.
// HandsKeep: that function undoes fewer lock levels than the helper
// holds, so the goroutine is still locked after it (see levels.go).
//
// Restores, for an unlock helper, are the kinds of per-thread state it
// puts back before every unlock of its caller's lock, each unlock reached
// only where that restore succeeded (if err := netns.Set(orig); err ==
// nil { runtime.UnlockOSThread() }).
//
// Changes are the kinds of per-thread state a call leaves changed for its
// caller (a setns wrapper; a lock helper that also enters a namespace);
// Needs the kinds it changes or relies on while holding no lock of its
// own, so that the caller must hold one. StateVia proves them.
type lockFact struct {
	Effect         Effect
	Cond           bool
	Hands          bool
	HandsRestores  State
	HandsTaint     State
	HandsKeep      bool
	Restores       State
	Via            []string
	Changes        State
	ChangesOnError bool
	Needs          State
	StateVia       []string
	// TID: returns a value derived from the calling thread's identity
	// (its ID, a handle to its namespace), which its caller may use only
	// on the same thread.
	TID  bool
	Runs []RunArg // callback parameters it calls (runner.go)
}

func (*lockFact) AFact() {}

func (f *lockFact) String() string {
	var parts []string
	if f.Effect != None {
		s := f.Effect.String()
		if f.Cond {
			s += "IfNilError"
		}
		parts = append(parts, s)
		if f.Hands {
			parts = append(parts, "handsUnlock")
			if f.HandsRestores != 0 {
				parts = append(parts, "handsRestore("+f.HandsRestores.String()+")")
			}
			if f.HandsTaint != 0 {
				parts = append(parts, "handsTaint("+f.HandsTaint.String()+")")
			}
			if f.HandsKeep {
				parts = append(parts, "handsKeep")
			}
		}
		if f.Restores != 0 {
			parts = append(parts, "restores("+f.Restores.String()+")")
		}
	}
	if f.Changes != 0 {
		s := "changes(" + f.Changes.String() + ")"
		if f.ChangesOnError {
			s = "changesOnError(" + f.Changes.String() + ")"
		}
		parts = append(parts, s)
	}
	if f.Needs != 0 {
		parts = append(parts, "needsLock("+f.Needs.String()+")")
	}
	if f.TID {
		parts = append(parts, "threadID")
	}
	if len(f.Runs) > 0 {
		parts = append(parts, runArgsString(f.Runs))
	}
	return strings.Join(parts, " ")
}

func (f *lockFact) empty() bool {
	return f.Effect == None && f.Changes == 0 && f.Needs == 0 && !f.TID && len(f.Runs) == 0
}

// Result answers questions about the analyzed package's functions and,
// through facts, about the functions of its dependencies.
type Result struct {
	mu       sync.Mutex // guards the lazily filled maps below
	pass     *analysis.Pass
	cfgs     *ctrlflow.CFGs
	active   bool // false: the package cannot touch the lock count
	decls    map[*types.Func]*ast.FuncDecl
	flows    map[ast.Node]*Flow // FuncDecl or FuncLit; nil entry while in progress
	funcVals map[*types.Var][]ast.Expr
	deathsig map[types.Object]token.Pos // commands given a parent-death signal, and where; nil until needed
	children []ast.Node                 // the child's branches of raw forks (see inChild); nil until needed
	sigVals  *assigns.Values            // what the package assigns to integer fields (see unsetSignal); nil until needed
	roots    map[ast.Node]bool
	std      bool                   // a standard library package: lock effects only, no per-thread state
	uses     map[*types.Func]bool   // see usesThread
	refs     map[*types.Func][]site // see sites
	owners   map[ast.Node]*Section  // see owner; nil entry: not an owner to report
	entries  map[ast.Node]bool      // see reexecEntries; nil until needed

	callbacks []Callback                  // nil until needed (callback.go)
	impls     map[*types.Func]*types.Func // see implementations; nil until needed

	homes map[*types.Var]bool // package variables holding a home namespace (home.go); nil until needed
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		pass:  pass,
		cfgs:  pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		decls: make(map[*types.Func]*ast.FuncDecl),
		flows: make(map[ast.Node]*Flow),
	}
	r.std = stdlib.Is(pass)
	r.active = r.relevant()
	if !r.active {
		return r, nil
	}
	var order []*types.Func
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					r.decls[fn] = fd
					order = append(order, fn)
				}
			}
		}
	}
	flows := make([]*Flow, len(order))
	for i, fn := range order {
		flows[i] = r.flow(r.decls[fn])
	}
	for i, fn := range order {
		if fl := flows[i]; fl != nil {
			f := fl.fact()
			if r.owner(r.decls[fn]) != nil {
				// Reported where it is defined: its callers in other
				// packages need not lock for it, only, as callers in the
				// package (see summary), for what it leaves them.
				f.Needs &= fl.leftToCallers()
			}
			f.Runs = runArgs(fl, fn.Type().(*types.Signature))
			if !f.empty() {
				pass.ExportObjectFact(fn, f)
			}
		}
	}
	// A runner behind an interface: its runs on the interface method,
	// which importers call.
	for m, impl := range r.implementations() {
		if fl := r.flow(r.decls[impl]); fl != nil {
			if runs := runArgs(fl, impl.Type().(*types.Signature)); len(runs) > 0 {
				pass.ExportObjectFact(m, &lockFact{Runs: runs})
			}
		}
	}
	return r, nil
}

// seedPkgs hold runtime's lock functions and the per-thread state seeds.
var seedPkgs = map[string]bool{"runtime": true, "syscall": true, "golang.org/x/sys/unix": true, "os": true, "os/exec": true, selinuxPkg: true}

// relevant reports whether a function of the package can touch the lock
// count or per-thread state: only if the package refers to runtime's lock
// functions, to another package's function with a fact, or (outside std)
// calls a per-thread seed the way stateChange matches it. Under go vet
// this runs on every dependency, std included, and most refer to none:
// one walk over TypesInfo.Uses with map look-ups, and a walk over the
// calls only in packages that refer to a seed function.
func (r *Result) relevant() bool {
	pass := r.pass
	seedRefs := false
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok {
			if v, ok := obj.(*types.Var); ok && !r.std && labelVar(v) != 0 {
				seedRefs = true
			}
			continue
		}
		if runtimeLock(fn) != "" {
			return true
		}
		fn = fn.Origin()
		p := fn.Pkg()
		if p == nil {
			continue // error.Error
		}
		if p != pass.Pkg {
			var f lockFact
			if pass.ImportObjectFact(fn, &f) {
				return true
			}
		}
		if !r.std && seedPkgs[p.Path()] && stateSeeds[fn.FullName()] {
			seedRefs = true
		}
	}
	if !seedRefs {
		return false
	}
	found := false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && !found {
				switch fn := typeutil.Callee(pass.TypesInfo, call).(type) {
				case *types.Func:
					found = r.stateChange(call, fn.Origin()) != 0
				case *types.Var:
					found = labelVar(fn) != 0
				}
			}
			return !found
		})
	}
	return found
}

func (r *Result) summary(fn *types.Func) lockFact {
	fn = fn.Origin()
	switch runtimeLock(fn) {
	case "LockOSThread":
		return lockFact{Effect: ReturnsLocked, Via: []string{"runtime.LockOSThread"}}
	case "UnlockOSThread":
		return lockFact{Effect: Unlocks, Via: []string{"runtime.UnlockOSThread"}}
	}
	if !r.active {
		return lockFact{}
	}
	if decl, ok := r.decls[fn]; ok {
		if fl := r.flow(decl); fl != nil {
			f := *fl.fact()
			if fl.Section != nil && !callerLocks(decl) {
				// Its section is reported where it is defined, unless
				// every call of it is locked (Owner): its callers need
				// not lock for it, only for what it leaves them (see
				// leftToCallers; run tells callers in other packages
				// the same).
				f.Needs &= fl.leftToCallers()
			}
			return f
		}
		return lockFact{}
	}
	var f lockFact
	if fn.Pkg() != r.pass.Pkg && r.pass.ImportObjectFact(fn, &f) {
		return f
	}
	return lockFact{}
}

// Flow returns the lock flow of fn, a *ast.FuncDecl or *ast.FuncLit of the
// analyzed package, or nil if fn never touches the lock count or
// per-thread state. Several analyzers share one Result and may call it
// concurrently.
func (r *Result) Flow(fn ast.Node) *Flow {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.flow(fn)
}

// flow is Flow with r.mu held (or during run); nil also for a function
// of a call cycle still being summarised.
func (r *Result) flow(fn ast.Node) *Flow {
	if !r.active {
		return nil
	}
	if fl, ok := r.flows[fn]; ok {
		return fl // nil while in progress: a cycle contributes nothing
	}
	r.flows[fn] = nil
	var g *cfg.CFG
	var ftype *ast.FuncType
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		g, ftype = r.cfgs.FuncDecl(fn), fn.Type
	case *ast.FuncLit:
		g, ftype = r.cfgs.FuncLit(fn), fn.Type
	}
	var fl *Flow
	if g != nil {
		fl = r.analyze(g, returnsError(r.pass.TypesInfo, ftype))
	}
	r.flows[fn] = fl
	return fl
}

// callee describes the effect of one call expression.
type callee struct {
	effect Effect
	cond   bool // locks only when the call's error result is nil
	hands  bool // locks and returns the function that undoes the lock
	// handsRestores, handsTaint: see lockFact.
	handsRestores, handsTaint State
	restores                  State // for an unlock: what it restores first, checked
	changes                   State // per-thread state the call leaves changed
	needs                     State // per-thread state the call needs the caller's lock for
	stateVia                  []string
	oneWay                    bool // a change with no undo (unshare)
	// changesOnError: the callee leaves state changed only when it
	// returns a non-nil error.
	changesOnError bool
	// returnsError: the callee's last result is an error, which the
	// caller may check or ignore.
	returnsError bool
	clears       bool // a label setter called with "" (see clearsLabel)
	via          []string
	name         string // how the call is displayed in witness chains
	unknown      bool   // target unknown: a function value or an interface method
	runtimeF     bool   // a direct call of runtime.LockOSThread/UnlockOSThread
	use          bool   // acts in the calling thread's namespaces or with its labels
	local        bool   // a function of this package that touches the lock or per-thread state
	unsure       bool   // a literal that also calls functions the analysis cannot resolve

	// handsKeep: see lockFact.HandsKeep; keeps: an unlock that leaves the
	// goroutine locked (the function such a lock helper returns).
	handsKeep, keeps bool
}

// runtimeLock returns "LockOSThread" or "UnlockOSThread" for runtime's
// lock functions and "" otherwise, without building full names: it runs
// for every call of every function this pass looks at.
func runtimeLock(fn *types.Func) string {
	if p := fn.Pkg(); p != nil && p.Path() == "runtime" && fn.Type().(*types.Signature).Recv() == nil {
		if n := fn.Name(); n == "LockOSThread" || n == "UnlockOSThread" {
			return n
		}
	}
	return ""
}

// fromFact is the callee described by a summary, shown as name.
func fromFact(f *lockFact, name string) callee {
	c := callee{effect: f.Effect, cond: f.Cond, hands: f.Hands, restores: f.Restores, via: f.Via, name: name,
		handsRestores: f.HandsRestores, handsTaint: f.HandsTaint, handsKeep: f.HandsKeep,
		changes: f.Changes, needs: f.Needs, stateVia: f.StateVia, changesOnError: f.ChangesOnError}
	if f.TID {
		c.needs |= Identity
	}
	return c
}

// classify returns what the call does to the lock count.
func (r *Result) classify(call *ast.CallExpr) callee {
	info := r.pass.TypesInfo
	fun := astutil.Unparen(call.Fun)
	if lit, ok := fun.(*ast.FuncLit); ok {
		if fl := r.flow(lit); fl != nil {
			return fromFact(fl.fact(), "func literal")
		}
		return callee{}
	}
	if inner, ok := fun.(*ast.CallExpr); ok {
		// pin()(): a call of the function pin returns.
		if c, ok := r.handed(inner); ok {
			return c
		}
		return callee{unknown: true}
	}
	if tv, ok := info.Types[fun]; ok && tv.IsType() {
		return callee{} // conversion
	}
	switch obj := typeutil.Callee(info, call).(type) {
	case *types.Func:
		if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
			return callee{unknown: true}
		}
		f := r.summary(obj)
		sig := obj.Type().(*types.Signature)
		c := fromFact(&f, funcname.Display(obj, nil))
		c.returnsError = sig.Results().Len() > 0 && types.Identical(sig.Results().At(sig.Results().Len()-1).Type(), errorType)
		c.runtimeF = runtimeLock(obj) != ""
		if seed := r.stateChange(call, obj.Origin()); seed != 0 {
			c.changes, c.needs, c.stateVia = seed&tainting, seed, nil
			if name := obj.Origin().FullName(); labelSetters[name] != 0 {
				if f.Changes&seed != 0 {
					c.stateVia = f.StateVia // its code shows the change too: the chain
				}
				c.clears = clearsLabel(info, call, name)
			}
			c.oneWay = isUnshare(r.pass.TypesInfo, call, obj.Origin())
		}
		if r.std {
			c.changes, c.needs = 0, 0
		} else {
			c.use = r.isUse(obj.Origin())
		}
		if c.changes != 0 && r.setsHome(call, obj.Origin()) {
			c.clears = true // into the process's home namespace: a restore (home.go)
		}
		if decl := r.decls[obj.Origin()]; decl != nil {
			c.local = r.flows[decl] != nil
		}
		return c
	case *types.Var:
		if k := labelVar(obj); k != 0 && !r.std {
			return labelVarCallee(info, call, obj, k)
		}
		if c, ok := r.resolveVar(obj); ok {
			return c
		}
		return callee{unknown: true}
	case nil:
		// A call of a function-valued expression (field, index, result).
		return callee{unknown: true}
	}
	return callee{} // builtin
}

// Assigned returns the expressions assigned to the local function
// variable v anywhere in the package (for example the literal a goroutine
// is later started from with "go v()").
func (r *Result) Assigned(v *types.Var) []ast.Expr {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.assigned(v)
}

func (r *Result) assigned(v *types.Var) []ast.Expr {
	if r.funcVals == nil {
		r.funcVals = assigns.Collect(r.pass.Files, r.pass.TypesInfo)
	}
	return r.funcVals[v]
}

// resolveVar returns the effect of calling a local function variable whose
// every assignment is a function literal or a named function with one
// agreed effect (e.g. unlock := runtime.UnlockOSThread).
func (r *Result) resolveVar(v *types.Var) (callee, bool) {
	exprs := r.assigned(v)
	if len(exprs) == 0 {
		return callee{}, false
	}
	var out callee
	for i, e := range exprs {
		var c callee
		switch e := astutil.Unparen(e).(type) {
		case *ast.FuncLit:
			if fl := r.flow(e); fl != nil {
				c = fromFact(fl.fact(), v.Name())
				c.unsure = fl.unsure
				// Record whether calls of the literal's only value are
				// locked (see litCallsLocked).
				c.local = len(exprs) == 1
			}
		case *ast.Ident, *ast.SelectorExpr:
			fn := funcname.Ref(r.pass.TypesInfo, e)
			if fn == nil {
				return callee{}, false
			}
			f := r.summary(fn)
			c = fromFact(&f, funcname.Display(fn, nil))
		case *ast.CallExpr: // undo := pin()
			var ok bool
			if c, ok = r.handed(e); !ok {
				return callee{}, false
			}
			c.name = v.Name()
		default:
			return callee{}, false
		}
		if i > 0 && c.effect != out.effect {
			return callee{}, false
		}
		out = c
	}
	return out, true
}

// handed returns, for a call of a lock helper that hands back the
// function undoing its lock (pin() in "defer pin()()" or "undo := pin()"),
// what calling that function does: it unlocks, after putting back the
// kinds of per-thread state the helper says it restores, a
// restore-and-unlock helper's restore.
func (r *Result) handed(call *ast.CallExpr) (callee, bool) {
	c := r.classify(call)
	if c.effect != ReturnsLocked || !c.hands {
		return callee{}, false
	}
	return callee{effect: Unlocks, name: c.name + "()", via: []string{"runtime.UnlockOSThread"},
		changes: c.handsRestores, restores: c.handsRestores, keeps: c.handsKeep}, true
}

var errorType = types.Universe.Lookup("error").Type()

// returnsError reports whether a function's last result is of type error.
func returnsError(info *types.Info, ft *ast.FuncType) bool {
	if ft == nil || ft.Results == nil || len(ft.Results.List) == 0 {
		return false
	}
	last := ft.Results.List[len(ft.Results.List)-1].Type
	t := info.TypeOf(last)
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}
