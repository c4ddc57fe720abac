package sarif_test

import (
	"bytes"
	"encoding/json"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet/internal/sarif"
	"github.com/syscallvet/syscallvet/internal/sarif/sariftest"
)

var analyzers = []*analysis.Analyzer{
	{
		Name: "lockosthread",
		Doc:  "lockosthread: report locks\n\nLocks cost threads.\n\nThe analyzer reports locks.\n\nSince v0.1.0.",
		URL:  "https://example.com/docs/rules/lockosthread.md",
	},
	{
		Name: "blockingfanout",
		Doc:  "blockingfanout: report fan-out\n\nThe analyzer reports fan-out.",
		URL:  "https://example.com/docs/rules/blockingfanout.md",
	},
}

// fixture writes a source file under a root and one outside it, and
// returns the root and a FileSet holding both.
func fixture(t *testing.T) (root string, fset *token.FileSet, in, out *token.File) {
	dir := t.TempDir()
	root = filepath.Join(dir, "repo")
	src := "package p\n\n// héllo → wörld\nfunc F() { x := \"→\"; g() }\n"
	inName := filepath.Join(root, "p", "p.go")
	outName := filepath.Join(dir, "elsewhere", "q.go")
	for _, name := range []string{inName, outName} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fset = token.NewFileSet()
	in = fset.AddFile(inName, -1, len(src))
	in.SetLinesForContent([]byte(src))
	out = fset.AddFile(outName, -1, len(src))
	out.SetLinesForContent([]byte(src))
	return root, fset, in, out
}

func diagnostics(in, out *token.File) []struct {
	rule string
	d    analysis.Diagnostic
} {
	g := strings.Index("package p\n\n// héllo → wörld\nfunc F() { x := \"→\"; g() }\n", "g()")
	call := in.Pos(g)
	return []struct {
		rule string
		d    analysis.Diagnostic
	}{
		{"lockosthread", analysis.Diagnostic{
			Pos: call, End: call + 3, Message: "g is not undone",
			Related: []analysis.RelatedInformation{{Pos: in.Pos(11), End: in.Pos(13), Message: "the return"}},
			SuggestedFixes: []analysis.SuggestedFix{{
				Message:   "add a deferred undo",
				TextEdits: []analysis.TextEdit{{Pos: call + 3, End: call + 3, NewText: []byte("; defer h()")}},
			}},
		}},
		{"blockingfanout", analysis.Diagnostic{Pos: in.Pos(0), End: in.Pos(7), Message: "first", Category: "sub"}},
		{"blockingfanout", analysis.Diagnostic{Pos: out.Pos(0), Message: "outside the root"}},
		{"nosuchrule", analysis.Diagnostic{Pos: in.Pos(0), Message: "dropped"}},
	}
}

func build(t *testing.T, reverse bool) ([]byte, string) {
	root, fset, in, out := fixture(t)
	b := sarif.NewBuilder("syscallvet", "v1.2.3", "https://example.com", root, analyzers)
	ds := diagnostics(in, out)
	if reverse {
		for i, j := 0, len(ds)-1; i < j; i, j = i+1, j-1 {
			ds[i], ds[j] = ds[j], ds[i]
		}
	}
	for _, d := range ds {
		b.Add(fset, d.rule, d.d)
		b.Add(fset, d.rule, d.d) // test variants repeat diagnostics
	}
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), root
}

