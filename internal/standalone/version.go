package standalone

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// modulePath is syscallvet's module.
const modulePath = "github.com/syscallvet/syscallvet"

// Version returns syscallvet's module version from the binary's build
// information: the tag for `go install ...@v0.1.0`, a pseudo-version for a
// commit, "(devel)" for a build from a checkout.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	return versionOf(bi)
}

// versionOf finds syscallvet's module in bi: the main module when
// syscallvet itself was built or installed, a dependency when a module uses
// it as a tool (go get -tool, go tool syscallvet).
func versionOf(bi *debug.BuildInfo) string {
	mod := &bi.Main
	if mod.Path != modulePath {
		mod = nil
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				mod = d
				break
			}
		}
	}
	if mod == nil {
		return "(devel)"
	}
	if mod.Replace != nil {
		mod = mod.Replace
	}
	if mod.Version == "" {
		return "(devel)"
	}
	return mod.Version
}

// printVersion prints the line of syscallvet -V and syscallvet version.
func printVersion(w io.Writer) {
	goVersion := runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok && bi.GoVersion != "" {
		goVersion = bi.GoVersion
	}
	fmt.Fprintf(w, "syscallvet version %s %s %s/%s\n", Version(), goVersion, runtime.GOOS, runtime.GOARCH)
}
