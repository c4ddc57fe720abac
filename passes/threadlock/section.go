package threadlock

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// A Section is a pair of per-thread operations a function makes with no
// lock of its own that only work if they run on the same OS thread: a
// change and a use of it (set the socket label, then listen), a change and
// its restore, two changes meant for one thread, or a read of the thread's
// identity and a use of it; never the parent-death signal (see unpaired).
// Unlike a single-operation wrapper, whose callers hold the lock, such a
// function owns the section and must lock it itself (LockOSThread nests,
// so locking inside is always safe).
type Section struct {
	First    *ast.CallExpr
	FirstIs  State    // what First changes or reads
	FirstVia []string // chain of First, ending in the seed
	Second   *ast.CallExpr
	// SecondName is how Second is shown; Restore: Second changes back a
	// kind First changed; Deferred: Second runs at return.
	SecondName string
	Restore    bool
	Deferred   bool
}

// useFuncs are calls that act in the calling thread's namespaces or with
// its labels: opening files and devices, mounting, sockets and netlink,
// starting processes. After an unlocked change, they may run elsewhere.
var useFuncs = map[string]bool{
	"os.Open": true, "os.OpenFile": true, "os.Create": true, "os.ReadFile": true, "os.WriteFile": true,
	"os.ReadDir": true, "os.Mkdir": true, "os.MkdirAll": true, "os.Remove": true, "os.RemoveAll": true,
	"os.Stat": true, "os.Lstat": true, "os.Readlink": true, "os.Symlink": true, "os.Rename": true,
	"os.StartProcess": true, "io/ioutil.ReadFile": true, "io/ioutil.WriteFile": true,
	"(*os/exec.Cmd).Start": true, "(*os/exec.Cmd).Run": true, "(*os/exec.Cmd).Output": true, "(*os/exec.Cmd).CombinedOutput": true,
	"syscall.Open": true, "syscall.Openat": true, "syscall.Socket": true, "syscall.Mount": true, "syscall.Unmount": true,
	"syscall.Exec": true, "syscall.ForkExec": true, "syscall.StartProcess": true, "syscall.Bind": true,
	"golang.org/x/sys/unix.Open": true, "golang.org/x/sys/unix.Openat": true, "golang.org/x/sys/unix.Openat2": true,
	"golang.org/x/sys/unix.Socket": true, "golang.org/x/sys/unix.Mount": true, "golang.org/x/sys/unix.Unmount": true,
	"golang.org/x/sys/unix.Exec": true, "golang.org/x/sys/unix.Bind": true, "golang.org/x/sys/unix.Fsopen": true,
	"golang.org/x/sys/unix.OpenTree": true, "golang.org/x/sys/unix.MoveMount": true,
	"net.Listen": true, "net.ListenPacket": true, "net.Dial": true, "net.DialTimeout": true,
	"net.ListenTCP": true, "net.ListenUDP": true, "net.ListenUnix": true, "net.ListenUnixgram": true, "net.ListenIP": true,
	"net.DialTCP": true, "net.DialUDP": true, "net.DialUnix": true, "net.DialIP": true,
	"(*net.Dialer).Dial": true, "(*net.Dialer).DialContext": true,
	"(*net.ListenConfig).Listen": true, "(*net.ListenConfig).ListenPacket": true,
	"net.Interfaces": true, "net.InterfaceByName": true, "net.InterfaceByIndex": true, "net.InterfaceAddrs": true,
}

// usePkgs hold the use functions; netlinkPkg's package-level functions
// all open a netlink socket in the calling thread's network namespace.
var usePkgs = map[string]bool{"os": true, "io/ioutil": true, "os/exec": true, "syscall": true, "golang.org/x/sys/unix": true, "net": true}

const netlinkPkg = "github.com/vishvananda/netlink"

