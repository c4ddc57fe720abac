package main_test

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/syscallvet/syscallvet"
	"github.com/syscallvet/syscallvet/internal/ruleref"
	"github.com/syscallvet/syscallvet/internal/sarif"
	"github.com/syscallvet/syscallvet/internal/sarif/sariftest"
)

// These tests cover the outputs people and machines read: SARIF, the JSON
// tree under -format, text with levels, help and the version.

func TestDemoSARIF(t *testing.T) {
	t.Parallel()
	stdout, stderr, code := run(t, repoRoot, binary, "-format", "sarif", "./testdata/demo/...")
	if code != 0 {
		t.Errorf("-format sarif exit code = %d, want 0; stderr:\n%s", code, stderr)
	}
	if err := sariftest.Validate([]byte(stdout)); err != nil {
		t.Fatalf("output does not validate against the SARIF 2.1.0 schema: %v\n%s", err, stdout)
	}
	again, _, _ := run(t, repoRoot, binary, "-format", "sarif", "./testdata/demo/...")
	if again != stdout {
		t.Errorf("SARIF differs between runs:\n%s\n---\n%s", stdout, again)
	}

	var log sarif.Log
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	lr := log.Runs[0]
	d := lr.Tool.Driver
	if d.Name != "syscallvet" || d.Version == "" || d.InformationURI == "" {
		t.Errorf("driver = %+v", d)
	}
	analyzers := syscallvet.Analyzers()
	if len(d.Rules) != len(analyzers) {
		t.Errorf("%d rules, want one per analyzer (%d)", len(d.Rules), len(analyzers))
	}
	for i, a := range analyzers {
		if i >= len(d.Rules) {
			break
		}
		r := d.Rules[i]
		level, _ := ruleref.LevelOf(a.Name)
		if r.ID != a.Name || r.HelpURI != a.URL || r.DefaultConfiguration.Level != string(level) ||
			r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help == nil || !strings.Contains(r.Help.Text, a.Name+": ") {
			t.Errorf("rule %d = %+v", i, r)
		}
	}
	if !lr.Invocations[0].ExecutionSuccessful {
		t.Errorf("invocation = %+v", lr.Invocations)
	}
	root, _ := filepath.Abs(repoRoot)
	if got, want := lr.OriginalURIBaseIDs[sarif.SrcRoot].URI, "file://"+filepath.ToSlash(root)+"/"; got != want {
		t.Errorf("%%SRCROOT%% = %s, want %s", got, want)
	}

	// The results are the demo's findings, at the same places.
	if len(lr.Results) != len(demoFindings) {
		t.Errorf("%d results, want %d", len(lr.Results), len(demoFindings))
	}
	posn := regexp.MustCompile(`^([^:]+):(\d+):(\d+): `)
	for _, want := range demoFindings {
		m := posn.FindStringSubmatch(want)
		found := false
		for _, r := range lr.Results {
			loc := r.Locations[0].PhysicalLocation
			if loc.ArtifactLocation.URI == m[1] && loc.ArtifactLocation.URIBaseID == sarif.SrcRoot &&
				fmt.Sprint(loc.Region.StartLine) == m[2] && fmt.Sprint(loc.Region.StartColumn) == m[3] &&
				strings.HasPrefix(want[len(m[0]):], r.Message.Text[:min(len(r.Message.Text), 40)]) {
				found = true
				if level, _ := ruleref.LevelOf(r.RuleID); r.Level != string(level) || d.Rules[r.RuleIndex].ID != r.RuleID {
					t.Errorf("%s: level %s, rule index %d", want, r.Level, r.RuleIndex)
				}
			}
		}
		if !found {
			t.Errorf("no result for %q", want)
		}
	}

	// The lock left held at the end of Flush: the leaking return as a
	// related location, and the suggested fix.
	var flush *sarif.Result
	for i, r := range lr.Results {
		if r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "testdata/demo/worker/worker.go" && r.Locations[0].PhysicalLocation.Region.StartLine == 80 {
			flush = &lr.Results[i]
		}
	}
	if flush == nil {
		t.Fatal("no result for Flush")
	}
	if len(flush.RelatedLocations) != 1 || flush.RelatedLocations[0].PhysicalLocation.Region.StartLine != 84 {
		t.Errorf("related locations = %+v", flush.RelatedLocations)
	}
	if len(flush.Fixes) != 1 || len(flush.Fixes[0].ArtifactChanges) != 1 {
		t.Fatalf("fixes = %+v", flush.Fixes)
	}
	ch := flush.Fixes[0].ArtifactChanges[0]
	rep := ch.Replacements[0]
	if ch.ArtifactLocation.URI != "testdata/demo/worker/worker.go" || rep.InsertedContent == nil ||
		!strings.Contains(rep.InsertedContent.Text, "defer runtime.UnlockOSThread()") || rep.DeletedRegion.StartLine != 80 ||
		rep.DeletedRegion.StartColumn != rep.DeletedRegion.EndColumn {
		t.Errorf("fix = %+v, replacement %+v", ch, rep)
	}
}

