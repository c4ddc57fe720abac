// Package deathsigparam takes the parent-death signal from a caller's
// options (reduced from go.podman.io/common's slirp4netns.Setup): when no
// code of the package sets the field, the child gets no signal.
package deathsigparam

import (
	"net"
	"os/exec"
	"syscall"
)

type Opts struct {
	// Pdeathsig is sent to the child when the calling thread exits. The
	// caller is responsible for locking the thread with
	// runtime.LockOSThread().
	Pdeathsig syscall.Signal
}

func Setup(opts *Opts) (*exec.Cmd, error) {
	cmd := exec.Command("slirp4netns")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: opts.Pdeathsig}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c, err := net.Dial("unix", "/run/slirp.sock")
	if err != nil {
		return nil, err
	}
	return cmd, c.Close()
}

// Correct: no caller in the package sets Opts.Pdeathsig.
func setupAll() {
	go func() {
		Setup(&Opts{})
	}()
}

type spawnOpts struct{ sig syscall.Signal }

func spawn(o spawnOpts) error {
	cmd := exec.Command("/bin/sleep", "10")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: o.sig}
	return cmd.Run()
}

// The field is set here, so the child gets the signal.
func spawnKilled() {
	go func() {
		spawn(spawnOpts{sig: syscall.SIGKILL}) // want `spawn starts a child with SysProcAttr.Pdeathsig set at line 43 \(via \(\*exec.Cmd\).Run\) while the goroutine is not locked`
	}()
}
