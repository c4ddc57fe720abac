// Command golangci-lint is golangci-lint v2 with syscallvet's module plugin
// compiled in: what 'golangci-lint custom' builds from .custom-gcl.yml, but
// built from the Go module proxy (golangci-lint custom clones golangci-lint
// with git from GitHub). Build it from the repository root with
//
//	go build -C tools/golangci-custom -o ../../bin/golangci-lint-syscallvet .
//
// and run it with the configuration that enables the plugin:
//
//	./bin/golangci-lint-syscallvet run -c .golangci-plugin.yml ./...
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	// The plugin registers itself as "syscallvet" in init.
	_ "github.com/syscallvet/syscallvet/gclplugin"
)

func main() {
	if err := commands.Execute(buildInfo()); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

// buildInfo reports golangci-lint's version, as its own main does, with
// the plugin named so that 'version' shows which build this is.
func buildInfo() commands.BuildInfo {
	info := commands.BuildInfo{Version: "unknown", Commit: "syscallvet plugin", GoVersion: "unknown", Date: "(unknown)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	for _, dep := range bi.Deps {
		if dep.Path == "github.com/golangci/golangci-lint/v2" {
			info.Version = strings.TrimPrefix(dep.Version, "v") + "-custom-syscallvet"
		}
	}
	return info
}
