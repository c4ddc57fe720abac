// Package unix is a stub of golang.org/x/sys/unix (linux/amd64 values).
package unix

const (
	CLONE_NEWNS      = 0x20000
	CLONE_NEWNET     = 0x40000000
	CLONE_NEWUTS     = 0x4000000
	PR_SET_PDEATHSIG = 0x1
	PR_SET_NAME      = 0xf
	SYS_SETNS        = 308
	SYS_SETRESUID    = 117
	SYS_GETTID       = 186
	SIGKILL          = 0x9
	SIGCHLD          = 0x11
	SYS_CLONE        = 56
	CLONE_NEWUSER    = 0x10000000
	MS_BIND          = 0x1000
)

type Errno uintptr

func (e Errno) Error() string { return "errno" }

func Setns(fd int, nstype int) error                                        { return nil }
func Unshare(flags int) error                                               { return nil }
func Prctl(option int, arg2, arg3, arg4, arg5 uintptr) error                { return nil }
func Gettid() int                                                           { return 0 }
func Setreuid(ruid, euid int) error                                         { return nil }
func RawSyscall(trap, a1, a2, a3 uintptr) (r1, r2 uintptr, err Errno)       { return 0, 0, 0 }
func Mount(source, target, fstype string, flags uintptr, data string) error { return nil }
func Kill(pid int, sig int) error                                           { return nil }
func Pause() error                                                          { return nil }

const SYS_CAPSET = 126

type CapUserHeader struct{ Version uint32 }
type CapUserData struct{ Effective, Permitted, Inheritable uint32 }

func Capset(hdr *CapUserHeader, data *CapUserData) (err error) {
	_, _, e1 := RawSyscall(SYS_CAPSET, 0, 0, 0)
	if e1 != 0 {
		err = e1
	}
	return
}

const SYS_SETFSUID = 122

func SetfsuidRetUid(uid int) (prevUid int, err error) {
	return setfsuid(uid)
}

func setfsuid(uid int) (prevUid int, err error) {
	r0, _, e1 := RawSyscall(SYS_SETFSUID, uintptr(uid), 0, 0)
	if e1 != 0 {
		err = e1
	}
	return int(r0), err
}
