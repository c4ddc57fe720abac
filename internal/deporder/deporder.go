// Package deporder runs analyzers over packages in dependency order, in one
// process, with memory that does not grow with the whole program.
//
// x/tools' checker needs every package's syntax and types loaded up front
// (go/packages LoadAllSyntax) and keeps them, and any SSA built, until the
// end: 8 GB on std. Here packages.Load only lists metadata; each package is
// parsed and type-checked when its imports are done, analyzed, and then
// forgotten: its types are written as export data (gcexportdata) and read
// back as the compact view dependents import, its object facts are moved
// onto that view by objectpath, and its syntax, types.Info, results and SSA
// become garbage. At any time only the packages being worked on (one per
// CPU) hold syntax. This is what unitchecker does under go vet, without a
// process per package.
package deporder

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"
)

// Mode is the go/packages load mode Analyze needs: metadata only.
const Mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
	packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes | packages.NeedEmbedFiles

// An Action is the outcome of one analyzer on one package.
type Action struct {
	Analyzer    *analysis.Analyzer
	PkgID       string // go/packages ID, e.g. "p [p.test]"
	PkgPath     string
	IsRoot      bool
	Diagnostics []analysis.Diagnostic // root actions only
	Err         error
}

// A BuildError says why a package was not analyzed: it did not parse or
// type-check, or (Internal) this package failed on it. Its dependents are
// skipped silently.
type BuildError struct {
	PkgPath  string
	Errs     []string // "file:line:col: message"
	Internal bool
}

// Result is what Analyze found.
type Result struct {
	Fset *token.FileSet
	// Roots holds the actions of the requested analyzers on the initial
	// packages, analyzer-major, in the order x/tools' checker reports them.
	Roots []*Action
	// Failed holds every other action that returned an error, by package
	// ID then analyzer.
	Failed []*Action
	// Broken lists packages that did not parse or type-check, by path.
	Broken []BuildError
	// Skipped lists initial packages not analyzed because they or a
	// dependency are broken.
	Skipped []*packages.Package
	// Generated reports whether a root file is marked generated.
	Generated map[string]bool
	// Time is the time spent per analyzer, and under "(load)" parsing and
	// type-checking and under "(export)" writing and reading export data.
	Time map[string]time.Duration
}

// Analyze runs analyzers on initial (loaded with Mode) and the fact-producing
// ones also on all their dependencies.
func Analyze(analyzers []*analysis.Analyzer, initial []*packages.Package) (*Result, error) {
	if err := analysis.Validate(analyzers); err != nil {
		return nil, err
	}
	r := &run{
		fset:      token.NewFileSet(),
		nodes:     make(map[*packages.Package]*node),
		facts:     make(map[factKey]analysis.Fact),
		pkgFacts:  make(map[pkgFactKey]analysis.Fact),
		asked:     make(map[*analysis.Analyzer]bool),
		generated: make(map[string]bool),
		time:      make(map[string]time.Duration),
	}
	r.rootSet, r.depSet = plan(analyzers)
	for _, a := range analyzers {
		r.asked[a] = true
	}
	for _, p := range initial {
		r.node(p).root = true
	}
	r.findTwins()
	// Every node waits for its imports, then takes a CPU slot.
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, n := range r.order {
		wg.Go(func() {
			for _, imp := range n.imports {
				<-imp.done
			}
			if n.twin != nil {
				<-n.twin.done
			}
			slots <- struct{}{}
			defer func() { <-slots; close(n.done) }()
			defer func() {
				// A bug here must cost one package, not the run.
				if x := recover(); x != nil {
					r.fail(n, true, fmt.Sprintf("internal error: %v (please report this bug)", x))
				}
			}()
			r.process(n)
		})
	}
	wg.Wait()
	return r.result(analyzers, initial), nil
}

