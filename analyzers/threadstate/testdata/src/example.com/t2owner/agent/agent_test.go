package agent

import (
	"net"
	"testing"
)

func mustNoError(t *testing.T, err error) {
	if err != nil {
		t.Fatal(err)
	}
}

func TestAgentServer(t *testing.T) {
	a := &AgentServer{}
	sock, err := a.Serve("")
	mustNoError(t, err) // not understood as a check: Serve's error returns look reachable
	conn, err := Client(sock)
	mustNoError(t, err)
	conn.Close()
}

// TestWrapper is the twin: SetLabel leaves the label set on success.
func TestWrapper(t *testing.T) {
	err := SetLabel("system_u:system_r:container_t:s0") // want `SetLabel changes this thread's SELinux label \(via selinux.SetSocketLabel\) while the goroutine is not locked to its OS thread`
	mustNoError(t, err)
	l, err := net.Listen("unix", "/tmp/sock")
	mustNoError(t, err)
	l.Close()
}

// labeledClient, a helper of the tests, pairs the wrapper's change with
// its own use: reported.
func labeledClient(label, sock string) (net.Conn, error) {
	if err := SetLabel(label); err != nil { // want `SetLabel changes this thread's SELinux label \(via selinux.SetSocketLabel\) and Client at line 38 must run on the same thread`
		return nil, err
	}
	return Client(sock)
}

// enterClient pairs what EnterNS leaves changed with its own use.
func enterClient(dir, sock string) (net.Conn, error) {
	if err := EnterNS(dir); err != nil { // want `EnterNS changes this thread's mount namespace \(via unix.Unshare\) and Client at line 46 must run on the same thread`
		return nil, err
	}
	return Client(sock)
}
