package rawsyscall

import (
	"go/constant"
	"go/types"
	"strings"
)

// A numbering maps the numbers of the system calls the analyzer knows (the
// blocking table and forks) of one GOOS/GOARCH to their names. A number
// missing here is not reported.
type numbering struct {
	target   string            // "linux/amd64"
	names    map[uint64]string // number → name, as in blocking and forks
	lockCmds []uint64          // fcntl commands that wait for a lock: F_SETLKW (= F_SETLKW64), F_OFD_SETLKW
}

// numberings are the tables the analyzer knows. linux/arm64 uses the
// generic kernel numbering, shared by linux/riscv64 and linux/loong64,
// which numberingOf therefore also recognises. Checked against GOROOT's
// zsysnum files by TestNumberings.
var numberings = []*numbering{
	{
		target:   "linux/amd64",
		lockCmds: []uint64{7, 38},
		names: map[uint64]string{
			0:   "read",
			1:   "write",
			2:   "open",
			3:   "close",
			7:   "poll",
			17:  "pread64",
			18:  "pwrite64",
			19:  "readv",
			20:  "writev",
			23:  "select",
			33:  "dup2",
			34:  "pause",
			35:  "nanosleep",
			40:  "sendfile",
			42:  "connect",
			43:  "accept",
			44:  "sendto",
			45:  "recvfrom",
			46:  "sendmsg",
			47:  "recvmsg",
			56:  "clone",
			57:  "fork",
			58:  "vfork",
			61:  "wait4",
			65:  "semop",
			69:  "msgsnd",
			70:  "msgrcv",
			72:  "fcntl",
			73:  "flock",
			74:  "fsync",
			75:  "fdatasync",
			85:  "creat",
			128: "rt_sigtimedwait",
			130: "rt_sigsuspend",
			162: "sync",
			202: "futex",
			208: "io_getevents",
			220: "semtimedop",
			230: "clock_nanosleep",
			232: "epoll_wait",
			242: "mq_timedsend",
			243: "mq_timedreceive",
			247: "waitid",
			257: "openat",
			270: "pselect6",
			271: "ppoll",
			275: "splice",
			276: "tee",
			277: "sync_file_range",
			281: "epoll_pwait",
			288: "accept4",
			292: "dup3",
			295: "preadv",
			296: "pwritev",
			299: "recvmmsg",
			306: "syncfs",
			307: "sendmmsg",
			327: "preadv2",
			328: "pwritev2",
			333: "io_pgetevents",
			426: "io_uring_enter",
			435: "clone3",
			437: "openat2",
			441: "epoll_pwait2",
			449: "futex_waitv",
			455: "futex_wait",
		},
	},
	{
		target:   "linux/arm64",
		lockCmds: []uint64{7, 38},
		names: map[uint64]string{
			4:   "io_getevents",
			22:  "epoll_pwait",
			24:  "dup3",
			25:  "fcntl",
			32:  "flock",
			56:  "openat",
			57:  "close",
			63:  "read",
			64:  "write",
			65:  "readv",
			66:  "writev",
			67:  "pread64",
			68:  "pwrite64",
			69:  "preadv",
			70:  "pwritev",
			71:  "sendfile",
			72:  "pselect6",
			73:  "ppoll",
			76:  "splice",
			77:  "tee",
			81:  "sync",
			82:  "fsync",
			83:  "fdatasync",
			84:  "sync_file_range",
			95:  "waitid",
			98:  "futex",
			101: "nanosleep",
			115: "clock_nanosleep",
			133: "rt_sigsuspend",
			137: "rt_sigtimedwait",
			182: "mq_timedsend",
			183: "mq_timedreceive",
			188: "msgrcv",
			189: "msgsnd",
			192: "semtimedop",
			193: "semop",
			202: "accept",
			203: "connect",
			206: "sendto",
			207: "recvfrom",
			211: "sendmsg",
			212: "recvmsg",
			220: "clone",
			242: "accept4",
			243: "recvmmsg",
			260: "wait4",
			267: "syncfs",
			269: "sendmmsg",
			286: "preadv2",
			287: "pwritev2",
			292: "io_pgetevents",
			426: "io_uring_enter",
			435: "clone3",
			437: "openat2",
			441: "epoll_pwait2",
			449: "futex_waitv",
			455: "futex_wait",
		},
	},
}

// numberingOf returns the numbering used by pkg, the type-checked syscall
// or golang.org/x/sys/unix package of the analyzed program, or nil. The
// package was type-checked for the target GOOS/GOARCH (not the one the
// analyzer runs on), so its SYS_ constants identify the table: every one
// of them that the table lists must agree, and SYS_READ must be among
// them.
func numberingOf(pkg *types.Package) *numbering {
	if pkg == nil {
		return nil
	}
	scope := pkg.Scope()
	for _, nb := range numberings {
		sawRead, ok := false, true
		for num, name := range nb.names {
			v, found := constValue(scope, "SYS_"+strings.ToUpper(name))
			if !found {
				continue
			}
			if v != num {
				ok = false
				break
			}
			sawRead = sawRead || name == "read"
		}
		if ok && sawRead {
			return nb
		}
	}
	return nil
}

// constValue returns the value of the integer constant name declared in
// scope.
func constValue(scope *types.Scope, name string) (uint64, bool) {
	c, ok := scope.Lookup(name).(*types.Const)
	if !ok {
		return 0, false
	}
	return uint64Val(c.Val())
}

// uint64Val returns v as a uint64 if it is a non-negative integer that
// fits.
func uint64Val(v constant.Value) (uint64, bool) {
	if v == nil || v.Kind() != constant.Int {
		return 0, false
	}
	return constant.Uint64Val(v)
}