// plan returns the analyzers to run on initial packages (all, with their
// requirements, in dependency order) and on dependencies (those with facts
// and their requirements).
func plan(analyzers []*analysis.Analyzer) (roots, deps []*analysis.Analyzer) {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		roots = append(roots, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	needed := make(map[*analysis.Analyzer]bool)
	var need func(a *analysis.Analyzer)
	need = func(a *analysis.Analyzer) {
		if !needed[a] {
			needed[a] = true
			for _, req := range a.Requires {
				need(req)
			}
		}
	}
	for _, a := range roots {
		if len(a.FactTypes) > 0 {
			need(a)
		}
	}
	for _, a := range roots { // keeps dependency order
		if needed[a] {
			deps = append(deps, a)
		}
	}
	return roots, deps
}

type run struct {
	fset            *token.FileSet
	rootSet, depSet []*analysis.Analyzer

	nodes map[*packages.Package]*node
	order []*node // imports before importers

	asked map[*analysis.Analyzer]bool

	// factsMu guards the facts moved onto views: written once per package,
	// read on every fact look-up of every importer.
	factsMu  sync.RWMutex
	facts    map[factKey]analysis.Fact
	pkgFacts map[pkgFactKey]analysis.Fact

	mu        sync.Mutex // guards the fields below
	actions   []*Action
	broken    []BuildError
	generated map[string]bool
	time      map[string]time.Duration

	exportMu sync.Mutex // serialises gcexportdata.Read, which may add to shared packages
}

// factKey identifies an object fact on an object of a dependency's view.
type factKey struct {
	obj types.Object
	typ reflect.Type
}

// pkgFactKey identifies a package fact on a dependency's view.
type pkgFactKey struct {
	pkg *types.Package
	typ reflect.Type
}

// A node is one package. Its fields below done are written before done is
// closed and read only after.
type node struct {
	pkg     *packages.Package
	root    bool
	imports []*node // sorted by import path
	needed  bool    // imported by another node
	twin    *node   // for a dependency's test variant, the package itself
	listed  bool    // in order; its imports are
	cycle   string  // an import that leads back here
	done    chan struct{}

	broken   bool
	view     *types.Package // what importers see
	objFacts []analysis.ObjectFact
	pkgFacts []analysis.Fact
}

func (r *run) node(p *packages.Package) *node {
	if n, ok := r.nodes[p]; ok {
		return n
	}
	n := &node{pkg: p, done: make(chan struct{})}
	r.nodes[p] = n
	paths := make([]string, 0, len(p.Imports))
	for path := range p.Imports {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		imp := r.node(p.Imports[path])
		if !imp.listed {
			// An import cycle (go list reports it; the packages in it
			// are normally filtered out before): waiting on it would
			// never end.
			n.cycle = path
			continue
		}
		imp.needed = true
		n.imports = append(n.imports, imp)
	}
	n.listed = true
	r.order = append(r.order, n)
	return n
}

// findTwins links each dependency recompiled for a test ("fmt [strconv.test]",
// needed because strconv's tests import fmt, which imports strconv) to the
// package itself ("fmt") when both are in the graph with the same files.
// Such variants are most of the graph with -test (1,524 of std's 2,499
// nodes); their declarations must be type-checked again against the test
// variants they import, but their facts are their twin's: the same function
// bodies calling the same functions. go vet gets their types from the
// compiler's export data instead.
func (r *run) findTwins() {
	byID := make(map[string]*node, len(r.order))
	for _, n := range r.order {
		byID[n.pkg.ID] = n
	}
	for _, n := range r.order {
		if n.root || n.pkg.ID == n.pkg.PkgPath {
			continue
		}
		if twin := byID[n.pkg.PkgPath]; twin != nil && slices.Equal(twin.pkg.CompiledGoFiles, n.pkg.CompiledGoFiles) {
			n.twin = twin
		}
	}
}

// process parses, type-checks and analyzes one package and publishes what
// its importers need.
func (r *run) process(n *node) {
	if n.pkg.PkgPath == "unsafe" {
		n.view = types.Unsafe
		return
	}
	for _, imp := range n.imports {
		if imp.broken {
			n.broken = true
			return
		}
	}
	if len(n.pkg.Errors) > 0 { // reported by the caller, from go/packages
		n.broken = true
		return
	}
	if n.cycle != "" {
		r.fail(n, false, "import cycle through "+n.cycle)
		return
	}
	if n.twin != nil {
		r.processTwin(n)
		return
	}
	start := time.Now()
	files, pkg, info, errs := r.check(n, true)
	r.spend("(load)", time.Since(start))
	if len(errs) > 0 {
		r.fail(n, false, errs...)
		return
	}
	if n.root {
		r.mu.Lock()
		for _, f := range files {
			r.generated[r.fset.File(f.FileStart).Name()] = ast.IsGenerated(f)
		}
		r.mu.Unlock()
	}
	analyzers := r.depSet
	if n.root {
		analyzers = r.rootSet
	}
	local := r.analyze(n, analyzers, files, pkg, info)
	if !n.needed {
		return
	}
	view, err := r.view(n, pkg)
	if err != nil {
		r.exportFailed(n, err)
		return
	}
	objFacts := make([]analysis.ObjectFact, 0, len(local.obj))
	for k, f := range local.obj {
		objFacts = append(objFacts, analysis.ObjectFact{Object: k.obj, Fact: f})
	}
	r.publish(n, view, objFacts, local.pkg)
}

// processTwin type-checks a dependency's test variant without function
// bodies, for its importers, and gives it its twin's facts.
func (r *run) processTwin(n *node) {
	if n.twin.broken {
		n.broken = true // reported with the twin
		return
	}
	start := time.Now()
	_, pkg, _, errs := r.check(n, false)
	r.spend("(load)", time.Since(start))
	if len(errs) > 0 {
		r.fail(n, false, errs...)
		return
	}
	pkgFacts := make(map[reflect.Type]analysis.Fact, len(n.twin.pkgFacts))
	for _, f := range n.twin.pkgFacts {
		pkgFacts[reflect.TypeOf(f)] = f
	}
	view, err := r.view(n, pkg)
	if err != nil {
		r.exportFailed(n, err)
		return
	}
	r.publish(n, view, n.twin.objFacts, pkgFacts)
}

// view returns what n's importers see of pkg: its declarations, written as
// export data and read back. The checked package itself would keep every
// function's scope and local objects alive, and its syntax's positions.
func (r *run) view(n *node, pkg *types.Package) (*types.Package, error) {
	start := time.Now()
	defer func() { r.spend("(export)", time.Since(start)) }()
	var buf bytes.Buffer
	if err := gcexportdata.Write(&buf, r.fset, pkg); err != nil {
		return nil, err
	}
	imports := make(map[string]*types.Package)
	for _, dep := range r.transitive(n) {
		if dep.view != nil {
			imports[dep.pkg.PkgPath] = dep.view
		}
	}
	r.exportMu.Lock()
	defer r.exportMu.Unlock()
	return gcexportdata.Read(&buf, r.fset, imports, pkg.Path())
}

func (r *run) fail(n *node, internal bool, errs ...string) {
	n.broken = true
	r.mu.Lock()
	r.broken = append(r.broken, BuildError{n.pkg.PkgPath, errs, internal})
	r.mu.Unlock()
}

// check parses and type-checks n's compiled Go files against its imports'
// views, with or without function bodies. errs are "file:line:col: message".
func (r *run) check(n *node, bodies bool) (files []*ast.File, pkg *types.Package, info *types.Info, errs []string) {
	for _, name := range n.pkg.CompiledGoFiles {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, nil, []string{err.Error()}
		}
		f, err := parser.ParseFile(r.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			if list, ok := err.(scanner.ErrorList); ok {
				for _, e := range list {
					errs = append(errs, e.Error())
				}
			} else {
				errs = append(errs, err.Error())
			}
			continue
		}
		files = append(files, f)
	}
	if len(errs) > 0 {
		return nil, nil, nil, errs
	}
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			dep, ok := n.pkg.Imports[path]
			if !ok {
				return nil, fmt.Errorf("no metadata for %s", path)
			}
			return r.nodes[dep].view, nil
		}),
		Sizes:            n.pkg.TypesSizes,
		Error:            func(err error) { errs = append(errs, err.Error()) },
		IgnoreFuncBodies: !bodies,
	}
	if m := n.pkg.Module; m != nil && m.GoVersion != "" {
		conf.GoVersion = "go" + m.GoVersion
	}
	info = new(types.Info)
	if !bodies {
		pkg, _ = conf.Check(n.pkg.PkgPath, r.fset, files, info)
		return files, pkg, info, errs
	}
	info = &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	pkg, _ = conf.Check(n.pkg.PkgPath, r.fset, files, info)
	return files, pkg, info, errs
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func (r *run) spend(what string, d time.Duration) {
	r.mu.Lock()
	r.time[what] += d
	r.mu.Unlock()
}

