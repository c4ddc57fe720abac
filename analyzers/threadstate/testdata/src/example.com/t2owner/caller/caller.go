// Package caller calls example.com/t2owner/agent's section owner and its
// single-operation wrapper from another package.
package caller

import (
	"net"

	"golang.org/x/sys/unix"

	"example.com/t2owner/agent"
)

func ServeAndDial(a *agent.AgentServer) error {
	sock, err := a.Serve("")
	check(err)
	_, err = agent.Client(sock)
	return err
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

// ListenLabeled is the twin: the wrapper's change pairs with the listen.
func ListenLabeled(label, path string) (net.Listener, error) {
	if err := agent.SetLabel(label); err != nil { // want `agent.SetLabel changes this thread's SELinux label \(via selinux.SetSocketLabel\) and net.Listen at line 31 must run on the same thread`
		return nil, err
	}
	return net.Listen("unix", path)
}

// MountMore is EnterNS's caller: what EnterNS leaves changed on success
// is its to lock for, in another package as in agent (enterClient).
func MountMore(dir string) error {
	if err := agent.EnterNS(dir); err != nil { // want `agent.EnterNS changes this thread's mount namespace \(via unix.Unshare\) and unix.Mount at line 40 must run on the same thread`
		return err
	}
	return unix.Mount("tmpfs", dir+"/sub", "tmpfs", 0, "")
}
