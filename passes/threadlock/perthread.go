package threadlock

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
	"github.com/syscallvet/syscallvet/internal/funcname"
)

// State is a set of kinds of per-thread kernel state: state that belongs
// to one OS thread, not to the process, so that changing it from a
// goroutine that may migrate, or handing the thread back to the scheduler
// without undoing it, affects unrelated goroutines.
type State uint16

const (
	NetNS     State = 1 << iota // network namespace (setns, unshare)
	MntNS                       // mount namespace
	OtherNS                     // another or an unknown namespace
	Label                       // SELinux exec/socket/keycreate/fscreate label of the thread, or its own (current)
	Creds                       // credentials set with raw set*id syscalls (per-thread since they bypass Go's allThreadsSyscall)
	Caps                        // capabilities (capset)
	Pdeathsig                   // parent-death signal, tied to the thread that forks
	Identity                    // the thread's identity (gettid) used to name its state; needs a lock, changes nothing
	ForkSig                     // a child started with SysProcAttr.Pdeathsig: the signal follows the forking thread
)

// tainting are the kinds whose change must be undone before the thread
// runs other goroutines. Capabilities are not among them: capset mostly
// puts back the effective set a set*id call dropped, which a toggle model
// would take for a change; it still needs the lock. Nor is the
// parent-death signal a process sets on itself: the kernel signals the
// whole thread group when the parent dies, so goroutines later run on
// the thread see nothing different.
const tainting = NetNS | MntNS | OtherNS | Label | Creds

// unpaired are the kinds that never make a section (see Section): the
// parent-death signal belongs to this thread only in that it is lost, or
// fires, when the thread exits, so a later call has no need to run on
// the same thread. A child started with a signal is reported on its own.
const unpaired = Pdeathsig | ForkSig

var stateNames = []struct {
	s    State
	name string
	desc string // where a change leaves the thread
	noun string
}{
	{NetNS, "netns", "the new network namespace", "network namespace"},
	{MntNS, "mntns", "the new mount namespace", "mount namespace"},
	{OtherNS, "namespace", "the new namespace", "namespace"},
	{Label, "selinux", "the changed SELinux label", "SELinux label"},
	{Creds, "creds", "the changed credentials", "credentials"},
	{Caps, "caps", "the changed capabilities", "capabilities"},
	{Pdeathsig, "pdeathsig", "the changed parent-death signal", "parent-death signal"},
	{Identity, "tid", "its thread ID", "thread ID"},
	{ForkSig, "forksig", "a child whose parent-death signal follows this thread", "child's parent-death signal"},
}

func (s State) String() string {
	var parts []string
	for _, n := range stateNames {
		if s&n.s != 0 {
			parts = append(parts, n.name)
		}
	}
	return strings.Join(parts, "+")
}

// Describe says where the thread is left by a change of s: "the new
// network namespace".
func (s State) Describe() string {
	for _, n := range stateNames {
		if s&n.s != 0 {
			return n.desc
		}
	}
	return "changed per-thread state"
}

// Noun names the first kind in s: "network namespace".
func (s State) Noun() string {
	for _, n := range stateNames {
		if s&n.s != 0 {
			return n.noun
		}
	}
	return "per-thread state"
}

// Linux clone flags and prctl options, as the kernel defines them on every
// architecture.
const (
	cloneNewNS     = 0x00020000
	cloneNewNet    = 0x40000000
	prSetPdeathsig = 1
)

// nsKind maps clone flags to namespace kinds; zero (setns "any type")
// counts as unknown.
func nsKind(flags int64, known bool) State {
	var s State
	if !known || flags&^(cloneNewNS|cloneNewNet) != 0 || flags == 0 {
		s |= OtherNS
	}
	if known && flags&cloneNewNet != 0 {
		s |= NetNS
	}
	if known && flags&cloneNewNS != 0 {
		s |= MntNS
	}
	return s
}

