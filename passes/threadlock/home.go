package threadlock

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// This file finds setns calls into the process's home namespace: docker
// v23's osl.InitOSContext locks, moves the thread into the namespace the
// process started in (a handle taken once, at start-up, and kept in a
// package variable) and unlocks. That moves the thread into the state
// every unlocked thread is in, or leaves it as it was if the setns fails:
// the thread handed back is never worse than the one that came in. Such
// a setns is a restore of its kind (like clearing an SELinux label), not
// a change.
//
// The handle must be an unexported package-level variable of the package
// making the call, assigned only where it runs once per process: at its
// declaration, in an init function, in a function literal passed to
// (*sync.Once).Do, or in an unexported function used only as the
// argument of (*sync.Once).Do. Every value assigned to it must name the
// process's own namespace: the result of another package's function that
// returns a handle of the calling thread's namespace and changes nothing
// (netns.Get), or of a call given a constant /proc/self/ns/...,
// /proc/thread-self/ns/... or /proc/1/ns/... path, directly or through
// local variables. A variable also assigned per call (docker's exported
// ns.Init, which its test helper calls after unsharing) is not home.

// homeSetns are the setns functions, by full name, with the index of
// their handle argument.
var homeSetns = map[string]int{
	"github.com/vishvananda/netns.Set":   0,
	"github.com/vishvananda/netns.Setns": 0,
	"golang.org/x/sys/unix.Setns":        0,
}

// homePaths are the /proc prefixes that name the process's own
// namespaces (init's, for a daemon in the host's).
var homePaths = []string{"/proc/self/ns/", "/proc/thread-self/ns/", "/proc/1/ns/"}

// setsHome reports whether call, of fn, is a setns into a handle of the
// process's home namespace (see findHomes).
func (r *Result) setsHome(call *ast.CallExpr, fn *types.Func) bool {
	// Every homeSetns function is named Set or Setns: skip the rest
	// before building a full name (this runs for every call that changes
	// per-thread state).
	if n := fn.Name(); n != "Set" && n != "Setns" {
		return false
	}
	i, ok := homeSetns[fn.FullName()]
	if !ok || i >= len(call.Args) {
		return false
	}
	v := handleVar(r.pass.TypesInfo, call.Args[i])
	if v == nil || v.Pkg() != r.pass.Pkg || v.Parent() != r.pass.Pkg.Scope() || v.Exported() {
		return false
	}
	if r.homes == nil {
		r.homes = findHomes(r)
	}
	return r.homes[v]
}

// handleVar returns the variable a handle argument reads: v, int(v),
// v.Fd(), int(v.Fd()); or nil.
func handleVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := stripHandle(info, e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	return v
}

// stripHandle removes conversions and Fd() calls around a handle.
func stripHandle(info *types.Info, e ast.Expr) ast.Expr {
	for {
		e = astutil.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return e
		}
		if tv, ok := info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
			e = call.Args[0] // a conversion
			continue
		}
		sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Fd" || len(call.Args) != 0 {
			return e
		}
		e = sel.X
	}
}

// homeFinder collects, for every variable of the package, the values
// assigned to it and whether each assignment runs once per process.
type homeFinder struct {
	r    *Result
	info *types.Info
	// sets are the assignments of each variable; bad, variables assigned
	// in a way that is not followed (per call, through a pointer, an
	// increment, a range).
	sets     map[*types.Var][]homeSet
	bad      map[*types.Var]bool
	onceLits map[*ast.FuncLit]bool
}

// homeSet is one assignment: the expression assigned, or the call whose
// first result is (h, err = netns.Get()).
type homeSet struct {
	value ast.Expr
	once  bool // made where it runs once per process
}

// findHomes returns the package-level variables that hold a handle of
// the process's home namespace.
func findHomes(r *Result) map[*types.Var]bool {
	h := &homeFinder{r: r, info: r.pass.TypesInfo, sets: make(map[*types.Var][]homeSet), bad: make(map[*types.Var]bool),
		onceLits: make(map[*ast.FuncLit]bool)}
	onceFuncs := h.onceFuncs()
	for _, f := range r.pass.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				h.walk(d, true) // package-level initialisers run once, at start-up
			case *ast.FuncDecl:
				if d.Body == nil {
					continue
				}
				fn, _ := h.info.Defs[d.Name].(*types.Func)
				once := d.Recv == nil && d.Name.Name == "init" || fn != nil && onceFuncs[fn]
				h.walk(d.Body, once)
			}
		}
	}
	homes := make(map[*types.Var]bool)
	scope := r.pass.Pkg.Scope()
	for v, sets := range h.sets {
		if v.Parent() != scope || h.bad[v] {
			continue
		}
		home := true
		for _, s := range sets {
			home = home && s.once && h.homeValue(s.value, 0)
		}
		homes[v] = home
	}
	return homes
}

