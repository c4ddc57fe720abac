package blockingfd

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/indent"
	"github.com/syscallvet/syscallvet/internal/stmtlist"
)

// An fdKey identifies one descriptor made by a creator call: the call and,
// for the pairs, which of the two.
type fdKey struct {
	call *ssa.Call
	idx  int
}

// An fdOrigin is the creator call a descriptor comes from.
type fdOrigin struct {
	key    fdKey
	cr     creator
	callee *types.Func
}

// originOf returns the creator call that the descriptor v comes from in
// its function: fd of "fd, err := syscall.Socket(...)", p[0] after
// syscall.Pipe(p[:]), fds[1] of "fds, err := syscall.Socketpair(...)",
// through conversions.
func (c *checker) originOf(v ssa.Value) (fdOrigin, bool) {
	v = stripConv(v)
	o, ok := c.origins[v]
	if !ok {
		o = c.findOrigin(v)
		c.origins[v] = o
	}
	return o, o.key.call != nil
}

func (c *checker) findOrigin(v ssa.Value) fdOrigin {
	switch v := v.(type) {
	case *ssa.Extract:
		if o, ok := c.creatorCall(v.Tuple); ok && v.Index == 0 && o.cr.pair == single {
			return o
		}
	case *ssa.Index:
		ex, ok := v.X.(*ssa.Extract)
		i, isConst := constInt(v.Index)
		if ok && isConst && ex.Index == 0 {
			if o, ok := c.creatorCall(ex.Tuple); ok && o.cr.pair == inResult {
				o.key.idx = int(i)
				return o
			}
		}
	case *ssa.UnOp:
		ia, ok := v.X.(*ssa.IndexAddr)
		if v.Op != token.MUL || !ok {
			break
		}
		i, isConst := constInt(ia.Index)
		root := memRoot(ia.X)
		if !isConst || root == nil {
			break
		}
		var found fdOrigin
		if alloc, ok := root.(*ssa.Alloc); ok {
			// fds, err := syscall.Socketpair(...): the array is a local.
			for _, s := range stored(alloc) {
				if ex, ok := s.(*ssa.Extract); ok && ex.Index == 0 {
					if o, ok := c.creatorCall(ex.Tuple); ok && o.cr.pair == inResult {
						o.key.idx = int(i)
						return o
					}
				}
			}
		}
		calls(v.Parent(), func(call *ssa.Call) {
			if o, ok := c.creatorCall(call); ok && found.key.call == nil && o.cr.pair == inSlice &&
				len(call.Call.Args) > 0 && memRoot(call.Call.Args[0]) == root {
				o.key.idx = int(i)
				found = o
			}
		})
		return found
	}
	return fdOrigin{}
}

// memRoot returns the local array or slice that x, a slice of it or a
// pointer to it, denotes.
func memRoot(x ssa.Value) ssa.Value {
	for {
		switch v := x.(type) {
		case *ssa.Slice:
			x = v.X
		case *ssa.Alloc, *ssa.MakeSlice:
			return v
		default:
			return nil
		}
	}
}

// creatorCall reports whether v is a call of a creator.
func (c *checker) creatorCall(v ssa.Value) (fdOrigin, bool) {
	call, ok := v.(*ssa.Call)
	if !ok {
		return fdOrigin{}, false
	}
	callee := staticFunc(call)
	if callee == nil {
		return fdOrigin{}, false
	}
	name, ok := sysFunc(fullName(callee))
	if !ok {
		return fdOrigin{}, false
	}
	cr, ok := creators[name]
	if !ok {
		return fdOrigin{}, false
	}
	return fdOrigin{key: fdKey{call: call}, cr: cr, callee: callee}, true
}

