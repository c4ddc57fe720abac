// Package assigns records what is assigned to each local variable, so
// that analyzers can follow a variable back to simple definitions
// (unlock := runtime.UnlockOSThread; workers := runtime.NumCPU()), and,
// with Package, what a package assigns to its package-level variables and
// struct fields, so that a call through a function-valued field can be
// followed to every function the field may hold.
package assigns

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// Unknown stands for a value the syntax does not show: one result of a
// multi-value call, an increment or an operator assignment (x += y).
var Unknown ast.Expr = &ast.BadExpr{}

// Collect maps each local variable of files to the expressions assigned to
// it, in source order, including its initialiser.
func Collect(files []*ast.File, info *types.Info) map[*types.Var][]ast.Expr {
	c := collector{info: info, m: make(map[*types.Var][]ast.Expr), keep: func(v *types.Var) bool {
		return !v.IsField() && v.Parent() != nil && v.Parent() != v.Pkg().Scope()
	}}
	c.walk(files)
	return c.m
}

// Values is what a package assigns to its variables and struct fields;
// see Package.
type Values struct {
	pkg  *types.Package
	info *types.Info
	m    map[*types.Var][]ast.Expr
	// exposed: exported fields that other packages may assign; nil until
	// needed.
	exposed map[*types.Var]bool
}

// Package records, for the variables and struct fields that keep accepts
// (a field under its origin: the field of the generic type), every value
// files assign them: assignments and initialisers, composite literals
// (T{f: v}, T{v0, v1}), and Unknown for each value the syntax does not
// show, including a parameter's or range variable's incoming value and
// any assignment through a pointer once the address is taken (&v, &x.f).
func Package(pkg *types.Package, files []*ast.File, info *types.Info, keep func(*types.Var) bool) *Values {
	c := collector{info: info, m: make(map[*types.Var][]ast.Expr), keep: keep, all: true}
	c.walk(files)
	return &Values{pkg: pkg, info: info, m: c.m}
}

// A Result stands for one result of a multi-value call assigned to a
// variable or field (fd, err := unix.Eventfd(0, 0)): Call's result number
// Index. PackageResults records it where Package records Unknown.
type Result struct {
	ast.BadExpr // the call's position; makes *Result an ast.Expr
	Call        *ast.CallExpr
	Index       int
}

// PackageResults is Package, except that each result of a multi-value
// call is recorded as a *Result instead of Unknown (other tuples, such as
// v, ok := m[k], stay Unknown). For analyses that follow a variable to
// the function whose result it holds; the others need not look at calls.
func PackageResults(pkg *types.Package, files []*ast.File, info *types.Info, keep func(*types.Var) bool) *Values {
	c := collector{info: info, m: make(map[*types.Var][]ast.Expr), keep: keep, all: true, results: true}
	c.walk(files)
	return &Values{pkg: pkg, info: info, m: c.m}
}

// Every returns every value v may hold, in source order, or false when the
// package may not see them all: nothing is assigned to v, some value is
// Unknown, or other packages may assign v (an exported package-level
// variable; an exported field, unless its struct is an unexported
// package-level type that no struct of the package embeds). A field left
// out of a composite literal, or a variable declared without a value,
// holds nil: calling it panics, so it adds no value.
func (vs *Values) Every(v *types.Var) ([]ast.Expr, bool) {
	v = v.Origin()
	values := vs.m[v]
	global := v.Parent() == vs.pkg.Scope()
	if len(values) == 0 || v.Pkg() != vs.pkg || v.Exported() && (global || v.IsField() && vs.isExposed(v)) {
		return nil, false
	}
	for _, e := range values {
		if e == Unknown {
			return nil, false
		}
	}
	return values, true
}

// Assigned returns what the package assigns to v, Unknown included, in
// source order, whether or not it sees every value (see Every).
func (vs *Values) Assigned(v *types.Var) []ast.Expr { return vs.m[v.Origin()] }

// Vars returns the variables and fields that have values, in source
// order.
func (vs *Values) Vars() []*types.Var {
	vars := make([]*types.Var, 0, len(vs.m))
	for v := range vs.m {
		vars = append(vars, v)
	}
	slices.SortFunc(vars, func(a, b *types.Var) int { return cmp.Compare(a.Pos(), b.Pos()) })
	return vars
}

