package integration_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/syscallvet/syscallvet"
)

// nogo (Bazel rules_go) builds its checker from analyzer packages named in
// a BUILD file, each exporting a package-level Analyzer; it runs analyzers
// in the build's sandbox and passes facts between compilations with gob.
// gopls and golangci-lint run them in long-lived processes, several at a
// time. These tests keep syscallvet fit for that.

const module = "github.com/syscallvet/syscallvet"

// loadRegistry loads the registry package with syntax and types for it and
// every package it imports.
func loadRegistry(t *testing.T) *packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps |
			packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir: repoRoot,
	}
	pkgs, err := packages.Load(cfg, module)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 || len(pkgs) != 1 {
		t.Fatal("the registry package does not load")
	}
	return pkgs[0]
}

// ourPackages returns the registry's transitive imports inside this module.
func ourPackages(root *packages.Package) []*packages.Package {
	var out []*packages.Package
	packages.Visit([]*packages.Package{root}, nil, func(p *packages.Package) {
		if p.PkgPath == module || strings.HasPrefix(p.PkgPath, module+"/") {
			out = append(out, p)
		}
	})
	return out
}

// TestNogoExportedAnalyzers checks that every rule in the registry is the
// exported package-level Analyzer of a package named after the rule, the
// form a nogo BUILD file names it in (//analyzers/<rule>).
func TestNogoExportedAnalyzers(t *testing.T) {
	root := loadRegistry(t)
	var fn *ast.FuncDecl
	for _, f := range root.Syntax {
		for _, d := range f.Decls {
			if d, ok := d.(*ast.FuncDecl); ok && d.Name.Name == "Analyzers" && d.Recv == nil {
				fn = d
			}
		}
	}
	if fn == nil {
		t.Fatal("no func Analyzers in the registry")
	}
	// Every *analysis.Analyzer the registry mentions, in source order.
	var static []*types.Var
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := root.TypesInfo.Uses[id].(*types.Var)
		if !ok || v.IsField() {
			return true
		}
		if ptr, ok := v.Type().(*types.Pointer); ok && types.TypeString(ptr.Elem(), nil) == "golang.org/x/tools/go/analysis.Analyzer" {
			static = append(static, v)
		}
		return true
	})
	all := syscallvet.Analyzers()
	if len(static) != len(all) {
		t.Fatalf("the registry names %d analyzer variables but returns %d analyzers: build each from a package-level Analyzer", len(static), len(all))
	}
	for i, v := range static {
		a := all[i]
		switch {
		case v.Pkg() == nil || v.Parent() != v.Pkg().Scope():
			t.Errorf("%s: the registry's analyzer is not a package-level variable", a.Name)
		case v.Name() != "Analyzer":
			t.Errorf("%s: registered as %s.%s; nogo needs it exported as %s.Analyzer", a.Name, v.Pkg().Name(), v.Name(), v.Pkg().Name())
		case v.Pkg().Name() != a.Name:
			t.Errorf("analyzer %s lives in package %s (%s): name the package after the rule", a.Name, v.Pkg().Name(), v.Pkg().Path())
		}
	}

	// Every analyzer and fact package in the module exports one too,
	// including rules not yet registered.
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: repoRoot}, "./analyzers/...", "./passes/...")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 || p.Types == nil {
			t.Logf("skipping %s, which does not load: %v", p.PkgPath, p.Errors)
			continue
		}
		obj, _ := p.Types.Scope().Lookup("Analyzer").(*types.Var)
		if obj == nil || types.TypeString(obj.Type(), nil) != "*golang.org/x/tools/go/analysis.Analyzer" {
			t.Errorf("%s does not export var Analyzer *analysis.Analyzer", p.PkgPath)
		}
	}
}

// forbiddenImports touch the file system, the network or the process:
// under nogo an analyzer runs in the build sandbox and reads source through
// the Pass (pass.ReadFile), and in gopls it runs on unsaved buffers.
var forbiddenImports = []string{"os", "os/exec", "io/ioutil", "net", "net/http", "syscall", "golang.org/x/sys/unix", "plugin"}

