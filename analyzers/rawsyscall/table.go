package rawsyscall

// A rawFunc is a raw system call entry point, keyed in rawFuncs by
// types.Func.FullName.
type rawFunc struct {
	repl    string // the entersyscall twin with the same signature
	noError bool   // RawSyscallNoError: two results; falls back to Syscall with the error discarded
}

var rawFuncs = map[string]rawFunc{
	"syscall.RawSyscall":                      {repl: "Syscall"},
	"syscall.RawSyscall6":                     {repl: "Syscall6"},
	"golang.org/x/sys/unix.RawSyscall":        {repl: "Syscall"},
	"golang.org/x/sys/unix.RawSyscall6":       {repl: "Syscall6"},
	"golang.org/x/sys/unix.RawSyscallNoError": {repl: "SyscallNoError", noError: true},
}

// rawPkgs are the packages that declare rawFuncs: a package importing
// neither cannot have a finding, and the two themselves are not checked
// (their raw calls run in forked children or cannot block).
var rawPkgs = map[string]bool{"syscall": true, "golang.org/x/sys/unix": true}

// A block says which constant arguments make a system call that can
// block return at once. Argument indexes count the raw call's arguments
// after the number: 1 is a1.
type block struct {
	zeroTimeout int // a millisecond timeout: the constant 0 means "do not wait"
	noHang      int // wait options: a constant with WNOHANG means "do not wait"
	lockCmd     int // a fcntl command: only the F_SETLKW family waits
}

// blocking lists, by lowercase name (SYS_READ → "read"), the system calls
// that can block. Names of other systems (pread, kevent, waitpid) are here
// for SYS_ constants recognised by name; the numberings cover Linux.
var blocking = map[string]block{
	// I/O on a pipe, socket, terminal, device or FUSE file waits for the other end.
	"read":     {},
	"write":    {},
	"readv":    {},
	"writev":   {},
	"pread":    {},
	"pwrite":   {},
	"pread64":  {},
	"pwrite64": {},
	"preadv":   {},
	"pwritev":  {},
	"preadv2":  {},
	"pwritev2": {},
	"sendfile": {},
	"splice":   {},
	"tee":      {},

	// Opening a FIFO, device, NFS or FUSE file can wait; close flushes, and
	// waits on NFS and FUSE files; dup2 and dup3 may close the old descriptor.
	"open":    {},
	"openat":  {},
	"openat2": {},
	"creat":   {},
	"close":   {},
	"dup2":    {},
	"dup3":    {},

	// Sockets wait for the peer.
	"accept":   {},
	"accept4":  {},
	"connect":  {},
	"recv":     {},
	"recvfrom": {},
	"recvmsg":  {},
	"recvmmsg": {},
	"send":     {},
	"sendto":   {},
	"sendmsg":  {},
	"sendmmsg": {},

	// Waiting for a child process.
	"wait4":   {noHang: 3},
	"waitid":  {noHang: 4},
	"waitpid": {noHang: 3},

	// Sleeping, or waiting for a signal or on a futex.
	"nanosleep":       {},
	"clock_nanosleep": {},
	"pause":           {},
	"sigsuspend":      {},
	"rt_sigsuspend":   {},
	"rt_sigtimedwait": {},
	"futex":           {},
	"futex_wait":      {},
	"futex_waitv":     {},

	// Waiting for descriptors to become ready, or for kernel events (kevent).
	"poll":         {zeroTimeout: 3},
	"epoll_wait":   {zeroTimeout: 4},
	"epoll_pwait":  {zeroTimeout: 4},
	"ppoll":        {},
	"select":       {},
	"_newselect":   {},
	"pselect6":     {},
	"epoll_pwait2": {},
	"kevent":       {},

	// Waiting for a file lock or for the disk.
	"flock":           {},
	"fcntl":           {lockCmd: 2},
	"fcntl64":         {lockCmd: 2},
	"fsync":           {},
	"fdatasync":       {},
	"sync_file_range": {},
	"sync":            {},
	"syncfs":          {},

	// Waiting on a System V or POSIX IPC object, or for asynchronous I/O.
	"msgrcv":          {},
	"msgsnd":          {},
	"semop":           {},
	"semtimedop":      {},
	"mq_timedreceive": {},
	"mq_timedsend":    {},
	"io_getevents":    {},
	"io_pgetevents":   {},
	"io_uring_enter":  {},
}

// forks are the system calls after which, in the same function, raw calls
// may run in a forked child, where entersyscall must not be called.
var forks = map[string]bool{"clone": true, "clone3": true, "fork": true, "vfork": true}

// lockCmdNames are the fcntl commands that wait for a lock.
var lockCmdNames = []string{"F_SETLKW", "F_SETLKW64", "F_OFD_SETLKW"}
