// Package d1pair reproduces go-fuse's unixgramSocketpair (TRIAGE15 D1
// residue, fuse/mount_linux.go:24 and :25): a helper returns both ends of
// a socket pair; its caller hands one end to a child process and reads the
// other only through net.FileConn, whose descriptor is put in
// non-blocking mode and netpolled. Go never reads or writes either file.
// The twin's caller reads one end: that end alone is reported.
package d1pair

import (
	"net"
	"os"
	"syscall"
)

func unixgramSocketpair() (l, r *os.File, err error) {
	fd, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET, 0)
	if err != nil {
		return nil, nil, os.NewSyscallError("socketpair", err)
	}
	l = os.NewFile(uintptr(fd[0]), "socketpair-half1")
	r = os.NewFile(uintptr(fd[1]), "socketpair-half2")
	return
}

func getConnection(local *os.File) (int, error) {
	conn, err := net.FileConn(local)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var data [4]byte
	control := make([]byte, 4*256)
	_, oobn, _, _, err := conn.(*net.UnixConn).ReadMsgUnix(data[:], control)
	return oobn, err
}

func callFusermount(bin, mountPoint string) (int, error) {
	local, remote, err := unixgramSocketpair()
	if err != nil {
		return 0, err
	}
	defer local.Close()
	defer remote.Close()
	proc, err := os.StartProcess(bin, []string{bin, mountPoint}, &os.ProcAttr{
		Env:   []string{"_FUSE_COMMFD=3"},
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr, remote},
	})
	if err != nil {
		return 0, err
	}
	if _, err := proc.Wait(); err != nil {
		return 0, err
	}
	return getConnection(local)
}

// Twin: the same helper shape, but its caller reads the second end with
// the blocking descriptor.
func syncPair() (parent, child *os.File, err error) {
	fd, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET, 0)
	if err != nil {
		return nil, nil, err
	}
	parent = os.NewFile(uintptr(fd[0]), "parent")
	child = os.NewFile(uintptr(fd[1]), "child") // want `os.NewFile of a blocking socket pair from syscall.Socketpair keeps it out of the netpoller`
	return
}

func waitChild(bin string, buf []byte) error {
	parent, child, err := syncPair()
	if err != nil {
		return err
	}
	defer parent.Close()
	defer child.Close()
	if _, err := os.StartProcess(bin, []string{bin}, &os.ProcAttr{Files: []*os.File{os.Stdin, os.Stdout, os.Stderr, parent}}); err != nil {
		return err
	}
	_, err = child.Read(buf)
	return err
}
