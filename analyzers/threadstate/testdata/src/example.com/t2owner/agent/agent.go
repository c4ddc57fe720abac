// Package agent reduces buildah v1.28.0's pkg/sshagent: (*AgentServer).Serve
// sets the socket-create label, listens, and clears the label, all with no
// lock; it is reported as the owner of that section. It leaves the label
// set only on its error returns, which the owner's report covers (the lock
// that fixes Serve restores before it unlocks): its callers, here, in the
// package's tests and in other packages, are not reported for pairing
// Serve with a later call.
package agent

import (
	"net"
	"os"
	"path/filepath"

	selinux "github.com/opencontainers/selinux/go-selinux"
	"golang.org/x/sys/unix"
)

type AgentServer struct {
	listener net.Listener
	dir      string
}

func (a *AgentServer) Serve(processLabel string) (string, error) {
	err := selinux.SetSocketLabel(processLabel) // want `selinux.SetSocketLabel changes this thread's SELinux label and net.Listen at line 34 must run on the same thread`
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", ".sock")
	if err != nil {
		return "", err // the label is left set
	}
	path := filepath.Join(dir, "sock")
	listener, err := net.Listen("unix", path)
	if err != nil {
		return "", err
	}
	err = selinux.SetSocketLabel("")
	if err != nil {
		return "", err
	}
	a.listener, a.dir = listener, dir
	return path, nil
}

// Client dials the agent's socket.
func Client(path string) (net.Conn, error) {
	return net.Dial("unix", path)
}

// serveAndDial is Serve's caller in its own package.
func serveAndDial(a *AgentServer) error {
	sock, err := a.Serve("")
	if err != nil {
		return err
	}
	_, err = Client(sock)
	return err
}

// SetLabel is a single-operation wrapper, not a section owner: its
// callers pair its change with their uses and are reported.
func SetLabel(label string) error {
	return selinux.SetSocketLabel(label)
}

// listenLabeled is the wrapper's twin of serveAndDial.
func listenLabeled(label, path string) (net.Listener, error) {
	if err := SetLabel(label); err != nil { // want `SetLabel changes this thread's SELinux label \(via selinux.SetSocketLabel\) and net.Listen at line 72 must run on the same thread`
		return nil, err
	}
	return net.Listen("unix", path)
}

// EnterNS owns a section too, but leaves its caller's thread in the new
// mount namespace on success: callers in the package (and its tests) that
// go on to use it are reported.
func EnterNS(dir string) error {
	if err := unix.Unshare(unix.CLONE_NEWNS); err != nil { // want `unix.Unshare changes this thread's mount namespace and unix.Mount at line 82 must run on the same thread`
		return err
	}
	return unix.Mount("tmpfs", dir, "tmpfs", 0, "")
}
