// Package d1tun reproduces flannel's ip.OpenTun (TRIAGE15 D1 residue,
// pkg/ip/tun.go:59): Fd() puts a TUN device in blocking mode for an ioctl,
// and the file is returned. Its callers in the package only hand the
// descriptor to a C proxy by number and close the file. An exported
// function's callers in other packages are not seen: that case stays
// reported (a known false positive in flannel, whose only caller is in
// its udp backend package).
package d1tun

import (
	"os"
	"syscall"
	"unsafe"
)

type ifreq struct {
	name  [16]byte
	flags uint16
}

func ioctl(fd int, req, arg uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), req, arg); errno != 0 {
		return errno
	}
	return nil
}

// openTun is the package-local version: its callers below never read the
// file.
func openTun(name string) (*os.File, string, error) {
	tun, err := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
	if err != nil {
		return nil, "", err
	}
	var ifr ifreq
	copy(ifr.name[:15], name)
	ifr.flags = syscall.IFF_TUN | syscall.IFF_NO_PI
	if err := ioctl(int(tun.Fd()), syscall.TUNSETIFF, uintptr(unsafe.Pointer(&ifr))); err != nil {
		return nil, "", err
	}
	return tun, name, nil
}

func runProxy(tun, ctl int) {} // stands for C.run_proxy, which polls the descriptors in C

type network struct {
	tun *os.File
}

func (n *network) initTun() error {
	var err error
	n.tun, _, err = openTun("flannel%d")
	return err
}

func (n *network) Run() {
	defer n.tun.Close()
	runProxy(int(n.tun.Fd()), 0)
}

// Known false positive: OpenTun is exported, and its callers elsewhere
// may read the file.
func OpenTun(name string) (*os.File, error) {
	tun, err := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	var ifr ifreq
	copy(ifr.name[:15], name)
	if err := ioctl(int(tun.Fd()), syscall.TUNSETIFF, uintptr(unsafe.Pointer(&ifr))); err != nil { // want `tun.Fd\(\) puts the device back into blocking mode, but the file is returned afterwards`
		return nil, err
	}
	return tun, nil
}

// Twin: a package-local helper whose caller reads the device.
func openReadTun() (*os.File, error) {
	tun, err := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	var ifr ifreq
	if err := ioctl(int(tun.Fd()), syscall.TUNSETIFF, uintptr(unsafe.Pointer(&ifr))); err != nil { // want `tun.Fd\(\) puts the device back into blocking mode, but the file is returned afterwards`
		return nil, err
	}
	return tun, nil
}

func readPackets(buf []byte) {
	tun, err := openReadTun()
	if err != nil {
		return
	}
	defer tun.Close()
	for {
		if _, err := tun.Read(buf); err != nil {
			return
		}
	}
}
