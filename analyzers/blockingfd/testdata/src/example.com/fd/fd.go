package fd

import (
	"io"
	"net"
	"os"
	"os/exec"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

const tunSetIff = 0x400454ca

type ifreq struct {
	name  [16]byte
	flags uint16
	_     [22]byte
}

func ioctl(fd uintptr, req uintptr, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}

func TunRead(buf []byte) error {
	f, err := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	var req ifreq
	if err := ioctl(f.Fd(), tunSetIff, unsafe.Pointer(&req)); err != nil { // want `^f.Fd\(\) puts the device back into blocking mode, but the file is read afterwards \(line 40\)$`
		return err
	}
	_, err = f.Read(buf)
	return err
}

func TunReturned() (*os.File, error) {
	f, err := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	var req ifreq
	ioctl(f.Fd(), tunSetIff, unsafe.Pointer(&req)) // want `f.Fd\(\) puts the device back into blocking mode, but the file is returned afterwards \(line 51\)`
	return f, nil
}

type Tun struct{ file *os.File }

func (t *Tun) Open() error {
	f, err := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
	if err != nil {
		return err
	}
	var req ifreq
	ioctl(f.Fd(), tunSetIff, unsafe.Pointer(&req)) // want `the device back into blocking mode, but the file is stored afterwards`
	t.file = f
	return nil
}

// A field read through the same receiver, given a deadline.
func (t *Tun) ReadTimeout(buf []byte) (int, error) {
	var req ifreq
	ioctl(t.file.Fd(), tunSetIff, unsafe.Pointer(&req)) // want `t.file.Fd\(\) puts the descriptor back into blocking mode, but the file is given a deadline afterwards`
	t.file.SetReadDeadline(time.Now().Add(time.Second))
	return t.file.Read(buf)
}

// (With SetNonblock(int(r.Fd()), true) the deadline would work: see
// package d2.)
func PipeDeadline() {
	r, w, _ := os.Pipe()
	defer w.Close()
	println(r.Fd()) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is given a deadline afterwards`
	r.SetReadDeadline(time.Now().Add(time.Second))
}

func SocketCopy(c *net.TCPConn) {
	f, _ := c.File()
	unix.IoctlSetInt(int(f.Fd()), 0, 0) // want `f.Fd\(\) puts the socket back into blocking mode, but the file is used as an io.Reader afterwards`
	go io.Copy(os.Stdout, f)
}

func ParamDeadline(f *os.File) {
	fd := f.Fd() // want `f.Fd\(\) puts the descriptor back into blocking mode, but the file is given a deadline afterwards`
	_ = fd
	f.SetDeadline(time.Now())
}

// A raw read of the descriptor that Close from another goroutine cannot
// interrupt.
func ConcurrentClose(done chan struct{}, buf []byte) {
	f, _ := os.OpenFile("/dev/ttyUSB0", os.O_RDWR, 0)
	fd := int(f.Fd()) // want `f.Fd\(\) puts the device back into blocking mode, but the file is closed in another goroutine`
	go func() {
		<-done
		f.Close()
	}()
	syscall.Read(fd, buf)
}

func ReaderGoroutine(buf []byte) {
	r, _, _ := os.Pipe()
	go func() { r.Read(buf) }()
	println(r.Fd()) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is read in another goroutine \(line 110\)`
}

func InLoop(buf []byte) {
	r, _, _ := os.Pipe()
	for {
		syscall.SetNonblock(int(r.Fd()), false) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is read afterwards`
		if _, err := r.Read(buf); err != nil {
			return
		}
	}
}

func readAll(f *os.File, buf []byte) {
	for {
		if _, err := f.Read(buf); err != nil {
			return
		}
	}
}

func ViaHelper(buf []byte) {
	f, _ := os.Open("/dev/input/event0")
	println(f.Fd()) // want `but the file is passed to readAll, where it is read afterwards`
	readAll(f, buf)
}

func FIFO(path string, buf []byte) {
	syscall.Mkfifo(path, 0o600)
	f, _ := os.OpenFile(path, os.O_RDONLY, 0)
	println(f.Fd()) // want `f.Fd\(\) puts the FIFO back into blocking mode, but the file is read afterwards`
	f.Read(buf)
}

func Ignored(buf []byte) {
	f, _ := os.Open("/dev/ttyS0")
	//syscallvet:ignore blockingfd a dedicated reader thread for the serial console
	println(f.Fd())
	f.Read(buf)
}

// Negative cases.

// The correct twin: SyscallConn().Control leaves the descriptor
// non-blocking.
func tunControl(buf []byte) error {
	f, err := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ioctlErr error
	rc.Control(func(fd uintptr) {
		var req ifreq
		ioctlErr = ioctl(fd, tunSetIff, unsafe.Pointer(&req))
	})
	if ioctlErr != nil {
		return ioctlErr
	}
	_, err = f.Read(buf)
	return err
}

// Not used for I/O afterwards.
func onlyClosed() {
	f, _ := os.OpenFile("/dev/net/tun", os.O_RDWR, 0)
	defer func() { f.Close() }()
	println(f.Fd())
}

func readBefore(buf []byte) {
	f, _ := os.Open("/dev/tty")
	f.Read(buf)
	println(f.Fd())
	f.Close()
}

// Passing a listening socket to a child process.
func toChild(ln *net.TCPListener) error {
	f, err := ln.File()
	if err != nil {
		return err
	}
	defer f.Close()
	cmd := exec.Command("/bin/server", "-fd=3")
	cmd.ExtraFiles = []*os.File{f}
	println(f.Fd())
	return cmd.Run()
}

func pipeToChild() *exec.Cmd {
	r, w, _ := os.Pipe()
	cmd := exec.Command("/bin/cat")
	cmd.Stdout = w
	println(w.Fd())
	_ = r
	return cmd
}

// A socket file handed out: the caller may only pass it on.
func socketReturned(c *net.UnixConn) *os.File {
	f, _ := c.File()
	println(f.Fd())
	return f
}

// Fd leaves files from NewFile alone; regular files never use the netpoller.
func newFile(fd int, buf []byte) {
	f := os.NewFile(uintptr(fd), "x")
	println(f.Fd())
	f.Read(buf)
	g, _ := os.Create("/tmp/x")
	syscall.Flock(int(g.Fd()), syscall.LOCK_EX)
	g.Write(buf)
}

// Unknown kind, no deadline: perhaps a regular file.
func lockAndWrite(path string, buf []byte) {
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
	f.Write(buf)
	h, _ := os.Open("/etc/hosts")
	syscall.Flock(int(h.Fd()), syscall.LOCK_SH)
	h.Read(buf)
}

func param(f *os.File, buf []byte) {
	println(f.Fd())
	f.Read(buf)
}
