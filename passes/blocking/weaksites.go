package blocking

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
	"github.com/syscallvet/syscallvet/internal/stmtlist"
)

// Some calls of a body hold a thread only on paths that its callers
// rarely take, whatever the callee, so that a witness through them is
// weak (see blockFact.Weak):
//
//   - a deferred call, and the calls in a deferred function literal: they
//     are teardown, run once as the function returns, after its work.
//     Like a Close, they hold a thread for one call at the end of a
//     goroutine, not while it works: an accept loop's deferred removal
//     of its socket file runs once, at shutdown. The arguments of a
//     deferred call are evaluated at the defer statement and count.
//   - the calls after an early return (or continue, or break) on an
//     environment variable being empty or unset: p := os.Getenv("X");
//     if p == "" { return }. Such a variable is an opt-in, a debug or
//     key-log file that normal runs never open. Variables that every
//     process has (HOME, PATH, TMPDIR, XDG_*; see setEnv) are no opt-in,
//     and a variable whose name is not a constant may be any of them.

// sites lists the calls of a body that are weak sites.
type sites struct {
	calls map[*ast.CallExpr]bool // deferred calls
	spans [][2]token.Pos         // deferred literals' bodies and gated statements
}

func (s sites) weak(call *ast.CallExpr) bool {
	if s.calls[call] {
		return true
	}
	for _, sp := range s.spans {
		if sp[0] <= call.Pos() && call.End() <= sp[1] {
			return true
		}
	}
	return false
}

// weakSites finds the weak sites of body, including those in its function
// literals (whose calls count only where the literal is called on the
// spot).
func (r *Result) weakSites(body *ast.BlockStmt) sites {
	info := r.pass.TypesInfo
	var s sites
	var env map[*types.Var]bool // nil until a lookup in the environment
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			if lit, ok := astutil.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				s.spans = append(s.spans, [2]token.Pos{lit.Body.Pos(), lit.Body.End()})
			} else {
				if s.calls == nil {
					s.calls = make(map[*ast.CallExpr]bool)
				}
				s.calls[n.Call] = true
			}
		case *ast.CallExpr:
			if r.readsEnv && env == nil {
				if _, results := envLookup(info, n); results > 0 {
					env = r.envVars()
				}
			}
		}
		return true
	})
	if env == nil {
		return s
	}
	ast.Inspect(body, func(n ast.Node) bool {
		list := stmtlist.Of(n)
		for _, stmt := range list {
			if ifs, ok := stmt.(*ast.IfStmt); ok && exits(ifs.Body) && unsetTest(info, env, ifs.Cond) {
				s.spans = append(s.spans, [2]token.Pos{ifs.Body.End(), list[len(list)-1].End()})
				break // the rest of the list is gated already
			}
		}
		return true
	})
	return s
}