// isExposed reports whether other packages may assign the exported field
// v: a field of an exported type, of a type some struct embeds (promoted
// through it), or of no package-level type.
func (vs *Values) isExposed(v *types.Var) bool {
	if vs.exposed == nil {
		vs.exposed = make(map[*types.Var]bool)
		embedded := make(map[*types.TypeName]bool)
		for _, obj := range vs.info.Defs {
			if f, ok := obj.(*types.Var); ok && f.Embedded() {
				if n, ok := types.Unalias(deref(f.Type())).(*types.Named); ok {
					embedded[n.Obj()] = true
				}
			}
		}
		scope := vs.pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			if s, ok := tn.Type().Underlying().(*types.Struct); ok {
				for i := range s.NumFields() {
					if f := s.Field(i); f.Exported() {
						vs.exposed[f] = tn.Exported() || embedded[tn]
					}
				}
			}
		}
	}
	exposed, known := vs.exposed[v]
	return exposed || !known
}

// Target returns the variable or struct field (its origin) that an
// assignable expression denotes: v, pkg.V, x.f, or nil.
func Target(info *types.Info, e ast.Expr) *types.Var {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ := info.ObjectOf(e).(*types.Var)
		return origin(v)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			if sel.Kind() == types.FieldVal {
				v, _ := sel.Obj().(*types.Var)
				return origin(v)
			}
			return nil
		}
		v, _ := info.Uses[e.Sel].(*types.Var) // pkg.V
		return origin(v)
	}
	return nil
}

func origin(v *types.Var) *types.Var {
	if v == nil {
		return nil
	}
	return v.Origin()
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// collector gathers assignments to the variables keep accepts. Collect's
// local-variable view (all false) records identifiers only; Package's
// (all true) also fields, composite literals and the Unknown values.
type collector struct {
	info *types.Info
	m    map[*types.Var][]ast.Expr
	keep func(*types.Var) bool
	all  bool
	// results: record a multi-value call's results as *Result, not
	// Unknown (PackageResults).
	results bool
}

func (c *collector) add(lhs ast.Expr, rhs ast.Expr) {
	var v *types.Var
	if id, ok := lhs.(*ast.Ident); ok {
		v, _ = c.info.ObjectOf(id).(*types.Var)
	} else if c.all {
		v = Target(c.info, lhs)
	}
	if v != nil && c.keep(v) {
		c.m[v] = append(c.m[v], rhs)
	}
}

func (c *collector) walk(files []*ast.File) {
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
						c.add(lhs, Unknown) // x += y: not y
					} else if len(n.Lhs) == len(n.Rhs) {
						c.add(lhs, n.Rhs[i])
					} else {
						c.add(lhs, c.result(n.Rhs, i))
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if len(n.Names) == len(n.Values) {
						c.add(id, n.Values[i])
					} else if len(n.Values) > 0 {
						c.add(id, c.result(n.Values, i))
					}
				}
			case *ast.IncDecStmt:
				c.add(n.X, Unknown)
			}
			if c.all {
				c.walkAll(n)
			}
			return true
		})
	}
}

// result returns the value of the i-th variable assigned from the one
// expression of rhs, which has several values: a *Result for a call when
// c.results, or Unknown.
func (c *collector) result(rhs []ast.Expr, i int) ast.Expr {
	if c.results && len(rhs) == 1 {
		if call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok {
			return &Result{BadExpr: ast.BadExpr{From: call.Pos(), To: call.End()}, Call: call, Index: i}
		}
	}
	return Unknown
}

// walkAll records what only Package's view sees in n.
func (c *collector) walkAll(n ast.Node) {
	switch n := n.(type) {
	case *ast.CompositeLit:
		t := c.info.TypeOf(n)
		if t == nil {
			return
		}
		s, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return
		}
		for i, elt := range n.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if v, ok := c.info.Uses[id].(*types.Var); ok && c.keep(v.Origin()) {
						c.m[v.Origin()] = append(c.m[v.Origin()], kv.Value)
					}
				}
			} else if i < s.NumFields() {
				if v := s.Field(i).Origin(); c.keep(v) {
					c.m[v] = append(c.m[v], elt)
				}
			}
		}
	case *ast.FuncType: // of a declaration or literal
		c.unknownFields(n.Params)
	case *ast.FuncDecl:
		c.unknownFields(n.Recv)
	case *ast.RangeStmt:
		if n.Key != nil {
			c.add(n.Key, Unknown)
		}
		if n.Value != nil {
			c.add(n.Value, Unknown)
		}
	case *ast.CaseClause:
		if v, ok := c.info.Implicits[n].(*types.Var); ok && c.keep(v) { // switch f := x.(type)
			c.m[v] = append(c.m[v], Unknown)
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			c.add(ast.Unparen(n.X), Unknown)
		}
	}
}

// unknownFields records Unknown for the named parameters (or receiver) of
// a field list: their values come from the callers.
func (c *collector) unknownFields(list *ast.FieldList) {
	if list == nil {
		return
	}
	for _, field := range list.List {
		for _, id := range field.Names {
			c.add(id, Unknown)
		}
	}
}
