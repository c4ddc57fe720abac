// Package blockingfd defines an Analyzer that reports file descriptors
// kept out of the runtime's netpoller, where every blocked read or write
// holds an OS thread.
//
// # Analyzer blockingfd
//
// blockingfd: report descriptors outside the netpoller: os.NewFile of a blocking descriptor, Fd() on a file still used for I/O, and goroutines parked in EpollWait, Poll or Select
//
// The netpoller lets a goroutine blocked on a socket, pipe, terminal or
// device park without an OS thread, and lets Close and deadlines wake it.
// That works only for descriptors in non-blocking mode that the runtime
// registered. A blocking descriptor holds a thread for every blocked Read
// or Write, and Close cannot interrupt the call: a reader stuck on a TUN
// device or a pipe whose writer went away never returns, and N such
// readers need N threads (past 10,000 the runtime aborts the process).
//
// The analyzer reports:
//
//   - os.NewFile(fd, name) where fd comes, in the same function, from
//     syscall or golang.org/x/sys/unix Socket, Socketpair, Accept,
//     Accept4, Pipe, Pipe2, InotifyInit, InotifyInit1, EpollCreate,
//     EpollCreate1, Eventfd, Signalfd, TimerfdCreate, FanotifyInit, or
//     Open and Openat of a character device (a constant path such as
//     /dev/net/tun or /dev/ttyUSB0) or of a FIFO made with Mkfifo in the
//     function, created without SOCK_NONBLOCK, O_NONBLOCK, IN_NONBLOCK,
//     EFD_NONBLOCK, SFD_NONBLOCK, TFD_NONBLOCK or FAN_NONBLOCK (flags may
//     be combined with |, and fd converted with uintptr(fd)) and with no
//     SetNonblock(fd, true) before NewFile. os.NewFile registers a
//     descriptor with the netpoller only if it is already non-blocking.
//     Create the descriptor non-blocking (SOCK_NONBLOCK in a socket's
//     type; Accept4, Pipe2 or InotifyInit1 with their non-blocking flag
//     instead of Accept, Pipe or InotifyInit; O_NONBLOCK when opening a
//     device or FIFO), or call SetNonblock(fd, true) before os.NewFile,
//     the only way for an epoll descriptor. A suggested fix inserts
//     syscall.SetNonblock(fd, true), or the golang.org/x/sys/unix one when
//     the descriptor came from there, before the statement.
//   - (*os.File).Fd() on a file that is read, written, given a deadline or
//     closed from another goroutine afterwards (or, for a device or FIFO,
//     handed out of the function): when the os package had put the
//     descriptor in non-blocking mode (os.Open and os.OpenFile of a
//     device or FIFO, os.Pipe, the File method of net connections and
//     listeners), Fd switches it back to blocking mode, so deadlines stop
//     working and a blocked Read holds a thread and cannot be woken by
//     Close (a real case: a TUN device reader that never returned). Reach
//     the descriptor with f.SyscallConn() and RawConn.Control instead;
//     there is no automatic fix.
//   - a goroutine that loops on EpollWait, Poll, Ppoll, Select or Pselect
//     with a negative or nil (no) timeout on a descriptor of its own (one
//     it created, captured from the function that started it, or held in
//     a field of its receiver): every instance parks an OS thread in the
//     kernel for as long as it waits. Make the descriptor non-blocking and
//     let the netpoller wait instead (os.NewFile, then Read, or
//     SyscallConn().Read).
//
// Not reported: os.NewFile of a descriptor created non-blocking, made
// non-blocking by SetNonblock(fd, true), fcntl or ioctl before NewFile, or
// passed to a helper of the package before it (which may do so); a NewFile
// whose file Go never reads or writes: it is only closed (also by a closing
// helper of another package whose name starts with Close, such as podman's
// errorhandling.CloseQuiet), Stat'ed, handed to a child process
// (exec.Cmd.ExtraFiles, os.ProcAttr.Files), given to net.FileConn (which
// works on a non-blocking duplicate) or has its descriptor passed on with
// Fd, also when an unexported function of the package returns it (one
// result or several, such as both ends of a socket pair) to callers that do
// only that (and never uses the function as a value), or when it is kept in
// an unexported field whose values the package only uses that way anywhere
// (and whose address it never passes on); or whose descriptor the function
// itself reads with raw syscalls (blocking on purpose); Fd() on a file that
// is not used for I/O afterwards (passing a listening socket to a child
// process, flock on a file that is then closed; a device or FIFO returned
// or kept in a field, as for os.NewFile above, for code of the package that
// never reads it), on a file from os.NewFile (Fd leaves those alone), or on
// a file whose kind is unknown (a parameter, say, which may well be a
// regular file: regular files never use the netpoller) unless it is given a
// deadline; Fd() whose descriptor is put back by SetNonblock(fd, true) on
// every path to the use (the Fd result, also through a variable or a map
// entry under a constant key or a package-level variable the package never
// assigns, such as unix.Stdin, that no update under another variable or a
// computed key may overwrite first, unless that key is another file's
// Fd(); first thing in the goroutine that uses the file counts): the file stays registered with the netpoller, so its Read
// parks there and deadlines and Close work again; Fd() on a file that Go
// never reads, writes or gives a deadline (it is only closed, also through
// an interface such as io.WriteCloser) when the code sets the mode itself
// with SetNonblock(fd, false) before the Close, for raw I/O of its own; a
// poll loop on a package-level descriptor (one event loop for the whole
// process) or with a finite timeout. Descriptors that flow between
// functions are not followed, except files returned or kept in fields as
// above.
//
// Evidence (syscallvet experiment blockingfd; docs/EXPERIMENTS.md): 1,000
// goroutines reading idle pipes from os.NewFile of blocking descriptors
// held 1,005 threads and Close woke none of them; with non-blocking
// descriptors: 5 threads, and Close woke all 1,000.
//
// Known false positives: a device that does not support poll(2) (rare among
// character devices that block) gains nothing from O_NONBLOCK, and the
// suggested fix would turn its reads into EAGAIN errors; a poll loop of
// which the program runs only one instance is reported when its descriptor
// is created per instance; a file returned by an exported function, or
// handed to another package's function, is taken as read, since the
// analyzer cannot see what happens to it there (flannel's ip.OpenTun, whose
// only caller, in another package, passes the descriptor to C); an update
// of the map under another variable or a parameter is taken to overwrite
// the entry that notes the descriptor, even when the numbers differ.
// Silence a
// deliberate case on the reported line or the line above it:
//
//	//syscallvet:ignore blockingfd one reader thread for the process lifetime
//
// golangci-lint users can also use //nolint:syscallvet.
//
// Since v0.1.0.
package blockingfd
