// Package d1field reproduces flannel's udp backend (TRIAGE15 D1 residue,
// pkg/backend/udp/udp_network_amd64.go:143): a helper returns both ends of
// a socket pair, kept in unexported fields; one end is only handed by
// number to the C proxy and closed, the other is written. Only the written
// end is reported; the twins keep files where other code may read them.
package d1field

import (
	"os"
	"syscall"
)

type network struct {
	ctl  *os.File
	ctl2 *os.File
}

func newCtlSockets() (*os.File, *os.File, error) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET, 0)
	if err != nil {
		return nil, nil, err
	}
	f1 := os.NewFile(uintptr(fds[0]), "ctl") // want `os.NewFile of a blocking socket pair from syscall.Socketpair keeps it out of the netpoller`
	f2 := os.NewFile(uintptr(fds[1]), "ctl")
	return f1, f2, nil
}

func newNetwork() (*network, error) {
	n := &network{}
	var err error
	n.ctl, n.ctl2, err = newCtlSockets()
	if err != nil {
		return nil, err
	}
	return n, nil
}

func runProxy(tun, ctl int) {} // stands for C.run_proxy, which polls ctl in C

func runCProxy(ctl *os.File) { runProxy(0, int(ctl.Fd())) }

func writeCommand(f *os.File, cmd []byte) { f.Write(cmd) }

func (n *network) Run(done chan struct{}) {
	defer func() {
		n.ctl.Close()
		n.ctl2.Close()
	}()
	go func() {
		runCProxy(n.ctl2)
		close(done)
	}()
	writeCommand(n.ctl, []byte{2}) // stopProxy
	<-done
}

// Twin: an exported field, which other packages may read.
type Pair struct {
	Ctl *os.File
}

func NewPair() *Pair {
	fds, _ := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET, 0)
	syscall.Close(fds[1])
	return &Pair{Ctl: os.NewFile(uintptr(fds[0]), "ctl")} // want `os.NewFile of a blocking socket pair from syscall.Socketpair keeps it out of the netpoller`
}

type holder struct{ f *os.File }

func readVia(p **os.File, buf []byte) { (*p).Read(buf) }

// Twin: the field's address is passed on, and read through.
func viaAddress(buf []byte) {
	fds, _ := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET, 0)
	h := &holder{f: os.NewFile(uintptr(fds[0]), "h")} // want `os.NewFile of a blocking socket pair from syscall.Socketpair keeps it out of the netpoller`
	readVia(&h.f, buf)
	h.f.Close()
}