// facts of one package while it is analyzed, on its own (source) objects.
type localFacts struct {
	obj map[factKey]analysis.Fact
	pkg map[reflect.Type]analysis.Fact
}

// analyze runs analyzers (in dependency order) on one package.
func (r *run) analyze(n *node, analyzers []*analysis.Analyzer, files []*ast.File, pkg *types.Package, info *types.Info) *localFacts {
	local := &localFacts{obj: make(map[factKey]analysis.Fact), pkg: make(map[reflect.Type]analysis.Fact)}
	results := make(map[*analysis.Analyzer]any)
	failed := make(map[*analysis.Analyzer]bool)
	for _, a := range analyzers {
		act := &Action{Analyzer: a, PkgID: n.pkg.ID, PkgPath: n.pkg.PkgPath, IsRoot: n.root && r.requested(a)}
		for _, req := range a.Requires {
			if failed[req] {
				act.Err = fmt.Errorf("failed prerequisite: %s", req.Name)
			}
		}
		if act.Err == nil {
			pass := r.pass(n, a, act, files, pkg, info, results, local)
			start := time.Now()
			results[a], act.Err = runGuarded(pass)
			r.spend(a.Name, time.Since(start))
			if got, want := reflect.TypeOf(results[a]), a.ResultType; act.Err == nil && got != want {
				act.Err = fmt.Errorf("internal error: on package %s, analyzer %s returned a result of type %v, but declared ResultType %v",
					n.pkg.PkgPath, a.Name, got, want)
			}
		}
		if act.Err != nil {
			failed[a] = true
		}
		if act.IsRoot || act.Err != nil {
			r.mu.Lock()
			r.actions = append(r.actions, act)
			r.mu.Unlock()
		}
	}
	return local
}

