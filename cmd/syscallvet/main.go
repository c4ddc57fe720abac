// Command syscallvet reports Go code that fights the runtime's syscall
// machinery. Run it on packages directly (syscallvet ./...) or as a vet tool
// (go vet -vettool=$(command -v syscallvet) ./...).
//
// Exit codes: 0 no findings, 1 an error (a package that does not build, a
// failed analysis), 2 bad usage, 3 findings reported.
package main

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/internal/standalone"
)

func main() {
	analyzers := syscallvet.Analyzers()
	if vetProtocol(os.Args[1:]) {
		// go vet speaks to vet tools with -V=full, -flags and a *.cfg file
		// per package; x/tools' unitchecker implements that protocol.
		multichecker.Main(analyzers...)
		return
	}
	prog := filepath.Base(os.Args[0])
	os.Exit(standalone.Main(prog, analyzers, os.Args[1:], os.Stdout, os.Stderr))
}

// vetProtocol reports whether go vet (or another build system using the
// same protocol) is invoking this program as a vet tool.
func vetProtocol(args []string) bool {
	for _, a := range args {
		if a == "-flags" || a == "--flags" || strings.HasPrefix(a, "-V") || strings.HasPrefix(a, "--V") {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
