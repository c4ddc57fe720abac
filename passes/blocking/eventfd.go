package blocking

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
)

// A write(2) of a counter to an eventfd adds it to the eventfd's 64-bit
// count and returns: it blocks only when the sum would overflow, which
// notifications never approach. The Write seeds cannot tell an eventfd
// from a file descriptor by type, but the package can show where an int
// comes from.

// eventfdWrites are the raw writes that take the descriptor first.
var eventfdWrites = map[string]bool{
	"syscall.Write":               true,
	"golang.org/x/sys/unix.Write": true,
}

// findEventfds fills r.eventfds with the integer variables and struct
// fields of the package that hold only eventfds: every value the package
// assigns them is the descriptor result of unix.Eventfd, a negative
// constant (-1 for "none yet": a write to it fails at once) or another
// such variable. Parameters, increments and variables whose address is
// taken have values the package does not show. A field of an exported
// type counts by the package's own assignments: storing another
// descriptor there from outside would break the package's counter writes.
// infer calls it only when the package calls unix.Eventfd (see scanUses).
func (r *Result) findEventfds() {
	info := r.pass.TypesInfo
	vals := assigns.PackageResults(r.pass.Pkg, r.pass.Files, info, isInt)
	done := make(map[*types.Var]bool) // resolved, or being resolved
	r.eventfds = make(map[*types.Var]bool)
	var resolve func(v *types.Var) bool
	resolve = func(v *types.Var) bool {
		if done[v] {
			return r.eventfds[v] // false while in progress: a cycle
		}
		done[v] = true
		values := vals.Assigned(v)
		if len(values) == 0 {
			return false
		}
		for _, e := range values {
			switch e := e.(type) {
			case *assigns.Result:
				if fn := typeutil.StaticCallee(info, e.Call); e.Index != 0 || fn == nil || !isEventfd(fn) {
					return false
				}
			default:
				if tv, ok := info.Types[e]; ok && tv.Value != nil {
					if constant.Sign(tv.Value) >= 0 {
						return false
					}
				} else if w := assigns.Target(info, e); w == nil || !resolve(w) {
					return false
				}
			}
		}
		r.eventfds[v] = true
		return true
	}
	for _, v := range vals.Vars() {
		resolve(v)
	}
}

// isEventfd reports whether fn is unix.Eventfd.
func isEventfd(fn *types.Func) bool {
	return fn.Pkg() != nil && fn.Pkg().Path() == "golang.org/x/sys/unix" && fn.Name() == "Eventfd"
}

// isInt reports whether v holds an integer, as descriptors do.
func isInt(v *types.Var) bool {
	b, ok := v.Type().Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// onEventfd reports whether call, a call of fn, writes to a variable or
// field holding only eventfds (see findEventfds).
func (r *Result) onEventfd(fn *types.Func, call *ast.CallExpr) bool {
	if r.eventfds == nil || len(call.Args) == 0 || !eventfdWrites[fn.FullName()] {
		return false
	}
	v := assigns.Target(r.pass.TypesInfo, call.Args[0])
	return v != nil && r.eventfds[v]
}