// rawSyscalls are the entry points whose first argument names a syscall.
var rawSyscalls = map[string]bool{
	"syscall.Syscall": true, "syscall.Syscall6": true, "syscall.RawSyscall": true, "syscall.RawSyscall6": true,
	"golang.org/x/sys/unix.Syscall": true, "golang.org/x/sys/unix.Syscall6": true,
	"golang.org/x/sys/unix.RawSyscall": true, "golang.org/x/sys/unix.RawSyscall6": true,
	"golang.org/x/sys/unix.RawSyscallNoError": true, "golang.org/x/sys/unix.SyscallNoError": true,
}

// stateSeeds are the functions, by full name, whose calls stateChange
// matches; a call of any other function changes no per-thread state by
// itself.
var stateSeeds = func() map[string]bool {
	m := map[string]bool{
		"golang.org/x/sys/unix.Setns": true, "golang.org/x/sys/unix.Unshare": true, "syscall.Unshare": true,
		"golang.org/x/sys/unix.Prctl": true, "golang.org/x/sys/unix.Capset": true,
		"golang.org/x/sys/unix.Gettid": true, "syscall.Gettid": true,
		"os.WriteFile": true, "os.OpenFile": true, "os.Create": true, "os.Open": true,
	}
	for name := range rawSyscalls {
		m[name] = true
	}
	for name := range cmdStarts {
		m[name] = true
	}
	for name := range labelSetters {
		m[name] = true
	}
	return m
}()

// selinuxPkg is opencontainers/selinux's go-selinux package.
const selinuxPkg = "github.com/opencontainers/selinux/go-selinux"

// labelSetters are the go-selinux functions that set an SELinux label of
// the calling thread: the exec, socket-create, fscreate and key-create
// labels, and the thread's own (SetTaskLabel, a dyntransition). They are
// known by name whatever their implementation: since v1.13 they write
// through pathrs-lite (procfs.OpenThreadSelf, then pathrs.Reopen), and
// before that writeCon opened a path that attrPath built and passed in
// as a parameter; neither shows a /proc/thread-self/attr literal at the
// open, which the path seeds need (v1.3.0's Sprintf does). Setting the
// label again (SetExecLabel("") clears it) counts as the restore, as a
// second write of an attr file does. go-selinux/label's
// SetFileCreateLabel (and v1.3.0's SetProcessLabel, SetSocketLabel and
// SetKeyLabel) are functions that call these and get facts from them;
// see labelVars for the variables of v1.8 to v1.11.
var labelSetters = map[string]State{
	selinuxPkg + ".SetExecLabel":     Label,
	selinuxPkg + ".SetSocketLabel":   Label,
	selinuxPkg + ".SetFSCreateLabel": Label,
	selinuxPkg + ".SetKeyLabel":      Label,
	selinuxPkg + ".SetTaskLabel":     Label,
}

// labelVars are go-selinux/label's variables that hold a label setter
// (v1.8 to v1.11: var SetProcessLabel = selinux.SetExecLabel), by
// package path and name. A call through one is a call of a function
// value, which facts do not follow. (v1.3.0 declares them as functions
// calling the setters, and the setters' facts cover them.)
var labelVars = map[string]State{
	selinuxPkg + "/label.SetProcessLabel": Label,
	selinuxPkg + "/label.SetSocketLabel":  Label,
	selinuxPkg + "/label.SetKeyLabel":     Label,
}

// labelVar returns the kind a call through v changes if v is one of
// labelVars, or 0.
func labelVar(v *types.Var) State {
	p := v.Pkg()
	if p == nil || p.Path() != selinuxPkg+"/label" || p.Scope().Lookup(v.Name()) != v {
		return 0
	}
	return labelVars[p.Path()+"."+v.Name()]
}