// exits reports whether block ends by leaving the statement list that
// holds its if statement: a return, continue or break.
func exits(block *ast.BlockStmt) bool {
	if len(block.List) == 0 {
		return false
	}
	switch last := block.List[len(block.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return last.Tok == token.CONTINUE || last.Tok == token.BREAK
	}
	return false
}

// envVars returns, computing them once, the local variables of the
// package whose one value is a call of os.Getenv, os.LookupEnv or
// syscall.Getenv of an opt-in variable (see optIn): never assigned again,
// by a range clause either, nor their address taken. They hold, for the
// whole function, the variable's value (true) or whether it is set
// (false, the second result of os.LookupEnv).
func (r *Result) envVars() map[*types.Var]bool {
	if r.env != nil {
		return r.env
	}
	pass := r.pass
	local := func(v *types.Var) bool {
		b, ok := v.Type().Underlying().(*types.Basic)
		return ok && b.Info()&(types.IsString|types.IsBoolean) != 0 && !v.IsField() && v.Parent() != pass.Pkg.Scope()
	}
	vals := assigns.PackageResults(pass.Pkg, pass.Files, pass.TypesInfo, local)
	r.env = make(map[*types.Var]bool)
	for _, v := range vals.Vars() {
		values := vals.Assigned(v)
		if len(values) != 1 {
			continue
		}
		switch e := values[0].(type) {
		case *assigns.Result: // v, ok := os.LookupEnv(name)
			if name, results := envLookup(pass.TypesInfo, e.Call); results == 2 && optIn(name) {
				r.env[v] = e.Index == 0
			}
		default: // v := os.Getenv(name)
			if call, ok := astutil.Unparen(e).(*ast.CallExpr); ok {
				if name, results := envLookup(pass.TypesInfo, call); results == 1 && optIn(name) {
					r.env[v] = true
				}
			}
		}
	}
	return r.env
}

// envLookup returns the name of the environment variable that call looks
// up with os.Getenv (one result), os.LookupEnv or syscall.Getenv (value
// and presence), and its number of results. The name is "?" when it is
// not a constant; results is 0 when call is no such call.
func envLookup(info *types.Info, call *ast.CallExpr) (name string, results int) {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || len(call.Args) != 1 || fn.Name() != "Getenv" && fn.Name() != "LookupEnv" {
		return "", 0 // cheap test first: this runs for every call of a package that reads the environment
	}
	switch fn.FullName() {
	case "os.Getenv":
		results = 1
	case "os.LookupEnv", "syscall.Getenv":
		results = 2
	default:
		return "", 0
	}
	if tv := info.Types[call.Args[0]]; tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), results
	}
	return "?", results
}

// optIn reports whether the environment variable name is an opt-in: a
// constant name that is not one that every process has.
func optIn(name string) bool {
	return name != "" && name != "?" && !setEnv[name] && !strings.HasPrefix(name, "XDG_") && !strings.HasPrefix(name, "LC_")
}

// setEnv are the environment variables that a login, a service manager
// or a container runtime sets for every process: code that skips its
// work when they are empty does the work in normal runs.
var setEnv = map[string]bool{
	"HOME": true, "PATH": true, "USER": true, "LOGNAME": true, "SHELL": true, "PWD": true,
	"TMPDIR": true, "LANG": true, "TERM": true, "HOSTNAME": true, "TZ": true,
}

// unsetTest reports whether cond holds whenever an opt-in environment
// variable is empty or unset: v == "", "" == v, len(v) == 0, !ok, with v
// and ok from env or v a direct os.Getenv of an opt-in variable, or a
// disjunction with such a test on either side.
func unsetTest(info *types.Info, env map[*types.Var]bool, cond ast.Expr) bool {
	switch c := astutil.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch c.Op {
		case token.LOR:
			return unsetTest(info, env, c.X) || unsetTest(info, env, c.Y)
		case token.EQL:
			for _, pair := range [2][2]ast.Expr{{c.X, c.Y}, {c.Y, c.X}} {
				if isEmptyValue(info, env, pair[0], pair[1]) {
					return true
				}
			}
		}
	case *ast.UnaryExpr:
		if id, ok := astutil.Unparen(c.X).(*ast.Ident); ok && c.Op == token.NOT {
			v, ok := info.Uses[id].(*types.Var)
			value, isEnv := env[v]
			return ok && isEnv && !value
		}
	}
	return false
}

// isEmptyValue reports whether x == zero tests an opt-in variable's value
// for emptiness: x is its value and zero is "", or x is len(value) and
// zero is 0. The value is a variable of env or a direct os.Getenv.
func isEmptyValue(info *types.Info, env map[*types.Var]bool, x, zero ast.Expr) bool {
	tv := info.Types[zero]
	if tv.Value == nil {
		return false
	}
	want := constant.MakeString("")
	if call, ok := astutil.Unparen(x).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "len" {
				x, want = call.Args[0], constant.MakeInt64(0)
			}
		}
	}
	if tv.Value.Kind() != want.Kind() || !constant.Compare(tv.Value, token.EQL, want) {
		return false
	}
	switch x := astutil.Unparen(x).(type) {
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		return ok && env[v]
	case *ast.CallExpr:
		name, results := envLookup(info, x)
		return results == 1 && optIn(name)
	}
	return false
}
