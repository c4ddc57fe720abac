// Package assigns records what is assigned to each local variable, so
// that analyzers can follow a variable back to simple definitions
// (unlock := runtime.UnlockOSThread; workers := runtime.NumCPU()).
package assigns

import (
	"go/ast"
	"go/types"
)

// Unknown stands for a value the syntax does not show: one result of a
// multi-value call, or an increment.
var Unknown ast.Expr = &ast.BadExpr{}

// Collect maps each local variable of files to the expressions assigned to
// it, in source order, including its initialiser.
func Collect(files []*ast.File, info *types.Info) map[*types.Var][]ast.Expr {
	m := make(map[*types.Var][]ast.Expr)
	add := func(id *ast.Ident, rhs ast.Expr) {
		if v, ok := info.ObjectOf(id).(*types.Var); ok && !v.IsField() && v.Parent() != nil && v.Parent() != v.Pkg().Scope() {
			m[v] = append(m[v], rhs)
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok {
						if len(n.Lhs) == len(n.Rhs) {
							add(id, n.Rhs[i])
						} else {
							add(id, Unknown)
						}
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if len(n.Names) == len(n.Values) {
						add(id, n.Values[i])
					} else if len(n.Values) > 0 {
						add(id, Unknown)
					}
				}
			case *ast.IncDecStmt:
				if id, ok := n.X.(*ast.Ident); ok {
					add(id, Unknown)
				}
			}
			return true
		})
	}
	return m
}
