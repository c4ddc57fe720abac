package threadlock

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// This file follows callback runners: functions that call a function-typed
// parameter with the goroutine locked and then unlock, like the CNI
// plugins' ns.Do(toRun) (a goroutine that locks, enters the namespace,
// calls toRun, switches back and unlocks) or
//
//	func Do(fn func() error) error {
//		runtime.LockOSThread()
//		defer runtime.UnlockOSThread()
//		... enter the namespace, defer the way back ...
//		return fn()
//	}
//
// What the callback leaves changed reaches the runner's unlock; the runner
// puts back only the kinds it changed itself before the call.

// A Run is a call of a function-typed parameter (of the function itself
// or, in a literal, of an enclosing function) found in a function's flow.
type Run struct {
	Param *types.Var
	// Locked: the parameter is called under a lock the function (or a
	// goroutine it starts, or a runner it passes the parameter to) takes,
	// and an unlock that hands the thread back follows on some path.
	// Otherwise the parameter is called with no lock of the function's
	// own, under whatever lock its caller holds.
	Locked bool
	// Restores are the kinds of per-thread state the function (or the
	// locked section it runs in) has changed when it calls the
	// parameter, and so puts back before the unlock (if it does not, that
	// is its own report), and those it puts back after the call, to the
	// value saved before it. For a call under the caller's lock: the kinds
	// changed for the caller before the call. Over several paths or calls,
	// the kinds restored on any: on a path where the runner unlocks
	// before entering (the callback failed), a change the callback made
	// anyway is not reported.
	Restores State
}

// RunArg is the part of a Run that crosses packages: Param is the index
// of the parameter in the signature (a method's receiver not counted).
type RunArg struct {
	Param    int
	Locked   bool
	Restores State
}

func (a RunArg) String() string {
	s := "runsLocked("
	if !a.Locked {
		s = "runsUnderCaller("
	}
	s += fmt.Sprint(a.Param)
	if a.Restores != 0 {
		s += ":" + a.Restores.String()
	}
	return s + ")"
}

func runArgsString(runs []RunArg) string {
	parts := make([]string, len(runs))
	for i, a := range runs {
		parts[i] = a.String()
	}
	return strings.Join(parts, " ")
}

// runEvent is what an evRun event carries.
type runEvent struct {
	v        *types.Var
	locked   bool  // the callee runs v under a lock of its own and releases it
	restores State // what the callee restores (locked) or changed before the call (not locked)
	fresh    bool  // in a goroutine the function starts
	direct   bool  // the function calls v itself
}

// pending are callback calls made under the function's own lock (two at
// most: nsInvoke(path, prefunc, postfunc)), waiting for the unlock that
// hands the thread back. taint: the kinds changed under the lock when
// the callback ran, which the function must set back before the unlock
// (or is reported itself), and those it has set back since.
type pending struct {
	ev    [2]*runEvent
	taint [2]State
}

// restored adds the kinds a restore under the lock puts back: a restore
// to the value saved before the callback ran undoes its change too.
func (p *pending) restored(kinds State) {
	for i, ev := range p.ev {
		if ev != nil {
			p.taint[i] |= kinds
		}
	}
}

type runKey struct {
	v      *types.Var
	locked bool
}

// runBuilder is the builder's bookkeeping for runs.
type runBuilder struct {
	runs    map[runKey]State
	changed map[*ast.CallExpr]bool
}

// callbackParam returns the parameter e names if it is a function-typed
// parameter never assigned to, or nil.
func (r *Result) callbackParam(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := r.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Kind() != types.ParamVar {
		return nil
	}
	if _, ok := v.Type().Underlying().(*types.Signature); !ok || len(r.assigned(v)) > 0 {
		return nil
	}
	return v
}

// runEvents appends the run events of call: a call of a callback
// parameter, or of a function that runs one of its arguments or a
// variable it captures. goStmt: the call is a go statement's. A call of
// the Go methods of sync.WaitGroup and errgroup.Group (wg.Go(f)) starts
// a goroutine with its argument, as go f() does (roots.go).
func (b *builder) runEvents(call *ast.CallExpr, evs []event, goStmt bool) []event {
	r := b.r
	if r.std {
		return evs
	}
	started := call // the call whose callee's runs apply
	if !goStmt {
		if f := goStarted(r.pass.TypesInfo, call); f != nil {
			started, goStmt = &ast.CallExpr{Fun: f, Lparen: f.End(), Rparen: f.End()}, true
		}
	}
	if v := r.callbackParam(call.Fun); v != nil && !goStmt {
		evs = append(evs, event{kind: evRun, call: call, run: &runEvent{v: v, direct: true}})
	}
	for _, br := range r.boundRuns(started) {
		v := br.v
		if br.arg != nil {
			v = r.callbackParam(br.arg)
		}
		if v == nil || goStmt && !br.locked {
			continue // a goroutine starts unlocked
		}
		evs = append(evs, event{kind: evRun, call: call,
			run: &runEvent{v: v, locked: br.locked, restores: br.restores, fresh: goStmt}})
	}
	return evs
}

