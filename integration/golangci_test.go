package integration_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const golangciModule = "github.com/golangci/golangci-lint/v2"

var golangciBuild buildOnce

// golangciLint builds tools/golangci-custom, golangci-lint with the
// syscallvet plugin compiled in, as the README says, and returns its path.
func golangciLint(t *testing.T) string {
	needBuilds(t)
	return golangciBuild.get(t, func() (string, error) {
		dir := filepath.Join(repoRoot, "tools", "golangci-custom")
		if err := checkTidy(dir); err != nil {
			return "", err
		}
		version, err := requiredVersion(dir, golangciModule)
		if err != nil {
			return "", err
		}
		cache, err := cacheDir("golangci-lint-" + version)
		if err != nil {
			return "", err
		}
		out := filepath.Join(cache, "golangci-lint-syscallvet")
		if b, err := goCmd(dir, "build", "-o", out, ".").CombinedOutput(); err != nil {
			return "", fmt.Errorf("building tools/golangci-custom (golangci-lint %s with the plugin): %v\n%s", version, err, b)
		}
		return out, nil
	})
}

// golangciEnv gives each run a cache of its own: golangci-lint caches
// results per package, and the tests change configurations and files.
func golangciEnv(t *testing.T) []string {
	return []string{"GOLANGCI_LINT_CACHE=" + t.TempDir()}
}

// golangciJSON is the part of golangci-lint's JSON output editors read.
type golangciJSON struct {
	Issues []struct {
		FromLinter string
		Text       string
		Severity   string
		Pos        struct {
			Filename     string
			Line, Column int
		}
		SuggestedFixes []struct {
			Message   string
			TextEdits []struct{ NewText []byte }
		}
	}
}

func parseGolangciJSON(t *testing.T, out string) golangciJSON {
	t.Helper()
	var j golangciJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("golangci-lint JSON output does not parse: %v\n%s", err, out)
	}
	return j
}

// The demo findings the tests look for; the full list is the standalone
// driver's (TestGolangciMatchesStandalone).
const (
	flushLock   = "worker/worker.go:80:2: lockosthread: runtime.LockOSThread is not undone at the end of the function (line 84)"
	serveLock   = "worker/worker.go:44:3: lockosthread: runtime.LockOSThread in a loop is not undone within the iteration"
	indexFanout = "indexer/indexer.go:22:3: blockingfanout: goroutine per item blocks an OS thread in file I/O"
	unlockFix   = "defer runtime.UnlockOSThread()"
)

// TestGolangciDemo runs the README's command in the checkout.
func TestGolangciDemo(t *testing.T) {
	bin := golangciLint(t)
	r := run(t, repoRoot, golangciEnv(t), bin, "run", "-c", ".golangci-plugin.yml", "./testdata/demo/...")
	if r.code != 1 {
		t.Errorf("exit code %d, want 1 (issues found); stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{flushLock, serveLock, indexFanout} {
		if !strings.Contains(r.stdout, "testdata/demo/"+want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, " (syscallvet)\n") {
		t.Errorf("issues are not attributed to the syscallvet linter:\n%s", r.stdout)
	}
}

// TestGolangciMatchesStandalone checks that golangci-lint reports exactly
// what syscallvet's own driver reports on the demo, rule for rule.
func TestGolangciMatchesStandalone(t *testing.T) {
	bin := golangciLint(t)
	r := run(t, repoRoot, golangciEnv(t), bin, "run", "-c", ".golangci-plugin.yml",
		"--output.json.path=stdout", "--output.text.path=", "--show-stats=false", "./testdata/demo/...")
	var viaGolangci []string
	for _, is := range parseGolangciJSON(t, r.stdout).Issues {
		rule, _, _ := strings.Cut(is.Text, ": ")
		if is.FromLinter != "syscallvet" || strings.HasSuffix(rule, "(related information)") {
			continue
		}
		viaGolangci = append(viaGolangci, fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(is.Pos.Filename), is.Pos.Line, is.Pos.Column, rule))
	}

	s := run(t, repoRoot, nil, "go", "run", "./cmd/syscallvet", "-json", "./testdata/demo/...")
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s.stdout), &tree); err != nil {
		t.Fatalf("syscallvet -json: %v\n%s%s", err, s.stdout, s.stderr)
	}
	var standalone []string
	for _, byRule := range tree {
		for rule, raw := range byRule {
			var diags []struct{ Posn string }
			if json.Unmarshal(raw, &diags) != nil {
				continue // an analysis error, not findings
			}
			for _, d := range diags {
				rel, err := filepath.Rel(repoRoot, d.Posn)
				if err != nil {
					rel = d.Posn
				}
				standalone = append(standalone, filepath.ToSlash(rel)+": "+rule)
			}
		}
	}
	slices.Sort(viaGolangci)
	slices.Sort(standalone)
	standalone = slices.Compact(standalone) // test variants repeat a package
	if len(standalone) == 0 || !slices.Equal(viaGolangci, standalone) {
		t.Errorf("golangci-lint and syscallvet disagree on the demo\ngolangci-lint:\n\t%s\nsyscallvet -json:\n\t%s",
			strings.Join(viaGolangci, "\n\t"), strings.Join(standalone, "\n\t"))
	}
}

