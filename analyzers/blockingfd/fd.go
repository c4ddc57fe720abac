package blockingfd

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Kinds of file, by what its descriptor is.
const (
	kindNever   = ""       // Fd leaves it alone (os.NewFile) or it is a regular file
	kindUnknown = "?"      // not known
	kindDevice  = "device" // os.Open(File) of a pollable device path
	kindFIFO    = "FIFO"   // os.Open(File) of a FIFO made in the function
	kindPipe    = "pipe"   // os.Pipe
	kindSocket  = "socket" // File of a net connection or listener
)

// checkFd reports (*os.File).Fd on a file used for I/O afterwards.
func (c *checker) checkFd(fn *ssa.Function, call *ssa.Call) {
	if len(call.Call.Args) == 0 {
		return
	}
	vals, kind := c.fileAliases(call.Call.Args[0])
	if kind == kindNever {
		return
	}
	uses := c.fileUses(vals...)
	slices.SortFunc(uses, func(a, b fileUse) int { return cmp.Compare(a.instr.Pos(), b.instr.Pos()) })
	if kind == kindUnknown && !slices.ContainsFunc(uses, func(u fileUse) bool { return u.kind == useDeadline }) {
		return // may be a regular file, which Fd does not change
	}
	var sets []modeSet // the SetNonblock calls, found for the first use that needs them
	setsFound := false
	onlyRaw := !goUses(uses) // the file is not read, written or waited on through Go
	var (
		trigger *fileUse
		when    string // " afterwards", " in another goroutine"
	)
	for i := range uses {
		u := &uses[i]
		same := u.instr.Parent() == fn
		if same && !reachable(call, u.instr) {
			continue
		}
		concurrent := !same && c.concurrent(u.instr.Parent())
		switch {
		case same:
			when = " afterwards"
		case concurrent:
			when = " in another goroutine"
		default:
			when = " in a closure"
		}
		switch u.kind {
		case useIO, useDeadline:
		case useClose:
			if !concurrent {
				continue
			}
		case useEscape:
			if kind != kindDevice && kind != kindFIFO {
				continue
			}
			if !goUses(c.throughEscapes([]fileUse{*u}, 0)) {
				continue // returned to, or kept for, code of the package that never reads it
			}
		default:
			continue
		}
		if !setsFound {
			sets, setsFound = c.modeSets(fn, call, vals), true
		}
		if slices.ContainsFunc(sets, func(s modeSet) bool {
			// SetNonblock(fd, true) puts the descriptor back into
			// non-blocking mode, and it stays registered with the
			// netpoller. SetNonblock(fd, false) is the code's own choice
			// for its raw I/O, which Close would not interrupt either.
			return (s.nonblock || onlyRaw && u.kind == useClose) && c.resetBy(s, call, u.instr)
		}) {
			continue
		}
		trigger = u
		break
	}
	if trigger == nil {
		return
	}
	_, ce, ok := c.callExpr(call.Pos())
	if !ok {
		return
	}
	recv := "f"
	if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
		if s := c.source(sel.X); s != "" {
			recv = s
		}
	}
	noun := kind
	if kind == kindUnknown {
		noun = "descriptor"
	}
	pos := trigger.instr.Pos()
	if !pos.IsValid() {
		pos = call.Pos()
	}
	c.rep.Report(analysis.Diagnostic{
		Pos:      ce.Pos(),
		End:      ce.End(),
		Category: "fd",
		Message: fmt.Sprintf("%s.Fd() puts the %s back into blocking mode, but the file is %s%s (line %d)",
			recv, noun, trigger.what, when, c.line(pos)),
		Related: []analysis.RelatedInformation{{Pos: pos, End: pos + token.Pos(1), Message: "the file is " + trigger.what + " here"}},
	})
}

// fileAliases returns the values that hold the same file as v in its
// function and its closures, and the kind of file.
func (c *checker) fileAliases(v ssa.Value) ([]ssa.Value, string) {
	if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
		if cell := c.cellOf(ld.X); cell != nil {
			kind := kindUnknown
			for i, s := range stored(cell) {
				k := c.fileKind(s)
				if k == kindNever {
					return nil, kindNever
				}
				if i == 0 || kind == kindUnknown {
					kind = k
				}
			}
			return c.loads(cell), kind
		}
		if fa, ok := ld.X.(*ssa.FieldAddr); ok {
			// t.f.Fd() then t.f.Read(): the same field of the same value.
			var vals []ssa.Value
			for _, b := range ld.Parent().Blocks {
				for _, instr := range b.Instrs {
					if l, ok := instr.(*ssa.UnOp); ok && l.Op == token.MUL {
						if fa2, ok := l.X.(*ssa.FieldAddr); ok && fa2.Field == fa.Field && c.sameBase(fa.X, fa2.X) {
							vals = append(vals, l)
						}
					}
				}
			}
			return vals, kindUnknown
		}
	}
	return []ssa.Value{v}, c.fileKind(v)
}

// sameBase reports whether a and b denote the same pointer: the same
// value, or loads of the same variable.
func (c *checker) sameBase(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != token.MUL || lb.Op != token.MUL {
		return false
	}
	ca, cb := c.cellOf(la.X), c.cellOf(lb.X)
	return ca != nil && ca == cb
}

// fileKind says what descriptor the *os.File v holds, from the call that
// made it.
func (c *checker) fileKind(v ssa.Value) string {
	var call *ssa.Call
	switch v := v.(type) {
	case *ssa.Extract:
		call, _ = v.Tuple.(*ssa.Call)
	case *ssa.Call:
		call = v
	}
	if call == nil {
		return kindUnknown
	}
	callee := staticFunc(call)
	if callee == nil {
		return kindUnknown
	}
	full := fullName(callee)
	if i, ok := fileOpeners[full]; ok && i < len(call.Call.Args) {
		path := call.Call.Args[i]
		if s, _, ok := constPrefix(path); ok && isPollableDevice(s) {
			return kindDevice
		}
		if c.madeFIFO(call.Parent(), path) {
			return kindFIFO
		}
		return kindUnknown
	}
	if k, ok := fileOrigins[full]; ok {
		return k
	}
	return kindUnknown
}

// concurrent reports whether fn, an anonymous function, may run
// concurrently with the function that makes it: it is (or is inside) a
// goroutine, or is handed to a function that calls it later
// (time.AfterFunc, context.AfterFunc).
func (c *checker) concurrent(fn *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if _, ok := c.roots[fn]; ok {
			return true
		}
		mc := c.closures[fn]
		if mc == nil {
			return false
		}
		for _, r := range *mc.Referrers() {
			if call, ok := r.(*ssa.Call); ok && slices.Contains(call.Call.Args, ssa.Value(mc)) {
				return true
			}
		}
	}
	return false
}
