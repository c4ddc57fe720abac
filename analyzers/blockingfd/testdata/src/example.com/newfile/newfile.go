package newfile

import (
	"io"
	"net"
	"os"
	"os/exec"
	"syscall"

	"example.com/other"
	"golang.org/x/sys/unix"
)

func Socket() (*os.File, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "tcp"), nil // want `^os.NewFile of a blocking socket from syscall.Socket keeps it out of the netpoller$`
}

func UnixSocketFlags() *os.File {
	fd, _ := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	return os.NewFile(uintptr(fd), "unix") // want `os.NewFile of a blocking socket from unix.Socket keeps it out of the netpoller$`
}

func PhiFlags(cloexec bool) *os.File {
	typ := syscall.SOCK_DGRAM
	if cloexec {
		typ |= syscall.SOCK_CLOEXEC
	}
	fd, _ := syscall.Socket(syscall.AF_INET, typ, 0)
	return os.NewFile(uintptr(fd), "udp") // want `blocking socket from syscall.Socket`
}

func Pipe() (*os.File, *os.File, error) {
	var p [2]int
	if err := syscall.Pipe(p[:]); err != nil {
		return nil, nil, err
	}
	r := os.NewFile(uintptr(p[0]), "r") // want `os.NewFile of a blocking pipe from syscall.Pipe keeps it out of the netpoller$`
	w := os.NewFile(uintptr(p[1]), "w") // want `blocking pipe from syscall.Pipe`
	return r, w, nil
}

func Pipe2(w io.Writer) {
	fds := make([]int, 2)
	unix.Pipe2(fds, unix.O_CLOEXEC)
	r := os.NewFile(uintptr(fds[0]), "r") // want `blocking pipe from unix.Pipe2 keeps it out of the netpoller$`
	go io.Copy(w, r)
}

func Device() (*os.File, error) {
	fd, err := syscall.Open("/dev/net/tun", syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "tun"), nil // want `os.NewFile of a blocking device \(/dev/net/tun\) from syscall.Open keeps it out of the netpoller$`
}

func Serial(n string) *os.File {
	fd, _ := unix.Openat(-100, "/dev/ttyUSB"+n, unix.O_RDWR, 0)
	return os.NewFile(uintptr(fd), "serial") // want `blocking device \(/dev/ttyUSB\) from unix.Openat`
}

func FIFO(path string, buf []byte) {
	unix.Mkfifo(path, 0o600)
	fd, _ := unix.Open(path, unix.O_RDONLY, 0)
	f := os.NewFile(uintptr(fd), path) // want `blocking FIFO from unix.Open`
	f.Read(buf)
}

func Eventfd(buf []byte) {
	fd, _ := unix.Eventfd(0, unix.EFD_CLOEXEC)
	f := os.NewFile(uintptr(fd), "eventfd") // want `blocking eventfd from unix.Eventfd keeps it out of the netpoller$`
	defer f.Close()
	f.Read(buf)
}

func Inotify() (*os.File, *os.File) {
	a, _ := syscall.InotifyInit()
	b, _ := unix.InotifyInit1(unix.IN_CLOEXEC)
	return os.NewFile(uintptr(a), "a"), // want `blocking inotify descriptor from syscall.InotifyInit keeps it out of the netpoller$`
		os.NewFile(uintptr(b), "b") // want `blocking inotify descriptor from unix.InotifyInit1`
}

func Epoll() *os.File {
	fd, _ := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	return os.NewFile(uintptr(fd), "epoll") // want `blocking epoll descriptor from syscall.EpollCreate1 keeps it out of the netpoller$`
}

func Socketpair() (*os.File, *os.File) {
	fds, _ := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	return os.NewFile(uintptr(fds[0]), "a"), os.NewFile(uintptr(fds[1]), "b") // want `blocking socket pair from syscall.Socketpair` `blocking socket pair`
}

func Accept(ln int) *os.File {
	nfd, _, _ := syscall.Accept(ln)
	return os.NewFile(uintptr(nfd), "conn") // want `blocking accepted socket from syscall.Accept keeps it out of the netpoller$`
}

// A SetNonblock after NewFile, or only on some paths, comes too late.
func LateNonblock(b bool) *os.File {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if b {
		syscall.SetNonblock(fd, true)
	}
	f := os.NewFile(uintptr(fd), "tcp") // want `blocking socket`
	syscall.SetNonblock(fd, true)
	return f
}

func NonblockFalse() *os.File {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	syscall.SetNonblock(fd, false)
	return os.NewFile(uintptr(fd), "tcp") // want `blocking socket`
}

// Stored files are used elsewhere: here, by a method that reads the
// field.
type Conn struct{ f *os.File }

func (c *Conn) Read(b []byte) (int, error) { return c.f.Read(b) }

func Stored(c *Conn) {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	c.f = os.NewFile(uintptr(fd), "tcp") // want `blocking socket`
}

// Calls before NewFile that leave the mode alone.
func setIff(fd int, req uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), 0x400454ca, req); errno != 0 {
		return errno
	}
	return nil
}

func IoctlFirst() *os.File {
	fd, _ := syscall.Open("/dev/net/tun", syscall.O_RDWR, 0)
	setIff(fd, 0)
	unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFL, 0)
	unix.IoctlSetInt(fd, 0x5413, 0)
	return os.NewFile(uintptr(fd), "tun") // want `blocking device \(/dev/net/tun\)`
}

