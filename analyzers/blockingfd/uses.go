package blockingfd

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/syscallvet/syscallvet/internal/funcname"
	"github.com/syscallvet/syscallvet/internal/osfile"
)

// A useKind says what one use of a *os.File does with it.
type useKind int

const (
	useOther    useKind = iota // Fd, Name, Stat, handing it to a child process, ...
	useClose                   // Close
	useEscape                  // returned, stored, or passed where the analyzer cannot follow
	useDeadline                // SetDeadline and friends
	useIO                      // Read, Write, or use as an io.Reader or io.Writer
)

// A fileUse is one use of a *os.File.
type fileUse struct {
	kind   useKind
	instr  ssa.Instruction
	what   string // "read", "given a deadline", "returned", ...
	result int    // for a return: the index of the result that is the file
}

// fileUses returns the uses of the *os.File values vals, following them
// through local variables (also those captured by closures), phis and
// calls of this package's functions.
func (c *checker) fileUses(vals ...ssa.Value) []fileUse {
	var uses []fileUse
	seen := make(map[ssa.Value]bool)
	work := append([]ssa.Value(nil), vals...)
	push := func(v ssa.Value) {
		if v != nil && !seen[v] {
			work = append(work, v)
		}
	}
	pushCell := func(cell ssa.Value) {
		for _, v := range c.loads(cell) {
			push(v)
		}
	}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case ssa.CallInstruction:
				uses = append(uses, c.callUses(r, v)...)
			case *ssa.MakeInterface:
				uses = append(uses, c.ifaceUses(r)...)
			case *ssa.Return:
				for i, res := range r.Results {
					if res == v {
						uses = append(uses, fileUse{kind: useEscape, instr: r, what: "returned", result: i})
					}
				}
			case *ssa.Store:
				if r.Val != v {
					continue
				}
				switch addr := r.Addr.(type) {
				case *ssa.Alloc:
					pushCell(addr)
				case *ssa.IndexAddr:
					if c.toChild(addr.X) {
						uses = append(uses, fileUse{kind: useOther, instr: r, what: "handed to a child process"})
					} else {
						uses = append(uses, fileUse{kind: useEscape, instr: r, what: "stored"})
					}
				default:
					uses = append(uses, fileUse{kind: useEscape, instr: r, what: "stored"})
				}
			case *ssa.MapUpdate:
				uses = append(uses, fileUse{kind: useEscape, instr: r, what: "stored"})
			case *ssa.Send:
				uses = append(uses, fileUse{kind: useEscape, instr: r, what: "sent on a channel"})
			case *ssa.Phi:
				push(r)
			case *ssa.MakeClosure:
				fn, _ := r.Fn.(*ssa.Function)
				if fn == nil {
					continue
				}
				if m, ok := fn.Object().(*types.Func); ok && fn.Synthetic != "" {
					// A method value, f.Read: a use by that method.
					if k, ok := fileMethods[m.Name()]; ok && isFileMethod(m) {
						uses = append(uses, fileUse{kind: k, instr: r, what: methodWhat(m.Name())})
					} else {
						uses = append(uses, fileUse{kind: useEscape, instr: r, what: "stored"})
					}
					continue
				}
				for i, b := range r.Bindings {
					if b == v && i < len(fn.FreeVars) {
						push(fn.FreeVars[i])
					}
				}
			}
		}
	}
	return uses
}

// goUses reports whether Go may read, write or wait on the file through
// the *os.File by one of uses: I/O, a deadline, or an escape to code the
// analyzer does not follow.
func goUses(uses []fileUse) bool {
	return slices.ContainsFunc(uses, func(u fileUse) bool { return u.kind >= useEscape })
}