// A module that does not build still gets a valid log, which says so.
func TestSARIFTypeError(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"bad/bad.go":   "package bad\n\nfunc F() int {\n\treturn \"x\"\n}\n",
		"good/good.go": "package good\n\nimport \"runtime\"\n\nfunc F(n int) {\n\truntime.LockOSThread()\n\tif n == 0 {\n\t\treturn\n\t}\n\truntime.UnlockOSThread()\n}\n",
	})
	stdout, stderr, code := run(t, dir, binary, "-format", "sarif", "./...")
	if code != 1 || !strings.Contains(stderr, "does not build") {
		t.Errorf("exit code = %d, want 1; stderr:\n%s", code, stderr)
	}
	if err := sariftest.Validate([]byte(stdout)); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	var log sarif.Log
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	lr := log.Runs[0]
	inv := lr.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || !strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, "bad/bad.go:4:9") {
		t.Errorf("invocation = %+v", inv)
	}
	// The package that builds is still analyzed; paths are relative to the module.
	if len(lr.Results) != 1 || lr.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "good/good.go" {
		t.Errorf("results = %+v", lr.Results)
	}

	// Nothing analyzable at all: still a log.
	dir = writeModule(t, map[string]string{"bad/bad.go": "package bad\n\nfunc F() int {\n\treturn \"x\"\n}\n"})
	stdout, _, code = run(t, dir, binary, "-format", "sarif", "./...")
	if err := sariftest.Validate([]byte(stdout)); code != 1 || err != nil {
		t.Errorf("exit code %d, validation %v:\n%s", code, err, stdout)
	}
}

// TestDemoGitHub checks -format github against the text output: the same
// findings in the same order, one workflow command each on stdout, with
// the rule's level as the command and the rule in the title.
func TestDemoGitHub(t *testing.T) {
	t.Parallel()
	stdout, stderr, code := run(t, repoRoot, binary, "-format", "github", "./testdata/demo/...")
	if code != 3 || stderr != "" {
		t.Errorf("-format github: exit code %d, want 3 (findings), like text; stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	for _, want := range []string{
		// A full line: command, repository-relative file, range, title, message.
		"::error file=testdata/demo/worker/worker.go,line=80,col=2,endColumn=24,title=syscallvet/lockosthread::" +
			"runtime.LockOSThread is not undone at the end of the function (line 84)",
		// A range over lines: no columns, which the runner would drop.
		"::warning file=testdata/demo/indexer/indexer.go,line=22,endLine=27,title=syscallvet/blockingfanout::goroutine per item ",
	} {
		found := false
		for _, line := range lines {
			found = found || strings.HasPrefix(line, want)
		}
		if !found {
			t.Errorf("-format github lacks a line starting\n%s\nin:\n%s", want, stdout)
		}
	}

	// Each text finding, without its related lines, is a command, in order,
	// its absolute path made relative to the repository.
	_, text, _ := run(t, repoRoot, binary, "./testdata/demo/...")
	root, _ := filepath.Abs(repoRoot)
	text = strings.ReplaceAll(text, root+string(filepath.Separator), "")
	posn := regexp.MustCompile(`^([^:]+):(\d+):(\d+): (.*)$`)
	var want []string
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if m := posn.FindStringSubmatch(line); m != nil && !strings.HasPrefix(m[4], "\t") {
			want = append(want, fmt.Sprintf("%s:%s: %s", m[1], m[2], m[4]))
		}
	}
	cmd := regexp.MustCompile(`^::(error|warning|notice) file=([^,]+),line=(\d+),(?:col=\d+,)?(?:endLine=\d+,)?(?:endColumn=\d+,)?title=syscallvet/([a-z]+)::(.*)$`)
	var got []string
	for _, line := range lines {
		m := cmd.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not an annotation: %q", line)
			continue
		}
		if level, _ := ruleref.LevelOf(m[4]); m[1] != string(level) {
			t.Errorf("%s finding annotated as %s, want its level %s: %s", m[4], m[1], level, line)
		}
		got = append(got, fmt.Sprintf("%s:%s: %s", m[2], m[3], strings.ReplaceAll(m[5], "%25", "%")))
	}
	if !slices.Equal(got, want) {
		t.Errorf("-format github findings differ from the text output's:\n%s\n---\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(got) != len(demoFindings) {
		t.Errorf("%d annotations, want %d", len(got), len(demoFindings))
	}
}