// checkNewFile reports os.NewFile of a blocking descriptor.
func (c *checker) checkNewFile(fn *ssa.Function, call *ssa.Call) {
	if len(call.Call.Args) == 0 {
		return
	}
	o, ok := c.originOf(call.Call.Args[0])
	if !ok || c.nonblocking(o) != no {
		return
	}
	what := o.cr.what
	if o.cr.pathArg >= 0 {
		if what = c.openedKind(fn, o); what == "" {
			return
		}
	}
	if c.modeSetBefore(fn, o, call) || c.rawIO(fn, o) {
		return
	}
	if !goUses(c.throughEscapes(c.fileUses(call), 0)) {
		return // only closed, or handed to a child process
	}
	cur, ce, ok := c.callExpr(call.Pos())
	if !ok {
		return
	}
	c.rep.Report(analysis.Diagnostic{
		Pos:      ce.Pos(),
		End:      ce.End(),
		Category: "newfile",
		Message: fmt.Sprintf("os.NewFile of a blocking %s from %s keeps it out of the netpoller",
			what, funcname.Display(o.callee, c.pass.Pkg)),
		SuggestedFixes: c.setNonblockFix(cur, ce, o),
	})
}

// nonblocking tells whether o's flags make the descriptor non-blocking.
func (c *checker) nonblocking(o fdOrigin) tri {
	if o.cr.flagArg < 0 {
		return no
	}
	args := o.key.call.Call.Args
	if o.cr.flagArg >= len(args) {
		return unknown
	}
	var bits constant.Value
	for _, name := range o.cr.flags {
		if k, ok := o.callee.Pkg().Scope().Lookup(name).(*types.Const); ok && k.Val().Kind() == constant.Int {
			if bits == nil {
				bits = k.Val()
			} else {
				bits = constant.BinaryOp(bits, token.OR, k.Val())
			}
		}
	}
	if bits == nil {
		return unknown // the package does not say what the flag is
	}
	return hasBits(args[o.cr.flagArg], bits, make(map[*ssa.Phi]bool))
}

// openedKind returns what an Open or Openat call opens when it is a device
// whose reads block ("device (/dev/net/tun)") or a FIFO the function made,
// and "" otherwise.
func (c *checker) openedKind(fn *ssa.Function, o fdOrigin) string {
	args := o.key.call.Call.Args
	if o.cr.pathArg >= len(args) {
		return ""
	}
	path := args[o.cr.pathArg]
	if s, _, ok := constPrefix(path); ok && isPollableDevice(s) {
		return fmt.Sprintf("device (%s)", s)
	}
	if c.madeFIFO(fn, path) {
		return "FIFO"
	}
	return ""
}

// madeFIFO reports whether fn calls Mkfifo or Mknod on path.
func (c *checker) madeFIFO(fn *ssa.Function, path ssa.Value) bool {
	found := false
	calls(fn, func(call *ssa.Call) {
		callee := staticFunc(call)
		if callee == nil {
			return
		}
		name, ok := sysFunc(fullName(callee))
		if i, isMk := mkfifos[name]; ok && isMk && i < len(call.Call.Args) && samePath(call.Call.Args[i], path) {
			found = true
		}
	})
	return found
}

// constPrefix returns the constant string v or, for a concatenation, its
// constant prefix (full is false).
func constPrefix(v ssa.Value) (s string, full, ok bool) {
	switch v := stripConv(v).(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.String {
			return constant.StringVal(v.Value), true, true
		}
	case *ssa.BinOp:
		if v.Op == token.ADD {
			s, _, ok := constPrefix(v.X)
			return s, false, ok
		}
	}
	return "", false, false
}

func samePath(a, b ssa.Value) bool {
	a, b = stripConv(a), stripConv(b)
	if a == b {
		return true
	}
	sa, fa, oka := constPrefix(a)
	sb, fb, okb := constPrefix(b)
	return oka && okb && fa && fb && sa == sb
}