// loads returns the values loaded from cell, a local variable or a free
// variable capturing one, in its function and in the closures that
// capture it.
func (c *checker) loads(cell ssa.Value) []ssa.Value {
	var vals []ssa.Value
	for _, p := range cellAddrs(cell) {
		for _, r := range *p.Referrers() {
			if ld, ok := r.(*ssa.UnOp); ok && ld.X == p {
				vals = append(vals, ld)
			}
		}
	}
	return vals
}

// cellAddrs returns cell and the free variables by which the closures
// that capture it (also nested ones) reach it.
func cellAddrs(cell ssa.Value) []ssa.Value {
	addrs := []ssa.Value{cell}
	for i := 0; i < len(addrs); i++ {
		for _, r := range *addrs[i].Referrers() {
			mc, ok := r.(*ssa.MakeClosure)
			if !ok {
				continue
			}
			fn, _ := mc.Fn.(*ssa.Function)
			for j, b := range mc.Bindings {
				if b == addrs[i] && fn != nil && j < len(fn.FreeVars) && !slices.Contains(addrs, ssa.Value(fn.FreeVars[j])) {
					addrs = append(addrs, fn.FreeVars[j])
				}
			}
		}
	}
	return addrs
}

// callUses classifies the uses of v by call.
func (c *checker) callUses(call ssa.CallInstruction, v ssa.Value) []fileUse {
	common := call.Common()
	callee := staticFunc(call)
	if callee != nil && isFileMethod(callee) && len(common.Args) > 0 && common.Args[0] == v {
		kind := fileMethods[callee.Name()] // useOther by default
		return []fileUse{{kind: kind, instr: call, what: methodWhat(callee.Name())}}
	}
	var uses []fileUse
	for i, a := range common.Args {
		if a != v {
			continue
		}
		if callee == nil {
			uses = append(uses, fileUse{kind: useEscape, instr: call, what: "passed to a function value"})
			continue
		}
		fn := common.StaticCallee()
		if fn.Pkg == c.pkg && fn.Blocks != nil && i < len(fn.Params) {
			// Follow the file into this package's function.
			name := funcname.Display(callee, c.pass.Pkg)
			for _, u := range c.paramUses(fn.Params[i]) {
				if u.kind > useClose {
					uses = append(uses, fileUse{kind: u.kind, instr: call, what: fmt.Sprintf("passed to %s, where it is %s", name, u.what)})
					break
				}
			}
			continue
		}
		if callee.Pkg() != nil && isStd(callee.Pkg().Path()) {
			continue // std functions that take a *os.File do not keep it
		}
		if strings.HasPrefix(callee.Name(), "Close") {
			// A closing helper (podman's errorhandling.CloseQuiet), named
			// like the Close methods it wraps.
			uses = append(uses, fileUse{kind: useClose, instr: call, what: "closed"})
			continue
		}
		uses = append(uses, fileUse{kind: useEscape, instr: call, what: "passed to " + funcname.Display(callee, c.pass.Pkg)})
	}
	return uses
}

// paramUses returns the uses of a *os.File parameter in its function.
func (c *checker) paramUses(p *ssa.Parameter) []fileUse {
	if uses, ok := c.params[p]; ok {
		return uses
	}
	c.params[p] = nil // in progress: a recursive call adds nothing
	uses := c.fileUses(p)
	c.params[p] = uses
	return uses
}

// ifaceUses classifies the conversion of a file to an interface: by the
// methods called on the interface value when it is only kept in local
// variables, compared and has its methods called (an io.WriteCloser that
// is only closed is closed), and otherwise by the interface's methods.
func (c *checker) ifaceUses(mi *ssa.MakeInterface) []fileUse {
	if refs := mi.Referrers(); refs != nil && len(*refs) == 1 {
		if st, ok := (*refs)[0].(*ssa.Store); ok {
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok && isChildField(fa) {
				return []fileUse{{kind: useOther, instr: mi, what: "handed to a child process"}}
			}
		}
	}
	if uses, ok := c.invokes(mi); ok {
		return uses
	}
	ms := types.NewMethodSet(mi.Type())
	switch {
	case ms.Lookup(nil, "Read") != nil:
		return []fileUse{{kind: useIO, instr: mi, what: "used as an io.Reader"}}
	case ms.Lookup(nil, "Write") != nil:
		return []fileUse{{kind: useIO, instr: mi, what: "used as an io.Writer"}}
	}
	return []fileUse{{kind: useOther, instr: mi, what: "converted to an interface"}}
}

