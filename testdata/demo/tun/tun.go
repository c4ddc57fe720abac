//go:build linux

// Package tun opens Linux TUN devices, from which a VPN reads the packets
// the kernel routes to the interface.
package tun

import (
	"os"
	"syscall"
	"unsafe"
)

const (
	cloneDevice = "/dev/net/tun"
	iffTun      = 0x0001
	iffNoPi     = 0x1000
	tunSetIff   = 0x400454ca // TUNSETIFF
)

// ifreq is the argument of the TUNSETIFF ioctl.
type ifreq struct {
	name  [16]byte
	flags uint16
	_     [22]byte
}

// setIff attaches the descriptor to the interface name.
func setIff(fd uintptr, name string) error {
	var req ifreq
	copy(req.name[:], name)
	req.flags = iffTun | iffNoPi
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, tunSetIff, uintptr(unsafe.Pointer(&req))); errno != 0 {
		return errno
	}
	return nil
}

// Open has a bug: os.OpenFile made the device non-blocking and gave it to
// the netpoller, and f.Fd() switches it back to blocking mode. Every Read
// of the returned file then holds an OS thread while it waits for a
// packet, deadlines stop working, and Close cannot wake a blocked reader:
// the reader goroutine never returns.
func Open(name string) (*os.File, error) {
	f, err := os.OpenFile(cloneDevice, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	if err := setIff(f.Fd(), name); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// OpenControl is the correct twin: RawConn.Control runs the ioctl on the
// descriptor without changing its mode.
func OpenControl(name string) (*os.File, error) {
	f, err := os.OpenFile(cloneDevice, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	var iffErr error
	if err := rc.Control(func(fd uintptr) { iffErr = setIff(fd, name) }); err != nil {
		iffErr = err
	}
	if iffErr != nil {
		f.Close()
		return nil, iffErr
	}
	return f, nil
}

// OpenFd has the same bug from the other end: the device is opened in
// blocking mode, and os.NewFile only hands non-blocking descriptors to the
// netpoller.
func OpenFd(name string) (*os.File, error) {
	fd, err := syscall.Open(cloneDevice, syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	if err := setIff(uintptr(fd), name); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), cloneDevice), nil
}

// OpenFdNonblock is the correct twin: with O_NONBLOCK, os.NewFile
// registers the device with the netpoller, so Read parks the goroutine
// without a thread and Close wakes it.
func OpenFdNonblock(name string) (*os.File, error) {
	fd, err := syscall.Open(cloneDevice, syscall.O_RDWR|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if err := setIff(uintptr(fd), name); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), cloneDevice), nil
}