// labelVarCallee describes call, through v, one of labelVars, changing
// kind k.
func labelVarCallee(info *types.Info, call *ast.CallExpr, v *types.Var, k State) callee {
	c := callee{changes: k & tainting, needs: k, name: v.Pkg().Name() + "." + v.Name(), clears: clearsLabel(info, call, v.Name())}
	if sig, ok := v.Type().Underlying().(*types.Signature); ok && sig.Results().Len() > 0 {
		c.returnsError = types.Identical(sig.Results().At(sig.Results().Len()-1).Type(), errorType)
	}
	return c
}

// clearsLabel reports whether call, of the label setter or label
// variable name, passes the constant "": that puts the default label
// back (the exec, socket-create, fscreate and key-create labels; not the
// thread's own, SetTaskLabel). Under the function's own lock such a
// call only restores, even on a path where nothing set the label; with
// no lock of its own it still toggles like any change, so that a
// helper clearing the label is its callers' restore.
func clearsLabel(info *types.Info, call *ast.CallExpr, name string) bool {
	if strings.HasSuffix(name, "SetTaskLabel") || len(call.Args) != 1 {
		return false
	}
	tv, ok := info.Types[call.Args[0]]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == ""
}

// cmdStarts are the methods that start a command's child.
var cmdStarts = map[string]bool{
	"(*os/exec.Cmd).Start": true, "(*os/exec.Cmd).Run": true, "(*os/exec.Cmd).Output": true, "(*os/exec.Cmd).CombinedOutput": true,
}

// credSyscalls change credentials of the calling thread only when made raw.
var credSyscalls = map[string]bool{
	"SYS_SETUID": true, "SYS_SETGID": true, "SYS_SETREUID": true, "SYS_SETREGID": true,
	"SYS_SETRESUID": true, "SYS_SETRESGID": true, "SYS_SETFSUID": true, "SYS_SETFSGID": true,
	"SYS_SETGROUPS": true,
}

// stateChange returns the per-thread state that call changes or relies
// on, by the seed table: namespace, label, credential, capability and
// prctl calls, go-selinux's label setters, thread IDs and children with a
// parent-death signal.
// (syscall.Setuid and friends apply to all threads since Go 1.16 and are
// deliberately absent.)
func (r *Result) stateChange(call *ast.CallExpr, fn *types.Func) State {
	// Every seed lives in syscall, x/sys/unix, os, os/exec or go-selinux:
	// skip the rest before building a full name (this runs for every
	// call).
	if p := fn.Pkg(); p == nil || p.Path() == "runtime" || !seedPkgs[p.Path()] {
		return 0
	}
	info := r.pass.TypesInfo
	arg := func(i int) (int64, bool) {
		if i < len(call.Args) {
			if tv, ok := info.Types[call.Args[i]]; ok && tv.Value != nil {
				return constant.Int64Val(constant.ToInt(tv.Value))
			}
		}
		return 0, false
	}
	name := fn.FullName()
	if !stateSeeds[name] || r.inChild(call) {
		return 0
	}
	if k := labelSetters[name]; k != 0 {
		return k
	}
	if cmdStarts[name] {
		if r.deathsigAt(call).IsValid() {
			return ForkSig
		}
		return 0
	}
	switch name {
	case "golang.org/x/sys/unix.Setns":
		v, ok := arg(1)
		return nsKind(v, ok)
	case "golang.org/x/sys/unix.Unshare", "syscall.Unshare":
		v, ok := arg(0)
		return nsKind(v, ok)
	case "golang.org/x/sys/unix.Prctl":
		if v, ok := arg(0); ok && v == prSetPdeathsig {
			return Pdeathsig
		}
	case "golang.org/x/sys/unix.Capset":
		return Caps
	case "golang.org/x/sys/unix.Gettid", "syscall.Gettid":
		return Identity
	case "os.WriteFile", "os.OpenFile", "os.Create", "os.Open":
		switch {
		case len(call.Args) == 0:
		case name != "os.Open" && threadAttrPath(info, call.Args[0]):
			return Label
		case threadNSPath(info, call.Args[0]):
			// A handle to this thread's namespace: tied to this thread.
			return Identity
		}
	default:
		if rawSyscalls[name] && len(call.Args) > 0 {
			switch trap := constName(info, call.Args[0]); {
			case trap == "SYS_SETNS":
				v, ok := arg(2)
				return nsKind(v, ok)
			case trap == "SYS_UNSHARE":
				v, ok := arg(1)
				return nsKind(v, ok)
			case credSyscalls[trap]:
				return Creds
			case trap == "SYS_CAPSET":
				return Caps
			case trap == "SYS_GETTID":
				return Identity
			case trap == "SYS_PRCTL":
				if v, ok := arg(1); ok && v == prSetPdeathsig {
					return Pdeathsig
				}
			}
		}
	}
	return 0
}