// requested reports whether a is one of the analyzers asked for, not only
// a requirement of one.
func (r *run) requested(a *analysis.Analyzer) bool { return r.asked[a] }

func runGuarded(pass *analysis.Pass) (res any, err error) {
	defer func() {
		if x := recover(); x != nil {
			res, err = nil, fmt.Errorf("internal error: %s panicked while analyzing package %s: %v (please report this bug)",
				pass.Analyzer.Name, pass.Pkg.Path(), x)
		}
	}()
	return pass.Analyzer.Run(pass)
}

func (r *run) pass(n *node, a *analysis.Analyzer, act *Action, files []*ast.File, pkg *types.Package, info *types.Info,
	results map[*analysis.Analyzer]any, local *localFacts) *analysis.Pass {
	resultOf := make(map[*analysis.Analyzer]any, len(a.Requires))
	for _, req := range a.Requires {
		resultOf[req] = results[req]
	}
	mine := func(fact analysis.Fact) bool {
		return slices.ContainsFunc(a.FactTypes, func(f analysis.Fact) bool { return reflect.TypeOf(f) == reflect.TypeOf(fact) })
	}
	p := n.pkg
	return &analysis.Pass{
		Analyzer:     a,
		Fset:         r.fset,
		Files:        files,
		OtherFiles:   p.OtherFiles,
		IgnoredFiles: p.IgnoredFiles,
		Pkg:          pkg,
		TypesInfo:    info,
		TypesSizes:   p.TypesSizes,
		Module:       module(p.Module),
		ResultOf:     resultOf,
		Report: func(d analysis.Diagnostic) {
			if act.IsRoot {
				act.Diagnostics = append(act.Diagnostics, d)
			}
		},
		ReadFile: func(name string) ([]byte, error) {
			for _, list := range [][]string{p.CompiledGoFiles, p.GoFiles, p.OtherFiles, p.IgnoredFiles, p.EmbedFiles} {
				if slices.Contains(list, name) {
					return os.ReadFile(name)
				}
			}
			return nil, fmt.Errorf("Pass.ReadFile: %s is not among package %s's files", name, p.PkgPath)
		},
		ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
			if obj == nil {
				panic("nil object given to ImportObjectFact")
			}
			if !mine(ptr) { // another analyzer's facts are not visible, as in x/tools' drivers
				return false
			}
			key := factKey{obj, reflect.TypeOf(ptr)}
			var fact analysis.Fact
			var ok bool
			if obj.Pkg() == pkg {
				fact, ok = local.obj[key]
			} else {
				r.factsMu.RLock()
				fact, ok = r.facts[key]
				r.factsMu.RUnlock()
			}
			if ok {
				reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
			}
			return ok
		},
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			if obj.Pkg() != pkg {
				panic(fmt.Sprintf("%s: invalid ExportObjectFact(%s, %T): object is not in package %s", a.Name, obj, fact, pkg.Path()))
			}
			if !mine(fact) {
				panic(fmt.Sprintf("%s: fact type %T not declared in FactTypes", a.Name, fact))
			}
			local.obj[factKey{obj, reflect.TypeOf(fact)}] = fact
		},
		ImportPackageFact: func(of *types.Package, ptr analysis.Fact) bool {
			if !mine(ptr) {
				return false
			}
			var fact analysis.Fact
			if of == pkg {
				fact = local.pkg[reflect.TypeOf(ptr)]
			} else {
				r.factsMu.RLock()
				fact = r.pkgFacts[pkgFactKey{of, reflect.TypeOf(ptr)}]
				r.factsMu.RUnlock()
			}
			if fact == nil {
				return false
			}
			reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
			return true
		},
		ExportPackageFact: func(fact analysis.Fact) {
			if !mine(fact) {
				panic(fmt.Sprintf("%s: fact type %T not declared in FactTypes", a.Name, fact))
			}
			local.pkg[reflect.TypeOf(fact)] = fact
		},
		AllObjectFacts: func() []analysis.ObjectFact {
			var all []analysis.ObjectFact
			for _, dep := range r.transitive(n) {
				for _, f := range dep.objFacts {
					if mine(f.Fact) {
						all = append(all, f)
					}
				}
			}
			for k, f := range local.obj {
				if mine(f) {
					all = append(all, analysis.ObjectFact{Object: k.obj, Fact: f})
				}
			}
			return all
		},
		AllPackageFacts: func() []analysis.PackageFact {
			var all []analysis.PackageFact
			for _, dep := range r.transitive(n) {
				for _, f := range dep.pkgFacts {
					if mine(f) {
						all = append(all, analysis.PackageFact{Package: dep.view, Fact: f})
					}
				}
			}
			for _, f := range local.pkg {
				if mine(f) {
					all = append(all, analysis.PackageFact{Package: pkg, Fact: f})
				}
			}
			return all
		},
	}
}

