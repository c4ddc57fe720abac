// Package stmtlist gives the statement list a syntax node holds, for
// passes that look at what follows a statement in its list.
package stmtlist

import "go/ast"

// Of returns the statements of a block, or of a case or select clause's
// body, and nil for any other node.
func Of(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}
