package stmtlist

import (
	"go/ast"
	"go/parser"
	"testing"
)

func TestOf(t *testing.T) {
	e, err := parser.ParseExpr(`func() {
		a()
		switch {
		case true:
			b(); c()
		}
		select {
		case <-ch:
			d()
		}
	}`)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	ast.Inspect(e, func(n ast.Node) bool {
		if n != nil {
			if l := Of(n); l != nil {
				got = append(got, len(l))
			}
		}
		return true
	})
	// func body (3), switch body (1 clause), case (2), select body (1), comm clause (1)
	want := []int{3, 1, 2, 1, 1}
	if len(got) != len(want) {
		t.Fatalf("lists %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("lists %v, want %v", got, want)
		}
	}
	if Of(&ast.Ident{Name: "x"}) != nil {
		t.Error("Of(ident) != nil")
	}
}
