// Package lockosthread defines an Analyzer that reports calls to
// runtime.LockOSThread that are not undone before the function returns.
//
// # Analyzer lockosthread
//
// lockosthread: report runtime.LockOSThread calls not undone on every path, and lock calls that nest
//
// runtime.LockOSThread wires the calling goroutine to its OS thread until
// a matching runtime.UnlockOSThread. While wired, the thread runs no other
// goroutine: a goroutine that returns to its caller, a worker pool or an
// HTTP server still locked keeps its thread captive, and every such
// goroutine costs the process one more thread. The lock count nests: each
// LockOSThread needs its own UnlockOSThread, so a lock taken twice and
// undone once leaves the goroutine wired.
//
// The analyzer reports:
//
//   - a lock call from which some path reaches a return (or the end of the
//     function) without an unlock: called directly, deferred, or through a
//     helper that unlocks. The diagnostic names the line of the leaking
//     return ("runtime.LockOSThread is not undone on the return at line
//     42"). Paths that end in panic, os.Exit, log.Fatal or
//     runtime.Goexit do not count. Call runtime.UnlockOSThread on every
//     path, usually deferred right after the lock.
//   - a lock call in a loop that is not undone within the same iteration,
//     including the common "defer runtime.UnlockOSThread()" inside a loop,
//     which runs only when the function returns: each iteration adds a
//     lock level that a later unlock does not remove. Unlock before the
//     iteration ends.
//   - a lock call made while a lock taken earlier in the same function is
//     still held, when that second lock is itself left held: one
//     UnlockOSThread leaves the goroutine wired. Give each lock its own
//     unlock.
//   - a call to a helper that locks and returns the function that undoes
//     the lock, when the caller discards that function (a call statement,
//     or an assignment to _): the diagnostic says so, rather than calling
//     it a nesting or a missing unlock (seen in netlink's test set-up
//     helpers). Keep the returned function and call it, usually deferred.
//   - a helper that locks and returns a teardown function undoing fewer
//     lock levels than it took (it locks twice, the returned function
//     unlocks once): it is not a lock helper, since its callers stay wired
//     to the thread after calling the teardown, and the extra lock is
//     reported. The levels count only when the returned function is
//     runtime.UnlockOSThread or a function of the package whose every call
//     the analyzer resolves.
//   - a function that returns with a lock helper's lock held although the
//     package pairs that helper with its release elsewhere (see "Deviant
//     callers" below).
//
// Helpers are followed across packages: a function that returns with the
// thread locked on every path (a "lock helper") passes the obligation to
// its callers, and a call to a function that unlocks counts as an unlock.
// A lock helper that returns the function undoing its lock hands that
// function to its callers: "defer pin()()" locks at the defer statement
// and unlocks at return, and so do "undo := pin(); defer undo()" and
// "pin()()".
//
// Not reported, because these are correct, documented uses:
//
//   - a goroutine root (the function literal or function started by a go
//     statement, errgroup.Group.Go or sync.WaitGroup.Go) that locks and
//     never unlocks: the goroutine exits locked and the runtime destroys
//     the thread, which is the right way to discard a thread whose state
//     (network namespace, credentials) was changed (Go 1.10+).
//   - init functions and main.main, which lock the main thread for
//     thread-affine libraries (GUI toolkits, OpenGL).
//   - a reexec entry point: a function passed to reexec.Register (of
//     github.com/docker/docker/pkg/reexec, github.com/moby/sys/reexec,
//     go.podman.io/storage/pkg/reexec or
//     github.com/containers/storage/pkg/reexec) is the main of a
//     re-exec'd child, which exits when it returns. So is an unexported
//     function, not a method, that the package calls only from such entry
//     points or main.main (podman's podmanTopInner, called only by the
//     entry point podmanTopMain, which calls os.Exit); one also called
//     elsewhere, started as a goroutine or used as a value is checked.
//   - a lock helper that returns locked on every path; its callers are
//     checked instead.
//
// A suggested fix inserts "defer runtime.UnlockOSThread()" right after the
// lock when the function has no unlock at all and the lock is not in a
// loop.
//
// Evidence: 200 goroutines parked while locked kept 205 OS threads alive;
// once they exited locked the process was back to 8 threads (go1.26, see
// syscallvet experiment lockosthread; docs/EXPERIMENTS.md).
//
// A return that keeps the goroutine locked because per-thread state it
// changed could not be restored (a failed setns back, an unshare) is not
// reported either: the thread must run nothing else, and exiting locked
// later destroys it. The taintedthread rule checks those paths.
//
// Deviant callers: a function that returns locked is taken for a lock
// helper, and only its callers are checked. When the package pairs a lock
// helper (say pin() int, which locks and returns the thread ID) with its
// release at most of its calls, a function that calls it and returns
// with its lock held on every path is reported as deviating from that
// use: "show returns with the lock pin takes held, while 3 of the 4
// calls of pin release it
// (line 12, line 20, line 31)". A call releases the
// lock when the calling function undoes it on every path (directly,
// deferred or through an unlock helper, or through a deferred call the
// analyzer cannot resolve) or returns a function that undoes it. The
// heuristic counts only the analyzed package's calls, and reports when at
// least twice as many release the lock as keep it, so at least two. Calls
// in goroutine roots, init and main, and returns that keep a thread whose
// per-thread state could not be restored, count neither way. A caller is
// never reported when it is a function literal, a conditional lock helper
// (locked exactly when it returns no error), a function whose name or doc
// comment mentions lock, pin, wire or acquire (as a substring: "unlock",
// "spin" and "wiring" count too), or a function that some call in the
// package releases, as it is then used as a lock helper itself.
//
// Known false positives: a deliberate lock helper of the package that
// calls a helper the rest of the package releases, when neither its name
// nor its doc comment says that it returns locked and the package never
// calls it (an exported entry point such as Enter): say so in its doc
// comment ("Enter locks the calling goroutine to its thread ...") or
// silence it with a directive.
//
// Known false negatives: a function that locks and never unlocks is taken
// for a lock helper; if no caller in the analyzed code unlocks (an
// exported function called only from elsewhere), nothing is reported,
// unless the deviant-caller heuristic above applies.
// Unlocks through interfaces or function values the analyzer cannot
// resolve are assumed to happen when deferred, which can hide real leaks.
//
// To silence a deliberate case, write on the line of the lock call or the
// line above it:
//
//	//syscallvet:ignore lockosthread the thread is handed to C for the process lifetime
//
// golangci-lint users can also use //nolint:syscallvet.
//
// Since v0.1.0.
package lockosthread
