package ruledoc

import (
	"strings"
	"testing"
)

const good = `// Package x is about x.
//
// # Analyzer demo
//
// demo: find demos
//
// Longer text.
//
// # Other heading
//
// Not part of it.
package x
`

func TestExtract(t *testing.T) {
	doc, err := Extract(good, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if want := "demo: find demos\n\nLonger text."; doc != want {
		t.Errorf("Extract = %q, want %q", doc, want)
	}
}

func TestExtractErrors(t *testing.T) {
	for _, tc := range []struct{ src, name, want string }{
		{"package x\n", "demo", "no package comment"},
		{good, "other", `no "# Analyzer other" heading`},
		{strings.Replace(good, "demo: find", "find", 1), "demo", "must start with"},
	} {
		_, err := Extract(tc.src, tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Extract(%q) error = %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}
