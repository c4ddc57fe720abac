// Package guard turns a panic inside an analyzer's run function into an
// error that names the analyzer and the package, so that one bug in one rule
// costs a diagnostic, not the whole run (drivers otherwise crash with a
// stack trace that hides which package triggered it).
package guard

import (
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Run wraps run so that a panic becomes an error.
func Run(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				result = nil
				err = fmt.Errorf("internal error: %s panicked while analyzing package %s: %v%s (please report this bug)",
					pass.Analyzer.Name, pass.Pkg.Path(), r, panicSite())
			}
		}()
		return run(pass)
	}
}

// panicSite returns " at file:line" for the innermost frame outside the
// runtime and this package, which is where the bug is.
func panicSite() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") && !strings.Contains(f.Function, "/internal/guard.Run.") &&
			!strings.HasSuffix(f.Function, "/internal/guard.panicSite") {
			return fmt.Sprintf(" at %s:%d", f.File, f.Line)
		}
		if !more {
			return ""
		}
	}
}
