// Package osfile recognizes *os.File, the type whose descriptors the
// blocking pass and blockingfd follow.
package osfile

import "go/types"

// Is reports whether t is *os.File (through aliases of os.File).
func Is(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "os" && n.Obj().Name() == "File"
}
