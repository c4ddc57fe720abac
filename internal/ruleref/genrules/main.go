// Command genrules generates the rule reference, docs/rules/*.md, from the
// registered analyzers' documentation, the level table and the examples in
// testdata/demo and each analyzer's testdata. Run it with
//
//	go generate ./internal/ruleref
//
// or, from the module root, go run ./internal/ruleref/genrules. With
// -check it changes nothing and exits 1 if the pages are stale.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/internal/ruleref"
)

func main() {
	root := flag.String("root", ".", "the module root")
	check := flag.Bool("check", false, "report stale pages instead of writing them")
	flag.Parse()

	files, err := ruleref.Generate(*root, syscallvet.Analyzers())
	if err != nil {
		fmt.Fprintf(os.Stderr, "genrules: %v\n", err)
		os.Exit(1)
	}
	if *check {
		stale, err := ruleref.Stale(*root, files)
		if err != nil {
			fmt.Fprintf(os.Stderr, "genrules: %v\n", err)
			os.Exit(1)
		}
		for _, s := range stale {
			fmt.Fprintf(os.Stderr, "genrules: %s\n", s)
		}
		if len(stale) > 0 {
			fmt.Fprintln(os.Stderr, "genrules: run go generate ./internal/ruleref")
			os.Exit(1)
		}
		return
	}
	if err := ruleref.Write(*root, files); err != nil {
		fmt.Fprintf(os.Stderr, "genrules: %v\n", err)
		os.Exit(1)
	}
}
