package blockingfd

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syscallvet/syscallvet/internal/funcname"
)

// checkPoll reports a goroutine that loops on a poller with no timeout on
// a descriptor of its own.
func (c *checker) checkPoll(fn *ssa.Function, call *ssa.Call, callee *types.Func, p poller) {
	args := call.Call.Args
	if p.descArg >= len(args) || p.timeoutArg >= len(args) {
		return
	}
	if _, ok := c.roots[fn]; !ok || !inLoop(call.Block()) || !waitsForever(args[p.timeoutArg], p.pointer) {
		return
	}
	if !c.private(args[p.descArg], 0) {
		return
	}
	_, ce, ok := c.callExpr(call.Pos())
	if !ok {
		return
	}
	c.rep.Report(analysis.Diagnostic{
		Pos:      ce.Pos(),
		End:      ce.End(),
		Category: "pollloop",
		Message:  "goroutine loops on " + funcname.Display(callee, c.pass.Pkg) + " with no timeout on a descriptor of its own",
	})
}

// waitsForever reports whether timeout is a constant that means "no
// timeout": nil for a pointer, negative milliseconds otherwise.
func waitsForever(timeout ssa.Value, pointer bool) bool {
	k, ok := stripConv(timeout).(*ssa.Const)
	if !ok {
		return false
	}
	if pointer {
		return k.IsNil()
	}
	return k.Value != nil && k.Value.Kind() == constant.Int && constant.Sign(k.Value) < 0
}

// private reports whether the descriptor, poll set or fd set v belongs to
// the goroutine: made in its function or in the function that started it
// (captured or passed as an argument), or held in a field of a value that
// is not a package variable.
func (c *checker) private(v ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	switch v := stripConv(v).(type) {
	case *ssa.Alloc, *ssa.MakeSlice:
		return true
	case *ssa.Slice:
		return c.private(v.X, depth+1)
	case *ssa.Extract:
		_, ok := c.creatorCall(v.Tuple)
		return ok
	case *ssa.Phi:
		for _, e := range v.Edges {
			if c.private(e, depth+1) {
				return true
			}
		}
	case *ssa.FreeVar:
		if b := c.binding(v); b != nil {
			return c.private(b, depth+1)
		}
	case *ssa.Parameter:
		sites := c.roots[v.Parent()]
		i := paramIndex(v)
		if len(sites) == 0 || i < 0 {
			return false
		}
		for _, s := range sites {
			if s.args == nil || !c.private(s.args[i], depth+1) {
				return false
			}
		}
		return true
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return false
		}
		switch x := v.X.(type) {
		case *ssa.FieldAddr:
			return !fromGlobal(x.X)
		case *ssa.IndexAddr:
			return c.private(x.X, depth+1)
		}
		if cell := c.cellOf(v.X); cell != nil {
			for _, s := range stored(cell) {
				if c.private(s, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

func paramIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

// fromGlobal reports whether the pointer v is reached from a package
// variable.
func fromGlobal(v ssa.Value) bool {
	for range 16 {
		switch x := v.(type) {
		case *ssa.Global:
			return true
		case *ssa.UnOp:
			v = x.X
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.IndexAddr:
			v = x.X
		default:
			return false
		}
	}
	return false
}
