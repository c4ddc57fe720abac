package rawsyscall

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/guard"
	"github.com/syscallvet/syscallvet/internal/report"
	"github.com/syscallvet/syscallvet/internal/ruledoc"
)

//go:embed doc.go
var doc string

// Analyzer reports raw system calls of system calls that can block.
var Analyzer = &analysis.Analyzer{
	Name:     "rawsyscall",
	Doc:      ruledoc.MustExtract(doc, "rawsyscall"),
	URL:      "https://github.com/syscallvet/syscallvet/blob/main/docs/rules/rawsyscall.md",
	Run:      guard.Run(run),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
}

// checker holds the state of one pass.
type checker struct {
	pass       *analysis.Pass
	numberings map[*types.Package]*numbering
}

// A rawCall is one call of a rawFuncs entry with a known system call.
type rawCall struct {
	cur    inspector.Cursor
	call   *ast.CallExpr
	callee *types.Func
	fn     rawFunc
	trap   trap
	encl   ast.Node // the enclosing FuncDecl or FuncLit, nil at package level
}

// A trap is a system call named by a raw call's first argument.
type trap struct {
	name  string // lowercase kernel name: "read"
	shown string // as the message names it: "SYS_READ", "syscall number 0 (read in the linux/amd64 numbering)"
}

func run(pass *analysis.Pass) (any, error) {
	rep := report.New(pass)
	defer rep.Finish()
	if rawPkgs[pkgPath(pass.Pkg)] || !slices.ContainsFunc(pass.Pkg.Imports(), func(p *types.Package) bool { return rawPkgs[pkgPath(p)] }) {
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, numberings: make(map[*types.Package]*numbering)}

	var calls []rawCall
	forkAt := make(map[ast.Node]token.Pos) // function → first raw fork in it
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		callee := typeutil.StaticCallee(pass.TypesInfo, call)
		if callee == nil || callee.Pkg() == nil {
			continue
		}
		rf, ok := rawFuncs[strings.TrimPrefix(callee.FullName(), "vendor/")]
		if !ok || len(call.Args) == 0 {
			continue
		}
		t, ok := c.trapOf(call.Args[0], callee.Pkg())
		if !ok {
			continue
		}
		rc := rawCall{cur: cur, call: call, callee: callee, fn: rf, trap: t, encl: enclosingFunc(cur)}
		if forks[t.name] {
			if _, seen := forkAt[rc.encl]; !seen && rc.encl != nil {
				forkAt[rc.encl] = call.Pos()
			}
			continue
		}
		calls = append(calls, rc)
	}

	for _, rc := range calls {
		b, ok := blocking[rc.trap.name]
		if !ok || !c.mayBlock(rc, b) {
			continue
		}
		if at, ok := forkAt[rc.encl]; ok && at < rc.call.Pos() {
			continue // may run in the forked child
		}
		rep.Report(analysis.Diagnostic{
			Pos:            rc.call.Pos(),
			End:            rc.call.End(),
			Message:        fmt.Sprintf("%s.%s of %s can block", rc.callee.Pkg().Name(), rc.callee.Name(), rc.trap.shown),
			SuggestedFixes: c.fix(rc),
		})
	}
	return nil, nil
}

// pkgPath returns p's path without the "vendor/" prefix of the standard
// library's vendored copies.
func pkgPath(p *types.Package) string { return strings.TrimPrefix(p.Path(), "vendor/") }

func enclosingFunc(cur inspector.Cursor) ast.Node {
	for anc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return anc.Node()
	}
	return nil
}

// trapOf names the system call that arg, a raw call's number, denotes:
// by the constant's name when it is spelled SYS_<NAME>, otherwise by its
// value in the target's numbering, read from pkg, the callee's package.
func (c *checker) trapOf(arg ast.Expr, pkg *types.Package) (trap, bool) {
	tv, ok := c.pass.TypesInfo.Types[arg]
	if !ok || tv.Value == nil {
		return trap{}, false
	}
	if obj := c.namedConst(arg); obj != nil && strings.HasPrefix(obj.Name(), "SYS_") {
		name := strings.ToLower(strings.TrimPrefix(obj.Name(), "SYS_"))
		return trap{name: strings.TrimSuffix(name, "_nocancel"), shown: obj.Name()}, true
	}
	num, ok := uint64Val(tv.Value)
	if !ok {
		return trap{}, false
	}
	nb := c.numbering(pkg)
	if nb == nil {
		return trap{}, false
	}
	name, ok := nb.names[num]
	if !ok {
		return trap{}, false
	}
	return trap{name: name, shown: fmt.Sprintf("syscall number %d (%s in the %s numbering)", num, name, nb.target)}, true
}

func (c *checker) numbering(pkg *types.Package) *numbering {
	nb, ok := c.numberings[pkg]
	if !ok {
		nb = numberingOf(pkg)
		c.numberings[pkg] = nb
	}
	return nb
}