// isUse reports whether a call of fn acts in the calling thread's
// namespaces or with its labels (see useFuncs), directly or, for a
// function of this package, through its body.
func (r *Result) isUse(fn *types.Func) bool {
	p := fn.Pkg()
	if p == nil {
		return false
	}
	switch {
	case p == r.pass.Pkg:
		return r.usesThread(fn)
	case p.Path() == netlinkPkg:
		return fn.Type().(*types.Signature).Recv() == nil
	case usePkgs[p.Path()]:
		return useFuncs[fn.FullName()]
	}
	return false
}

// usesThread reports whether a function of this package calls a use
// function, directly or through other functions of the package; memoised,
// false for a function of a call cycle still being looked at.
func (r *Result) usesThread(fn *types.Func) bool {
	if r.uses == nil {
		r.uses = make(map[*types.Func]bool)
	}
	if v, ok := r.uses[fn]; ok {
		return v
	}
	r.uses[fn] = false
	decl := r.decls[fn.Origin()]
	if decl == nil {
		return false
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false // runs on another goroutine
		case *ast.CallExpr:
			if callee := typeutil.StaticCallee(r.pass.TypesInfo, n); callee != nil && r.isUse(callee.Origin()) {
				found = true
			}
		}
		return !found
	})
	r.uses[fn] = found
	return found
}

// threadNSPath reports whether a path expression names the namespace of
// the calling thread (/proc/thread-self/ns/..., /proc/self/task/<tid>/ns/...):
// a handle opened from it is tied to the thread that opened it.
func threadNSPath(info *types.Info, e ast.Expr) bool {
	s := constText(info, e)
	return strings.Contains(s, "/proc/thread-self/ns") || strings.Contains(s, "/task/") && strings.Contains(s, "/ns/")
}

// mentionsIdentity reports whether e refers to a value derived from this
// thread's identity: a call that reads it, or a variable holding one. A
// call whose results are only errors or booleans uses up what its
// arguments derive from the identity (the error of a bind mount of
// /proc/self/task/<tid>/ns/net): its value carries none.
func (b *builder) mentionsIdentity(e ast.Node) bool {
	if len(b.idCalls) == 0 {
		return false
	}
	info := b.r.pass.TypesInfo
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if carriesNoIdentity(info.TypeOf(n)) {
				return false
			}
			found = found || b.idCalls[n]
		case *ast.Ident:
			found = found || b.idVars[b.r.pass.TypesInfo.ObjectOf(n)]
		}
		return !found
	})
	return found
}

// argsIdentity reports whether an argument of call derives from this
// thread's identity.
func (b *builder) argsIdentity(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if b.mentionsIdentity(a) {
			return true
		}
	}
	return false
}

// carriesNoIdentity reports whether a value of type t, or of each type of
// a tuple, is an error or a boolean, which cannot carry a thread's
// identity; nil (unknown) can.
func carriesNoIdentity(t types.Type) bool {
	if t == nil {
		return false
	}
	tup, ok := t.(*types.Tuple)
	if !ok {
		tup = types.NewTuple(types.NewVar(token.NoPos, nil, "", t))
	}
	for v := range tup.Variables() {
		if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsBoolean != 0 {
			continue
		}
		if !types.Identical(v.Type(), errorType) {
			return false
		}
	}
	return true
}

// noteIdentityVars marks the variables assigned a value derived from this
// thread's identity (tid := unix.Gettid(); path := fmt.Sprintf(..., tid)),
// except errors and booleans (err from os.Open of such a path).
func (b *builder) noteIdentityVars(lhs []ast.Expr, rhs []ast.Expr) {
	for i, r := range rhs {
		if !b.mentionsIdentity(r) {
			continue
		}
		targets := lhs
		if len(lhs) == len(rhs) {
			targets = lhs[i : i+1]
		}
		for _, l := range targets {
			if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
				if obj := b.r.pass.TypesInfo.ObjectOf(id); obj != nil && !carriesNoIdentity(obj.Type()) {
					b.idVars[obj] = true
				}
			}
		}
	}
}