// TestGitHubEscaping runs -format github on a module whose file name has
// a comma and a colon, with a finding whose message has a %, and a package
// that does not type-check: the runner must read back each piece.
func TestGitHubEscaping(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("a file name with a colon")
	}
	dir := writeModule(t, map[string]string{
		"bad/bad.go":         "package bad\n\nfunc F() int {\n\treturn \"x\"\n}\n",
		"nobuild/nobuild.go": "package nobuild\n\nimport _ \"example.com/vetmod/missing\"\n",
		"p/a,b:c.go": "package p\n\nimport \"runtime\"\n\nfunc F(n int) {\n" +
			"\t//syscallvet:ignore 100%,lockosthread deliberate\n" +
			"\truntime.LockOSThread()\n\tif n == 0 {\n\t\treturn\n\t}\n\truntime.UnlockOSThread()\n}\n\n" +
			"func G(n int) {\n\tif n == 0 {\n\t\treturn\n\t}\n\truntime.LockOSThread()\n\tprintln(n)\n}\n",
	})
	stdout, stderr, code := run(t, dir, binary, "-format", "github", "./bad", "./p")
	if code != 1 || !strings.Contains(stderr, "does not build") {
		t.Errorf("exit code = %d, want 1 (a package does not build); stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3 (the build error, then the finding and the directive in text order):\n%s", len(lines), stdout)
	}
	for i, re := range []string{
		`^::error title=syscallvet::package example\.com/vetmod/bad does not build; it was not analyzed:%0A\t.*/bad/bad\.go:4:9: cannot use "x" .*[^%]$`,
		`^::error file=p/a%2Cb%3Ac\.go,line=18,col=2,endColumn=24,title=syscallvet/lockosthread::runtime\.LockOSThread is not undone at the end of the function \(line 20\)$`,
		`^::(error|warning|notice) file=p/a%2Cb%3Ac\.go,line=6,col=2,endColumn=\d+,title=syscallvet/[a-z]+::syscallvet:ignore directive names unknown rule "100%25": it silences nothing$`,
	} {
		if !regexp.MustCompile(re).MatchString(lines[i]) {
			t.Errorf("line %d = %q, want a match for %s", i+1, lines[i], re)
		}
	}

	// -fix applies the fixes and prints no annotations, as with sarif.
	fixed, _, _ := run(t, dir, binary, "-fix", "-diff", "./p")
	got, _, code := run(t, dir, binary, "-format", "github", "-fix", "-diff", "./p")
	if code != 0 || got != fixed || !strings.Contains(got, "+\tdefer runtime.UnlockOSThread()") {
		t.Errorf("-format github -fix -diff: exit %d, output differs from -fix -diff's:\n%s\n---\n%s", code, got, fixed)
	}

	// Nothing loads: the error is still annotated.
	stdout, _, code = run(t, dir, binary, "-format", "github", "./nobuild")
	if code != 1 || !strings.HasPrefix(stdout, "::error title=syscallvet::package example.com/vetmod/missing does not build") ||
		!strings.Contains(stdout, "%0A\tnobuild/nobuild.go:3:8: ") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("-format github ./nobuild: exit %d, stdout %q", code, stdout)
	}
}

