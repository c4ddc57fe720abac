package blocking

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/osfile"
)

// Files from os.Pipe are non-blocking and registered with the netpoller:
// a Read or Write on one parks the goroutine and holds no thread. The
// seeds cannot tell a pipe from a regular file by type, but a function
// can show where a local *os.File comes from.

// findPipes fills r.pipes with the local variables of the package that
// hold only os.Pipe ends: declared by "r, w, err := os.Pipe()" (or by var,
// with os.Pipe or no value), assigned only from os.Pipe, and used only as
// the receiver of *os.File methods other than Fd. Fd puts the descriptor
// back into blocking mode, and so may whatever the file is handed to
// (os.StartProcess calls Fd on a child's files). infer calls it only when
// the package calls os.Pipe (see scanUses).
func (r *Result) findPipes() {
	info := r.pass.TypesInfo
	isPipeCall := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn := typeutil.StaticCallee(info, call)
		return fn != nil && fn.FullName() == "os.Pipe"
	}
	declared := make(map[*types.Var]bool) // by os.Pipe, or by var with no value
	spoiled := make(map[*types.Var]bool)  // another value, or another use
	// allowed holds the uses of candidates that keep them pipes: os.Pipe
	// assigning them, method calls other than Fd. A parent node is
	// visited before its children, and a declaration before its uses.
	allowed := make(map[*ast.Ident]bool)
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == 3 && len(n.Rhs) == 1 && isPipeCall(n.Rhs[0]) {
					for _, e := range n.Lhs[:2] {
						if id, ok := e.(*ast.Ident); ok {
							allowed[id] = true
							if v, ok := info.Defs[id].(*types.Var); ok {
								declared[v] = true
							}
						}
					}
				}
			case *ast.ValueSpec:
				pipe := len(n.Names) == 3 && len(n.Values) == 1 && isPipeCall(n.Values[0])
				for i, id := range n.Names {
					if v, ok := info.Defs[id].(*types.Var); ok && (pipe && i < 2 || len(n.Values) == 0) {
						declared[v] = true
					}
				}
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name != "Fd" {
					if id, ok := sel.X.(*ast.Ident); ok {
						allowed[id] = true
					}
				}
			case *ast.Ident:
				if v, ok := info.Uses[n].(*types.Var); ok && declared[v] && !allowed[n] {
					spoiled[v] = true
				}
			}
			return true
		})
	}
	r.pipes = make(map[*types.Var]bool)
	for v := range declared {
		if !spoiled[v] && osfile.Is(v.Type()) && v.Parent() != r.pass.Pkg.Scope() {
			r.pipes[v] = true
		}
	}
}

// onPipe reports whether call calls a method on a local variable holding
// only os.Pipe ends (see findPipes).
func (r *Result) onPipe(call *ast.CallExpr) bool {
	if r.pipes == nil {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := r.pass.TypesInfo.Uses[id].(*types.Var)
	return ok && r.pipes[v]
}