// op records an unlocked per-thread operation on a path; with one already
// made on the path, the two form a section this function owns.
func (b *builder) op(s state, ev event) state {
	id := ev.needs&^Identity == 0
	switch {
	case s.op == nil:
		s.op, s.opID = ev.call, id
		if s.pendDefer != nil && !id {
			b.section(s.op, s.pendDefer, true)
		}
	case !s.opID || !id || ev.idUse:
		b.section(s.op, ev.call, false)
	}
	return s
}

// use records a use of the thread's namespaces or labels made with no lock
// of this function's: after an operation on the path, the two form a
// section.
func (b *builder) use(s state, ev event) {
	if s.n == 0 && s.op != nil && (!s.opID || ev.idUse) {
		b.section(s.op, ev.call, false)
	}
}

// section records the section formed by two operations, keeping the one
// whose first operation comes first.
func (b *builder) section(first, second *ast.CallExpr, deferred bool) {
	old := b.flow.Section
	if old != nil && old.First.Pos() <= first.Pos() {
		return
	}
	k1, k2 := b.kinds[first], b.kinds[second]
	b.flow.Section = &Section{
		First:      first,
		FirstIs:    b.opKinds[first],
		FirstVia:   b.stateVia[first],
		Second:     second,
		SecondName: b.names[second],
		Restore:    k1 != 0 && k1&k2 != 0,
		Deferred:   deferred,
	}
}

// Owner returns the section fn owns and must lock itself, or nil: fn is a
// function of this package with a Section, and not every call of it in
// the package is known to run with the thread locked.
func (r *Result) Owner(fn ast.Node) *Section {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.owner(fn)
}

// CalledLocked reports whether fn is a function declaration every call of
// which in the package runs with the thread locked, or, for an unexported
// one, is the second operation of its caller's reported section, which
// the lock that fixes the caller covers (see callersLocked): buildah's
// runUsingChroot, called only from a reexec entry point that locks for
// good, takes a lock of its own later but enters its mount namespace on a
// thread already locked.
func (r *Result) CalledLocked(fn ast.Node) bool {
	decl, ok := fn.(*ast.FuncDecl)
	if !ok || !r.active {
		return false
	}
	obj, _ := r.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if obj == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.callersLocked(obj)
}

func (r *Result) owner(fn ast.Node) *Section {
	if !r.active {
		return nil
	}
	if sec, ok := r.owners[fn]; ok {
		return sec // nil while in progress: a cycle covers nothing
	}
	if r.owners == nil {
		r.owners = make(map[ast.Node]*Section)
	}
	r.owners[fn] = nil
	sec := r.findOwner(fn)
	r.owners[fn] = sec
	return sec
}

func (r *Result) findOwner(fn ast.Node) *Section {
	fl := r.flow(fn)
	if fl == nil || fl.Section == nil {
		return nil
	}
	switch fn := fn.(type) {
	case *ast.FuncLit:
		// A literal's callers are known only when a goroutine starts it.
		if !r.computeRoots()[fn] {
			return nil
		}
	case *ast.FuncDecl:
		if callerLocks(fn) {
			return nil
		}
		obj, _ := r.pass.TypesInfo.Defs[fn.Name].(*types.Func)
		if obj == nil || r.callersLocked(obj) {
			return nil
		}
	}
	return fl.Section
}

// leftToCallers returns the kinds a section owner leaves changed for its
// callers to lock for: those left at a return that does not report
// failure (a namespace it enters), or at any return of a lock helper.
// What it leaves changed only on failure (buildah's AgentServer.Serve:
// set the socket label, listen, clear the label, each step returning
// its error) is part of its own reported section: the lock that fixes
// the owner restores it before unlocking, so a caller's later call does
// not pair with it.
func (fl *Flow) leftToCallers() State {
	if fl.Effect == ReturnsLocked {
		return fl.Changes
	}
	return fl.ChangesOK
}