// endPosn blanks the end positions of the JSON tree: lockosthread gives
// the related "end of the function" range an end past the end of the
// file, which x/tools prints as a position in whichever file the FileSet
// holds next, and that changes from run to run.
var endPosn = regexp.MustCompile(`"end": "[^"]*"`)

func TestFormatJSON(t *testing.T) {
	t.Parallel()
	want, _, _ := run(t, repoRoot, binary, "-json", "./testdata/demo/...")
	want = endPosn.ReplaceAllString(want, `"end": ""`)
	got, stderr, code := run(t, repoRoot, binary, "-format", "json", "./testdata/demo/...")
	if got = endPosn.ReplaceAllString(got, `"end": ""`); code != 0 || got != want {
		t.Errorf("-format json (exit %d, stderr %q) differs from -json:\n%s\n---\n%s", code, stderr, got, want)
	}
	both, _, code := run(t, repoRoot, binary, "-json", "-format", "json", "./testdata/demo/...")
	if both = endPosn.ReplaceAllString(both, `"end": ""`); code != 0 || both != want {
		t.Errorf("-json -format json: exit %d", code)
	}
	for _, args := range [][]string{{"-format", "xml"}, {"-json", "-format", "sarif"}} {
		args = append(args, "./testdata/demo/...")
		if _, stderr, code := run(t, repoRoot, binary, args...); code != 2 || !strings.Contains(stderr, "format") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func TestLevels(t *testing.T) {
	t.Parallel()
	_, plain, _ := run(t, repoRoot, binary, "./testdata/demo/...")
	_, stderr, code := run(t, repoRoot, binary, "-levels", "./testdata/demo/...")
	if code != 3 {
		t.Errorf("-levels exit code = %d, want 3", code)
	}
	for _, f := range demoFindings {
		m := regexp.MustCompile(`^([^ ]+:\d+:\d+): (.*)$`).FindStringSubmatch(f)
		if !regexp.MustCompile(regexp.QuoteMeta(m[1]) + `: (error|warning): ` + regexp.QuoteMeta(m[2])).MatchString(stderr) {
			t.Errorf("-levels output lacks %q with a level:\n%s", f, stderr)
		}
	}
	for _, want := range []string{
		"testdata/demo/worker/worker.go:80:2: error: runtime.LockOSThread is not undone",
		"(lockosthread)\n",
		"testdata/demo/indexer/indexer.go:22:3: warning: goroutine per item",
		"(blockingfanout)\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("-levels output lacks %q:\n%s", want, stderr)
		}
	}
	// Same findings in the same order as go vet's format, annotated.
	strip := regexp.MustCompile(`(?m): (error|warning): (.*) \([a-z]+\)$`)
	if got := strip.ReplaceAllString(stderr, ": $2"); got != plain {
		t.Errorf("-levels, annotations removed, differs from the default text:\n%s\n---\n%s", got, plain)
	}
	if strings.Contains(plain, ": error: ") || strings.Contains(plain, ": warning: ") {
		t.Errorf("default text output carries levels; it must stay go vet's:\n%s", plain)
	}
}

func TestHelpLevels(t *testing.T) {
	t.Parallel()
	stdout, _, code := run(t, ".", binary, "help")
	if code != 0 {
		t.Errorf("help exit code = %d", code)
	}
	for _, a := range syscallvet.Analyzers() {
		level, _ := ruleref.LevelOf(a.Name)
		summary := strings.TrimPrefix(strings.SplitN(a.Doc, "\n", 2)[0], a.Name+": ")
		if !regexp.MustCompile(`(?m)^ +` + a.Name + `: +` + string(level) + ` +` + regexp.QuoteMeta(summary) + `$`).MatchString(stdout) {
			t.Errorf("help does not list %s with level %s and its summary:\n%s", a.Name, level, stdout)
		}
	}
	// help <rule> prints the documentation the rule's page shows.
	stdout, _, _ = run(t, ".", binary, "help", "lockosthread")
	for _, want := range []string{"Default level: error.", "# Why it matters", "# Known false", "# How to silence", "docs/rules/lockosthread.md"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help lockosthread lacks %q:\n%s", want, stdout)
		}
	}
	page, err := os.ReadFile(filepath.Join(repoRoot, "docs/rules/lockosthread.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, heading := range regexp.MustCompile(`(?m)^# (.*)$`).FindAllStringSubmatch(stdout, -1) {
		if !strings.Contains(string(page), "\n## "+heading[1]+"\n") {
			t.Errorf("help section %q is not on the page", heading[1])
		}
	}
}

// TestVersion checks -V and version against the build information that go
// version -m reads from the binary; -V=full stays go vet's protocol.
func TestVersion(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "version", "-m", binary).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\tmod\tgithub\.com/syscallvet/syscallvet\t(\S+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("go version -m:\n%s", out)
	}
	want := "syscallvet version " + string(m[1]) + " "
	if v := string(m[1]); v != "(devel)" && !strings.HasPrefix(v, "v") {
		t.Errorf("build info version %q", v)
	}
	for _, args := range [][]string{{"version"}, {"-V"}, {"-V=true"}} {
		stdout, stderr, code := run(t, ".", binary, args...)
		if code != 0 || !strings.HasPrefix(stdout, want) || strings.Count(stdout, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q (want prefix %q), stderr %q", args, code, stdout, want, stderr)
		}
	}
	if _, _, code := run(t, ".", binary, "version", "extra"); code != 2 {
		t.Errorf("version extra: exit %d, want 2", code)
	}
	// go vet identifies the tool with exactly -V=full.
	stdout, _, code := run(t, ".", binary, "-V=full")
	if code != 0 || !strings.Contains(stdout, " version ") || !strings.Contains(stdout, "buildID=") {
		t.Errorf("-V=full: exit %d, stdout %q", code, stdout)
	}
}