// modeSetBefore reports whether, before at on every path, the descriptor
// is given to a call that may make it non-blocking (see mayChangeMode).
func (c *checker) modeSetBefore(fn *ssa.Function, o fdOrigin, at ssa.Instruction) bool {
	found := false
	calls(fn, func(call *ssa.Call) {
		if found || call == at || !dominates(call, at) {
			return
		}
		for i, a := range call.Call.Args {
			if ao, ok := c.originOf(a); ok && ao.key == o.key && c.mayChangeMode(call, i, 0) {
				found = true
				return
			}
		}
	})
	return found
}

// mayChangeMode reports whether call may change the blocking mode of the
// descriptor it is given as argument i: SetNonblock (unless with false),
// fcntl F_SETFL, ioctl FIONBIO or with an unknown request, a raw syscall
// doing those, a function value, a function outside the standard library,
// or a function of this package that passes it to one of those.
func (c *checker) mayChangeMode(call *ssa.Call, i, depth int) bool {
	callee := staticFunc(call)
	if callee == nil || callee.Pkg() == nil || depth > 3 {
		return true
	}
	args := call.Call.Args
	if name, ok := sysFunc(fullName(callee)); ok {
		scope := callee.Pkg().Scope()
		switch {
		case name == "SetNonblock":
			nonblock, ok := setNonblockArg(call)
			return nonblock || !ok
		case strings.HasPrefix(name, "Fcntl"):
			return len(args) < 2 || constIs(args[1], scope, "F_SETFL", -1) != no
		case strings.HasPrefix(name, "Ioctl"):
			return len(args) < 2 || constIs(args[1], scope, "FIONBIO", fionbio) != no
		case strings.Contains(name, "Syscall"): // Syscall(SYS_FCNTL, fd, F_SETFL, ...)
			if i != 1 {
				return false
			}
			if len(args) < 3 {
				return true
			}
			fcntl, ioctl := constIs(args[0], scope, "SYS_FCNTL", -1), constIs(args[0], scope, "SYS_IOCTL", -1)
			switch {
			case fcntl == yes:
				return constIs(args[2], scope, "F_SETFL", -1) != no
			case ioctl == yes:
				return constIs(args[2], scope, "FIONBIO", fionbio) != no
			}
			return fcntl != no || ioctl != no
		}
		return false
	}
	fn := call.Call.StaticCallee()
	if fn.Pkg == c.pkg && fn.Blocks != nil && i < len(fn.Params) {
		p := fn.Params[i]
		found := false
		calls(fn, func(inner *ssa.Call) {
			for j, a := range inner.Call.Args {
				if !found && stripConv(a) == p && c.mayChangeMode(inner, j, depth+1) {
					found = true
				}
			}
		})
		return found
	}
	return !isStd(callee.Pkg().Path())
}

// fionbio is FIONBIO on Linux, which neither syscall nor x/sys/unix
// declares.
const fionbio = 0x5421

// constIs tells whether v is the integer constant name of scope (dflt if
// scope lacks it; -1: no default): unknown if either is not known.
func constIs(v ssa.Value, scope *types.Scope, name string, dflt int64) tri {
	x, ok := constInt(v)
	if !ok {
		return unknown
	}
	want := dflt
	if k, ok := scope.Lookup(name).(*types.Const); ok {
		if w, exact := constant.Int64Val(k.Val()); exact {
			want = w
		}
	}
	switch {
	case want < 0:
		return unknown
	case x == want:
		return yes
	}
	return no
}

// rawIO reports whether fn reads or writes the descriptor directly.
func (c *checker) rawIO(fn *ssa.Function, o fdOrigin) bool {
	found := false
	calls(fn, func(call *ssa.Call) {
		callee := staticFunc(call)
		if found || callee == nil || len(call.Call.Args) == 0 {
			return
		}
		if name, ok := sysFunc(fullName(callee)); ok && rawIO[name] {
			if ao, ok := c.originOf(call.Call.Args[0]); ok && ao.key == o.key {
				found = true
			}
		}
	})
	return found
}

