// Package testenv holds test helpers about the machine the tests run on.
package testenv

import (
	"os/exec"
	"strings"
	"testing"
)

// NeedCgo skips the test unless the go command can build cgo packages.
func NeedCgo(t testing.TB) {
	t.Helper()
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		t.Skipf("go env: %v", err)
	}
	fields := strings.Fields(string(out))
	if len(fields) < 2 || fields[0] != "1" {
		t.Skip("cgo is disabled")
	}
	if _, err := exec.LookPath(fields[1]); err != nil {
		t.Skipf("no C compiler: %v", err)
	}
}