// TestInstalledVersion installs the module at a version from a module proxy
// on disk, as `go install github.com/syscallvet/syscallvet/cmd/syscallvet@vX`
// does, and checks that the binary reports that version.
func TestInstalledVersion(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the module from a zip")
	}
	const version = "v0.9.0"
	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy", "github.com", "syscallvet", "syscallvet", "@v")
	if err := os.MkdirAll(proxy, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": []byte(`{"Version":"` + version + `","Time":"2026-01-01T00:00:00Z"}`),
		version + ".mod":  gomod,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(proxy, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeModuleZip(t, filepath.Join(proxy, version+".zip"), "github.com/syscallvet/syscallvet@"+version)

	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	gobin := filepath.Join(tmp, "bin")
	cmd := exec.Command("go", "install", "github.com/syscallvet/syscallvet/cmd/syscallvet@"+version)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(),
		"GOBIN="+gobin,
		"GOFLAGS=-modcacherw",
		"GOPROXY="+fileURL(filepath.Join(tmp, "proxy"))+","+fileURL(filepath.Join(strings.TrimSpace(string(modcache)), "cache", "download")),
		"GOSUMDB=off",
		"GOMODCACHE="+filepath.Join(tmp, "modcache"),
	)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install @%s: %v\n%s", version, err, out)
	}
	stdout, stderr, code := run(t, tmp, filepath.Join(gobin, filepath.Base(binary)), "version")
	if code != 0 || !strings.HasPrefix(stdout, "syscallvet version "+version+" ") {
		t.Errorf("installed @%s: exit %d, stdout %q, stderr %q", version, code, stdout, stderr)
	}
}

// fileURL returns the file URL of an absolute path (file:///C:/x on Windows).
func fileURL(path string) string {
	return "file:///" + strings.TrimPrefix(filepath.ToSlash(path), "/")
}

// writeModuleZip zips the module at repoRoot the way the go command lays
// out module zips: every file under prefix/, without VCS metadata or
// nested modules.
func writeModuleZip(t *testing.T, name, prefix string) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	root, _ := filepath.Abs(repoRoot)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			if rel != "." {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // a nested module
				}
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		w, err := zw.Create(prefix + "/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}
