// Package funcname names functions the way syscallvet's diagnostics and
// witness chains show them, and resolves expressions that denote one.
package funcname

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Display renders fn as seen from package from: Name for from's own
// functions, pkg.Name for others, T.M or (*T).M for methods (type
// arguments dropped).
func Display(fn *types.Func, from *types.Package) string {
	fn = fn.Origin()
	qual := func(p *types.Package) string {
		if p == from {
			return ""
		}
		return p.Name()
	}
	sig := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		ptr := false
		if p, ok := t.(*types.Pointer); ok {
			t, ptr = p.Elem(), true
		}
		name := types.TypeString(t, qual)
		if named, ok := t.(*types.Named); ok {
			name = types.TypeString(named.Origin(), qual)
			if i := strings.IndexByte(name, '['); i >= 0 {
				name = name[:i]
			}
		}
		if ptr {
			return "(*" + name + ")." + fn.Name()
		}
		return name + "." + fn.Name()
	}
	if fn.Pkg() == nil || fn.Pkg() == from {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// Ref returns the function that an identifier, qualified identifier,
// method value or instantiation (f[T]) denotes, or nil.
func Ref(info *types.Info, e ast.Expr) *types.Func {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		fn, _ := info.Uses[e].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok {
			if sel.Kind() == types.MethodVal {
				fn, _ := sel.Obj().(*types.Func)
				return fn
			}
			return nil
		}
		fn, _ := info.Uses[e.Sel].(*types.Func)
		return fn
	case *ast.IndexExpr:
		return Ref(info, e.X)
	case *ast.IndexListExpr:
		return Ref(info, e.X)
	}
	return nil
}

// Relative returns a witness chain of qualified names (pkg.F, (*pkg.T).M)
// with the qualifier of package name pkg removed, for diagnostics in that
// package: "a.load" becomes "load". Another package of the same name
// loses its qualifier too. via itself is not modified.
func Relative(via []string, pkg string) []string {
	var out []string
	for i, name := range via {
		short := name
		if rest, ok := strings.CutPrefix(name, pkg+"."); ok {
			short = rest
		} else if rest, ok := strings.CutPrefix(name, "(*"+pkg+"."); ok {
			short = "(*" + rest
		}
		if short != name && out == nil {
			out = append(make([]string, 0, len(via)), via[:i]...)
		}
		if out != nil {
			out = append(out, short)
		}
	}
	if out == nil {
		return via
	}
	return out
}

// MaxVia bounds a witness chain: facts keep at most this many names.
const MaxVia = 4

// Prepend returns the witness chain of a call of name whose own chain is
// via: name, then via, capped at MaxVia names (the first ones and the
// last). A name via already starts with is not repeated: cilium's
// internal/unix.Capset wraps x/sys's unix.Capset, and both display as
// unix.Capset. The chain of an exported function of package syscall or
// unix (x/sys/unix) is its name alone: what it calls (unix.setfsuid,
// unix.Syscall) is the system interface's own detail. via itself is not
// modified.
func Prepend(name string, via []string) []string {
	if pkg, fn, ok := strings.Cut(name, "."); ok && (pkg == "unix" || pkg == "syscall") && token.IsExported(fn) {
		return []string{name}
	}
	if len(via) > 0 && via[0] == name {
		via = via[1:]
	}
	if len(via) >= MaxVia {
		via = append(via[:MaxVia-2:MaxVia-2], via[len(via)-1])
	}
	return append([]string{name}, via...)
}
