// Package taintedthread defines an Analyzer that reports OS threads handed
// back to the scheduler with per-thread kernel state still changed.
//
// # Analyzer taintedthread
//
// taintedthread: report an unlock that hands back a thread whose namespace, label or credentials were changed and not restored
//
// Some kernel state belongs to a thread, not to the process: the network,
// mount and other namespaces (setns, unshare), SELinux exec, socket and
// key-creation labels (/proc/thread-self/attr/*), credentials changed by
// raw set*id syscalls and capabilities (capset). A goroutine that changes
// such state under runtime.LockOSThread and then unlocks, directly,
// through a deferred unlock or through a helper, without restoring it
// hands a tainted thread back to the scheduler: unrelated goroutines later
// run in the wrong namespace or with the wrong label. Container runtimes,
// CNI plugins and network daemons shipped this for years: an early return
// inside a "do in namespace" helper, a restore whose error was ignored
// before a deferred unlock, a watcher goroutine that entered a namespace
// and unlocked on exit instead of letting its thread die.
//
// The analyzer reports a per-thread state change made while the goroutine
// is locked when some path from it reaches an unlock with no restore on
// that path, or with a restore whose error result is ignored. Deferred
// calls are replayed last-in first-out, so "defer restore()" registered
// before "defer runtime.UnlockOSThread()" runs after the unlock and is
// reported; so is "defer pin()()", where pin locks and returns the
// function that unlocks, followed by a deferred restore whose error is
// dropped: the unlock runs last, on a thread the restore may have failed
// to put back. A restore whose error is returned to the caller only after
// a deferred unlock has run is checked too late, and is reported as well.
// The diagnostic names the path: "netns.Set changes the network namespace
// (via unix.Setns), not restored before the deferred unlock at line 30",
// where line 30 is the return (or the end of
// the function) that runs the deferred unlock. It names the change still
// in effect at that unlock (of several, the earliest in the source), not
// one an earlier restore already undid; where the restore is there but
// its error is dropped, it names that restore instead: "... and the
// restore at line 41 goes unchecked before the deferred unlock at line
// 42".
//
// To fix it, restore the state, check the restore before unlocking, and
// unlock only if it succeeded; or let the goroutine exit locked, so that
// the runtime destroys the thread.
//
// A lock helper that changes the state and returns the function that
// unlocks (a test helper: lock, enter a new network namespace, return a
// teardown that closes the handle and unlocks) is reported once, at its
// change, when that function does not put the state back, or unlocks
// also where putting it back failed or its error went unchecked:
// "netns.New changes the network namespace (via unix.Unshare), not
// restored before the unlock function returned at line 30"; a teardown in
// the same file that drops its restore's error is named by that restore
// ("... and the restore at line 26 goes unchecked before the unlock
// function returned at line 30"). Its callers are not reported for it, in
// any package, nor
// for changes of the same kind they make while holding its lock, which a
// teardown that put the thread back would undo; a change of another kind
// is theirs. A teardown that restores (and unlocks only if that worked)
// is a restore-and-unlock helper, and its callers are correct.
//
// Lock levels are counted through teardowns: a helper that takes two
// levels (it locks twice) and returns a function that undoes one leaves
// its callers' goroutine locked after that function runs. The changed
// thread is then never handed back (the goroutine exits locked and the
// runtime destroys the thread), so neither the helper nor its callers are
// reported, here or in other packages, also for changes the callers make
// themselves. (lockosthread judges the level kept: a leak, unless the
// thread's state is still changed there.)
//
// Changes and restores are found through helpers in any package
// (netns.Set, SELinux label setters, "do in namespace" functions) by facts
// computed from their code, not by their names; calling the same kind of
// change again while the state is changed counts as the restore. The
// exception is go-selinux's label setters (SetExecLabel, SetSocketLabel,
// SetFSCreateLabel, SetKeyLabel, SetTaskLabel), known by name: their
// /proc path is built in a helper (attrPath) or, since v1.13, opened
// through pathrs-lite, where no /proc path shows at the open; so are
// the go-selinux/label variables that hold them (label.SetProcessLabel in
// v1.8 to v1.11). Setting the label again, or clearing it
// (SetExecLabel("")), is the restore; a clear under the function's own
// lock never counts as a change, even on a path that set no label.
//
// A setns into the process's home namespace is a restore, not a change:
// the thread goes back into the state every unlocked thread is in (or
// stays as it was if the setns fails). The handle (of netns.Set,
// netns.Setns or unix.Setns, also as int(h) or h.Fd()) must be an
// unexported package-level variable of the calling package, assigned
// only where it runs once per process (at its declaration, in an init
// function, in a function literal passed to sync.Once's Do, or in an
// unexported function used only as Do's argument), and only with a
// handle of the process's own namespace: another package's function that
// returns the calling thread's namespace and changes nothing (netns.Get),
// or a call given a constant /proc/self/ns/..., /proc/thread-self/ns/...
// or /proc/1/ns/... path, directly or through local variables. A handle
// also assigned per call or taken from a new namespace (netns.New) is a
// change like any other.
//
// Errors are followed through the nil-preserving wrappers of
// github.com/pkg/errors and github.com/cockroachdb/errors (WithStack,
// Wrap, Wrapf, WithMessage, WithMessagef): where
// errors.WithStack(netns.Set(ns)) is not nil, netns.Set failed and
// changed nothing.
//
// A callback passed to a runner runs on the runner's locked thread. A
// runner is a function that calls a function parameter with the
// goroutine locked and then unlocks: a "do in namespace" helper such as
// the CNI plugins' ns.Do and WithNetNSPath, or a plain lock, call,
// unlock wrapper. It puts back only the kinds of state it changes itself;
// whatever else the callback leaves changed goes back to
// the scheduler at the runner's unlock: unsharing the mount namespace or
// setting an SELinux label inside a network namespace runner, entering a
// namespace inside a runner that changes nothing. The analyzer reports
// such a change, in a literal at the call that makes it, for a named
// function at the argument: "unix.Unshare changes the mount namespace
// in a callback of ns.Do, which restores only
// the network namespace". Runners are recognised from their code in any
// package, also when they run the callback in a goroutine they start (go,
// sync.WaitGroup.Go, errgroup.Group.Go) or pass it on to another runner,
// and behind an interface: a method of an
// interface implemented by exactly one type declared in the interface's
// package is taken for that type's method, so a call of the CNI plugins'
// ns.NetNS.Do (implemented by the unexported netNS alone) is checked like
// a call of the runner itself. Restore the change inside the callback and
// check the error, or make it in a goroutine of its own that exits
// locked.
//
// The parent-death signal a process sets on itself (prctl
// PR_SET_PDEATHSIG) is stored on the calling thread, but when the parent
// dies the kernel signals the whole thread group, so goroutines later run
// on that thread see nothing different: it is not reported. (Letting such
// a thread exit locked would lose the setting.) Changes made in the
// child's branch of a raw clone or fork ("if pid == 0" after
// RawSyscall(SYS_CLONE, ...)) belong to the child and are not followed.
//
// Not reported, because these are the correct patterns:
//
//   - restore, and unlock only if the restore succeeded: the path where
//     the restore failed returns with the goroutine still locked, which
//     lockosthread also accepts, so the thread never runs anything else;
//   - never unlock and let the goroutine exit locked: the runtime destroys
//     the thread (Go 1.10+);
//   - a helper that restores and unlocks (checking the restore itself),
//     deferred or called directly, or handed back by a lock helper:
//     "defer setup(t)()", where setup locks, enters a namespace and
//     returns a teardown that restores it and unlocks only if that
//     worked, through any chain of closures and methods. A teardown that
//     unlocks without restoring, or also where its restore failed, is no
//     such helper, and is reported at its lock helper; nor is a helper,
//     deferred or called directly, that drops its restore's error and
//     unlocks anyway: the change before it is reported ("... and the
//     restore at line 37 goes unchecked before it unlocks");
//   - a deferred unlock guarded by a local flag ("if unlock {
//     runtime.UnlockOSThread() }") that is cleared where the restore
//     fails, in the body ("if err := netns.Set(orig); err != nil { unlock
//     = false }") or in a deferred function literal registered after the
//     guarded unlock, which therefore runs before it. The flag is followed
//     through its constant assignments on each path;
//   - a callback that undoes its own change, or changes only kinds its
//     runner restores; a callback run by a goroutine that exits locked;
//   - a deferred unlock run at the return of main.main or of a reexec
//     entry point (a function or literal passed to reexec.Register of
//     docker's or moby's pkg/reexec or of c/storage's): the process ends
//     right after it, so no other goroutine gets the thread (docker's
//     setup-resolver, fwmarker and redirector children). An unlock called
//     before more of the entry point's code runs, or at the return of a
//     function it calls, is reported as usual.
//
// Evidence: a goroutine that renamed its thread with prctl(PR_SET_NAME)
// and unlocked without restoring left the name visible to later
// goroutines scheduled on that thread (syscallvet experiment taintedthread; docs/EXPERIMENTS.md).
//
// Known false positives: a change made through a function value or an
// interface method is invisible, and so is its restore; the analyzer then
// reports nothing for it. A change whose kind the analyzer cannot tell
// (setns with a non-constant namespace type) counts as "namespace", and a
// later setns of any namespace type counts as its restore. A flag that
// guards a deferred unlock is followed only through constant assignments
// in the function's body and in deferred function literals that restore
// state and assign it at the top of their failure branch; a flag assigned
// any other way, written by another function literal or passed by address
// leaves the unlock unconditional, as if there were no flag, and a correct
// function using it can be reported. A restore kept in a local function
// variable that is assigned once the change is made and called under a
// nil check ("if moveBack != nil { if err := moveBack(); ... }") is taken
// for a change of its own (the handle it sets back was taken outside the
// literal), and the nil check is not related to the assignment: such a
// correct function is reported. Restores deferred in a loop, one for
// each namespace about to be changed (moby's unshare.Go saves and defers a
// setns back for each reversible flag it is asked to unshare), are missing
// on the path where the loop defers none, and the change after the loop is
// reported there, although that path runs only when the change is empty:
// the analyzer does not relate the loop's table to the change's argument.
// A setns with namespace type 0, which takes the type from the descriptor,
// counts as restoring an unknown namespace, so it does not undo an unshare
// of the network or mount namespace even when the descriptor was opened
// from that namespace's /proc path.
// A setns into the home namespace counts as a restore only when made
// directly, in the package that keeps the handle: a helper that does it
// (docker v23's ns.SetNamespace, called by osl.InitOSContext under its
// lock) is a change for its callers. docker v23's InitOSContext stays
// reported for another reason too: its handle is assigned by the exported
// ns.Init, which its test helper calls after unsharing, so in tests the
// "home" handle names a test namespace.
//
// Callbacks are checked only where the runner is a function or method the
// analyzer can resolve: a runner reached through a function value, or
// through an interface with two or more implementations in its package
// (or none), is unknown, and its callbacks are not checked. An interface
// with one implementation there is trusted to reach it: a callback passed
// to another implementation (a test fake, another package's type) is
// judged by the package's own runner. What a
// callback leaves changed only when it returns an error is not reported
// (for another package's function: only if it leaves nothing changed on
// success). A runner
// called while its caller already holds a lock does not hand the thread
// back at its own unlock; its callback's change is reported all the same.
//
// To silence a deliberate case, on the change's line or the line above:
//
//	//syscallvet:ignore taintedthread the thread is only used by this package's pool, which re-enters the namespace
//
// golangci-lint users can also use //nolint:syscallvet.
//
// Since v0.1.0.
package taintedthread