// run applies an evRun event.
func (b *builder) run(s state, ev event) state {
	e := ev.run
	switch {
	case e.fresh:
		b.addRun(e.v, true, e.restores)
	case s.n > 0:
		i := 0
		if s.pend.ev[0] != nil && s.pend.ev[0] != e {
			i = 1
		}
		s.pend.ev[i], s.pend.taint[i] = e, s.taint|e.restores
	case e.locked:
		b.addRun(e.v, true, e.restores)
	default:
		b.addRun(e.v, false, s.utaint|e.restores)
	}
	return s
}

// ranLocked records, at an unlock that hands the thread back, the
// callback called under the lock on this path.
func (b *builder) ranLocked(s *state) {
	for i, ev := range s.pend.ev {
		if ev != nil {
			b.addRun(ev.v, true, s.pend.taint[i])
		}
	}
	s.pend = pending{}
}

func (b *builder) addRun(v *types.Var, locked bool, restores State) {
	if b.rb.runs == nil {
		b.rb.runs = make(map[runKey]State)
	}
	k := runKey{v, locked}
	b.rb.runs[k] |= restores
}

// changedUnlocked records a change made with no lock of the function's
// own, for Flow.Changed.
func (b *builder) changedUnlocked(ev event) {
	if ev.changes == 0 || b.rb.changed[ev.call] {
		return
	}
	if b.rb.changed == nil {
		b.rb.changed = make(map[*ast.CallExpr]bool)
	}
	b.rb.changed[ev.call] = true
	b.flow.Changed = append(b.flow.Changed, StateCall{Call: ev.call, State: ev.changes, Via: b.stateVia[ev.call]})
}

// finishRuns fills Flow.Runs and ChangesOK, and orders Flow.Changed.
func (b *builder) finishRuns() {
	fl := b.flow
	fl.ChangesOK = b.changesOK
	for k, restores := range b.rb.runs {
		fl.Runs = append(fl.Runs, Run{Param: k.v, Locked: k.locked, Restores: restores})
	}
	sort.Slice(fl.Runs, func(i, j int) bool {
		if a, b := fl.Runs[i], fl.Runs[j]; a.Param != b.Param {
			return a.Param.Pos() < b.Param.Pos()
		}
		return fl.Runs[i].Locked
	})
	sort.Slice(fl.Changed, func(i, j int) bool { return fl.Changed[i].Call.Pos() < fl.Changed[j].Call.Pos() })
}

// A StateCall is a call that changes per-thread state.
type StateCall struct {
	Call  *ast.CallExpr
	State State
	Via   []string // what Call calls, ending in the seed
}

// runArgs returns the runs of fl over parameters of sig, by index.
func runArgs(fl *Flow, sig *types.Signature) []RunArg {
	var out []RunArg
	for _, run := range fl.Runs {
		if i := paramIndex(sig, run.Param); i >= 0 {
			out = append(out, RunArg{Param: i, Locked: run.Locked, Restores: run.Restores})
		}
	}
	return out
}

// takesFunc reports whether a parameter of sig is a function.
func takesFunc(sig *types.Signature) bool {
	for i := range sig.Params().Len() {
		if _, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

func paramIndex(sig *types.Signature, v *types.Var) int {
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return i
		}
	}
	return -1
}

// boundRun is a run of a call's callee seen from the call: arg is the
// argument passed for the parameter, or nil for a variable the callee (a
// literal of this package) captures, then v.
type boundRun struct {
	arg      ast.Expr
	v        *types.Var
	locked   bool
	restores State
}

