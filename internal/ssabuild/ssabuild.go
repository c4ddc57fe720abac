// Package ssabuild builds a package's SSA form on demand, the way x/tools'
// buildssa pass does. Requiring buildssa makes the driver build SSA for
// every package an analyzer runs on (under go vet std, all of std) before
// the analyzer's cheap pre-filter can say the package cannot have a
// finding; analyzers that require this package's Analyzer and call its
// result's SSA method after their pre-filter pay only where it matters, and
// once per package however many of them need it.
package ssabuild

import (
	"go/ast"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
)

// Analyzer's result is a *Lazy for the package.
var Analyzer = &analysis.Analyzer{
	Name:       "ssabuild",
	Doc:        "build SSA for the package when first asked, once",
	URL:        "https://github.com/syscallvet/syscallvet/tree/main/internal/ssabuild",
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer},
	ResultType: reflect.TypeFor[*Lazy](),
	Run:        func(pass *analysis.Pass) (any, error) { return &Lazy{pass: pass}, nil },
}

// Lazy builds a package's SSA on the first call of SSA.
type Lazy struct {
	pass *analysis.Pass
	once sync.Once
	ssa  *buildssa.SSA
}

// SSA returns the package's SSA, building it the first time.
func (l *Lazy) SSA() *buildssa.SSA {
	l.once.Do(func() { l.ssa = build(l.pass) })
	return l.ssa
}

// Of returns the SSA of pass's package, for an analyzer that requires
// Analyzer.
func Of(pass *analysis.Pass) *buildssa.SSA {
	return pass.ResultOf[Analyzer].(*Lazy).SSA()
}

// build returns the SSA package of pass's package and its source
// functions, anonymous ones included, in source order.
func build(pass *analysis.Pass) *buildssa.SSA {
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	prog.SetNoReturn(pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs).NoReturn)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()

	var funcs []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			if decl, ok := decl.(*ast.FuncDecl); ok {
				if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
					if f := prog.FuncValue(fn); f != nil {
						add(f)
					}
				}
			}
		}
	}
	return &buildssa.SSA{Pkg: pkg, SrcFuncs: funcs}
}
