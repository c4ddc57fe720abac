// Package threadstate defines an Analyzer that reports per-thread kernel
// state changed or relied on without a locked OS thread.
//
// # Analyzer threadstate
//
// threadstate: report per-thread state (namespaces, labels, thread IDs, Pdeathsig) used by a goroutine not locked to its thread
//
// Goroutines move between OS threads at any moment unless they call
// runtime.LockOSThread. Kernel state that belongs to a thread — the
// network, mount and other namespaces (setns, unshare), SELinux labels
// written to /proc/thread-self/attr or set with go-selinux's SetExecLabel,
// SetSocketLabel, SetFSCreateLabel, SetKeyLabel and SetTaskLabel (or the
// go-selinux/label variables holding them), credentials set by raw set*id
// syscalls, capabilities, the parent-death signal — changed by a goroutine
// that is not locked lands on whichever thread runs it at that instant,
// leaks into the unrelated goroutines that thread runs next, and may not
// even be in effect for the rest of the goroutine's own code.
//
// The analyzer reports:
//
//   - a per-thread state change, or a read of this thread's ID (gettid)
//     used to name its state, made with no lock held, in a function that
//     is known to run unlocked: a goroutine root (the function or literal
//     started by go, errgroup.Group.Go or sync.WaitGroup.Go), init,
//     main.main, a test, or a function that manages the lock itself and
//     makes the change outside it (unless every call of it in the package
//     is made with the thread locked). Other functions pass the obligation to
//     their callers through a "needs a locked thread" fact, across
//     packages, so that a wrapper like netns.Set is reported where it is
//     called unlocked, not where it is defined. The diagnostic names the
//     call chain (via setup → netns.Set → unix.Setns). Call
//     runtime.LockOSThread first, and restore the state before unlocking
//     or let the goroutine exit locked. A thread ID read unlocked may name
//     another thread by the time it is used, since the goroutine can move
//     in between: lock before reading it.
//   - a section owner: a function that makes two or more per-thread
//     operations that must hit the same thread — a change and a use of it
//     (set the socket-create label, then net.Listen; setns, then open,
//     mount, dial, exec or a netlink call), a change and its restore, two
//     changes, or a read of the thread's identity (gettid, a handle to the
//     thread's namespace such as netns.Get) and a use of it — with no lock
//     of its own. It is reported at the first operation, exported or not,
//     unless every call of it in the package runs under a lock, its name
//     ends in Locked, or its doc comment says the caller holds the thread
//     locked (mentions LockOSThread). An unexported function whose calls
//     are all the second operation of their callers' own reported
//     sections (docker's ns.SetNamespace: setns, then getLink, which
//     reads the thread's ID and its namespace link) counts as locked: the
//     lock that fixes the caller covers it, so one report names the pair.
//     An exported one (vishvananda/netns's Get, the second operation of
//     New) is still reported: importers call it on its own. LockOSThread
//     nests, so locking inside the section is always safe. Its callers, in its
//     package (its tests included) or in others, need not lock for its
//     section, only for what it leaves changed at a return that does not
//     report failure (a namespace it enters, as netns.New does). What it
//     leaves changed only on failure (buildah's AgentServer.Serve: set the
//     socket label, listen, clear the label, each step returning its error) is
//     its own section's, which its report covers: a caller's later call does
//     not pair with it. A single-operation wrapper (a function that only calls
//     setns) is not a section owner:
//     its callers are checked instead. The parent-death signal never makes
//     a section: a child started with SysProcAttr.Pdeathsig is reported on
//     its own (below), and a later call (a dial, a write to the child's
//     uid_map) need not run on the forking thread. A function hands the thread's identity to its callers only
//     through a result derived from it (the ID, a path or a handle naming
//     the thread); one that uses the ID up itself (gettid, a
//     /proc/self/task/<tid> path, a bind mount of it) and returns only an
//     error is judged where it reads the ID, not at its callers.
//   - "/proc/self/ns/<kind>" opened in a function that locks the thread
//     or changes per-thread state (passed, directly or through local
//     variables, to os.Open, os.Stat, unix.Mount, netns.GetFromPath and
//     the like; a path only stored, compared or handed to a command is not
//     reported): /proc/self is the thread-group leader, not this thread,
//     so it names the wrong namespace once this thread has changed its
//     own, and the function remembers or restores the wrong one; a
//     suggested fix rewrites the literal to "/proc/thread-self/ns/<kind>"
//     (Linux 3.17+). "/proc/%d/ns/<kind>" formatted with os.Getpid (or
//     syscall or unix Getpid) names the same wrong thread and is reported
//     too, with no fix: use "/proc/thread-self/ns/<kind>".
//   - an exec.Cmd with SysProcAttr.Pdeathsig started with no lock held:
//     the kernel sends the signal when the thread that forked the child
//     exits, and the Go runtime retires idle threads, so the child can be
//     killed at a random moment; lock the thread around the start and keep
//     it locked while the child runs. The command may be a variable given
//     the signal in the same package, or a struct field that some
//     assignment or composite literal of the package fills with such a
//     command (built in a constructor, started in a method); the
//     diagnostic names the line where Pdeathsig was set. A signal taken
//     from a struct field (a caller's options) that no code of the package
//     sets to anything but zero counts as unset.
//
// syscall.Setuid, unix.Setreuid and friends are not reported: since Go
// 1.16 they apply to all threads of the process. Nor is a change made in
// the child's branch of a raw clone or fork ("if pid == 0" after
// RawSyscall(SYS_CLONE, ...)): it changes the child, not this thread.
//
// Code in a callback passed to a runner, a function that calls it with
// the goroutine locked and then unlocks (the CNI plugins' ns.Do, a "do in
// namespace" helper, a lock, call, unlock wrapper; recognised from the
// runner's code, in any package), runs locked and is not reported, unless
// the same function is also started as a goroutine. So does a callback
// passed through an interface method when the interface has exactly one
// implementation in its own package and that is a runner (the CNI
// plugins' ns.NetNS.Do, implemented by the unexported netNS alone); with
// two or more implementations the callback is judged as usual. What the
// callback leaves changed for the runner's unlock is taintedthread's to
// report.
//
// Evidence (syscallvet experiment threadstate; docs/EXPERIMENTS.md): 20 of
// 20 goroutines that named their thread without LockOSThread found the
// name gone within ten parks, and unrelated goroutines saw it on theirs;
// locked goroutines never did, and nobody saw their change.
//
// Known false positives and limits: a function called only by code outside
// its own package, with the lock held there, is reported if it is a
// goroutine root or test, or if it owns a section (say so in its doc
// comment, or end its name in Locked). This holds for callers in other
// packages of the same module too (buildah's
// bind.SetupIntermediateMountNamespace, locked by both its callers in
// other packages): go/analysis analyzes a package before its importers, so
// where the owner is judged its callers are unknown, and an exported owner
// no code calls must still be reported (its importers are not reported for
// its section). A section's
// "use" is a call of a known function that acts
// in the thread's namespaces or with its labels (files, mounts, sockets,
// processes, vishvananda/netlink's package functions) or of a function of
// the same package that makes one. State changed through function values
// or interfaces is invisible. A callback passed through a
// one-implementation interface to another implementation (a test fake that
// does not lock) is taken for locked and not reported. A parent-death
// signal field that only another package sets
// (slirp4netns.SetupOptions.Pdeathsig) is taken for unset: the start is
// not reported at that package's unlocked calls.
//
// To silence a deliberate case, on the reported line or the line above:
//
//	//syscallvet:ignore threadstate this process is single-threaded at this point (before any goroutine starts)
//
// golangci-lint users can also use //nolint:syscallvet.
//
// Since v0.1.0.
package threadstate
