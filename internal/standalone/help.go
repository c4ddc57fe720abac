package standalone

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// help prints the list of rules, or the documentation of the named ones.
func help(prog string, analyzers []*analysis.Analyzer, names []string, stdout, stderr io.Writer) int {
	if len(names) == 0 {
		fmt.Fprintf(stdout, "%s reports Go code that fights the runtime's syscall machinery.\n\n", prog)
		fmt.Fprintf(stdout, "Usage: %s [flags] packages...\n", prog)
		fmt.Fprintf(stdout, "       go vet -vettool=$(command -v %s) packages...\n\nRules:\n", prog)
		for _, a := range analyzers {
			title, _, _ := strings.Cut(a.Doc, "\n")
			fmt.Fprintf(stdout, "    %s\n", title)
		}
		fmt.Fprintf(stdout, "\nRun '%s help <rule>' for a rule's documentation and flags.\n", prog)
		fmt.Fprintf(stdout, "Silence a deliberate finding with //syscallvet:ignore <rule> <reason> on its line or the line above.\n")
		return ExitClean
	}
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range analyzers {
		byName[a.Name] = a
	}
	exit := ExitClean
	for _, name := range names {
		a, ok := byName[name]
		if !ok {
			fmt.Fprintf(stderr, "%s: no rule named %q; '%s help' lists them\n", prog, name, prog)
			exit = ExitUsage
			continue
		}
		fmt.Fprintf(stdout, "%s\n\n%s\n", a.Doc, a.URL)
		first := true
		a.Flags.VisitAll(func(f *flag.Flag) {
			if first {
				fmt.Fprintf(stdout, "\nFlags:\n")
				first = false
			}
			fmt.Fprintf(stdout, "  -%s.%s\n    \t%s (default %q)\n", a.Name, f.Name, f.Usage, f.DefValue)
		})
	}
	return exit
}
