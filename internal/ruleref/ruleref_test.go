package ruleref_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/internal/ruleref"
)

// TestEveryRuleHasALevel makes a new rule add its line to the level table.
func TestEveryRuleHasALevel(t *testing.T) {
	for _, a := range syscallvet.Analyzers() {
		l, ok := ruleref.LevelOf(a.Name)
		if !ok {
			t.Errorf("%s has no default level: add it to the table in internal/ruleref/levels.go", a.Name)
		}
		if l != ruleref.Error && l != ruleref.Warning {
			t.Errorf("%s: level %q is neither error nor warning", a.Name, l)
		}
	}
}

// TestPagesAreFresh fails when docs/rules is not what the generator makes
// of the registered analyzers, their docs and the examples.
func TestPagesAreFresh(t *testing.T) {
	root := filepath.Join("..", "..")
	files, err := ruleref.Generate(root, syscallvet.Analyzers())
	if err != nil {
		t.Fatal(err)
	}
	stale, err := ruleref.Stale(root, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stale {
		t.Error(s)
	}
	if len(stale) > 0 {
		t.Log("run: go generate ./internal/ruleref")
	}
}

// TestRegisteredDocs checks that every registered rule's doc.go gives its
// page each part the reference promises.
func TestRegisteredDocs(t *testing.T) {
	for _, a := range syscallvet.Analyzers() {
		r := ruleref.Describe(a)
		if r.Since == "" {
			t.Errorf("%s: doc.go has no closing \"Since vX.Y.Z.\" line", a.Name)
		}
		for _, title := range []string{ruleref.What, ruleref.Why, ruleref.FalsePositives, ruleref.Silence} {
			if r.Section(title) == "" {
				t.Errorf("%s: the doc yields no %q section", a.Name, title)
			}
		}
		if !strings.Contains(r.Section(ruleref.Silence), "//syscallvet:ignore "+a.Name) {
			t.Errorf("%s: %q does not show the directive", a.Name, ruleref.Silence)
		}
	}
}

const doc = `demo: report demos that nest

Demos cost threads. Each one holds a thread.

Evidence: 3 demos kept 3 threads.

The analyzer reports:

  - a demo in a loop;
  - a nested demo.

Not reported: demos in init.

  - nor in main.main.

A suggested fix removes the demo.

Flags:

	-demo.max N   the most demos (default 3)

Known false positives: demos behind interfaces. Silence a deliberate case
on its line:

	//syscallvet:ignore demo it is fine

Since v0.2.0.`

func TestDescribe(t *testing.T) {
	a := &analysis.Analyzer{Name: "demo", Doc: doc, URL: "https://example.com/docs/rules/demo.md"}
	r := ruleref.Describe(a)
	if r.Title != "demo: report demos that nest" || r.Summary != "report demos that nest" || r.Since != "v0.2.0" ||
		r.Sentence() != "Report demos that nest." {
		t.Errorf("rule = %+v, sentence %q", r, r.Sentence())
	}
	want := map[string]string{
		ruleref.Why:            "Demos cost threads. Each one holds a thread.\n\nEvidence: 3 demos kept 3 threads.",
		ruleref.What:           "The analyzer reports:\n\n  - a demo in a loop;\n  - a nested demo.\n\nA suggested fix removes the demo.",
		ruleref.NotReported:    "Not reported: demos in init.\n\n  - nor in main.main.",
		ruleref.Flags:          "\t-demo.max N   the most demos (default 3)",
		ruleref.FalsePositives: "Known false positives: demos behind interfaces.",
	}
	for title, text := range want {
		if got := r.Section(title); got != text {
			t.Errorf("section %q =\n%q\nwant\n%q", title, got, text)
		}
	}
	silence := r.Section(ruleref.Silence)
	if !strings.HasPrefix(silence, "Silence a deliberate case\non its line:\n\n\t//syscallvet:ignore demo it is fine\n\n") ||
		!strings.Contains(silence, "//nolint:syscallvet") || strings.Count(silence, "//syscallvet:ignore demo") != 1 {
		t.Errorf("silence section:\n%s", silence)
	}
	var titles []string
	for _, s := range r.Sections {
		titles = append(titles, s.Title)
	}
	if got := strings.Join(titles, ","); got != "What it reports,Not reported,Why it matters,Known false positives,How to silence,Flags" {
		t.Errorf("section order: %s", got)
	}
	// The section takes its title from the doc's own words.
	neg := ruleref.Describe(&analysis.Analyzer{Name: "demo", Doc: strings.Replace(doc, "Known false positives:", "Known false negatives:", 1)})
	if neg.Sections[3].Kind != ruleref.FalsePositives || neg.Sections[3].Title != "Known false negatives" {
		t.Errorf("section = %+v", neg.Sections[3])
	}

	page := string(r.Markdown(ruleref.Page{}))
	for _, s := range []string{
		"## Flags\n\n```\n-demo.max N   the most demos (default 3)\n```\n",
		"## Not reported\n\nNot reported: demos in init.\n\n  - nor in main.main.\n",
		"Silence a deliberate case on its line:\n\n```\n//syscallvet:ignore demo it is fine\n```\n",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("Markdown lacks %q:\n%s", s, page)
		}
	}

	text := r.Text()
	for _, s := range []string{"demo: report demos that nest\n", "Default level: warning. Since v0.2.0.", "# Known false positives\n", "\t-demo.max N"} {
		if !strings.Contains(text, s) {
			t.Errorf("Text lacks %q:\n%s", s, text)
		}
	}
}