// callerLocks reports whether a function says its caller holds the lock:
// its name ends in Locked (startProcessLocked) or its doc comment
// mentions LockOSThread or a locked thread (not an unlocked one, nor
// UnlockOSThread).
func callerLocks(decl *ast.FuncDecl) bool {
	if strings.HasSuffix(decl.Name.Name, "Locked") {
		return true
	}
	doc := strings.Join(strings.Fields(strings.ToLower(decl.Doc.Text())), " ")
	doc = strings.ReplaceAll(doc, "unlock", "-")
	for _, s := range lockedDoc {
		if strings.Contains(doc, s) {
			return true
		}
	}
	return false
}

var lockedDoc = []string{"lockosthread", "locked thread", "locked os thread", "thread locked", "thread is locked", "thread must be locked", "locked to its thread", "locked to the thread"}

// CallsOwner reports whether call calls a function of this package that
// owns a section and is reported for it (see Owner).
func (r *Result) CallsOwner(call *ast.CallExpr) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	fn := typeutil.StaticCallee(r.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	decl := r.decls[fn.Origin()]
	return decl != nil && r.owner(decl) != nil
}

// A site is a reference to a function of this package.
type site struct {
	call  *ast.CallExpr // nil: not a call (a function value)
	encl  ast.Node      // the enclosing *ast.FuncDecl or *ast.FuncLit
	inGo  bool          // the call is a go or defer statement's own call
	outer bool          // at package level (a variable's initialiser)
}

// sites returns the references to fn in the package's files.
func (r *Result) sites(fn *types.Func) []site {
	if r.refs == nil {
		r.refs = make(map[*types.Func][]site)
		info := r.pass.TypesInfo
		for _, f := range r.pass.Files {
			var stack []ast.Node // ancestors of the node being visited
			ast.Inspect(f, func(n ast.Node) bool {
				if n == nil {
					stack = stack[:len(stack)-1]
					return true
				}
				defer func() { stack = append(stack, n) }()
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				callee, ok := info.Uses[id].(*types.Func)
				if !ok || callee.Pkg() != r.pass.Pkg {
					return true
				}
				s := site{outer: true}
				for i := len(stack) - 1; i >= 0; i-- {
					switch a := stack[i].(type) {
					case *ast.FuncDecl, *ast.FuncLit:
						if s.encl == nil {
							s.encl, s.outer = a, false
						}
					}
				}
				// The identifier, possibly under a selector, as a call's
				// function.
				i := len(stack) - 1
				if i >= 0 {
					if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
						i--
					}
				}
				if i >= 0 {
					if call, ok := stack[i].(*ast.CallExpr); ok && refersTo(call.Fun, id) {
						s.call = call
						if i > 0 {
							switch st := stack[i-1].(type) {
							case *ast.GoStmt:
								s.inGo = st.Call == call
							}
						}
					}
				}
				origin := callee.Origin()
				r.refs[origin] = append(r.refs[origin], s)
				return true
			})
		}
	}
	return r.refs[fn.Origin()]
}

// refersTo reports whether a call's function expression is id, x.id or
// an instantiation of one.
func refersTo(fun ast.Expr, id *ast.Ident) bool {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f == id
	case *ast.SelectorExpr:
		return f.Sel == id
	case *ast.IndexExpr:
		return refersTo(f.X, id)
	case *ast.IndexListExpr:
		return refersTo(f.X, id)
	}
	return false
}

// A verdict is what a reference to a function says about its callers
// (see everyCaller).
type verdict int8

const (
	follow    verdict = iota // decided by the calling function's own references
	covered                  // this reference is fine
	uncovered                // this reference is not
)

// everyCaller reports whether fn has references in the package and judge
// finds each covered, or, for one it says to follow, the reference is a
// call (not a go statement's, not at package level) in a function
// declaration all of whose references are covered the same way,
// recursively; a call cycle is not.
func (r *Result) everyCaller(fn *types.Func, judge func(*types.Func, site) verdict, visiting map[*types.Func]bool) bool {
	if visiting[fn] {
		return false
	}
	visiting[fn] = true
	sites := r.sites(fn)
	if len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		switch judge(fn, s) {
		case covered:
			continue
		case uncovered:
			return false
		}
		decl, ok := s.encl.(*ast.FuncDecl)
		if !ok || s.call == nil || s.inGo || s.outer {
			return false
		}
		caller, _ := r.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if caller == nil || !r.everyCaller(caller, judge, visiting) {
			return false
		}
	}
	return true
}