// forkTraps are the raw syscalls that start a child process running on
// in the caller's code, where their first result is 0.
var forkTraps = map[string]bool{"SYS_CLONE": true, "SYS_CLONE3": true, "SYS_FORK": true, "SYS_VFORK": true}

// inChild reports whether call is made in the child's branch of a raw
// clone or fork (pid, _, err := unix.RawSyscall(unix.SYS_CLONE, ...);
// if pid == 0 { ... }): what it changes is the child's, not this
// thread's.
func (r *Result) inChild(call *ast.CallExpr) bool {
	if r.children == nil {
		r.children = []ast.Node{} // searched
		info := r.pass.TypesInfo
		pids := make(map[types.Object]bool)
		for _, f := range r.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				as, ok := n.(*ast.AssignStmt)
				if !ok || len(as.Rhs) != 1 {
					return true
				}
				c, ok := astutil.Unparen(as.Rhs[0]).(*ast.CallExpr)
				if !ok || len(c.Args) == 0 || !forkTraps[constName(info, c.Args[0])] {
					return true
				}
				if fn, ok := typeutil.Callee(info, c).(*types.Func); !ok || !rawSyscalls[fn.FullName()] {
					return true
				}
				if id, ok := as.Lhs[0].(*ast.Ident); ok && info.ObjectOf(id) != nil {
					pids[info.ObjectOf(id)] = true
				}
				return true
			})
		}
		if len(pids) == 0 {
			return false
		}
		for _, f := range r.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if ifs, ok := n.(*ast.IfStmt); ok {
					if child := childBranch(info, ifs, pids); child != nil {
						r.children = append(r.children, child)
					}
				}
				return true
			})
		}
	}
	for _, c := range r.children {
		if c.Pos() <= call.Pos() && call.End() <= c.End() {
			return true
		}
	}
	return false
}

// childBranch returns the branch of "if pid == 0" ("if pid != 0", its
// else branch) that runs in the child, or nil.
func childBranch(info *types.Info, ifs *ast.IfStmt, pids map[types.Object]bool) ast.Node {
	cond, ok := astutil.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.EQL && cond.Op != token.NEQ {
		return nil
	}
	x, y := astutil.Unparen(cond.X), astutil.Unparen(cond.Y)
	if _, ok := x.(*ast.Ident); !ok {
		x, y = y, x
	}
	id, ok := x.(*ast.Ident)
	if !ok || !pids[info.ObjectOf(id)] {
		return nil
	}
	if tv, ok := info.Types[y]; !ok || tv.Value == nil || tv.Value.String() != "0" {
		return nil
	}
	if cond.Op == token.EQL {
		return ifs.Body
	}
	if ifs.Else != nil {
		return ifs.Else
	}
	return nil
}

// isUnshare reports whether call is an unshare, which has no undo.
func isUnshare(info *types.Info, call *ast.CallExpr, fn *types.Func) bool {
	switch name := fn.FullName(); {
	case name == "golang.org/x/sys/unix.Unshare", name == "syscall.Unshare":
		return true
	case rawSyscalls[name] && len(call.Args) > 0:
		return constName(info, call.Args[0]) == "SYS_UNSHARE"
	}
	return false
}