// TestNogoNoGlobalState checks the analyzers and everything of ours they
// import: flags only in Analyzer.Flags (never on the process-wide
// flag.CommandLine, which nogo, go vet and golangci-lint own), no writes to
// package-level variables after initialization (analyzers run concurrently
// and repeatedly in one process), and no file system access.
func TestNogoNoGlobalState(t *testing.T) {
	for _, p := range ourPackages(loadRegistry(t)) {
		for _, imp := range forbiddenImports {
			if _, ok := p.Imports[imp]; ok {
				t.Errorf("%s imports %q: analyzers must not touch the file system or the process (read files with pass.ReadFile)", p.PkgPath, imp)
			}
		}
		for id, obj := range p.TypesInfo.Uses {
			if obj.Pkg() == nil || obj.Pkg().Path() != "flag" {
				continue
			}
			switch obj := obj.(type) {
			case *types.Func:
				if sig := obj.Type().(*types.Signature); sig.Recv() == nil && obj.Name() != "NewFlagSet" {
					t.Errorf("%s: flag.%s registers on or parses the process-wide flag set: declare flags in Analyzer.Flags", p.Fset.Position(id.Pos()), obj.Name())
				}
			case *types.Var:
				if obj.Name() == "CommandLine" {
					t.Errorf("%s: flag.CommandLine is the process's flag set: declare flags in Analyzer.Flags", p.Fset.Position(id.Pos()))
				}
			}
		}
		for _, f := range p.Syntax {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && !(fd.Recv == nil && fd.Name.Name == "init") {
					for _, w := range globalWrites(p, fd.Body) {
						t.Errorf("%s: %s writes package-level variable %s: analyzers run concurrently in one process; keep state in the pass or a Result", p.Fset.Position(w.pos), fd.Name.Name, w.name)
					}
				}
			}
		}
	}
}

type write struct {
	pos  token.Pos
	name string
}

// globalWrites returns the writes to package-level variables (of any
// package) in body: assignments, increments, delete and clear, and range
// assignments, through fields, indexes and dereferences.
func globalWrites(p *packages.Package, body *ast.BlockStmt) []write {
	var out []write
	check := func(e ast.Expr) {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
				continue
			case *ast.StarExpr:
				e = x.X
				continue
			case *ast.IndexExpr:
				e = x.X
				continue
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok {
					if _, ok := p.TypesInfo.Uses[id].(*types.PkgName); ok {
						e = x.Sel // pkg.Var
						break
					}
				}
				e = x.X
				continue
			}
			break
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return
		}
		if v, ok := p.TypesInfo.Uses[id].(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			out = append(out, write{id.Pos(), v.Pkg().Name() + "." + v.Name()})
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				check(l)
			}
		case *ast.IncDecStmt:
			check(n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				if n.Key != nil {
					check(n.Key)
				}
				if n.Value != nil {
					check(n.Value)
				}
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && len(n.Args) > 0 {
				if b, ok := p.TypesInfo.Uses[id].(*types.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") {
					check(n.Args[0])
				}
			}
		}
		return true
	})
	return out
}

// TestNogoFactsGob checks that every fact type of the registry's analyzers
// and of the analyzers they require survives a gob round trip, which is how
// nogo, go vet and gopls carry facts from one package to the next: a value
// with every field set decodes to an equal value.
func TestNogoFactsGob(t *testing.T) {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	n := 0
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		for _, f := range a.FactTypes {
			n++
			if err := gobRoundTrip(f); err != nil {
				t.Errorf("%s: fact %T: %v", a.Name, f, err)
			}
		}
	}
	for _, a := range syscallvet.Analyzers() {
		visit(a)
	}
	if n == 0 {
		t.Error("no fact types found: the registry's analyzers carry their summaries as facts")
	}
}

func gobRoundTrip(f analysis.Fact) error {
	typ := reflect.TypeOf(f)
	if typ.Kind() != reflect.Pointer {
		return fmt.Errorf("fact types are pointers")
	}
	elem := typ.Elem()
	if elem.Kind() == reflect.Struct && strings.HasPrefix(elem.PkgPath(), module) {
		for i := range elem.NumField() {
			if !elem.Field(i).IsExported() {
				return fmt.Errorf("field %s is unexported: gob drops it, so the fact loses it between packages", elem.Field(i).Name)
			}
		}
	}
	gob.Register(f)
	v := reflect.New(elem)
	fill(v.Elem(), 0)
	type envelope struct{ Fact analysis.Fact }
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(envelope{v.Interface().(analysis.Fact)}); err != nil {
		return fmt.Errorf("encoding: %v", err)
	}
	var got envelope
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
		return fmt.Errorf("decoding: %v", err)
	}
	if !reflect.DeepEqual(got.Fact, v.Interface()) {
		return fmt.Errorf("round trip changed it: %+v became %+v", v.Interface(), got.Fact)
	}
	return nil
}

// fill sets every settable part of v to a non-zero value.
func fill(v reflect.Value, depth int) {
	if depth > 4 || !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.String:
		v.SetString("x")
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	}
}

// The analyzers' names must be unique: nogo's configuration and
// golangci-lint's settings key on them.
func TestNogoUniqueNames(t *testing.T) {
	var names []string
	for _, a := range syscallvet.Analyzers() {
		if slices.Contains(names, a.Name) {
			t.Errorf("two analyzers are named %s", a.Name)
		}
		names = append(names, a.Name)
	}
}