// setNonblockFix inserts "syscall.SetNonblock(fd, true)" (or unix's, after
// the package the descriptor came from) before the statement that calls
// os.NewFile.
func (c *checker) setNonblockFix(cur inspector.Cursor, ce *ast.CallExpr, o fdOrigin) []analysis.SuggestedFix {
	if len(ce.Args) == 0 {
		return nil
	}
	fd := ast.Unparen(ce.Args[0])
	for { // uintptr(fd)
		conv, ok := fd.(*ast.CallExpr)
		if !ok || len(conv.Args) != 1 || !c.pass.TypesInfo.Types[conv.Fun].IsType() {
			break
		}
		fd = ast.Unparen(conv.Args[0])
	}
	if !simple(fd) {
		return nil
	}
	fdText := c.source(fd)
	basic, ok := c.pass.TypesInfo.TypeOf(fd).Underlying().(*types.Basic)
	if fdText == "" || !ok || basic.Info()&types.IsInteger == 0 {
		return nil
	}
	if !types.Identical(c.pass.TypesInfo.TypeOf(fd), types.Typ[types.Int]) {
		fdText = "int(" + fdText + ")"
	}
	stmt := enclosingStmt(cur)
	if stmt == nil {
		return nil
	}
	scope := c.pass.Pkg.Scope().Innermost(stmt.Pos())
	if scope == nil || !c.visible(fd, scope, stmt.Pos()) {
		return nil
	}
	qual := c.importName(o.callee.Pkg(), scope, stmt.Pos())
	if qual == "" {
		return nil
	}
	text := fmt.Sprintf("%s.SetNonblock(%s, true)\n%s", qual, fdText, indent.Of(c.pass, stmt.Pos()))
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Call %s.SetNonblock(%s, true) before os.NewFile", qual, fdText),
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(text)}},
	}}
}

// simple reports whether e can be evaluated again without side effects:
// fd, s.fd, p[0].
func simple(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return simple(e.X)
	case *ast.IndexExpr:
		_, lit := e.Index.(*ast.BasicLit)
		return lit && simple(e.X)
	}
	return false
}

// visible reports whether the variables e names denote the same objects
// at pos in scope.
func (c *checker) visible(e ast.Expr, scope *types.Scope, pos token.Pos) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := c.pass.TypesInfo.Uses[e]
		_, found := scope.LookupParent(e.Name, pos)
		return obj != nil && found == obj
	case *ast.SelectorExpr:
		if _, ok := c.pass.TypesInfo.Selections[e]; !ok {
			return false // a qualified identifier: not a descriptor variable
		}
		return c.visible(e.X, scope, pos)
	case *ast.IndexExpr:
		return c.visible(e.X, scope, pos)
	}
	return false
}

// importName returns the name under which pkg is imported and visible at
// pos, or "".
func (c *checker) importName(pkg *types.Package, scope *types.Scope, pos token.Pos) string {
	for _, f := range c.pass.Files {
		if f.FileStart > pos || pos > f.FileEnd {
			continue
		}
		for _, spec := range f.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil || path != pkg.Path() {
				continue
			}
			pn := c.pass.TypesInfo.PkgNameOf(spec)
			if pn == nil || pn.Name() == "_" || pn.Name() == "." {
				continue
			}
			if _, obj := scope.LookupParent(pn.Name(), pos); obj == pn {
				return pn.Name()
			}
		}
	}
	return ""
}

// enclosingStmt returns the statement of a statement list that contains
// cur's node, within cur's function.
func enclosingStmt(cur inspector.Cursor) ast.Stmt {
	for ; ; cur = cur.Parent() {
		switch cur.Node().(type) {
		case nil, *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
		stmt, ok := cur.Node().(ast.Stmt)
		if !ok {
			continue
		}
		list := stmtlist.Of(cur.Parent().Node())
		if list == nil {
			continue
		}
		for _, s := range list {
			if s == stmt {
				return stmt
			}
		}
	}
}