// isOnceDo reports whether call is (*sync.Once).Do.
func isOnceDo(info *types.Info, call *ast.CallExpr) bool {
	fn := typeutil.StaticCallee(info, call)
	return fn != nil && fn.FullName() == "(*sync.Once).Do" && len(call.Args) == 1
}

// onceFuncs returns the package's unexported functions whose every use
// is as the argument of (*sync.Once).Do (once.Do(initHost)).
func (h *homeFinder) onceFuncs() map[*types.Func]bool {
	onceUses := make(map[*types.Func]int)
	for _, f := range h.r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isOnceDo(h.info, call) {
				switch arg := astutil.Unparen(call.Args[0]).(type) {
				case *ast.Ident:
					fn, ok := h.info.Uses[arg].(*types.Func)
					if ok && fn.Pkg() == h.r.pass.Pkg && !fn.Exported() && fn.Parent() == h.r.pass.Pkg.Scope() {
						onceUses[fn]++
					}
				case *ast.FuncLit:
					h.onceLits[arg] = true
				}
			}
			return true
		})
	}
	out := make(map[*types.Func]bool)
	for fn, n := range onceUses {
		if n == len(h.r.sites(fn)) {
			out[fn] = true
		}
	}
	return out
}

// walk records the assignments in n, made once per process if once; a
// function literal's are once only if it is the argument of
// (*sync.Once).Do.
func (h *homeFinder) walk(n ast.Node, once bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			h.walk(n.Body, h.onceLits[n])
			return false
		case *ast.ValueSpec:
			for i, id := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					h.set(id, n.Values[i], once)
				case len(n.Values) == 1 && i == 0:
					h.set(id, n.Values[0], once)
				case len(n.Values) > 0:
					h.set(id, nil, once)
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				switch {
				case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
					h.set(lhs, nil, once) // x += y
				case len(n.Lhs) == len(n.Rhs):
					h.set(lhs, n.Rhs[i], once)
				case i == 0:
					h.set(lhs, n.Rhs[0], once) // h, err = netns.Get()
				default:
					h.set(lhs, nil, once)
				}
			}
		case *ast.IncDecStmt:
			h.set(n.X, nil, once)
		case *ast.RangeStmt:
			if n.Key != nil {
				h.set(n.Key, nil, once)
			}
			if n.Value != nil {
				h.set(n.Value, nil, once)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				h.set(n.X, nil, once) // written through the pointer, anywhere
			}
		}
		return true
	})
}

// set records that value is assigned to lhs (nil: a value not followed).
func (h *homeFinder) set(lhs ast.Expr, value ast.Expr, once bool) {
	id, ok := astutil.Unparen(lhs).(*ast.Ident)
	if !ok {
		return
	}
	v, _ := h.info.ObjectOf(id).(*types.Var)
	if v == nil {
		return
	}
	if value == nil {
		h.bad[v] = true
		return
	}
	h.sets[v] = append(h.sets[v], homeSet{value: value, once: once})
}

// homeValue reports whether e names the process's home namespace: a
// call that reads it (homeReader), a conversion or Fd() of one, or a
// local variable every assignment of which does.
func (h *homeFinder) homeValue(e ast.Expr, depth int) bool {
	if depth > 3 {
		return false
	}
	switch x := stripHandle(h.info, e).(type) {
	case *ast.CallExpr:
		return h.homeReader(x)
	case *ast.Ident:
		if v, ok := h.info.ObjectOf(x).(*types.Var); ok {
			return h.localHome(v, depth)
		}
	}
	return false
}

// localHome reports whether the local variable v holds only home
// handles.
func (h *homeFinder) localHome(v *types.Var, depth int) bool {
	sets := h.sets[v]
	if v.Parent() == h.r.pass.Pkg.Scope() || h.bad[v] || len(sets) == 0 {
		return false
	}
	for _, s := range sets {
		if !h.homeValue(s.value, depth+1) {
			return false
		}
	}
	return true
}

// homeReader reports whether call returns a handle of the process's own
// namespace: a function of another package that changes nothing and
// returns a handle of the calling thread's namespace (its fact says
// threadID: netns.Get), or a call given a constant home path
// (netns.GetFromPath("/proc/1/ns/net"), os.Open("/proc/self/ns/net")).
// Functions of this package are not followed.
func (h *homeFinder) homeReader(call *ast.CallExpr) bool {
	fn := typeutil.StaticCallee(h.info, call)
	if fn == nil || fn.Pkg() == h.r.pass.Pkg {
		return false
	}
	f := h.r.summary(fn)
	if f.Changes != 0 || f.Effect != None {
		return false
	}
	if f.TID {
		return true
	}
	for _, a := range call.Args {
		if tv, ok := h.info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			s := constant.StringVal(tv.Value)
			for _, p := range homePaths {
				if strings.HasPrefix(s, p) {
					return true
				}
			}
		}
	}
	return false
}