// TestGolangciJSONFixes checks the JSON output carries the suggested fixes.
func TestGolangciJSONFixes(t *testing.T) {
	bin := golangciLint(t)
	dir := copyDemo(t)
	writeFile(t, filepath.Join(dir, ".golangci-plugin.yml"), readFile(t, filepath.Join(repoRoot, ".golangci-plugin.yml")))
	r := run(t, dir, golangciEnv(t), bin, "run", "-c", ".golangci-plugin.yml", "--output.json.path=stdout", "--show-stats=false", "./...")
	var found bool
	for _, is := range parseGolangciJSON(t, r.stdout).Issues {
		if is.Pos.Filename != "worker/worker.go" || is.Pos.Line != 80 {
			continue
		}
		found = true
		if is.FromLinter != "syscallvet" || !strings.HasPrefix(is.Text, "lockosthread: ") {
			t.Errorf("issue at worker.go:80: linter %q, text %q", is.FromLinter, is.Text)
		}
		if len(is.SuggestedFixes) != 1 || is.SuggestedFixes[0].Message == "" || len(is.SuggestedFixes[0].TextEdits) == 0 ||
			!strings.Contains(string(is.SuggestedFixes[0].TextEdits[0].NewText), unlockFix) {
			t.Errorf("issue at worker.go:80 lacks the fix inserting %q: %+v", unlockFix, is.SuggestedFixes)
		}
	}
	if !found {
		t.Errorf("no issue at worker/worker.go:80 in:\n%s", r.stdout)
	}
}

// TestGolangciFix applies the fixes with --fix: the Flush leak gets its
// deferred unlock and the code still builds.
func TestGolangciFix(t *testing.T) {
	bin := golangciLint(t)
	dir := copyDemo(t)
	writeFile(t, filepath.Join(dir, ".golangci-plugin.yml"), readFile(t, filepath.Join(repoRoot, ".golangci-plugin.yml")))
	r := run(t, dir, golangciEnv(t), bin, "run", "-c", ".golangci-plugin.yml", "--fix", "./...")
	if r.code != 1 {
		t.Errorf("--fix: exit code %d, want 1 (unfixable issues remain); stderr:\n%s", r.code, r.stderr)
	}
	fixed := readFile(t, filepath.Join(dir, "worker", "worker.go"))
	if !strings.Contains(fixed, "\truntime.LockOSThread()\n\t"+unlockFix+"\n\tfor _, j := range pending {") {
		t.Errorf("--fix did not add the deferred unlock to Flush:\n%s", fixed)
	}
	if b, err := goCmd(dir, "vet", "./...").CombinedOutput(); err != nil {
		t.Errorf("fixed demo does not build: %v\n%s", err, b)
	}
	r = run(t, dir, golangciEnv(t), bin, "run", "-c", ".golangci-plugin.yml", "./...")
	if strings.Contains(r.stdout, "worker/worker.go:80:2:") || !strings.Contains(r.stdout, serveLock) {
		t.Errorf("after --fix, want the Flush finding gone and the others kept:\n%s", r.stdout)
	}
}