// invokes returns a use for each method call on the interface value mi,
// followed through local variables (also captured ones) and phis, if
// that is all that is done with it besides comparing it; ok is false
// otherwise.
func (c *checker) invokes(mi *ssa.MakeInterface) ([]fileUse, bool) {
	var uses []fileUse
	seen := make(map[ssa.Value]bool)
	var walk func(v ssa.Value) bool
	walk = func(v ssa.Value) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case ssa.CallInstruction:
				common := r.Common()
				if !common.IsInvoke() || common.Value != v {
					return false
				}
				name := common.Method.Name()
				uses = append(uses, fileUse{kind: fileMethods[name], instr: r, what: methodWhat(name)})
			case *ssa.Store:
				cell, isCell := r.Addr.(*ssa.Alloc)
				if !isCell || r.Val != v {
					return false
				}
				for _, l := range c.loads(cell) {
					if !walk(l) {
						return false
					}
				}
			case *ssa.Phi:
				if !walk(r) {
					return false
				}
			case *ssa.BinOp:
				if r.Op != token.EQL && r.Op != token.NEQ {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
		return true
	}
	return uses, walk(mi)
}

// toChild reports whether s, a slice or array the file is stored in, is
// handed to a child process: exec.Cmd.ExtraFiles or os.ProcAttr.Files,
// directly or through append.
func (c *checker) toChild(s ssa.Value) bool {
	seen := make(map[ssa.Value]bool)
	var walk func(v ssa.Value, depth int) bool
	walk = func(v ssa.Value, depth int) bool {
		if depth > 4 || seen[v] || v.Referrers() == nil {
			return false
		}
		seen[v] = true
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Slice:
				if walk(r, depth+1) {
					return true
				}
			case *ssa.Store:
				if fa, ok := r.Addr.(*ssa.FieldAddr); ok && r.Val == v && isChildField(fa) {
					return true
				}
			case *ssa.Call:
				if b, ok := r.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && walk(r, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return walk(s, 0)
}

// isChildField reports whether fa addresses a field that hands files to a
// child process.
func isChildField(fa *ssa.FieldAddr) bool {
	ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return false
	}
	field := st.Field(fa.Field).Name()
	switch named.Obj().Pkg().Path() + "." + named.Obj().Name() {
	case "os/exec.Cmd":
		return field == "ExtraFiles" || field == "Stdin" || field == "Stdout" || field == "Stderr"
	case "os.ProcAttr":
		return field == "Files"
	}
	return false
}

func isFileMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && osfile.Is(sig.Recv().Type())
}

func methodWhat(name string) string {
	switch name {
	case "Read", "WriteTo":
		return "read"
	case "Write", "WriteString", "ReadFrom":
		return "written"
	case "SetDeadline", "SetReadDeadline", "SetWriteDeadline":
		return "given a deadline"
	case "Close":
		return "closed"
	}
	return "used"
}