// callersLocked reports whether every reference to fn in the package is a
// call made with the thread locked: under the caller's own lock, or in a
// caller all of whose calls are (recursively), or as the second operation
// of the caller's own section, reported there. A function with no callers
// in the package, used as a value, or started as a goroutine is not.
func (r *Result) callersLocked(fn *types.Func) bool {
	return r.everyCaller(fn, r.lockedSite, make(map[*types.Func]bool))
}

func (r *Result) lockedSite(fn *types.Func, s site) verdict {
	if s.call == nil && !s.outer {
		// A function value: locked only if it is a runner's callback.
		if _, ok := r.lockedCallback(r.decls[fn.Origin()]); ok {
			return covered
		}
	}
	if s.call == nil || s.inGo || s.outer {
		return uncovered
	}
	if fl := r.flow(s.encl); fl != nil && fl.lockedSites[s.call] {
		return covered
	}
	if _, ok := r.lockedCallback(s.encl); ok && !r.computeRoots()[s.encl] {
		return covered // called inside a callback a runner runs locked
	}
	if lit, ok := s.encl.(*ast.FuncLit); ok && r.litCallsLocked(lit) {
		return covered
	}
	if sec := r.owner(s.encl); sec != nil && sec.Second == s.call && !fn.Exported() {
		// The call completes the caller's own section, which is
		// reported: the lock that fixes it covers this call too. Not
		// for an exported function, which importers call on their own
		// (vishvananda/netns's Get, the second operation of New).
		return covered
	}
	if IsInitOrMain(r.pass.Pkg, s.encl) || r.computeRoots()[s.encl] {
		return uncovered
	}
	return follow
}

// litCallsLocked reports whether lit is the only value of a local
// function variable that is used only in calls made with the thread
// locked: CNI's ns.Do keeps its body in containedCall and calls it from a
// goroutine that locks. A goroutine root, a go or defer of the variable,
// or any other use of it is not.
func (r *Result) litCallsLocked(lit *ast.FuncLit) bool {
	if r.computeRoots()[lit] {
		return false
	}
	r.assigned(nil) // collect
	var v *types.Var
	for w, exprs := range r.funcVals {
		if len(exprs) == 1 && ast.Unparen(exprs[0]) == lit {
			v = w
			break
		}
	}
	if v == nil {
		return false
	}
	info := r.pass.TypesInfo
	calls, ok := 0, true
	for _, f := range r.pass.Files {
		var stack []ast.Node // enclosing functions
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			if !ok {
				return true
			}
			switch n := n.(type) {
			case *ast.GoStmt:
				if id, isID := ast.Unparen(n.Call.Fun).(*ast.Ident); isID && info.Uses[id] == v {
					ok = false
				}
			case *ast.DeferStmt:
				if id, isID := ast.Unparen(n.Call.Fun).(*ast.Ident); isID && info.Uses[id] == v {
					ok = false
				}
			case *ast.Ident:
				if info.Uses[n] != v {
					break
				}
				// v(...) as a call's function: locked where it is made?
				if len(stack) >= 2 {
					if call, isCall := stack[len(stack)-2].(*ast.CallExpr); isCall && ast.Unparen(call.Fun) == n {
						calls++
						if !r.lockedIn(stack, call) {
							ok = false
						}
						break
					}
				}
				ok = false // used as a value
			}
			return true
		})
		if !ok {
			return false
		}
	}
	return calls > 0
}

// lockedIn reports whether call, with its ancestors in stack, is made
// with the innermost enclosing function's own lock held on every path.
func (r *Result) lockedIn(stack []ast.Node, call *ast.CallExpr) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch fn := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fl := r.flow(fn)
			return fl != nil && fl.lockedSites[call]
		}
	}
	return false
}
