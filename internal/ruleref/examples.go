package ruleref

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Examples are found in two places, best first:
//
//  1. testdata/demo, analyzed by the registered analyzers: the first
//     function a rule reports that has a correct twin, the function right
//     after it (or named after it, e.g. RunInNamespace and
//     RunInNamespaceFixed) that no rule reports, whose doc comment calls
//     it correct or whose name extends the reported one's.
//  2. the analyzer's own testdata, read as text: the packages its tests
//     run with its Analyzer (analysistest.Run(t, analysistest.TestData(),
//     Analyzer, "pkg", ...)); the first function holding a "// want"
//     diagnostic expectation is reported code, the first function whose doc
//     comment starts with "Correct" or mentions a "correct twin" is
//     correct code.
//
// A pair from one place is preferred to a mix; a half that cannot be found
// is left nil and the page says so.

// demoEnv fixes the target the demo is analyzed for, so that the pages do
// not depend on the machine that generates them.
var demoEnv = []string{"GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0"}

type demoFinding struct {
	rule string
	file *srcFile
	fn   *ast.FuncDecl
	posn token.Position
	msg  string
}

type srcFile struct {
	rel    string // slash path from the module root
	fset   *token.FileSet
	syntax *ast.File
	src    []byte
}

// demoExamples returns the demo's reported code and correct twin for each
// rule that has them (either may be nil).
func demoExamples(root string, analyzers []*analysis.Analyzer) (map[string][2]*Snippet, error) {
	if _, err := os.Stat(filepath.Join(root, "testdata", "demo")); err != nil {
		return nil, nil // no demo
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  root,
		Env:  append(os.Environ(), demoEnv...),
	}
	pkgs, err := packages.Load(cfg, "./testdata/demo/...")
	if err != nil {
		return nil, fmt.Errorf("loading the demo: %v", err)
	}
	var loadErrs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			loadErrs = append(loadErrs, e.Error())
		}
	})
	if len(loadErrs) > 0 {
		return nil, fmt.Errorf("the demo does not load:\n\t%s", strings.Join(loadErrs, "\n\t"))
	}
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		return nil, err
	}

	files := make(map[string]*srcFile) // by absolute name
	fileOf := func(p *packages.Package, name string) (*srcFile, error) {
		if f, ok := files[name]; ok {
			return f, nil
		}
		for _, syn := range p.Syntax {
			if p.Fset.File(syn.FileStart).Name() != name {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			rel, err := filepath.Rel(root, name)
			if err != nil {
				return nil, err
			}
			f := &srcFile{rel: filepath.ToSlash(rel), fset: p.Fset, syntax: syn, src: src}
			files[name] = f
			return f, nil
		}
		return nil, nil
	}

	var found []demoFinding
	reported := make(map[*ast.FuncDecl]bool) // by any rule
	for act := range graph.All() {
		if act.Err != nil {
			return nil, fmt.Errorf("analyzing the demo: %v: %v", act, act.Err)
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			f, err := fileOf(act.Package, posn.Filename)
			if err != nil {
				return nil, err
			}
			if f == nil {
				continue
			}
			fn := enclosingFunc(f.syntax, d.Pos)
			if fn == nil {
				continue
			}
			reported[fn] = true
			found = append(found, demoFinding{act.Analyzer.Name, f, fn, posn, d.Message})
		}
	}
	slices.SortFunc(found, func(a, b demoFinding) int {
		return strings.Compare(fmt.Sprintf("%s\x00%08d\x00%08d\x00%s", a.file.rel, a.posn.Line, a.posn.Column, a.msg),
			fmt.Sprintf("%s\x00%08d\x00%08d\x00%s", b.file.rel, b.posn.Line, b.posn.Column, b.msg))
	})

	out := make(map[string][2]*Snippet)
	for _, a := range analyzers {
		var bad, good *Snippet
		tried := make(map[*ast.FuncDecl]bool)
		for _, df := range found {
			if df.rule != a.Name || tried[df.fn] {
				continue
			}
			tried[df.fn] = true
			s := df.file.snippet(df.fn)
			s.Demo = true
			for _, other := range found {
				if other.rule == a.Name && other.fn == df.fn {
					s.Findings = append(s.Findings, fmt.Sprintf("%s:%d:%d: %s", df.file.rel, other.posn.Line, other.posn.Column, other.msg))
				}
			}
			s.Findings = slices.Compact(s.Findings)
			if bad == nil {
				bad = s
			}
			if twin := findTwin(df.file.syntax, df.fn, reported); twin != nil {
				bad, good = s, df.file.snippet(twin)
				good.Demo = true
				break
			}
		}
		if bad != nil {
			out[a.Name] = [2]*Snippet{bad, good}
		}
	}
	return out, nil
}

