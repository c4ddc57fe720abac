// Package threadlock summarises what each function does to the calling
// goroutine's runtime.LockOSThread count, and exports the summary as an
// object fact so that it crosses package boundaries (also under go vet,
// where this pass runs over every dependency, the standard library
// included: it uses syntax, types and the syntactic CFG only).
//
// A function "returns locked" when every normal return leaves the count
// higher than on entry (a lock helper: its callers inherit the obligation
// to unlock), and "unlocks" when some return leaves it lower and none
// higher (an unlock helper, possibly conditional). The pass never reports;
// the lockosthread analyzer reads its Result.
package threadlock

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/guard"
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

// maxVia bounds the witness chain kept in facts.
const maxVia = 4

// lockFact is the exported summary of a function with a non-None effect.
// Via is the call chain that proves it, ending in runtime's function.
// Cond marks a conditional lock helper: it returns locked exactly when its
// error result is nil (the usual "enter, or fail and stay unlocked" shape).
type lockFact struct {
	Effect Effect
	Cond   bool
	Via    []string
}

func (*lockFact) AFact() {}

func (f *lockFact) String() string {
	if f.Cond {
		return f.Effect.String() + "IfNilError"
	}
	return f.Effect.String()
}

// Result answers questions about the analyzed package's functions and,
// through facts, about the functions of its dependencies.
type Result struct {
	pass     *analysis.Pass
	cfgs     *ctrlflow.CFGs
	active   bool // false: the package cannot touch the lock count
	decls    map[*types.Func]*ast.FuncDecl
	flows    map[ast.Node]*Flow // FuncDecl or FuncLit; nil entry while in progress
	funcVals map[*types.Var][]ast.Expr
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		pass:  pass,
		cfgs:  pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		decls: make(map[*types.Func]*ast.FuncDecl),
		flows: make(map[ast.Node]*Flow),
	}
	// Only code that calls runtime's lock functions, or a dependency's
	// function that has a fact, can change the count.
	r.active = importsRuntime(pass.Pkg) || len(pass.AllObjectFacts()) > 0
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
	for _, fn := range order {
		if fl := r.Flow(r.decls[fn]); fl != nil && fl.Effect != None {
			pass.ExportObjectFact(fn, &lockFact{Effect: fl.Effect, Cond: fl.Cond, Via: fl.Via})
		}
	}
	return r, nil
}

func importsRuntime(pkg *types.Package) bool {
	if pkg.Path() == "runtime" {
		return true
	}
	for _, imp := range pkg.Imports() {
		if imp.Path() == "runtime" {
			return true
		}
	}
	return false
}

// Effect returns fn's effect on the lock count and the call chain that
// proves it (nil for None).
func (r *Result) Effect(fn *types.Func) (Effect, []string) {
	f := r.summary(fn)
	return f.Effect, f.Via
}

func (r *Result) summary(fn *types.Func) lockFact {
	fn = fn.Origin()
	switch fn.FullName() {
	case "runtime.LockOSThread":
		return lockFact{Effect: ReturnsLocked, Via: []string{"runtime.LockOSThread"}}
	case "runtime.UnlockOSThread":
		return lockFact{Effect: Unlocks, Via: []string{"runtime.UnlockOSThread"}}
	}
	if !r.active {
		return lockFact{}
	}
	if decl, ok := r.decls[fn]; ok {
		if fl := r.Flow(decl); fl != nil {
			return lockFact{Effect: fl.Effect, Cond: fl.Cond, Via: fl.Via}
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
// analyzed package, or nil if fn never changes the lock count (or is part
// of a call cycle still being summarised).
func (r *Result) Flow(fn ast.Node) *Flow {
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
	effect   Effect
	cond     bool // locks only when the call's error result is nil
	via      []string
	name     string // how the call is displayed in witness chains
	unknown  bool   // target unknown: a function value or an interface method
	runtimeF bool   // a direct call of runtime.LockOSThread/UnlockOSThread
}

// classify returns what the call does to the lock count.
func (r *Result) classify(call *ast.CallExpr) callee {
	info := r.pass.TypesInfo
	fun := astutil.Unparen(call.Fun)
	if lit, ok := fun.(*ast.FuncLit); ok {
		if fl := r.Flow(lit); fl != nil {
			return callee{effect: fl.Effect, cond: fl.Cond, via: fl.Via, name: "func literal"}
		}
		return callee{}
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
		full := obj.Origin().FullName()
		return callee{effect: f.Effect, cond: f.Cond, via: f.Via, name: funcname.Display(obj, r.pass.Pkg),
			runtimeF: full == "runtime.LockOSThread" || full == "runtime.UnlockOSThread"}
	case *types.Var:
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
	if r.funcVals == nil {
		r.funcVals = assigns.Collect(r.pass.Files, r.pass.TypesInfo)
	}
	return r.funcVals[v]
}

// resolveVar returns the effect of calling a local function variable whose
// every assignment is a function literal or a named function with one
// agreed effect (e.g. unlock := runtime.UnlockOSThread).
func (r *Result) resolveVar(v *types.Var) (callee, bool) {
	exprs := r.Assigned(v)
	if len(exprs) == 0 {
		return callee{}, false
	}
	var out callee
	for i, e := range exprs {
		var c callee
		switch e := astutil.Unparen(e).(type) {
		case *ast.FuncLit:
			if fl := r.Flow(e); fl != nil {
				c = callee{effect: fl.Effect, via: fl.Via, name: v.Name()}
			}
		case *ast.Ident, *ast.SelectorExpr:
			fn := funcname.Ref(r.pass.TypesInfo, e)
			if fn == nil {
				return callee{}, false
			}
			eff, via := r.Effect(fn)
			c = callee{effect: eff, via: via, name: funcname.Display(fn, r.pass.Pkg)}
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

// returnsError reports whether a function's last result is of type error.
func returnsError(info *types.Info, ft *ast.FuncType) bool {
	if ft == nil || ft.Results == nil || len(ft.Results.List) == 0 {
		return false
	}
	last := ft.Results.List[len(ft.Results.List)-1].Type
	t := info.TypeOf(last)
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}
