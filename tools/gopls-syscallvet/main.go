// Command gopls-syscallvet builds gopls with syscallvet's analyzers in its
// analyzer list, so that the editor's own language server reports
// syscallvet's findings and offers their fixes as quick fixes.
//
// gopls has no extension point for third-party analyzers: its list is
// internal (golang.org/x/tools/gopls/internal/settings.AllAnalyzers). This
// program takes a pinned gopls release from the Go module proxy, copies it to
// a scratch directory, patches that one registry line to append syscallvet's
// analyzers (enabled by default), points the copy's go.mod at this checkout
// and builds it. No gopls code is committed here. Run it from the repository
// root:
//
//	go run -C tools/gopls-syscallvet . [-o path] [-gopls v0.23.0] [-work dir]
//
// -o is relative to the repository root (default bin/gopls-syscallvet).
// A gopls release that changed its registry makes the patch fail with a
// message that says so; the build is not attempted.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// DefaultGopls is the gopls release this build is tested with.
const DefaultGopls = "v0.23.0"

const (
	goplsModule  = "golang.org/x/tools/gopls"
	toolsModule  = "golang.org/x/tools"
	ourModule    = "github.com/syscallvet/syscallvet"
	registryFile = "internal/settings/analysis.go"

	// anchor is the declaration of gopls's analyzer list; the patch
	// appends syscallvet's analyzers to its initial value.
	anchor  = "var AllAnalyzers = initAnalyzers()"
	patched = "var AllAnalyzers = append(initAnalyzers(), syscallvetAnalyzers()...)"

	// addedFile is the one file the build adds to gopls's settings
	// package, next to the registry.
	addedFile = "internal/settings/syscallvet.go"
	added     = `// Code added by syscallvet's tools/gopls-syscallvet; not part of gopls.

package settings

import "github.com/syscallvet/syscallvet"

// syscallvetAnalyzers returns syscallvet's analyzers as gopls analyzers:
// enabled by default (turn one off with "analyses": {"<rule>": false}),
// warning severity, their suggested fixes offered as quick fixes.
func syscallvetAnalyzers() []*Analyzer {
	var res []*Analyzer
	for _, a := range syscallvet.Analyzers() {
		res = append(res, &Analyzer{analyzer: a})
	}
	return res
}
`
)

func main() {
	out := flag.String("o", "bin/gopls-syscallvet", "output `file`, relative to the repository root")
	version := flag.String("gopls", DefaultGopls, "gopls `version` to build (from the module proxy)")
	work := flag.String("work", "", "scratch `dir` for the patched gopls source (default: the user cache directory)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run -C tools/gopls-syscallvet . [flags]\n\nBuilds gopls with syscallvet's analyzers.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := build(*out, *version, *work); err != nil {
		fmt.Fprintf(os.Stderr, "gopls-syscallvet: %v\n", err)
		os.Exit(1)
	}
}

func build(out, version, work string) error {
	repo, err := repoRoot()
	if err != nil {
		return err
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(repo, out)
	}
	if work == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return err
		}
		work = filepath.Join(cache, "syscallvet", "gopls-"+version+"-src")
	}

	// The module source, from the module cache (downloaded through
	// GOPROXY if absent).
	var dl struct{ Dir, GoMod, Error string }
	if err := goJSON(&dl, "", "mod", "download", "-json", goplsModule+"@"+version); err != nil {
		return fmt.Errorf("downloading %s@%s: %v", goplsModule, version, err)
	}
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	if err := copyTree(dl.Dir, work); err != nil {
		return fmt.Errorf("copying gopls source: %v", err)
	}

	if err := patch(work, version); err != nil {
		return err
	}

	// gopls pins its x/tools; our module requires its own. Minimal version
	// selection would pick the higher one, which gopls need not compile
	// against (v0.23.0 does not against x/tools v0.52.0: undefined
	// astutil.UnparenEnclosingCursor, packagepath.IsStdPackage), so the
	// build keeps gopls's pin and our analyzers compile against it.
	var mod struct {
		Require []struct{ Path, Version string }
	}
	if err := goJSON(&mod, work, "mod", "edit", "-json"); err != nil {
		return err
	}
	toolsVersion := ""
	for _, r := range mod.Require {
		if r.Path == toolsModule {
			toolsVersion = r.Version
		}
	}
	if toolsVersion == "" {
		return fmt.Errorf("gopls %s: go.mod does not require %s", version, toolsModule)
	}
	edit := []string{"mod", "edit",
		"-require=" + ourModule + "@v0.0.0-00010101000000-000000000000",
		"-replace=" + ourModule + "=" + repo,
		"-replace=" + toolsModule + "=" + toolsModule + "@" + toolsVersion,
	}
	if err := goRun(work, edit...); err != nil {
		return err
	}

	fmt.Fprintf(os.Stderr, "building gopls %s (x/tools %s) with syscallvet's analyzers from %s\n", version, toolsVersion, repo)
	ldflags := "-X golang.org/x/tools/gopls/internal/version.VersionOverride=" + version + "+syscallvet"
	if err := goRun(work, "build", "-mod=mod", "-ldflags="+ldflags, "-o", out, "."); err != nil {
		return fmt.Errorf("building gopls %s with syscallvet's analyzers failed (%v): errors in gopls's packages mean this release does not build against its pinned x/tools plus syscallvet's requirements; errors in syscallvet's packages mean the analyzers use x/tools API newer than %s", version, err, toolsVersion)
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", out)
	return nil
}

// patch makes gopls's analyzer list include syscallvet's analyzers.
func patch(dir, version string) error {
	path := filepath.Join(dir, registryFile)
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("gopls %s has no %s: this release moved its analyzer registry; update tools/gopls-syscallvet (tested with %s)", version, registryFile, DefaultGopls)
	}
	if n := bytes.Count(src, []byte(anchor)); n != 1 {
		return fmt.Errorf("gopls %s: %s does not declare %q (found %d times): this release changed its analyzer registry; update the patch in tools/gopls-syscallvet (tested with %s)", version, registryFile, anchor, n, DefaultGopls)
	}
	src = bytes.Replace(src, []byte(anchor), []byte(patched), 1)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, addedFile), []byte(added), 0o644)
}

// repoRoot finds the checkout: the nearest directory above the current one
// whose go.mod declares our module.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(data), "module "+ourModule+"\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the syscallvet checkout (go run -C tools/gopls-syscallvet .)")
		}
		dir = parent
	}
}

func goCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	// A go.work of the user's must not pull other modules into the build.
	cmd.Env = append(os.Environ(), "GOWORK=off")
	return cmd
}

func goRun(dir string, args ...string) error {
	cmd := goCmd(dir, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

func goJSON(v any, dir string, args ...string) error {
	cmd := goCmd(dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		// go mod download -json reports its error in the JSON.
		var e struct{ Error string }
		if json.Unmarshal(out, &e) == nil && e.Error != "" {
			return errors.New(e.Error)
		}
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return json.Unmarshal(out, v)
}

// copyTree copies the regular files under src to dst, writable (the module
// cache is read-only).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		outf, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		if _, err := io.Copy(outf, in); err != nil {
			outf.Close()
			return err
		}
		return outf.Close()
	})
}
