package threadlock

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// reexecRegister are the functions that register the main of a re-exec'd
// child process: reexec.Register(name, fn) runs fn when the program is
// started as name, and "if reexec.Init() { return }" in main.main ends
// the child as soon as fn returns (fn often calls os.Exit itself).
var reexecRegister = map[string]bool{
	"github.com/docker/docker/pkg/reexec.Register":      true,
	"github.com/moby/sys/reexec.Register":               true,
	"go.podman.io/storage/pkg/reexec.Register":          true,
	"github.com/containers/storage/pkg/reexec.Register": true,
}

// EndsProcess reports whether the process ends when fn returns: fn is
// main.main, or a function or literal of this package passed to
// reexec.Register (see reexecRegister). A thread it hands back at its
// return runs nothing else.
func (r *Result) EndsProcess(fn ast.Node) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.endsProcess(fn)
}

func (r *Result) endsProcess(fn ast.Node) bool {
	if decl, ok := fn.(*ast.FuncDecl); ok && decl.Name.Name == "main" && IsInitOrMain(r.pass.Pkg, decl) {
		return true
	}
	return r.reexecEntries()[fn]
}

// MainLike reports whether fn runs as a process's main, which may keep
// the thread locked for good: init, main.main, a reexec entry point, or
// an unexported function of this package called only from functions
// that end the process (see EndsProcess), directly or through other
// such functions (podman's podmanTopInner, called by the entry point
// podmanTopMain, which exits).
func (r *Result) MainLike(fn ast.Node) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if IsInitOrMain(r.pass.Pkg, fn) || r.endsProcess(fn) {
		return true
	}
	decl, ok := fn.(*ast.FuncDecl)
	if !ok {
		return false
	}
	obj, _ := r.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	return obj != nil && r.calledBeforeExit(obj)
}

// calledBeforeExit reports whether fn is an unexported function, not a
// method (which an interface may call unseen), whose every reference in
// the package is a call, not started as a goroutine, made in a function
// that ends the process or is itself called only so.
func (r *Result) calledBeforeExit(fn *types.Func) bool {
	return r.everyCaller(fn, func(fn *types.Func, s site) verdict {
		switch {
		case fn.Exported() || fn.Type().(*types.Signature).Recv() != nil:
			return uncovered
		case s.call != nil && !s.inGo && !s.outer && r.endsProcess(s.encl):
			return covered
		}
		return follow
	}, make(map[*types.Func]bool))
}

// reexecEntries returns the functions and literals of this package passed
// to reexec.Register, also through a local function variable.
func (r *Result) reexecEntries() map[ast.Node]bool {
	if r.entries != nil {
		return r.entries
	}
	r.entries = make(map[ast.Node]bool)
	info := r.pass.TypesInfo
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			fn := typeutil.StaticCallee(info, call)
			if fn == nil || fn.Name() != "Register" || !reexecRegister[fn.FullName()] {
				return true
			}
			for _, entry := range r.funcsOf(call.Args[1]) {
				r.entries[entry] = true
			}
			return true
		})
	}
	return r.entries
}
