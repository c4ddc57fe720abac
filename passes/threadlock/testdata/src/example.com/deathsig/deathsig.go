// Package deathsig starts a child with a parent-death signal.
package deathsig

import (
	"os/exec"
	"syscall"
)

func start() error { // want start:"needsLock\\(forksig\\)"
	cmd := exec.Command("sleep", "1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd.Start()
}
