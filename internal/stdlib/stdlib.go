// Package stdlib tells whether an analysis pass is over a package of the
// Go standard library, where fact passes trust their seed tables instead
// of inferring from std's own code (which, for instance, makes raw
// setns/unshare syscalls in a forked child, not in the calling thread).
package stdlib

import (
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Is reports whether pass analyzes a standard library package: one
// outside any module whose import path has no dot in its first element
// (GOPATH-style test packages without a dot count as std too, so tests
// of fact inference use paths like example.com/a).
func Is(pass *analysis.Pass) bool {
	if pass.Module != nil && pass.Module.Path != "" {
		return false
	}
	path := pass.Pkg.Path()
	if path == "command-line-arguments" { // go vet x.go
		return false
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
