package threadlock

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/funcname"
)

// Roots returns the functions of this package that a goroutine starts
// with: literals and functions named by go statements (also through a
// local variable: waiter := func() {...}; go waiter()) and by the Go
// methods of errgroup.Group and sync.WaitGroup. Such a goroutine starts
// with no lock, and if it exits locked the runtime destroys its thread.
// The map must not be modified.
func (r *Result) Roots() map[ast.Node]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.computeRoots()
}

func (r *Result) computeRoots() map[ast.Node]bool {
	if r.roots != nil {
		return r.roots
	}
	r.roots = make(map[ast.Node]bool)
	info := r.pass.TypesInfo
	mark := func(e ast.Expr) {
		for _, fn := range r.funcsOf(e) {
			r.roots[fn] = true
		}
	}
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				mark(n.Call.Fun)
			case *ast.CallExpr:
				if f := goStarted(info, n); f != nil {
					mark(f)
				}
			}
			return true
		})
	}
	return r.roots
}

// funcsOf returns the functions of this package that a function value e
// denotes: a literal, a declared function or method (also instantiated),
// or the literals a local function variable is assigned.
func (r *Result) funcsOf(e ast.Expr) []ast.Node {
	info := r.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return []ast.Node{e}
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			var out []ast.Node
			for _, rhs := range r.assigned(v) {
				if lit, ok := ast.Unparen(rhs).(*ast.FuncLit); ok {
					out = append(out, lit)
				}
			}
			return out
		}
	}
	if fn := funcname.Ref(info, e); fn != nil && fn.Pkg() == r.pass.Pkg {
		if decl := r.decls[fn.Origin()]; decl != nil {
			return []ast.Node{decl}
		}
	}
	return nil
}

// goStarted returns the function a call of the Go methods of
// errgroup.Group and sync.WaitGroup starts a goroutine with (its
// argument), or nil for any other call.
func goStarted(info *types.Info, call *ast.CallExpr) ast.Expr {
	if len(call.Args) != 1 {
		return nil
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || fn.Name() != "Go" && fn.Name() != "TryGo" {
		return nil // most calls: no full name built
	}
	switch fn.Origin().FullName() {
	case "(*golang.org/x/sync/errgroup.Group).Go",
		"(*golang.org/x/sync/errgroup.Group).TryGo",
		"(*sync.WaitGroup).Go":
		return call.Args[0]
	}
	return nil
}

// IsInitOrMain reports whether fn is an init function or main.main of
// pkg: code that runs on the main thread at startup.
func IsInitOrMain(pkg *types.Package, fn ast.Node) bool {
	decl, ok := fn.(*ast.FuncDecl)
	if !ok || decl.Recv != nil {
		return false
	}
	return decl.Name.Name == "init" || (decl.Name.Name == "main" && pkg.Name() == "main")
}

// Body returns the body of a *ast.FuncDecl or *ast.FuncLit, or nil.
func Body(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// Implicit reports whether ret is the return the CFG synthesises where
// control falls off the end of fn's body.
func Implicit(fn ast.Node, ret *ast.ReturnStmt) bool {
	body := Body(fn)
	return body != nil && ret.Return == body.Rbrace
}