// throughEscapes replaces, in uses, the escapes that stay in the package
// by the uses of the file where it lands: a return of the file from an
// unexported function of the package that the package only ever calls
// (go-systemd's getUnixStreamSocket test helper, go-fuse's
// unixgramSocketpair, which returns both ends) by the uses of the file its
// callers receive; a store into an unexported field of the package
// (flannel's network.ctl2) by the uses of the values loaded from that
// field anywhere in the package. Other escapes stay: callers elsewhere may
// read the file.
func (c *checker) throughEscapes(uses []fileUse, depth int) []fileUse {
	if depth > 2 {
		return uses // before the walks over the whole package
	}
	var out []fileUse
	for _, u := range uses {
		var landed []ssa.Value
		ok := false
		switch instr := u.instr.(type) {
		case *ssa.Return:
			landed, ok = c.received(instr.Parent(), u.result)
		case *ssa.Store:
			if fa, isField := instr.Addr.(*ssa.FieldAddr); isField {
				landed, ok = c.fieldLoads(fieldVar(fa.X, fa.Field))
			}
		}
		if !ok {
			out = append(out, u)
			continue
		}
		out = append(out, c.throughEscapes(c.fileUses(landed...), depth+1)...)
	}
	return out
}

// fieldVar returns the field idx of the struct, or pointer to a struct, x.
func fieldVar(x ssa.Value, idx int) *types.Var {
	t := x.Type().Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	st, ok := t.(*types.Struct)
	if !ok || idx >= st.NumFields() {
		return nil
	}
	return st.Field(idx).Origin()
}

// fieldLoads returns the values loaded from the field f in the package's
// functions, when f is an unexported field declared in the package (no
// other package can name it) whose address is only loaded from and stored
// to; ok is false otherwise.
func (c *checker) fieldLoads(f *types.Var) (vals []ssa.Value, ok bool) {
	if f == nil || f.Exported() || f.Pkg() != c.pass.Pkg {
		return nil, false
	}
	if m, done := c.fields[f]; done {
		return m.vals, m.ok
	}
	c.fields[f] = fieldMemo{} // in progress, or not followed
	for _, fn := range c.all {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.FieldAddr:
					if fieldVar(instr.X, instr.Field) != f {
						continue
					}
					for _, r := range *instr.Referrers() {
						switch r := r.(type) {
						case *ssa.UnOp:
							if r.Op != token.MUL {
								return nil, false
							}
							vals = append(vals, r)
						case *ssa.Store:
							if r.Addr != ssa.Value(instr) {
								return nil, false // the field's address stored
							}
						case *ssa.DebugRef:
						default:
							return nil, false // the field's address passed on
						}
					}
				case *ssa.Field:
					if fieldVar(instr.X, instr.Field) == f {
						vals = append(vals, instr)
					}
				}
			}
		}
	}
	c.fields[f] = fieldMemo{vals, true}
	return vals, true
}

// A fieldMemo is the answer of fieldLoads for one field.
type fieldMemo struct {
	vals []ssa.Value
	ok   bool
}

// received returns the values by which the callers of fn receive its
// result idx, a *os.File, when fn is an unexported function (not a method
// or literal) of this package that the package calls and never uses as a
// value.
func (c *checker) received(fn *ssa.Function, idx int) ([]ssa.Value, bool) {
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Exported() || fn.Signature.Recv() != nil || fn.Pkg != c.pkg || fn.Parent() != nil {
		return nil, false
	}
	results := fn.Signature.Results()
	if idx >= results.Len() || !osfile.Is(results.At(idx).Type()) {
		return nil, false
	}
	var (
		vals []ssa.Value
		ops  []*ssa.Value
	)
	for _, f := range c.all {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				call, isCall := instr.(ssa.CallInstruction)
				ops = instr.Operands(ops[:0])
				for i, op := range ops {
					if *op != fn {
						continue
					}
					if !isCall || i != 0 || call.Common().Value != fn {
						return nil, false // used as a value
					}
				}
				if !isCall || call.Common().Value != fn {
					continue
				}
				v := call.Value()
				if v == nil { // go or defer: the result is lost
					continue
				}
				if results.Len() == 1 {
					vals = append(vals, v)
					continue
				}
				for _, r := range *v.Referrers() {
					if ex, ok := r.(*ssa.Extract); ok && ex.Index == idx {
						vals = append(vals, ex)
					}
				}
			}
		}
	}
	return vals, len(vals) > 0 // uncalled: keep the escape
}