func module(m *packages.Module) *analysis.Module {
	if m == nil {
		return nil
	}
	return &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
}

// transitive returns n's dependencies, each once, imports first.
func (r *run) transitive(n *node) []*node {
	seen := make(map[*node]bool)
	var list []*node
	var visit func(n *node)
	visit = func(n *node) {
		for _, imp := range n.imports {
			if !seen[imp] {
				seen[imp] = true
				visit(imp)
				list = append(list, imp)
			}
		}
	}
	visit(n)
	return list
}

// publish makes view and facts available to n's importers: the facts move
// by objectpath from the objects they were exported on to view's.
func (r *run) publish(n *node, view *types.Package, objFacts []analysis.ObjectFact, pkgFacts map[reflect.Type]analysis.Fact) {
	n.view = view
	type pathFact struct {
		path objectpath.Path
		key  factKey
		fact analysis.Fact
	}
	var moved []pathFact
	var enc objectpath.Encoder
	for _, f := range objFacts {
		path, err := enc.For(f.Object)
		if err != nil {
			continue // not reachable from the package scope, so not from importers either
		}
		obj, err := objectpath.Object(view, path)
		if err != nil {
			continue // not in the export data: importers cannot name it
		}
		moved = append(moved, pathFact{path, factKey{obj, reflect.TypeOf(f.Fact)}, f.Fact})
	}
	sort.Slice(moved, func(i, j int) bool {
		if moved[i].path != moved[j].path {
			return moved[i].path < moved[j].path
		}
		return moved[i].key.typ.String() < moved[j].key.typ.String()
	})
	types := make([]reflect.Type, 0, len(pkgFacts))
	for t := range pkgFacts {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool { return types[i].String() < types[j].String() })

	r.factsMu.Lock()
	defer r.factsMu.Unlock()
	for _, m := range moved {
		r.facts[m.key] = m.fact
		n.objFacts = append(n.objFacts, analysis.ObjectFact{Object: m.key.obj, Fact: m.fact})
	}
	for _, t := range types {
		r.pkgFacts[pkgFactKey{view, t}] = pkgFacts[t]
		n.pkgFacts = append(n.pkgFacts, pkgFacts[t])
	}
}

