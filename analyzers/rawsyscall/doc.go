// Package rawsyscall defines an Analyzer that reports raw system calls
// (syscall.RawSyscall and its relatives) of system calls that can block.
//
// # Analyzer rawsyscall
//
// rawsyscall: report RawSyscall of a system call that can block, which stalls every goroutine queued on the caller's P
//
// syscall.Syscall tells the scheduler that the goroutine is entering the
// kernel (entersyscall): if the call takes long, the runtime hands the
// goroutine's P, and the goroutines queued on it, to another thread.
// syscall.RawSyscall, syscall.RawSyscall6 and golang.org/x/sys/unix's
// RawSyscall, RawSyscall6 and RawSyscallNoError skip that step. They are
// meant for calls that return at once (getpid, gettid, clock_gettime); a
// raw call that blocks keeps its P captive, so every goroutine queued on
// that P stalls until the kernel returns, and with GOMAXPROCS=1 the whole
// program can deadlock. Real cases: a sandbox's raw read of a pipe that
// deadlocked the scheduler; dup2 and dup3 through RawSyscall hanging on
// FUSE-backed descriptors (dup2 may close the old descriptor, and close
// flushes).
//
// The analyzer reports a raw call whose system call number is a constant
// naming a call that can block ("syscall.RawSyscall of SYS_READ can
// block"); call the package's Syscall, Syscall6 or SyscallNoError
// instead:
//
//   - I/O, which on a pipe, socket, terminal, device or FUSE file waits
//     for the other end: read, write, readv, writev, pread64, pwrite64,
//     preadv(2), pwritev(2), sendfile, splice, tee; open, openat, openat2
//     and creat (opening a FIFO, device, NFS or FUSE file can wait); close
//     (it flushes, and waits on NFS and FUSE files); dup2 and dup3 (they
//     may close the old descriptor);
//   - sockets, which wait for the peer: accept, accept4, connect, recv,
//     recvfrom, recvmsg, recvmmsg, send, sendto, sendmsg, sendmmsg;
//   - waiting for a child, sleeping, or waiting for a signal or on a
//     futex: wait4 and waitid (unless the options are a constant with
//     WNOHANG), nanosleep, clock_nanosleep, pause, rt_sigsuspend,
//     rt_sigtimedwait, futex, futex_wait, futex_waitv;
//   - polling, which waits for descriptors to become ready: poll,
//     epoll_wait and epoll_pwait unless the millisecond timeout argument
//     is the constant 0; ppoll, select, pselect6, epoll_pwait2 and kevent
//     always, because their timeout is a pointer and a nil one waits for
//     ever;
//   - waiting for a file lock or the disk: flock, fcntl with the constant
//     command F_SETLKW, F_SETLKW64 or F_OFD_SETLKW, fsync, fdatasync,
//     sync_file_range, sync, syncfs;
//   - waiting on a System V or POSIX IPC object or for asynchronous I/O:
//     msgrcv, msgsnd, semop, semtimedop, mq_timedreceive, mq_timedsend,
//     io_getevents, io_pgetevents, io_uring_enter.
//
// The number is recognised by name when the argument is a constant named
// SYS_<NAME> (syscall.SYS_READ, unix.SYS_READ, or a constant of your own
// with that spelling; a darwin _NOCANCEL suffix is ignored), on any GOOS
// and GOARCH. Any other constant (a literal 0, or const sysRead = 63) is
// looked up in the numbering of the target, which the analyzer reads from
// the SYS_ constants of the type-checked syscall or golang.org/x/sys/unix
// package it calls, so it always matches the GOOS/GOARCH being analyzed:
// linux/amd64 and linux/arm64 (and the arm64-numbered riscv64 and loong64)
// are known. On other targets such a number is not reported.
//
// Not reported: non-blocking calls (getpid, gettid, getuid,
// clock_gettime, ...), a system call number that is not a constant, the
// syscall and golang.org/x/sys/unix packages themselves, and raw calls in
// a function that itself forks with a raw clone, fork or vfork: between
// fork and exec the child may only make raw calls.
//
// A suggested fix renames the call: RawSyscall to Syscall, RawSyscall6 to
// Syscall6 (same signatures), and RawSyscallNoError to SyscallNoError when
// the unix package declares it (it does on linux), otherwise to Syscall
// with the extra error result discarded, where that compiles (a call
// statement or a two-value assignment or declaration).
//
// Evidence (syscallvet experiment rawsyscall; docs/EXPERIMENTS.md): with
// GOMAXPROCS=1, a 100 ms nanosleep through RawSyscall stopped a 1 ms
// ticker for the whole 101 ms; through Syscall the P was handed off and
// the ticker kept running.
//
// Known false positives: a call that cannot block because of its
// arguments the analyzer does not read (a read of a descriptor known to
// be non-blocking, nanosleep of zero, io_uring_enter without
// IORING_ENTER_GETEVENTS) is reported; so is a raw call in a forked child
// that is not in the same function as the fork. Silence a deliberate case
// on the line of the call or the line above it:
//
//	//syscallvet:ignore rawsyscall runs in the forked child before exec
//
// golangci-lint users can also use //nolint:syscallvet.
//
// Since v0.1.0.
package rawsyscall