func TestLog(t *testing.T) {
	data, root := build(t, false)
	if err := sariftest.Validate(data); err != nil {
		t.Fatalf("log does not validate against the SARIF 2.1.0 schema: %v\n%s", err, data)
	}
	var log sarif.Log
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if d := run.Tool.Driver; d.Name != "syscallvet" || d.Version != "v1.2.3" || d.SemanticVersion != "1.2.3" || len(d.Rules) != 2 {
		t.Errorf("driver = %+v", d)
	}
	r0 := run.Tool.Driver.Rules[0]
	if r0.ID != "lockosthread" || r0.DefaultConfiguration.Level != "error" || r0.ShortDescription.Text != "Report locks." ||
		r0.FullDescription.Text != "The analyzer reports locks." || r0.HelpURI != analyzers[0].URL ||
		!strings.Contains(r0.Help.Text, "Since v0.1.0") || !strings.Contains(r0.Help.Markdown, "## Why it matters") {
		t.Errorf("rule 0 = %+v", r0)
	}
	if got := run.Tool.Driver.Rules[1].DefaultConfiguration.Level; got != "warning" {
		t.Errorf("blockingfanout level = %s", got)
	}
	if want := "file://" + filepath.ToSlash(root) + "/"; run.OriginalURIBaseIDs[sarif.SrcRoot].URI != want {
		t.Errorf("originalUriBaseIds = %v, want %s", run.OriginalURIBaseIDs, want)
	}
	if len(run.Results) != 3 {
		t.Fatalf("%d results, want 3 (duplicates and unknown rules dropped):\n%s", len(run.Results), data)
	}
	first, lock, outside := run.Results[0], run.Results[1], run.Results[2]

	if first.RuleID != "blockingfanout" || first.Level != "warning" || first.Properties["category"] != "sub" {
		t.Errorf("first result = %+v", first)
	}
	loc := lock.Locations[0].PhysicalLocation
	if loc.ArtifactLocation != (sarif.ArtifactLocation{URI: "p/p.go", URIBaseID: sarif.SrcRoot}) {
		t.Errorf("artifact = %+v", loc.ArtifactLocation)
	}
	// func F() { x := "→"; g() }: g is at byte column 24, UTF-16 column 22.
	if want := (sarif.Region{StartLine: 4, StartColumn: 22, EndLine: 4, EndColumn: 25}); loc.Region != want {
		t.Errorf("region = %+v, want %+v", loc.Region, want)
	}
	if lock.RuleIndex != 0 || lock.Level != "error" || len(lock.RelatedLocations) != 1 || lock.RelatedLocations[0].ID != 1 ||
		lock.RelatedLocations[0].Message.Text != "the return" {
		t.Errorf("lock result = %+v", lock)
	}
	if len(lock.Fixes) != 1 || len(lock.Fixes[0].ArtifactChanges) != 1 {
		t.Fatalf("fixes = %+v", lock.Fixes)
	}
	rep := lock.Fixes[0].ArtifactChanges[0].Replacements[0]
	if rep.InsertedContent.Text != "; defer h()" || rep.DeletedRegion != (sarif.Region{StartLine: 4, StartColumn: 25, EndLine: 4, EndColumn: 25}) {
		t.Errorf("replacement = %+v", rep)
	}
	if u := outside.Locations[0].PhysicalLocation.ArtifactLocation; u.URIBaseID != "" || !strings.HasPrefix(u.URI, "file:///") || !strings.HasSuffix(u.URI, "/elsewhere/q.go") {
		t.Errorf("outside the root: %+v", u)
	}
	if !run.Invocations[0].ExecutionSuccessful {
		t.Error("run reported unsuccessful")
	}
}

func TestDeterministic(t *testing.T) {
	a, rootA := build(t, false)
	b, rootB := build(t, true)
	// The roots differ (two temporary directories); nothing else may.
	b = bytes.ReplaceAll(b, []byte(filepath.ToSlash(filepath.Dir(rootB))), []byte(filepath.ToSlash(filepath.Dir(rootA))))
	if !bytes.Equal(a, b) {
		t.Errorf("output depends on the order diagnostics arrive in:\n%s\n---\n%s", a, b)
	}
}

func TestEmptyAndFailed(t *testing.T) {
	b := sarif.NewBuilder("syscallvet", "(devel)", "https://example.com", t.TempDir(), analyzers)
	b.Error("package example.com/bad does not build")
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := sariftest.Validate(buf.Bytes()); err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	var log sarif.Log
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Results == nil || len(run.Results) != 0 || run.Invocations[0].ExecutionSuccessful || run.Tool.Driver.SemanticVersion != "" {
		t.Errorf("run = %+v", run)
	}
	if !strings.Contains(buf.String(), `"results": []`) {
		t.Errorf("an empty run must say \"results\": []:\n%s", buf.Bytes())
	}
}

// The validator must reject what the schema forbids, or it proves nothing.
func TestValidatorRejects(t *testing.T) {
	for name, log := range map[string]string{
		"no version":   `{"runs": []}`,
		"bad level":    `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}`,
		"line zero":    `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.go"}, "region": {"startLine": 0}}}]}]}]}`,
		"unknown prop": `{"version": "2.1.0", "runs": [], "extra": 1}`,
	} {
		if err := sariftest.Validate([]byte(log)); err == nil {
			t.Errorf("%s: validated", name)
		}
	}
	if err := sariftest.Validate([]byte(`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]}`)); err != nil {
		t.Errorf("minimal log: %v", err)
	}
}