// findTwin returns the correct twin of the reported function fn: the next
// function of the file, if no rule reports it and its doc comment calls it
// correct or its name extends fn's; or else any unreported function of the
// file whose name extends fn's.
func findTwin(f *ast.File, fn *ast.FuncDecl, reported map[*ast.FuncDecl]bool) *ast.FuncDecl {
	var funcs []*ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			funcs = append(funcs, fd)
		}
	}
	extends := func(g *ast.FuncDecl) bool {
		return len(g.Name.Name) > len(fn.Name.Name) && strings.HasPrefix(g.Name.Name, fn.Name.Name)
	}
	if i := slices.Index(funcs, fn); i >= 0 && i+1 < len(funcs) {
		next := funcs[i+1]
		if !reported[next] && (extends(next) || strings.Contains(strings.ToLower(next.Doc.Text()), "correct")) {
			return next
		}
	}
	for _, g := range funcs {
		if !reported[g] && extends(g) {
			return g
		}
	}
	return nil
}

func enclosingFunc(f *ast.File, pos token.Pos) *ast.FuncDecl {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
			return fd
		}
	}
	return nil
}

// snippet quotes fn with its doc comment.
func (f *srcFile) snippet(fn *ast.FuncDecl) *Snippet {
	start := fn.Pos()
	if fn.Doc != nil {
		start = fn.Doc.Pos()
	}
	tf := f.fset.File(start)
	return &Snippet{
		File:      f.rel,
		StartLine: tf.Line(start),
		EndLine:   tf.Line(fn.End()),
		Code:      string(f.src[tf.Offset(start):tf.Offset(fn.End())]),
	}
}

// testdataExamples returns reported and correct code from the analyzer's
// testdata (either may be nil).
func testdataExamples(root, rule string) (bad, good *Snippet, err error) {
	dir := filepath.Join(root, "analyzers", rule)
	pkgs, err := testedPackages(dir, rule)
	if err != nil {
		return nil, nil, err
	}
	var firstBad, firstGood *Snippet
	for _, pkg := range pkgs {
		b, g, err := testdataPackage(root, filepath.Join(dir, "testdata", "src", filepath.FromSlash(pkg)))
		if err != nil {
			return nil, nil, err
		}
		if b != nil && g != nil {
			return b, g, nil
		}
		if firstBad == nil {
			firstBad = b
		}
		if firstGood == nil {
			firstGood = g
		}
	}
	return firstBad, firstGood, nil
}

// testedPackages returns the testdata packages that the tests in dir run
// with the rule's own Analyzer, in the order the tests name them.
func testedPackages(dir, rule string) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	var pkgs []string
	for _, name := range names { // sorted by Glob
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			return nil, err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 4 || !isSel(call.Fun, "analysistest", "Run", "RunWithSuggestedFixes") {
				return true
			}
			if td, ok := call.Args[1].(*ast.CallExpr); !ok || !isSel(td.Fun, "analysistest", "TestData") {
				return true
			}
			switch an := call.Args[2].(type) {
			case *ast.Ident:
				if an.Name != "Analyzer" {
					return true
				}
			case *ast.SelectorExpr:
				if !isSel(an, rule, "Analyzer") {
					return true
				}
			default:
				return true
			}
			for _, arg := range call.Args[3:] {
				if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && !slices.Contains(pkgs, s) {
						pkgs = append(pkgs, s)
					}
				}
			}
			return true
		})
	}
	return pkgs, nil
}

func isSel(e ast.Expr, x string, names ...string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == x && slices.Contains(names, sel.Sel.Name)
}