// constName returns the name of the constant e denotes (SYS_SETNS for
// unix.SYS_SETNS), or "".
func constName(info *types.Info, e ast.Expr) string {
	var id *ast.Ident
	switch e := astutil.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.CallExpr: // uintptr(unix.SYS_SETNS)
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return constName(info, e.Args[0])
		}
	}
	if c, ok := info.Uses[id].(*types.Const); ok && id != nil {
		return c.Name()
	}
	return ""
}

// threadAttrPath reports whether a path expression names a thread's
// /proc attribute file: /proc/thread-self/attr/... or
// /proc/self/task/<tid>/attr/... (literal pieces of a concatenation,
// fmt.Sprintf or filepath.Join count).
func threadAttrPath(info *types.Info, e ast.Expr) bool {
	s := constText(info, e)
	return strings.Contains(s, "/proc/thread-self/attr") ||
		strings.Contains(s, "/task/") && strings.Contains(s, "/attr/") ||
		strings.Contains(s, "/proc/thread-self/") && strings.Contains(s, "attr")
}

// DeathsigAt returns where the command that call starts was given
// SysProcAttr.Pdeathsig, or token.NoPos: for a call of a command's start
// method (cmd.Start()), or of a function of this package whose first
// start with no lock held is of such a command (a chain of at most
// funcname.MaxVia calls).
func (r *Result) DeathsigAt(call *ast.CallExpr) token.Pos {
	r.mu.Lock()
	defer r.mu.Unlock()
	for range funcname.MaxVia {
		fn := typeutil.StaticCallee(r.pass.TypesInfo, call)
		if fn == nil {
			return token.NoPos
		}
		fn = fn.Origin()
		if fn.Pkg() != nil && fn.Pkg().Path() == "os/exec" && cmdStarts[fn.FullName()] {
			return r.deathsigAt(call)
		}
		decl := r.decls[fn]
		if decl == nil {
			return token.NoPos
		}
		fl := r.flow(decl)
		if fl == nil || fl.NeedsAt == nil || fl.NeedsAtIs&ForkSig == 0 {
			return token.NoPos
		}
		call = fl.NeedsAt
	}
	return token.NoPos
}

// deathsigAt returns where the command that call, a call of one of
// cmdStarts, starts was given SysProcAttr.Pdeathsig, or token.NoPos. A
// variable is keyed by the
// variable at its root (cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig:
// ...}, cmd.SysProcAttr.Pdeathsig = ..., or a literal &exec.Cmd{...} with
// one); a field holding a command (s.cmd.Start() in a method) by the field,
// when some assignment or composite literal of the package gives the
// field such a command or sets its Pdeathsig (s.cmd = cmd, &server{cmd:
// cmd} in a constructor).
func (r *Result) deathsigAt(call *ast.CallExpr) token.Pos {
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return token.NoPos
	}
	cmd := sel.X
	info := r.pass.TypesInfo
	if r.deathsig == nil {
		r.deathsig = make(map[types.Object]token.Pos)
		mark := func(obj types.Object, at token.Pos) {
			if _, ok := r.deathsig[obj]; obj != nil && !ok {
				r.deathsig[obj] = at
			}
		}
		for _, f := range r.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				as, ok := n.(*ast.AssignStmt)
				if !ok || len(as.Lhs) != len(as.Rhs) {
					return true
				}
				for i, lhs := range as.Lhs {
					at, _ := pdeathsigAt(lhs)
					var val ast.Expr
					if at.IsValid() {
						val = as.Rhs[i] // cmd.SysProcAttr.Pdeathsig = val
					} else {
						at, val = pdeathsigAt(as.Rhs[i])
					}
					if at.IsValid() && !r.unsetSignal(val) {
						mark(rootObj(info, lhs), at)
						if fld := cmdField(info, lhs); fld != nil {
							mark(fld, at)
						}
					}
				}
				return true
			})
		}
		// Fields given a command that has a parent-death signal. Only
		// fields holding commands are collected, once a start is seen.
		fields := assigns.Package(r.pass.Pkg, r.pass.Files, info, func(v *types.Var) bool {
			return v.IsField() && isCmd(v.Type())
		})
		for _, fld := range fields.Vars() {
			for _, e := range fields.Assigned(fld) {
				if at, ok := r.deathsig[rootObj(info, e)]; ok {
					mark(fld, at)
				} else if at, val := pdeathsigAt(e); at.IsValid() && !r.unsetSignal(val) {
					mark(fld, at)
				}
			}
		}
	}
	if at, ok := r.deathsig[rootObj(info, cmd)]; ok {
		return at
	}
	if fld := assigns.Target(info, cmd); fld != nil && fld.IsField() {
		return r.deathsig[fld]
	}
	return token.NoPos
}

