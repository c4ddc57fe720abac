// Command gendoc runs every experiment at its default size and writes the
// results to docs/EXPERIMENTS.md, with plots in docs/experiments/, in the
// module that contains the working directory. Run it from anywhere in the
// module:
//
//	go run ./experiments/cmd/gendoc
//	go generate ./experiments
//
// The numbers are this machine's: commit the result after a run on a quiet
// machine.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/syscallvet/syscallvet/experiments"
)

func main() {
	experiments.RunChild() // the experiments re-run this program per phase
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gendoc: %v\n", err)
		os.Exit(1)
	}
	docs := filepath.Join(root, "docs")
	code := experiments.Main("gendoc", []string{
		"-svg", filepath.Join(docs, "experiments"),
		"-md", filepath.Join(docs, "EXPERIMENTS.md"),
	}, os.Stdout, os.Stderr)
	os.Exit(code)
}

// moduleRoot is the nearest directory at or above the working directory
// that holds a go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod at or above the working directory")
		}
		dir = parent
	}
}
