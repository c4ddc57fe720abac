// Package deathsigfield builds commands with a parent-death signal in
// constructors, stores them in struct fields and starts them in methods.
package deathsigfield

import (
	"os/exec"
	"runtime"
	"syscall"
)

// The command gets its signal in the constructor, through a local
// variable stored in the field.

type supervisor struct{ cmd *exec.Cmd }

func newSupervisor() *supervisor {
	cmd := exec.Command("/bin/sleep", "10")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return &supervisor{cmd: cmd}
}

func (s *supervisor) run() {
	s.cmd.Start() // want `\(\*exec.Cmd\).Start starts a child with SysProcAttr.Pdeathsig set at line 18 while the goroutine is not locked`
	s.cmd.Wait()
}

func (s *supervisor) spawn() { go s.run() }

// A literal assigned to the field, started through a helper method from
// a goroutine: the chain is reported where the goroutine calls it.

type worker struct{ cmd *exec.Cmd }

func newWorker() *worker {
	w := &worker{}
	w.cmd = &exec.Cmd{Path: "/bin/sleep", SysProcAttr: &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}}
	return w
}

func (w *worker) start() error { return w.cmd.Start() }

func (w *worker) spawn() {
	go func() {
		w.start() // want `\(\*worker\).start starts a child with SysProcAttr.Pdeathsig set at line 36 \(via \(\*exec.Cmd\).Start\) while the goroutine is not locked to its OS thread$`
	}()
}

// The field's signal set through the field itself.

type daemon struct{ cmd *exec.Cmd }

func newDaemon() *daemon {
	d := &daemon{cmd: exec.Command("/bin/true")}
	d.cmd.SysProcAttr = &syscall.SysProcAttr{}
	d.cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	return d
}

func (d *daemon) serve() {
	d.cmd.Run() // want `\(\*exec.Cmd\).Run starts a child with SysProcAttr.Pdeathsig set at line 55 while`
}

func (d *daemon) spawn() { go d.serve() }

// Correct: a command stored in a field with no parent-death signal.

type plain struct{ cmd *exec.Cmd }

func newPlain() *plain { return &plain{cmd: exec.Command("/bin/true")} }

func (p *plain) run() { p.cmd.Run() }

func (p *plain) spawn() { go p.run() }

// Correct: started with the thread locked for the child's lifetime.

type locked struct{ cmd *exec.Cmd }

func newLocked() *locked {
	cmd := exec.Command("/bin/sleep", "10")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return &locked{cmd: cmd}
}

func (l *locked) run() {
	runtime.LockOSThread()
	l.cmd.Start()
	l.cmd.Wait()
}

func (l *locked) spawn() { go l.run() }

// Correct: a command with a signal elsewhere in the package is not the
// one in this field.

type other struct{ cmd *exec.Cmd }

func newOther() *other {
	cmd := exec.Command("/bin/true")
	return &other{cmd: cmd}
}

func (o *other) run() { o.cmd.Run() }

func (o *other) spawn() { go o.run() }

// A command literal with the signal, in the struct literal.

type job struct{ cmd *exec.Cmd }

func newJob() job {
	return job{cmd: &exec.Cmd{Path: "/bin/true", SysProcAttr: &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}}}
}

func (j job) run() {
	j.cmd.Output() // want `\(\*exec.Cmd\).Output starts a child with SysProcAttr.Pdeathsig set at line 112 while`
}

func (j job) spawn() { go j.run() }
