// Package idle imports seeds' packages but calls none of their seeds, nor
// any function with a fact.
package idle // want "inactive"

import (
	"os"
	"os/exec"
	"path/filepath"
)

func config() string { return filepath.Join(os.Getenv("HOME"), ".config") }

func command() *exec.Cmd { return exec.Command("true") }