// TestGolangciNolint checks that //nolint:syscallvet silences a finding.
func TestGolangciNolint(t *testing.T) {
	bin := golangciLint(t)
	dir := copyDemo(t)
	writeFile(t, filepath.Join(dir, ".golangci-plugin.yml"), readFile(t, filepath.Join(repoRoot, ".golangci-plugin.yml")))
	path := filepath.Join(dir, "worker", "worker.go")
	src := readFile(t, path)
	const lock = "\truntime.LockOSThread()\n\tfor _, j := range pending {"
	if strings.Count(src, lock) != 1 {
		t.Fatalf("the demo's Flush changed; update the test:\n%s", src)
	}
	writeFile(t, path, strings.Replace(src, lock, "\truntime.LockOSThread() //nolint:syscallvet // the thread is discarded by the caller\n\tfor _, j := range pending {", 1))
	r := run(t, dir, golangciEnv(t), bin, "run", "-c", ".golangci-plugin.yml", "./...")
	if strings.Contains(r.stdout, flushLock) {
		t.Errorf("//nolint:syscallvet did not silence the finding on its line:\n%s", r.stdout)
	}
	// Nothing of the silenced finding may survive elsewhere (golangci-lint
	// would print related information as issues on their own lines).
	if strings.Contains(r.stdout, "worker/worker.go:84:") || strings.Contains(r.stdout, "(related information)") {
		t.Errorf("parts of the silenced finding remain:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, serveLock) || !strings.Contains(r.stdout, indexFanout) {
		t.Errorf("//nolint:syscallvet silenced more than its line:\n%s", r.stdout)
	}
}

// TestGolangciSettings checks that the settings block reaches the plugin:
// a disabled rule stays silent, and a typo stops golangci-lint with an
// error naming the key.
func TestGolangciSettings(t *testing.T) {
	bin := golangciLint(t)
	dir := copyDemo(t)
	cfg := readFile(t, filepath.Join(repoRoot, ".golangci-plugin.yml"))
	const disable = "          disable: []\n"
	if !strings.Contains(cfg, disable) {
		t.Fatalf(".golangci-plugin.yml has no %q line; update the test", disable)
	}

	writeFile(t, filepath.Join(dir, "off.yml"), strings.Replace(cfg, disable, "          disable: [lockosthread]\n", 1))
	r := run(t, dir, golangciEnv(t), bin, "run", "-c", "off.yml", "./...")
	if strings.Contains(r.stdout, "lockosthread: ") || !strings.Contains(r.stdout, indexFanout) {
		t.Errorf("disable: [lockosthread]: want no lockosthread issue and the others kept; exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	writeFile(t, filepath.Join(dir, "typo.yml"), strings.Replace(cfg, "          blockingfanout:\n", "          blockingfanot:\n", 1))
	r = run(t, dir, golangciEnv(t), bin, "run", "-c", "typo.yml", "./...")
	if r.code == 0 || r.code == 1 || !strings.Contains(r.stderr, `unknown key "blockingfanot" (did you mean blockingfanout?)`) {
		t.Errorf("a misspelt rule: want a failure naming it; exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestGolangciCustom builds golangci-lint the way .custom-gcl.yml tells
// 'golangci-lint custom' to: the real command, with the one step that needs
// GitHub (git clone of golangci-lint) replaced by a copy of the same release
// from the Go module proxy.
func TestGolangciCustom(t *testing.T) {
	bin := golangciLint(t)
	cfg := readFile(t, filepath.Join(repoRoot, ".custom-gcl.yml"))
	m := regexp.MustCompile(`(?m)^version: (v\S+)$`).FindStringSubmatch(cfg)
	if m == nil {
		t.Fatalf(".custom-gcl.yml has no version line:\n%s", cfg)
	}
	version := m[1]
	if tools, err := requiredVersion(filepath.Join(repoRoot, "tools", "golangci-custom"), golangciModule); err != nil || tools != version {
		t.Errorf(".custom-gcl.yml builds golangci-lint %s, tools/golangci-custom %s (%v): keep them the same", version, tools, err)
	}
	for _, want := range []string{"import: github.com/syscallvet/syscallvet/gclplugin", "name: golangci-lint-syscallvet"} {
		if !strings.Contains(cfg, want) {
			t.Errorf(".custom-gcl.yml lacks %q", want)
		}
	}

	out, err := goCmd(repoRoot, "mod", "download", "-json", golangciModule+"@"+version).Output()
	if err != nil {
		t.Fatalf("go mod download %s@%s: %v", golangciModule, version, err)
	}
	var dl struct{ Dir string }
	if err := json.Unmarshal(out, &dl); err != nil || dl.Dir == "" {
		t.Fatalf("go mod download -json: %v\n%s", err, out)
	}
	fakeBin := t.TempDir()
	writeFile(t, filepath.Join(fakeBin, "git"), `#!/bin/sh
# Stands in for git in 'golangci-lint custom': the clone of golangci-lint
# comes from the Go module proxy instead of GitHub.
case " $* " in
*" clone "*"--branch $GOLANGCI_VERSION "*) ;;
*) echo "fake git: unexpected command: git $*" >&2; exit 1 ;;
esac
cp -R "$GOLANGCI_SRC" golangci-lint && chmod -R u+w golangci-lint
`)
	if err := os.Chmod(filepath.Join(fakeBin, "git"), 0o755); err != nil {
		t.Fatal(err)
	}
	dest := t.TempDir()
	env := append(golangciEnv(t),
		"PATH="+fakeBin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GOLANGCI_SRC="+dl.Dir, "GOLANGCI_VERSION="+version)
	r := run(t, repoRoot, env, bin, "custom", "-v", "--destination", dest)
	if r.code != 0 {
		t.Fatalf("golangci-lint custom: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	custom := filepath.Join(dest, "golangci-lint-syscallvet")
	r = run(t, repoRoot, golangciEnv(t), custom, "run", "-c", ".golangci-plugin.yml", "./testdata/demo/...")
	if r.code != 1 || !strings.Contains(r.stdout, "testdata/demo/"+flushLock) || !strings.Contains(r.stdout, "testdata/demo/"+indexFanout) {
		t.Errorf("the binary golangci-lint custom built: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
