// Package unix is a stub of golang.org/x/sys/unix with the linux/amd64
// values of the constants the tests use.
package unix

import "syscall"

const (
	AF_UNIX       = 0x1
	AF_INET       = 0x2
	SOCK_STREAM   = 0x1
	SOCK_DGRAM    = 0x2
	SOCK_NONBLOCK = 0x800
	SOCK_CLOEXEC  = 0x80000
	O_RDONLY      = 0x0
	O_RDWR        = 0x2
	O_NONBLOCK    = 0x800
	O_CLOEXEC     = 0x80000
	EFD_NONBLOCK  = 0x800
	EFD_CLOEXEC   = 0x80000
	IN_NONBLOCK   = 0x800
	IN_CLOEXEC    = 0x80000
	EPOLL_CLOEXEC = 0x80000
	EPOLLIN       = 0x1
	POLLIN        = 0x1
	F_GETFL       = 0x3
	F_SETFL       = 0x4
	S_IFIFO       = 0x1000
)

// Variables in golang.org/x/sys/unix, not constants.
var (
	Stdin  = 0
	Stdout = 1
	Stderr = 2
)

type PollFd struct {
	Fd      int32
	Events  int16
	Revents int16
}

type EpollEvent struct {
	Events uint32
	Fd     int32
	Pad    int32
}

type FdSet struct{ Bits [16]int64 }

type Timeval struct{ Sec, Usec int64 }

type Timespec struct{ Sec, Nsec int64 }

type Sigset_t struct{ Val [16]uint64 }

func Socket(domain, typ, proto int) (fd int, err error)                   { return }
func Socketpair(domain, typ, proto int) (fd [2]int, err error)            { return }
func Accept4(fd int, flags int) (nfd int, sa syscall.Sockaddr, err error) { return }
func Pipe(p []int) error                                                  { return nil }
func Pipe2(p []int, flags int) error                                      { return nil }
func Open(path string, mode int, perm uint32) (fd int, err error)         { return }
func Openat(dirfd int, path string, flags int, mode uint32) (fd int, err error) {
	return
}
func Mkfifo(path string, mode uint32) error                      { return nil }
func Mknod(path string, mode uint32, dev int) error              { return nil }
func Eventfd(initval uint, flags int) (fd int, err error)        { return }
func InotifyInit1(flags int) (fd int, err error)                 { return }
func EpollCreate1(flag int) (fd int, err error)                  { return }
func EpollCtl(epfd int, op int, fd int, event *EpollEvent) error { return nil }
func EpollWait(epfd int, events []EpollEvent, msec int) (n int, err error) {
	return
}
func Poll(fds []PollFd, timeout int) (n int, err error) { return }
func Ppoll(fds []PollFd, timeout *Timespec, sigmask *Sigset_t) (n int, err error) {
	return
}
func Select(nfd int, r *FdSet, w *FdSet, e *FdSet, timeout *Timeval) (n int, err error) {
	return
}
func SetNonblock(fd int, nonblocking bool) error     { return nil }
func FcntlInt(fd uintptr, cmd, arg int) (int, error) { return 0, nil }
func IoctlSetInt(fd int, req uint, value int) error  { return nil }
func Read(fd int, p []byte) (n int, err error)       { return }
func Write(fd int, p []byte) (n int, err error)      { return }
func Close(fd int) error                             { return nil }