// boundRuns returns the runs of what call calls: a literal, a local
// variable holding one, a function with runs of its parameters, or an
// interface method with one implementation (see implementations). Other
// function values run nothing known.
func (r *Result) boundRuns(call *ast.CallExpr) []boundRun {
	info := r.pass.TypesInfo
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return r.bindLit(call, lit)
	}
	switch obj := typeutil.Callee(info, call).(type) {
	case *types.Func:
		sig := obj.Type().(*types.Signature)
		if !takesFunc(sig) {
			return nil // most calls: no fact look-up
		}
		var runs []RunArg
		fn := obj.Origin()
		if sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
			if impl := r.implementations()[fn]; impl != nil {
				fn = impl // declared here: its flow, not a fact
			}
		}
		if decl := r.decls[fn]; decl != nil {
			if fl := r.flow(decl); fl != nil {
				runs = runArgs(fl, fn.Type().(*types.Signature))
			}
		} else if fn.Pkg() != r.pass.Pkg {
			var f lockFact
			if r.pass.ImportObjectFact(fn, &f) {
				runs = f.Runs
			}
		}
		var out []boundRun
		for _, a := range runs {
			if arg := argAt(info, call, a.Param); arg != nil {
				out = append(out, boundRun{arg: arg, locked: a.Locked, restores: a.Restores})
			}
		}
		return out
	case *types.Var:
		if exprs := r.assigned(obj); len(exprs) == 1 {
			if lit, ok := ast.Unparen(exprs[0]).(*ast.FuncLit); ok {
				return r.bindLit(call, lit)
			}
		}
	}
	return nil
}

// bindLit returns the runs of lit called by call.
func (r *Result) bindLit(call *ast.CallExpr, lit *ast.FuncLit) []boundRun {
	fl := r.flow(lit)
	if fl == nil || len(fl.Runs) == 0 {
		return nil
	}
	sig, _ := r.pass.TypesInfo.TypeOf(lit).(*types.Signature)
	var out []boundRun
	for _, run := range fl.Runs {
		br := boundRun{v: run.Param, locked: run.Locked, restores: run.Restores}
		if sig != nil {
			if i := paramIndex(sig, run.Param); i >= 0 {
				if br.arg = argAt(r.pass.TypesInfo, call, i); br.arg == nil {
					continue
				}
				br.v = nil
			}
		}
		out = append(out, br)
	}
	return out
}

// argAt returns the argument call passes for parameter i of its callee,
// counting the receiver argument of a method expression ((*T).Do(x, f)),
// or nil.
func argAt(info *types.Info, call *ast.CallExpr, i int) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			i++
		}
	}
	if call.Ellipsis.IsValid() || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// implementations maps each method taking a function of the package's
// interfaces to its implementation, for an interface implemented (by T or
// *T) by exactly one type declared in the package: a runner behind an
// interface, like the CNI plugins' ns.NetNS, whose only implementation is
// the unexported netNS. Callers reach the runner through the interface;
// the pass exports the implementation's runs on the interface method.
// With two implementations or more, or none here, the method runs
// nothing known. (A type of another package may implement the interface
// too: the heuristic trusts that the package's own is the one in use.)
func (r *Result) implementations() map[*types.Func]*types.Func {
	if r.impls != nil {
		return r.impls
	}
	r.impls = map[*types.Func]*types.Func{}
	if !r.active || r.std {
		return r.impls
	}
	pkg := r.pass.Pkg
	var ifaces []*types.Named
	for _, name := range pkg.Scope().Names() {
		if t := interfaceTaking(pkg.Scope().Lookup(name)); t != nil {
			ifaces = append(ifaces, t)
		}
	}
	if len(ifaces) == 0 {
		return r.impls
	}
	var concrete []*types.Named
	for _, obj := range r.pass.TypesInfo.Defs {
		if tn, ok := obj.(*types.TypeName); ok && !tn.IsAlias() {
			if t, ok := tn.Type().(*types.Named); ok && t.TypeParams().Len() == 0 && !types.IsInterface(t) {
				concrete = append(concrete, t)
			}
		}
	}
	for _, t := range ifaces {
		iface := t.Underlying().(*types.Interface)
		var impl *types.Named
		n := 0
		for _, c := range concrete {
			if types.Implements(c, iface) || types.Implements(types.NewPointer(c), iface) {
				impl, n = c, n+1
			}
		}
		if n != 1 {
			continue
		}
		for i := range iface.NumExplicitMethods() {
			m := iface.ExplicitMethod(i)
			if !takesFunc(m.Type().(*types.Signature)) {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(impl), false, pkg, m.Name())
			if fn, ok := obj.(*types.Func); ok && r.decls[fn] != nil {
				r.impls[m] = fn
			}
		}
	}
	return r.impls
}

// interfaceTaking returns obj's type if obj names a non-generic interface
// type with a method that takes a function, or nil.
func interfaceTaking(obj types.Object) *types.Named {
	tn, ok := obj.(*types.TypeName)
	if !ok || tn.IsAlias() {
		return nil
	}
	t, ok := tn.Type().(*types.Named)
	if !ok || t.TypeParams().Len() > 0 {
		return nil
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	for i := range iface.NumExplicitMethods() {
		if takesFunc(iface.ExplicitMethod(i).Type().(*types.Signature)) {
			return t
		}
	}
	return nil
}