// testdataPackage returns the first reported and the first correct
// function of the package in dir.
func testdataPackage(root, dir string) (bad, good *Snippet, err error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, nil, err
	}
	for _, name := range names {
		fset := token.NewFileSet()
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, err
		}
		syn, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			return nil, nil, err
		}
		rel, err := filepath.Rel(root, name)
		if err != nil {
			return nil, nil, err
		}
		f := &srcFile{rel: filepath.ToSlash(rel), fset: fset, syntax: syn, src: src}
		for _, d := range syn.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if doc := strings.ToLower(fn.Doc.Text()); strings.HasPrefix(doc, "correct") || strings.Contains(doc, "correct twin") {
				if good == nil {
					good = f.snippet(fn)
				}
				continue
			}
			if bad == nil {
				bad = f.wantSnippet(fn)
			}
		}
		if bad != nil && good != nil {
			break
		}
	}
	return bad, good, nil
}

// wantSnippet quotes fn if it holds diagnostic expectations, replacing
// each such "// want" comment with "// reported" and listing what it
// expects; "// want" comments that only expect facts are dropped.
func (f *srcFile) wantSnippet(fn *ast.FuncDecl) *Snippet {
	s := f.snippet(fn)
	start := snippetStart(f, fn)
	type repl struct {
		start, end int
		text       string
	}
	var repls []repl
	for _, cg := range f.syntax.Comments {
		for _, c := range cg.List {
			if c.Pos() < fn.Pos() || c.End() > fn.End() {
				continue
			}
			pats, ok := wantPatterns(c.Text)
			if !ok {
				continue
			}
			tf := f.fset.File(c.Pos())
			r := repl{tf.Offset(c.Pos()) - start, tf.Offset(c.End()) - start, "// reported"}
			if len(pats) == 0 {
				r.text = ""
				for r.start > 0 && (s.Code[r.start-1] == ' ' || s.Code[r.start-1] == '\t') {
					r.start--
				}
			}
			repls = append(repls, r)
			for _, p := range pats {
				s.Findings = append(s.Findings, fmt.Sprintf("%s:%d: %s", f.rel, tf.Line(c.Pos()), p))
			}
		}
	}
	if len(s.Findings) == 0 {
		return nil
	}
	code := s.Code
	for i := len(repls) - 1; i >= 0; i-- {
		r := repls[i]
		code = code[:r.start] + r.text + code[r.end:]
	}
	s.Code = code
	return s
}

// snippetStart returns the offset in f of fn's snippet: its doc comment or
// its declaration.
func snippetStart(f *srcFile, fn *ast.FuncDecl) int {
	start := fn.Pos()
	if fn.Doc != nil {
		start = fn.Doc.Pos()
	}
	return f.fset.File(start).Offset(start)
}

// wantPatterns returns the diagnostic patterns of an analysistest "want"
// comment, without regexp escapes, and whether comment is one; fact
// expectations (name:"fact") are skipped.
func wantPatterns(comment string) (pats []string, ok bool) {
	rest, ok := strings.CutPrefix(comment, "// want ")
	if !ok {
		if rest, ok = strings.CutPrefix(comment, "//want "); !ok {
			return nil, false
		}
	}
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			return pats, true
		}
		fact := false
		if i := strings.IndexAny(rest, "\"`"); i > 0 && strings.HasSuffix(rest[:i], ":") && !strings.ContainsAny(rest[:i], " \t") {
			fact, rest = true, rest[i:]
		}
		var lit string
		switch rest[0] {
		case '"':
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return pats, true
			}
			lit, rest = q, rest[len(q):]
		case '`':
			end := strings.IndexByte(rest[1:], '`')
			if end < 0 {
				return pats, true
			}
			lit, rest = rest[:end+2], rest[end+2:]
		default:
			return pats, true
		}
		if s, err := strconv.Unquote(lit); err == nil && !fact {
			pats = append(pats, unregexp(s))
		}
	}
}

// unregexp makes a want pattern readable: anchors go, ".*" becomes "…",
// and escaped metacharacters lose their backslashes.
func unregexp(s string) string {
	s = strings.TrimPrefix(s, "^")
	if strings.HasSuffix(s, "$") && !strings.HasSuffix(s, `\$`) {
		s = s[:len(s)-1]
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`\.+*?()|[]{}^$`, s[i+1]) >= 0:
			i++
		case strings.HasPrefix(s[i:], ".*"):
			b.WriteString("…")
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