func ignored() *os.File {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	//syscallvet:ignore blockingfd the file goes to a C library that expects a blocking socket
	return os.NewFile(uintptr(fd), "tcp")
}

// Negative cases.

func nonblockingFlags() []*os.File {
	s, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, 0)
	var p [2]int
	syscall.Pipe2(p[:], syscall.O_NONBLOCK|syscall.O_CLOEXEC)
	e, _ := unix.Eventfd(0, unix.EFD_NONBLOCK)
	i, _ := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	d, _ := syscall.Open("/dev/net/tun", syscall.O_RDWR|syscall.O_NONBLOCK, 0)
	a, _, _ := unix.Accept4(s, unix.SOCK_NONBLOCK)
	return []*os.File{
		os.NewFile(uintptr(s), "s"), os.NewFile(uintptr(p[0]), "p"), os.NewFile(uintptr(e), "e"),
		os.NewFile(uintptr(i), "i"), os.NewFile(uintptr(d), "d"), os.NewFile(uintptr(a), "a"),
	}
}

func setNonblockFirst() (*os.File, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "tcp"), nil
}

func fcntlFirst() *os.File {
	fd, _ := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	fl, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl|unix.O_NONBLOCK)
	return os.NewFile(uintptr(fd), "tcp")
}

func makeNonblocking(fd int) { syscall.SetNonblock(fd, true) }

func helperFirst() *os.File {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	makeNonblocking(fd)
	return os.NewFile(uintptr(fd), "tcp")
}

func fcntlHelper(fd int) {
	syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_SETFL, syscall.O_NONBLOCK)
}

func ioctlFirst(req uint) []*os.File {
	a, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	fcntlHelper(a)
	b, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	unix.IoctlSetInt(b, 0x5421, 1) // FIONBIO
	c, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	unix.IoctlSetInt(c, req, 1)
	d, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	exec.Command("x").Process.Signal(nil) // unrelated
	other.Configure(d)
	return []*os.File{os.NewFile(uintptr(a), "a"), os.NewFile(uintptr(b), "b"), os.NewFile(uintptr(c), "c"), os.NewFile(uintptr(d), "d")}
}

// Unknown flags: not reported.
func unknownFlags(typ int, flags int) (*os.File, *os.File) {
	s, _ := syscall.Socket(syscall.AF_INET, typ, 0)
	var p [2]int
	syscall.Pipe2(p[:], flags|syscall.O_CLOEXEC)
	return os.NewFile(uintptr(s), "s"), os.NewFile(uintptr(p[0]), "p")
}

func maybeNonblocking(nb bool) *os.File {
	typ := syscall.SOCK_STREAM
	if nb {
		typ |= syscall.SOCK_NONBLOCK
	}
	fd, _ := syscall.Socket(syscall.AF_INET, typ, 0)
	return os.NewFile(uintptr(fd), "tcp")
}

// Files that are not devices, FIFOs made here, or known.
func notDevices(path string) []*os.File {
	a, _ := syscall.Open("/etc/hosts", syscall.O_RDONLY, 0)
	b, _ := syscall.Open("/dev/null", syscall.O_RDWR, 0)
	c, _ := syscall.Open(path, syscall.O_RDONLY, 0)
	d, _ := unix.Open("/dev/sda", unix.O_RDONLY, 0)
	return []*os.File{os.NewFile(uintptr(a), "a"), os.NewFile(uintptr(b), "b"), os.NewFile(uintptr(c), "c"), os.NewFile(uintptr(d), "d")}
}

func fromParam(fd int) *os.File { return os.NewFile(uintptr(fd), "param") }

func fromStdin() *os.File { return os.NewFile(0, "stdin") }

// Files that are only closed, or handed to a child process, are not read here.
func onlyClosed() {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	f := os.NewFile(uintptr(fd), "tcp")
	defer f.Close()
}

func toChild(ln int) error {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	f := os.NewFile(uintptr(fd), "listener")
	defer f.Close()
	cmd := exec.Command("/bin/server")
	cmd.ExtraFiles = []*os.File{f}
	var p [2]int
	syscall.Pipe(p[:])
	in := os.NewFile(uintptr(p[0]), "stdin")
	cmd.Stdin = in
	extra := os.NewFile(uintptr(p[1]), "extra")
	cmd.ExtraFiles = append(cmd.ExtraFiles, extra)
	attr := &os.ProcAttr{Files: []*os.File{os.NewFile(uintptr(ln), "x")}}
	_ = attr
	return cmd.Run()
}

// net.FileListener and net.FileConn dup the descriptor and make the copy
// non-blocking themselves.
func listener() (net.Listener, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	syscall.Listen(fd, 128)
	f := os.NewFile(uintptr(fd), "listener")
	defer f.Close()
	return net.FileListener(f)
}

// The function reads the raw descriptor itself: it blocks on purpose.
func rawReads(buf []byte) {
	fd, _ := syscall.InotifyInit()
	f := os.NewFile(uintptr(fd), "inotify")
	defer f.Close()
	for {
		if _, err := syscall.Read(fd, buf); err != nil {
			return
		}
	}
}
