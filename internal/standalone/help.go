package standalone

import (
	"fmt"
	"io"
	"text/tabwriter"

	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet/internal/ruleref"
)

// help prints the list of rules with their default levels, or the
// documentation of the named ones: the text of their reference pages
// (docs/rules/<rule>.md) without the examples.
func help(prog string, analyzers []*analysis.Analyzer, names []string, stdout, stderr io.Writer) int {
	if len(names) == 0 {
		fmt.Fprintf(stdout, "%s reports Go code that fights the runtime's syscall machinery.\n\n", prog)
		fmt.Fprintf(stdout, "Usage: %s [flags] packages...\n", prog)
		fmt.Fprintf(stdout, "       go vet -vettool=$(command -v %s) packages...\n", prog)
		fmt.Fprintf(stdout, "       %s help [rule]\n       %s version\n\nRules, with their default levels:\n\n", prog, prog)
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, a := range analyzers {
			r := ruleref.Describe(a)
			fmt.Fprintf(tw, "    %s:\t%s\t%s\n", r.Name, r.Level, r.Summary)
		}
		tw.Flush()
		fmt.Fprintf(stdout, "\nRun '%s help <rule>' for a rule's documentation and flags; '%s -h' lists the flags.\n", prog, prog)
		fmt.Fprintf(stdout, "Levels label findings in SARIF output (-format sarif), in GitHub Actions annotations\n"+
			"(-format github: ::error, ::warning) and in text output with -levels.\n")
		fmt.Fprintf(stdout, "Silence a deliberate finding with //syscallvet:ignore <rule> <reason> on its line or the line above.\n")
		return ExitClean
	}
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range analyzers {
		byName[a.Name] = a
	}
	exit := ExitClean
	for i, name := range names {
		a, ok := byName[name]
		if !ok {
			fmt.Fprintf(stderr, "%s: no rule named %q; '%s help' lists them\n", prog, name, prog)
			exit = ExitUsage
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprint(stdout, ruleref.Describe(a).Text())
	}
	return exit
}