func (r *run) exportFailed(n *node, err error) {
	r.fail(n, true, "internal error: exporting its types: "+err.Error())
}

func (r *run) result(analyzers []*analysis.Analyzer, initial []*packages.Package) *Result {
	res := &Result{Fset: r.fset, Generated: r.generated, Time: r.time}
	type key struct {
		a  *analysis.Analyzer
		id string
	}
	roots := make(map[key]*Action)
	for _, act := range r.actions {
		if act.IsRoot {
			roots[key{act.Analyzer, act.PkgID}] = act
		} else {
			res.Failed = append(res.Failed, act)
		}
	}
	for _, a := range analyzers {
		for _, p := range initial {
			if act, ok := roots[key{a, p.ID}]; ok {
				res.Roots = append(res.Roots, act)
			}
		}
	}
	sort.Slice(res.Failed, func(i, j int) bool {
		x, y := res.Failed[i], res.Failed[j]
		if x.PkgID != y.PkgID {
			return x.PkgID < y.PkgID
		}
		return x.Analyzer.Name < y.Analyzer.Name
	})
	// One entry per path: a package and its test variant fail alike.
	sort.Slice(r.broken, func(i, j int) bool {
		x, y := r.broken[i], r.broken[j]
		if x.PkgPath != y.PkgPath {
			return x.PkgPath < y.PkgPath
		}
		return strings.Join(x.Errs, "\n") < strings.Join(y.Errs, "\n")
	})
	for _, b := range r.broken {
		if k := len(res.Broken) - 1; k >= 0 && res.Broken[k].PkgPath == b.PkgPath {
			for _, e := range b.Errs {
				if !slices.Contains(res.Broken[k].Errs, e) {
					res.Broken[k].Errs = append(res.Broken[k].Errs, e)
				}
			}
			res.Broken[k].Internal = res.Broken[k].Internal && b.Internal
			continue
		}
		res.Broken = append(res.Broken, b)
	}
	for _, p := range initial {
		if r.nodes[p].broken {
			res.Skipped = append(res.Skipped, p)
		}
	}
	return res
}
