package assigns_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/syscallvet/syscallvet/internal/assigns"
)

const src = `package p

func a() {}
func b() {}
func two() (func(), func()) { return a, b }

type t struct{ f, g func() }

func newT() *t { return &t{f: a} }

func (x *t) set() { x.f = b }

func multi(x, y *t) { x.g, y.g = two() }

func local(p func()) {
	l := a
	l = b
	p = a
	var z func()
	z = a
	_, _, _ = l, p, z
}

func counts(k int) {
	n := 2
	n += k
	_ = n
}
`

// check type-checks src and returns its package, file and info.
func check(t *testing.T) (*types.Package, []*ast.File, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: make(map[ast.Expr]types.TypeAndValue), Defs: make(map[*ast.Ident]types.Object),
		Uses: make(map[*ast.Ident]types.Object), Selections: make(map[*ast.SelectorExpr]*types.Selection),
		Implicits: make(map[ast.Node]types.Object),
	}
	pkg, err := new(types.Config).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return pkg, []*ast.File{f}, info
}

// lookup finds a package-level object, a field of a type ("t.f") or the
// first variable of that name declared in a function ("local.l").
func lookup(t *testing.T, pkg *types.Package, file *ast.File, info *types.Info, name string) *types.Var {
	t.Helper()
	outer, inner, _ := strings.Cut(name, ".")
	obj := pkg.Scope().Lookup(outer)
	if tn, ok := obj.(*types.TypeName); ok {
		s := tn.Type().Underlying().(*types.Struct)
		for i := range s.NumFields() {
			if s.Field(i).Name() == inner {
				return s.Field(i)
			}
		}
	}
	if fn, ok := obj.(*types.Func); ok {
		var found *types.Var
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && found == nil && id.Name == inner && id.Pos() > fn.Pos() {
				found, _ = info.Defs[id].(*types.Var)
			}
			return found == nil
		})
		if found != nil {
			return found
		}
	}
	t.Fatalf("no %s", name)
	return nil
}

func show(values []ast.Expr) string {
	var out []string
	for _, e := range values {
		if e == assigns.Unknown {
			out = append(out, "?")
		} else if r, ok := e.(*assigns.Result); ok {
			out = append(out, fmt.Sprintf("%s#%d", types.ExprString(r.Call), r.Index))
		} else {
			out = append(out, types.ExprString(e))
		}
	}
	return strings.Join(out, " ")
}

func TestEvery(t *testing.T) {
	pkg, files, info := check(t)
	isFunc := func(v *types.Var) bool { _, ok := v.Type().Underlying().(*types.Signature); return ok }
	vals := assigns.Package(pkg, files, info, isFunc)
	for _, tc := range []struct {
		name string
		want string // the values, or "-" when Every says the package does not see them all
	}{
		{"t.f", "a b"}, // a composite literal and an assignment
		{"t.g", "-"},   // one of two results
		{"local.l", "a b"},
		{"local.p", "-"}, // a parameter's value comes from the caller
		{"local.z", "a"}, // declared nil
	} {
		v := lookup(t, pkg, files[0], info, tc.name)
		got := "-"
		if values, ok := vals.Every(v); ok {
			got = show(values)
		}
		if got != tc.want {
			t.Errorf("Every(%s) = %s, want %s", tc.name, got, tc.want)
		}
	}
	var names []string
	for _, v := range vals.Vars() {
		names = append(names, v.Name())
	}
	if want := []string{"f", "g", "p", "l", "z"}; !slices.Equal(names, want) {
		t.Errorf("Vars() = %v, want %v (source order, with a value)", names, want)
	}
}

// TestPackageResults checks that PackageResults records which result of a
// multi-value call a variable or field holds, where Package has Unknown.
func TestPackageResults(t *testing.T) {
	pkg, files, info := check(t)
	isFunc := func(v *types.Var) bool { _, ok := v.Type().Underlying().(*types.Signature); return ok }
	vals := assigns.PackageResults(pkg, files, info, isFunc)
	v := lookup(t, pkg, files[0], info, "t.g")
	if got, want := show(vals.Assigned(v)), "two()#0 two()#1"; got != want {
		t.Errorf("Assigned(t.g) = %s, want %s", got, want)
	}
	if got, _ := vals.Every(v); len(got) != 2 {
		t.Errorf("Every(t.g) = %s, want both results", show(got))
	}
	if got, want := show(vals.Assigned(lookup(t, pkg, files[0], info, "local.p"))), "? a"; got != want {
		t.Errorf("Assigned(local.p) = %s, want %s (a parameter stays unknown)", got, want)
	}
}

// TestCollect checks that Collect keeps its local-variable view: no
// fields, and no Unknown for parameters.
func TestCollect(t *testing.T) {
	pkg, files, info := check(t)
	m := assigns.Collect(files, info)
	for _, tc := range []struct{ name, want string }{
		{"local.l", "a b"},
		{"local.p", "a"},
		{"local.z", "a"},
		{"counts.n", "2 ?"}, // n += k is not n = k
	} {
		if got := show(m[lookup(t, pkg, files[0], info, tc.name)]); got != tc.want {
			t.Errorf("Collect[%s] = %s, want %s", tc.name, got, tc.want)
		}
	}
	for v := range m {
		if v.IsField() {
			t.Errorf("Collect has field %s", v.Name())
		}
	}
}