// namedConst returns the constant that e names, looking through
// parentheses and conversions (uintptr(unix.SYS_READ)).
func (c *checker) namedConst(e ast.Expr) *types.Const {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			if len(x.Args) != 1 || !c.pass.TypesInfo.Types[x.Fun].IsType() {
				return nil
			}
			e = x.Args[0]
		case *ast.Ident:
			obj, _ := c.pass.TypesInfo.Uses[x].(*types.Const)
			return obj
		case *ast.SelectorExpr:
			obj, _ := c.pass.TypesInfo.Uses[x.Sel].(*types.Const)
			return obj
		default:
			return nil
		}
	}
}

// arg returns the constant value of the raw call's argument ai (1 for
// a1), or nil when it is missing or not a constant.
func (c *checker) arg(rc rawCall, ai int) constant.Value {
	if ai >= len(rc.call.Args) {
		return nil
	}
	return c.pass.TypesInfo.Types[rc.call.Args[ai]].Value
}

// mayBlock applies b's exceptions: a zero millisecond timeout, WNOHANG,
// and fcntl commands other than the lock waits.
func (c *checker) mayBlock(rc rawCall, b block) bool {
	pkg := rc.callee.Pkg()
	if b.zeroTimeout > 0 {
		if v := c.arg(rc, b.zeroTimeout); v != nil && v.Kind() == constant.Int && constant.Sign(v) == 0 {
			return false
		}
	}
	if b.noHang > 0 {
		wnohang, ok := constValue(pkg.Scope(), "WNOHANG")
		if !ok {
			wnohang = 1
		}
		if v, ok := uint64Val(c.arg(rc, b.noHang)); ok && v&wnohang != 0 {
			return false
		}
	}
	if b.lockCmd > 0 {
		if b.lockCmd >= len(rc.call.Args) {
			return false
		}
		cmdArg := rc.call.Args[b.lockCmd]
		if obj := c.namedConst(cmdArg); obj != nil && slices.Contains(lockCmdNames, obj.Name()) {
			return true
		}
		v, ok := uint64Val(c.pass.TypesInfo.Types[cmdArg].Value)
		if !ok {
			return false // unknown command: most fcntl commands return at once
		}
		for _, name := range lockCmdNames {
			if w, ok := constValue(pkg.Scope(), name); ok && w == v {
				return true
			}
		}
		if nb := c.numbering(pkg); nb != nil && slices.Contains(nb.lockCmds, v) {
			return true
		}
		return false
	}
	return true
}

// fix renames the raw call to its entersyscall twin, where that compiles.
func (c *checker) fix(rc rawCall) []analysis.SuggestedFix {
	var id *ast.Ident
	switch fun := rc.call.Fun.(type) {
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.Ident:
		id = fun
	}
	scope := rc.callee.Pkg().Scope()
	sig := rc.callee.Type().(*types.Signature)
	if twin, ok := scope.Lookup(rc.fn.repl).(*types.Func); ok && types.Identical(twin.Type(), sig) {
		return c.rename(rc, id, twin, nil)
	}
	if !rc.fn.noError {
		return nil
	}
	// RawSyscallNoError without SyscallNoError: Syscall has one more
	// result, the error, which the fix discards where that compiles.
	twin, ok := scope.Lookup("Syscall").(*types.Func)
	if !ok {
		return nil
	}
	tsig := twin.Type().(*types.Signature)
	if !types.Identical(tsig.Params(), sig.Params()) || tsig.Results().Len() != 3 || sig.Results().Len() != 2 ||
		!types.Identical(tsig.Results().At(0).Type(), sig.Results().At(0).Type()) ||
		!types.Identical(tsig.Results().At(1).Type(), sig.Results().At(1).Type()) {
		return nil
	}
	var blank token.Pos // where ", _" goes, if anywhere
	switch p := rc.cur.Parent().Node().(type) {
	case *ast.ExprStmt, *ast.GoStmt, *ast.DeferStmt:
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || len(p.Lhs) != 2 {
			return nil
		}
		blank = p.Lhs[1].End()
	case *ast.ValueSpec:
		if len(p.Values) != 1 || len(p.Names) != 2 || p.Type != nil {
			return nil
		}
		blank = p.Names[1].End()
	default:
		return nil
	}
	var extra []analysis.TextEdit
	if blank.IsValid() {
		extra = append(extra, analysis.TextEdit{Pos: blank, End: blank, NewText: []byte(", _")})
	}
	return c.rename(rc, id, twin, extra)
}

// rename returns the fix that replaces the called identifier id with
// twin's name, plus extra edits, when twin is what that name denotes there.
func (c *checker) rename(rc rawCall, id *ast.Ident, twin *types.Func, extra []analysis.TextEdit) []analysis.SuggestedFix {
	if id == nil {
		return nil
	}
	if rc.call.Fun == id { // dot import: the name must not be shadowed
		if _, obj := c.pass.Pkg.Scope().Innermost(id.Pos()).LookupParent(twin.Name(), id.Pos()); obj != twin {
			return nil
		}
	}
	msg := fmt.Sprintf("Use %s.%s", twin.Pkg().Name(), twin.Name())
	if len(extra) > 0 {
		msg += " and discard its error result"
	}
	edits := append([]analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte(twin.Name())}}, extra...)
	return []analysis.SuggestedFix{{Message: msg, TextEdits: edits}}
}
