package integration_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The editor snippets in docs/editors.md run the custom golangci-lint with
// these arguments; the tests run the same commands and check what the
// editors parse out of the output.

// vscodeArgs is what the VS Code Go extension runs for go.lintTool
// "golangci-lint-v2" with go.lintFlags ["--config=..."] (lint on save,
// package scope: no package argument, the package's directory as working
// directory).
func vscodeArgs(config string) []string {
	return []string{"run", "--config=" + config, "--issues-exit-code=0",
		"--output.text.print-issued-lines=false", "--show-stats=false", "--output.text.path=stdout", "--path-mode=abs"}
}

// vscodeLine is the pattern the VS Code Go extension matches lint output
// lines against: file:line[:col]: message.
var vscodeLine = regexp.MustCompile(`^([^:]*: )?((.:)?[^:]*):(\d+)(:(\d+)?)?:(?:\w+:)? (.*)$`)

// nvimLintArgs is the command of the nvim-lint snippet: golangci-lint's
// JSON on stdout, absolute paths, for the directory of the buffer's file,
// run in the editor's working directory.
func nvimLintArgs(config, dir string) []string {
	return []string{"run", "--config=" + config, "--output.json.path=stdout", "--output.text.path=",
		"--issues-exit-code=0", "--show-stats=false", "--path-mode=abs", dir}
}

// langserverArgs is the command of the golangci-lint-langserver snippets:
// the server runs it in the file's directory and reads the JSON only when
// the exit code says there are issues.
func langserverArgs(config string) []string {
	return []string{"run", "--config=" + config, "--output.json.path=stdout", "--output.text.path=",
		"--issues-exit-code=1", "--show-stats=false", "--path-mode=abs"}
}

func TestEditorVSCode(t *testing.T) {
	bin := golangciLint(t)
	dir := copyDemo(t)
	config := filepath.Join(dir, ".golangci-plugin.yml")
	writeFile(t, config, readFile(t, filepath.Join(repoRoot, ".golangci-plugin.yml")))
	pkg := filepath.Join(dir, "worker")
	r := run(t, pkg, golangciEnv(t), bin, vscodeArgs(config)...)
	if r.code != 0 {
		t.Fatalf("exit code %d, want 0 (--issues-exit-code=0); stderr:\n%s", r.code, r.stderr)
	}
	file := filepath.Join(pkg, "worker.go")
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		m := vscodeLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("VS Code cannot parse output line %q", line)
			continue
		}
		if m[2] == file && m[4] == "80" && m[6] == "2" && strings.HasPrefix(m[7], "lockosthread: runtime.LockOSThread is not undone at the end of the function (line 84)") {
			found = true
		}
	}
	if !found {
		t.Errorf("VS Code would not show the Flush finding at %s:80:2; output:\n%s", file, r.stdout)
	}
}

func TestEditorJSON(t *testing.T) {
	bin := golangciLint(t)
	dir := copyDemo(t)
	config := filepath.Join(dir, ".golangci-plugin.yml")
	writeFile(t, config, readFile(t, filepath.Join(repoRoot, ".golangci-plugin.yml")))
	pkg := filepath.Join(dir, "worker")
	file := filepath.Join(pkg, "worker.go")
	for _, tc := range []struct {
		editor, cwd string
		args        []string
		code        int
	}{
		{"nvim-lint", dir, nvimLintArgs(config, pkg), 0},
		{"golangci-lint-langserver", pkg, langserverArgs(config), 1},
	} {
		r := run(t, tc.cwd, golangciEnv(t), bin, tc.args...)
		if r.code != tc.code {
			t.Fatalf("%s: exit code %d, want %d; stderr:\n%s", tc.editor, r.code, tc.code, r.stderr)
		}
		var found bool
		for _, is := range parseGolangciJSON(t, r.stdout).Issues {
			if !filepath.IsAbs(is.Pos.Filename) {
				t.Errorf("%s: issue path %q is not absolute", tc.editor, is.Pos.Filename)
			}
			if is.Pos.Filename == file && is.Pos.Line == 80 && is.Pos.Column == 2 && is.FromLinter == "syscallvet" &&
				strings.HasPrefix(is.Text, "lockosthread: ") && len(is.SuggestedFixes) > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no syscallvet issue with a fix at %s:80:2 in:\n%s", tc.editor, file, r.stdout)
		}
	}
}
