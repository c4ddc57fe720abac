package syscallvet_test

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/internal/report"
)

func TestRegistry(t *testing.T) {
	all := syscallvet.Analyzers()
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
		if !strings.HasPrefix(a.Doc, a.Name+": ") {
			t.Errorf("%s: Doc must start with %q", a.Name, a.Name+": ")
		}
		if !strings.HasSuffix(a.URL, "/docs/rules/"+a.Name+".md") {
			t.Errorf("%s: URL %q does not point at its rule page", a.Name, a.URL)
		}
	}
	if !reflect.DeepEqual(names, report.Rules) {
		t.Errorf("registry names %v differ from report.Rules %v", names, report.Rules)
	}
}