// pdeathsigAt returns where e sets or selects a Pdeathsig field, or
// token.NoPos, and the value it sets in a composite literal
// (Pdeathsig: val), or nil.
func pdeathsigAt(e ast.Expr) (token.Pos, ast.Expr) {
	at, val := token.NoPos, ast.Expr(nil)
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Pdeathsig" {
				at, val = n.Pos(), n.Value
			}
		case *ast.SelectorExpr:
			if n.Sel.Name == "Pdeathsig" {
				at = n.Sel.Pos()
			}
		}
		return !at.IsValid()
	})
	return at, val
}

// unsetSignal reports whether a parent-death signal value is known to be
// zero: the constant 0, or a struct field (opts.Pdeathsig, passed in by
// the caller) that the package never assigns anything but 0. Another
// package may still set such a field; its doc then usually tells the
// caller to lock.
func (r *Result) unsetSignal(val ast.Expr) bool {
	if val == nil {
		return false
	}
	info := r.pass.TypesInfo
	zero := func(e ast.Expr) bool {
		tv, ok := info.Types[e]
		return ok && tv.Value != nil && constant.Sign(tv.Value) == 0
	}
	if tv, ok := info.Types[val]; ok && tv.Value != nil {
		return zero(val)
	}
	fld := assigns.Target(info, val)
	if fld == nil || !fld.IsField() {
		return false
	}
	if r.sigVals == nil {
		r.sigVals = assigns.Package(r.pass.Pkg, r.pass.Files, info, func(v *types.Var) bool {
			b, ok := v.Type().Underlying().(*types.Basic)
			return v.IsField() && ok && b.Info()&types.IsInteger != 0
		})
	}
	for _, e := range r.sigVals.Assigned(fld) {
		if e == assigns.Unknown || !zero(e) {
			return false
		}
	}
	return true
}

// cmdField returns the field holding a command that an expression like
// s.cmd.SysProcAttr.Pdeathsig goes through, or nil.
func cmdField(info *types.Info, e ast.Expr) *types.Var {
	for {
		sel, ok := astutil.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		if fld := assigns.Target(info, sel); fld != nil && fld.IsField() && isCmd(fld.Type()) {
			return fld
		}
		e = sel.X
	}
}

// isCmd reports whether t is os/exec.Cmd or a pointer to one.
func isCmd(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == "Cmd" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "os/exec"
}

// rootObj returns the variable at the root of x, x.f, x.f.g, *x.
func rootObj(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := astutil.Unparen(e).(type) {
		case *ast.Ident:
			return info.ObjectOf(x)
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// constText joins, NUL-separated, the string constants in e: the literal
// pieces of a concatenation, fmt.Sprintf or filepath.Join.
func constText(info *types.Info, e ast.Expr) string {
	var text strings.Builder
	ast.Inspect(e, func(n ast.Node) bool {
		if ex, ok := n.(ast.Expr); ok {
			if tv, ok := info.Types[ex]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				text.WriteString(constant.StringVal(tv.Value))
				text.WriteString("\x00")
				return false
			}
		}
		return true
	})
	return text.String()
}