// A doc with none of the conventions still documents the rule, and a rule
// with flags but no "Flags:" block lists them from their definitions.
func TestDescribeBare(t *testing.T) {
	a := &analysis.Analyzer{Name: "bare", Doc: "bare: report os.NewFile misuse\n\nIt finds things.\n\nMore things."}
	a.Flags.Init("bare", flag.ContinueOnError)
	a.Flags.Int("n", 4, "how many")
	r := ruleref.Describe(a)
	if got := r.Section(ruleref.What); got != "It finds things.\n\nMore things." {
		t.Errorf("what = %q", got)
	}
	if r.Section(ruleref.Why) != "" || r.Since != "" {
		t.Errorf("rule = %+v", r)
	}
	if got := r.Section(ruleref.Flags); got != "\t-bare.n\thow many (default \"4\")" {
		t.Errorf("flags = %q", got)
	}
	if !strings.Contains(r.Section(ruleref.Silence), "//syscallvet:ignore bare <reason>") {
		t.Errorf("silence = %q", r.Section(ruleref.Silence))
	}
	if r.Sentence() != "Report os.NewFile misuse." {
		t.Errorf("sentence = %q", r.Sentence())
	}
	if a2 := (&analysis.Analyzer{Name: "id", Doc: "id: os.NewFile without nonblock"}); ruleref.Describe(a2).Sentence() != "os.NewFile without nonblock." {
		t.Errorf("identifier capitalised: %q", ruleref.Describe(a2).Sentence())
	}
	if !strings.Contains(r.Text(), "Since: not stated") {
		t.Errorf("text:\n%s", r.Text())
	}
}

// TestGenerateFromTestdata runs the generator on a module with no demo:
// examples come from the packages the analyzer's tests run, and a rule
// with none gets placeholders.
func TestGenerateFromTestdata(t *testing.T) {
	root := t.TempDir()
	write := func(name, content string) {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("analyzers/foo/doc.go", "package foo\n")
	write("analyzers/foo/foo_test.go", `package foo

func TestFoo(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "example.com/p")
	analysistest.Run(t, analysistest.TestData(), other.Analyzer, "example.com/other")
}
`)
	write("analyzers/foo/testdata/src/example.com/other/other.go", `package other

func Other() { x() } // want "not foo's"
`)
	write("analyzers/foo/testdata/src/example.com/p/p.go", `package p

func helper() {}

// Lock has a bug.
func Lock() { // want Lock:"a fact, not a finding"
	x() // want `+"`"+`foo \(via x\)$`+"`"+` "and more"
}

// Correct: balanced.
func Balanced() { x(); y() }
`)
	foo := &analysis.Analyzer{Name: "foo", Doc: "foo: report foos\n\nThe analyzer reports foos."}
	bar := &analysis.Analyzer{Name: "bar", Doc: "bar: report bars\n\nThe analyzer reports bars."}
	files, err := ruleref.Generate(root, []*analysis.Analyzer{foo, bar})
	if err != nil {
		t.Fatal(err)
	}
	page := string(files["foo.md"])
	for _, want := range []string{
		"From [analyzers/foo/testdata/src/example.com/p/p.go](../../analyzers/foo/testdata/src/example.com/p/p.go#L5-L8)",
		"// Lock has a bug.\nfunc Lock() {\n\tx() // reported\n}",
		"analyzers/foo/testdata/src/example.com/p/p.go:7: foo (via x)\nanalyzers/foo/testdata/src/example.com/p/p.go:7: and more\n",
		"#L10-L11):\n\n```go\n// Correct: balanced.\nfunc Balanced() { x(); y() }\n```",
		"[analyzers/foo/doc.go](../../analyzers/foo/doc.go)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("foo.md lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "not foo's") || strings.Contains(page, "a fact") {
		t.Errorf("foo.md quotes expectations that are not foo's findings:\n%s", page)
	}
	bare := string(files["bar.md"])
	for _, want := range []string{"_No reported example could be extracted", "_No correct example could be extracted", "| warning | not stated | — |"} {
		if !strings.Contains(bare, want) {
			t.Errorf("bar.md lacks %q:\n%s", want, bare)
		}
	}
	if !strings.Contains(string(files["README.md"]), "| [bar](bar.md) | warning | — | Report bars. |") {
		t.Errorf("index:\n%s", files["README.md"])
	}

	// Written, the pages are fresh; a page for a rule that is gone is stale
	// and removed by the next write, but hand-written files are left alone.
	if err := ruleref.Write(root, files); err != nil {
		t.Fatal(err)
	}
	if stale, err := ruleref.Stale(root, files); err != nil || len(stale) > 0 {
		t.Errorf("after Write: stale %v, err %v", stale, err)
	}
	write("docs/rules/notes.md", "hand-written\n")
	delete(files, "bar.md")
	if stale, _ := ruleref.Stale(root, files); len(stale) != 1 || !strings.Contains(stale[0], "bar.md") {
		t.Errorf("stale = %v", stale)
	}
	if err := ruleref.Write(root, files); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "docs/rules/bar.md")); !os.IsNotExist(err) {
		t.Errorf("bar.md not removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "docs/rules/notes.md")); err != nil {
		t.Errorf("hand-written file removed: %v", err)
	}
}
