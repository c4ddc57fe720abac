// Command syscallvet reports Go code that fights the runtime's syscall
// machinery. Run it on packages directly (syscallvet ./...) or as a vet tool
// (go vet -vettool=$(command -v syscallvet) ./...).
//
// Output is go vet's text by default; -format json (or -json) writes
// x/tools' JSON tree, -format sarif a SARIF 2.1.0 log for code scanning, and
// -format github GitHub Actions workflow commands that annotate the
// findings (docs/ci.md).
// syscallvet help lists the rules and their default levels, syscallvet help
// <rule> documents one, and syscallvet version (or -V) prints the version.
//
// Exit codes: 0 no findings, 1 an error (a package that does not build, a
// failed analysis), 2 bad usage, 3 findings reported (text and github
// output).
package main

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/experiments"
	"github.com/syscallvet/syscallvet/internal/standalone"
)

func main() {
	// `syscallvet experiment` measures each phase in a fresh copy of this
	// binary; in such a child, RunChild runs the phase and exits.
	experiments.RunChild()
	analyzers := syscallvet.Analyzers()
	args := os.Args[1:]
	if vetProtocol(args) {
		// go vet speaks to vet tools with -V=full, -flags and a *.cfg file
		// per package; x/tools' unitchecker implements that protocol.
		multichecker.Main(vetAnalyzers(args, analyzers)...)
		return
	}
	prog := filepath.Base(os.Args[0])
	// Subcommands with a command line of their own dispatch here, before
	// the standalone driver (which answers help, version and -V itself).
	if len(args) > 0 && args[0] == "experiment" {
		os.Exit(experiments.Main(prog+" experiment", args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(standalone.Main(prog, analyzers, args, os.Stdout, os.Stderr))
}

// vetProtocol reports whether go vet (or another build system using the
// same protocol) is invoking this program as a vet tool: go vet asks for
// the tool's identity with exactly -V=full and its flags with -flags, then
// passes one *.cfg file per package. A plain -V (or -V=true) is a user
// asking for the version, which the standalone driver answers.
func vetProtocol(args []string) bool {
	for _, a := range args {
		switch a {
		case "-flags", "--flags", "-V=full", "--V=full":
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
