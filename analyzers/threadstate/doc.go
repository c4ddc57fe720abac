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
// written to /proc/thread-self/attr, credentials set by raw set*id
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
//     makes the change outside it. Other functions pass the obligation to
//     their callers through a "needs a locked thread" fact, across
//     packages, so that a wrapper like netns.Set is reported where it is
//     called unlocked, not where it is defined. The diagnostic names the
//     call chain (via setup → netns.Set → unix.Setns).
//   - "/proc/self/ns/<kind>" opened in a function that locks the thread or
//     changes per-thread state: /proc/self is the thread-group leader, not
//     this thread, so it names the wrong namespace once this thread has
//     changed its own; a suggested fix rewrites the literal to
//     "/proc/thread-self/ns/<kind>" (Linux 3.17+).
//   - an exec.Cmd with SysProcAttr.Pdeathsig started with no lock held:
//     the kernel sends the signal when the thread that forked the child
//     exits, and the Go runtime retires idle threads, so the child can be
//     killed at a random moment; lock the thread around the start and keep
//     it locked while the child runs.
//
// syscall.Setuid, unix.Setreuid and friends are not reported: since Go
// 1.16 they apply to all threads of the process.
//
// Code in a callback passed to a runner, a function that calls it with
// the goroutine locked and then unlocks (the CNI plugins' ns.Do, a "do in
// namespace" helper, a lock, call, unlock wrapper; recognised from the
// runner's code, in any package), runs locked and is not reported, unless
// the same function is also started as a goroutine. What the callback
// leaves changed for the runner's unlock is taintedthread's to report.
//
// Evidence (syscallvet experiment threadstate; docs/EXPERIMENTS.md): 20 of
// 20 goroutines that named their thread without LockOSThread found the
// name gone within ten parks, and unrelated goroutines saw it on theirs;
// locked goroutines never did, and nobody saw their change.
//
// Known false positives and limits: a function called only by code
// outside the analyzed packages, with the lock held there, is reported if
// it is a goroutine root or test; exported functions are never reported
// for their own unlocked changes (their callers are). State changed
// through function values or interfaces is invisible.
//
// To silence a deliberate case, on the reported line or the line above:
//
//	//syscallvet:ignore threadstate this process is single-threaded at this point (before any goroutine starts)
//
// golangci-lint users can also use //nolint:syscallvet.
//
// Since v0.1.0.
package threadstate
