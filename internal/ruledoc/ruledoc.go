// Package ruledoc extracts an analyzer's documentation from the package
// comment of its doc.go, so that the text is written once and serves go doc,
// `syscallvet help <rule>` and the generated rule reference alike.
//
// The package comment must contain a heading "# Analyzer <name>" followed by
// a line "<name>: <one-line summary>"; everything from that line up to the
// next top-level heading is the analyzer's Doc.
package ruledoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the documentation of analyzer name from content, the
// source text of a doc.go file.
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("parsing doc.go: %v", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go has no package comment")
	}
	heading := "# Analyzer " + name
	text := f.Doc.Text()
	_, rest, ok := strings.Cut(text, heading+"\n")
	if !ok {
		return "", fmt.Errorf("doc.go has no %q heading", heading)
	}
	rest = strings.TrimLeft(rest, "\n")
	if !strings.HasPrefix(rest, name+": ") {
		return "", fmt.Errorf("the text under %q must start with %q", heading, name+": ")
	}
	// Stop at the next top-level heading, if any.
	if i := strings.Index(rest, "\n# "); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimSpace(rest), nil
}

// MustExtract is Extract for package initialisation: a malformed doc.go is a
// programming error caught by every test of the analyzer.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", name, err))
	}
	return doc
}
