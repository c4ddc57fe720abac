package osfile

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestIs(t *testing.T) {
	const src = `package p

import "os"

type F = os.File
type G os.File

var (
	file  *os.File
	alias *F
	named *G
	value os.File
	other *os.Process
)
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"file": true, "alias": true, "named": false, "value": false, "other": false} {
		if got := Is(pkg.Scope().Lookup(name).Type()); got != want {
			t.Errorf("Is(%s) = %v, want %v", name, got, want)
		}
	}
}
