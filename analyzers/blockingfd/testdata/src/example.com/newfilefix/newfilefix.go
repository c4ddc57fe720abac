package newfilefix

import (
	"os"
	sys "syscall"

	"golang.org/x/sys/unix"
)

func Socket() (*os.File, error) {
	fd, err := sys.Socket(sys.AF_INET, sys.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "tcp"), nil // want `blocking socket from syscall.Socket`
}

func Eventfd(buf []byte) {
	fd, _ := unix.Eventfd(0, unix.EFD_CLOEXEC)
	if fd >= 0 {
		f := os.NewFile(uintptr(fd), "eventfd") // want `blocking eventfd from unix.Eventfd`
		f.Read(buf)
	}
}

func Pipe() (r, w *os.File) {
	var p [2]int
	sys.Pipe(p[:])
	switch {
	default:
		r = os.NewFile(uintptr(p[0]), "r") // want `blocking pipe`
	}
	w = os.NewFile(uintptr(p[1]), "w") // want `blocking pipe`
	return
}

type conn struct{ fd int32 }

// Other fields and elements.
func Field(c *conn) *os.File {
	fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	c.fd = int32(fds[0])
	return os.NewFile(uintptr(fds[1]), "b") // want `blocking socket pair`
}

// A descriptor of another integer type is converted.
func Narrow() *os.File {
	fd, _ := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	fd32 := int32(fd)
	return os.NewFile(uintptr(fd32), "tcp") // want `blocking socket`
}
