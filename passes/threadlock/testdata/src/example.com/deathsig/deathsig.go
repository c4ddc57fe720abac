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

// A command given its signal in a constructor and kept in a field.

type server struct{ cmd *exec.Cmd }

func newServer() *server {
	cmd := exec.Command("sleep", "1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return &server{cmd: cmd}
}

func (s *server) run() error { // want run:"needsLock\\(forksig\\)"
	return s.cmd.Run()
}

// No signal on this field's command.

type plain struct{ cmd *exec.Cmd }

func newPlain() *plain { return &plain{cmd: exec.Command("true")} }

func (p *plain) run() error { return p.cmd.Run() }
