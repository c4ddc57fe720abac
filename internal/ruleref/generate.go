package ruleref

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Generate returns the contents of the rule reference, by file name in
// Dir: a page per analyzer and an index, README.md. root is the module
// root; the demo under it is analyzed for examples.
func Generate(root string, analyzers []*analysis.Analyzer) (map[string][]byte, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	demo, err := demoExamples(root, analyzers)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte)
	var rules []*Rule
	for _, a := range analyzers {
		r := Describe(a)
		rules = append(rules, r)
		var p Page
		docPath := "analyzers/" + a.Name + "/doc.go"
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(docPath))); err == nil {
			p.DocPath = docPath
		}
		p.Bad, p.Good = demo[a.Name][0], demo[a.Name][1]
		if p.Bad == nil || p.Good == nil {
			bad, good, err := testdataExamples(root, a.Name)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", a.Name, err)
			}
			if bad != nil && good != nil {
				p.Bad, p.Good = bad, good // a pair from one place beats a mix
			} else {
				p.Bad, p.Good = cmp.Or(p.Bad, bad), cmp.Or(p.Good, good)
			}
		}
		files[a.Name+".md"] = r.Markdown(p)
	}
	files["README.md"] = index(rules)
	return files, nil
}

// index renders docs/rules/README.md.
func index(rules []*Rule) []byte {
	var b bytes.Buffer
	b.WriteString(Header)
	b.WriteString("<!-- Generated from the registered analyzers; see internal/ruleref. -->\n\n")
	b.WriteString("# Rule reference\n\n")
	b.WriteString("Every rule syscallvet runs, with its default level: `error` for bugs (leaked or tainted threads, a stalled\n" +
		"scheduler), `warning` for costs that have legitimate exceptions. SARIF output (`-format sarif`) and text output\n" +
		"with `-levels` use these levels. `syscallvet help` lists the same table; `syscallvet help <rule>` prints a rule's\n" +
		"documentation.\n\n")
	b.WriteString("| rule | default level | since | reports |\n|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s |\n", r.Name, r.Name, r.Level, or(r.Since, "—"),
			strings.ReplaceAll(mdEscape(r.Sentence()), "|", `\|`))
	}
	b.WriteString("\nSilence a deliberate finding with `//syscallvet:ignore <rule> <reason>` on the reported line or the line above\n" +
		"it (golangci-lint users can also use `//nolint:syscallvet`).\n")
	return b.Bytes()
}

// Stale compares files, as Generate returns them, with root's Dir and
// describes each difference: a page missing or out of date, or a generated
// page no longer produced.
func Stale(root string, files map[string][]byte) ([]string, error) {
	dir := filepath.Join(root, filepath.FromSlash(Dir))
	var stale []string
	for _, name := range sortedKeys(files) {
		got, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case os.IsNotExist(err):
			stale = append(stale, fmt.Sprintf("%s/%s is missing", Dir, name))
		case err != nil:
			return nil, err
		case !bytes.Equal(got, files[name]):
			stale = append(stale, fmt.Sprintf("%s/%s is out of date", Dir, name))
		}
	}
	extra, err := leftovers(dir, files)
	if err != nil {
		return nil, err
	}
	for _, name := range extra {
		stale = append(stale, fmt.Sprintf("%s/%s was generated for a rule that is no longer registered", Dir, name))
	}
	return stale, nil
}

// Write writes files into root's Dir and removes the generated pages that
// are no longer produced.
func Write(root string, files map[string][]byte) error {
	dir := filepath.Join(root, filepath.FromSlash(Dir))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range sortedKeys(files) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return err
		}
	}
	extra, err := leftovers(dir, files)
	if err != nil {
		return err
	}
	for _, name := range extra {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

// leftovers returns the generated .md files in dir that files lacks.
func leftovers(dir string, files map[string][]byte) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, name := range names {
		base := filepath.Base(name)
		if _, ok := files[base]; ok {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if bytes.HasPrefix(data, []byte(Header)) {
			out = append(out, base)
		}
	}
	return out, nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
