// Package blockingfanout defines an Analyzer that reports unbounded
// goroutine fan-out over calls that hold an OS thread while they block.
//
// # Analyzer blockingfanout
//
// blockingfanout: report a goroutine per item of an unbounded iteration when the goroutine blocks an OS thread
//
// A goroutine blocked on a network connection parks in the netpoller and
// holds no OS thread. A goroutine blocked in a regular-file read, write,
// open, fsync or stat, in flock, in a fork/exec wait, in a blocking raw
// syscall or in any cgo call holds an OS thread for the whole call. One
// goroutine per item of a collection of unknown size therefore means one
// thread per item: 1,000 goroutines in a 20 ms blocking syscall peaked at
// 317 OS threads (15 with an 8-slot semaphore), 12,000 reached 8,279
// threads, and past 10,000 threads the runtime aborts the process with
// "program exceeds 10000-thread limit" (go1.26, 2 cores; see the
// syscallvet experiment blockingfanout; docs/EXPERIMENTS.md).
//
// The analyzer reports a go statement, errgroup.Group.Go or TryGo,
// sync.WaitGroup.Go (Go 1.25+), the Go methods of
// github.com/sourcegraph/conc's WaitGroup and pool.Pool, or a call of a
// same-package function that starts such a goroutine and returns without
// waiting for it (a wait is as for an iteration, below, and may also be
// a return statement or an if statement's initialiser that receives:
// "return <-done"), unless every return after the spawn hands back the
// channel the goroutine closes or sends on and the iteration receives from
// it as it would wait for a goroutine of its own (rc, errc := extract(l);
// ...; if errc != nil { <-errc }), when
//
//   - it runs once per iteration of an unbounded iteration: a for or range
//     loop over a slice, map, string, channel or iterator function not
//     known to be small, a loop with no condition (fed by reads), a
//     counting loop up to len(...) or another value not known to be
//     small, the callback of filepath.Walk,
//     filepath.WalkDir or fs.WalkDir, or a function that starts itself
//     recursively; or it is in a function literal stored in a variable or
//     struct field (an eviction callback, an OnEach hook) that the package
//     calls once per iteration of such an iteration, with no token taken
//     before the call: the diagnostic then names the callback, the
//     function with the loop and the loop's line;
//   - the goroutine may block an OS thread, according to the blocking
//     facts (followed across packages; the diagnostic names the call chain,
//     e.g. "via parse → os.ReadFile"), also when it calls a function-valued
//     variable or struct field whose every value blocks ("via c.load →
//     os.ReadFile" for a field that constructors set to os.ReadFile or to
//     closures reading files);
//   - and no bound is in force.
//
// Bound the fan-out with errgroup.Group.SetLimit or a semaphore, so that at
// most a fixed number of such goroutines run at once. Recognised bounds:
// errgroup.Group.SetLimit on the same group in the function; a conc pool
// built with WithMaxGoroutines; a send on a channel (a semaphore), a
// discarded receive (a token) or a semaphore.Weighted Acquire in the loop
// before the spawn; the same, or a sync.Mutex lock that serialises the
// work, taken before the blocking call in the goroutine or in the function
// along the call chain that makes it (the blocking facts record such calls
// as bounded); a per-key lock (github.com/moby/locker's Lock(id)) held
// at every thread-holding call of the goroutine, taken by the goroutine or
// along the call chain with the key passed down as a parameter, when the
// key is the same for every goroutine of the loop: a constant, or a
// variable declared outside every loop around the spawn (in the loop's
// function, or in one whose function literals capture it), never
// reassigned and whose address is not taken; and when the lock is the
// same too: a package-level variable's, or one reached from such a
// variable (the receiver d of d.Get(id), or the d passed to a helper that
// locks through its parameter) (one goroutine blocks, the others park on
// the lock; a key or a lock that varies per item bounds nothing); a token taken in the loop before a call of a same-package
// function that starts the goroutine, as before a spawn; loops whose trip
// count is at or below the -blockingfanout.workers threshold (default 64),
// in a _test.go file at or below the larger of it and
// -blockingfanout.testworkers (default 999: a test that starts 500
// goroutines does so on purpose, as a stress test, and holds at most that
// many threads while it runs, far from the 10,000 limit; a test is never
// held to a stricter threshold than other code), or is runtime.NumCPU()/runtime.GOMAXPROCS(0); a counting
// loop that starts workers draining a channel (a worker pool); and an
// iteration that waits
// for the goroutine it started before it ends (a receive on a channel the
// goroutine closes or sends on, also under an "if ch != nil" guard, or a
// WaitGroup's Wait), with no return, break, continue or goto in between:
// one such goroutine runs at a time. A break out of a switch or loop that
// ends before the wait does not count, nor, in a for or range loop not
// nested in another loop, a return or a break out of that loop: it ends
// the loop, leaving one goroutine behind (an error return between
// "rc, errc, err = extract(l)" and the receive).
// The wait is looked for after the spawn in the block that holds it, then
// after that block: an if block that spawns, waits and continues is joined,
// one that spawns and continues before a later wait is not. The close, send
// or Done must be the goroutine's last thread-holding act, each time it
// signals on that channel: a goroutine that reports "started" and goes on
// to wait for its child is not waited for by a receive of the report. A
// goroutine that runs a local variable (go setID(p)) is followed to the
// function literals assigned to it, when those are its only values, and
// signals only what all of them signal. A select that can give up waiting
// (a timeout) is not such a wait, unless every other case either waits too,
// in its body before anything there can leave (go-sqlite3 interrupts the
// statement on cancellation, then receives), or kills the process the
// goroutine waits for ((*os.Process).Kill or Signal, syscall.Kill): the
// goroutine's Wait then returns at once, as in exec hooks run with a
// timeout. For a goroutine started by a callback, the loop is the one that
// calls the callback (its trip count, a token taken before the call), and
// the callback's body stands for the loop body (a token taken before the
// spawn, a wait before it returns).
//
// A supervisor loop is bounded too: a range over a local channel on
// which goroutines report their end (fasthttp's prefork: each child's
// wait goroutine sends the child's exit, and the loop starts one
// replacement per exit). It needs the channel to be used only by the
// loop, by sends and by len, cap and close; each send to be the only one
// of a goroutine function literal, in no loop of it; and each such
// goroutine to be started either outside the loop where every loop
// around the start has a small trip count, or once per iteration,
// directly in the loop's body, by the spawn in question, whose send must
// then be its last thread-holding act (a start may be a call of a local
// variable holding a literal that spawns, if the variable is only
// called). The loop then runs once per goroutine started before it, and
// each replacement starts after the goroutine it replaces stopped
// blocking. A second spawn per iteration, a sender in a loop or a channel
// handed elsewhere (signal.Notify) keeps the report.
//
// Trip counts known to be small are sized from the package's syntax and
// types, never from other packages: a constant; runtime.NumCPU() or
// runtime.GOMAXPROCS(0), as a unit C (a count of n + k·C is small when n
// and k are at or below the threshold, and C·C is not); a sum or product
// of such counts (a, b := 40, 40; for i := 0; i < a+b; i++ runs 80
// times, above the default threshold), or a min of which one is small; a
// local variable (not a parameter) whose every value is such a count, whose address is not
// taken and which no operator assignment changes (numPulls := 3; for i :=
// 0; i != numPulls; i++), or a package-level variable of the same kind
// that only this package can assign (unexported, or in a main or external
// test package); a parameter, never assigned, of a function that
// only this package can call (unexported and not a method, or in a main
// or external test package) and that it calls at least once and never
// uses as a value, when every call passes such a count (a test helper
// writeAll(t, fds, count) called once with the constant requestCount = 3);
// and the length of a collection small by
// construction: a composite literal, a constant string, an array, a
// slice made with a known length (make([]T, 100) in a test), or a
// local slice or map variable (or package-level, as above: u-root's
// build_perf ranges over "var descs = []csvDesc{...}" with four entries)
// whose every value is one of those or an append to itself made a
// bounded number of times (once per item of a literal, or per step of a
// loop whose trip count is known as above: go-fuse's read benchmark
// appends one command per reader, with readers := runtime.GOMAXPROCS(0);
// a size is small as a trip count is, and loops nested over the CPU count
// twice are not sized). The cases
// of a table-driven test, ranged with "for _, tt := range tests", are the
// common example; so are "repos = append(repos, tag)" in a loop over
// three literal tags, and a map literal of two port pairs. A map must
// also be only read: written through (m[k] = v) or handed to anything but
// len and delete, it may grow. An append inside a function literal, or in
// a loop whose trip count is not known, makes the size unknown, and so
// does any append to a package-level variable. A counting
// loop from a non-negative constant up to n in steps of n / k, the step
// written out or held by a local variable (width := num / 4; for start :=
// 0; start < num; start += width), runs at most 2k times, and is sized
// so; k may also be runtime.NumCPU(). (With num < k the step is zero and
// the loop never ends: a bug of its own, not reported.)
//
// Not reported: accept loops (one goroutine per connection from
// net.Listener.Accept is the standard server design), goroutines that only
// do network I/O, pipe I/O on an os.Pipe end the function made (the
// netpoller parks it; see the blocking facts), raw writes
// (syscall.Write, unix.Write) to a variable or field that the package
// only ever sets to a unix.Eventfd descriptor or to -1 (a write adds to
// the eventfd's counter and returns), sleep, or wait on channels
// and mutexes, and calls through interfaces, and through function values
// unless the package shows every value they may hold: a parameter, a field
// set from a parameter or a call's result, an exported variable or an
// exported field of an exported type (other packages may set them) and a
// variable whose address is taken are unknown, and a field with one value
// that does not block may not block. Nor are goroutines whose only
// thread-holding calls are weak, taken on paths they rarely run: a Close
// method (close(2) blocks when it flushes to NFS, a refcounted Close when
// it drops the last reference and deletes a file); (*os.File).ReadFrom
// or WriteTo, which copy helpers call only when the caller passed a file;
// any deferred call, or call in a deferred function literal, which is
// teardown (an accept loop's deferred removal of its socket file runs
// once, at shutdown); and any call after an early return, continue or
// break taken when an opt-in environment variable is empty or unset
// (p := os.Getenv("KEYLOGFILE"); if p == "" { return }, or !ok from
// os.LookupEnv), a debug path normal runs never take. A variable counts
// as opt-in when its name is a constant other than those every process
// has (HOME, PATH, USER, TMPDIR, LANG, XDG_* and the like); a variable
// holding the value must not be assigned again. A defaulted variable
// (if p == "" { p = def }) or an exit when the variable is set is no gate.
// A goroutine that also opens, reads or writes is reported, with that call
// as the witness; one whose real work is in a Close (a writer that fsyncs
// on close) is missed. Deferred calls are weak whatever they do, a deferred
// fsync as much as a deferred os.Remove: a goroutine whose only
// thread-holding call is deferred holds a thread for that one call as it
// ends, after its work, like one that only closes a file. A narrower rule
// (only after a loop that serves until shutdown) would need each
// goroutine's control flow and still not tell an accept loop from a worker
// draining a channel, whose deferred cleanup is as short.
//
// Flags:
//
//	-blockingfanout.workers N   largest constant trip count taken as a worker pool (default 64)
//	-blockingfanout.testworkers N
//	                            the same in _test.go files, when larger (default 999)
//	-blockingfanout.cgo=false   do not count cgo calls as thread-holding
//	-blockingfanout.blocking F  comma-separated full names of extra blocking functions,
//	                            as go/types prints them, e.g. "(*example.com/store.DB).Get", for
//	                            code the facts cannot see
//
// Known false positives: a collection that is small by construction in a
// way the analyzer does not follow (filled by a helper or through a field,
// a map filled by index in a loop over a literal, a count returned by a
// function) is reported; so is a bound enforced somewhere the analyzer does
// not look (a pool size passed in from the caller or read from its
// configuration, such as evio's Events.NumLoops event loops, each holding
// a thread in epoll_wait by design: 1 by default, NumCPU for -1, and
// otherwise whatever the caller asks for; a token taken by a function the
// goroutine calls before the one that blocks). A raw write to
// an eventfd that the package receives rather than creates (go-fuse's
// vhost-user call eventfd, handed over in a SET_VRING_CALL message) counts
// as a blocking syscall: the syntax cannot tell a received descriptor from
// a file's. An opt-in debug path behind an if statement instead of an
// early exit (if p := os.Getenv("X"); p != "" { open p }) still counts.
// Reads of small files from the page cache rarely block long enough to
// cost a thread (1,000 goroutines each reading a small cached file peaked
// at 9 threads); the rule still reports them, because the same code on a
// slow or network disk does. Silence such a case with a reason:
//
//	//syscallvet:ignore blockingfanout at most three config files
//
// Known false negatives: a goroutine whose only blocking work is deferred
// (defer saveState(p)) is missed, where the same call written last in its
// body is reported; so is one whose only blocking work is gated by an
// opt-in variable that deployments always set (a config file path). A
// callback is followed only from a variable or field it is stored in to the
// calls through that variable or field; one passed as an argument to a
// function that calls it per item, or called per item through another
// function, is not. Any receive whose value is discarded, before the spawn
// in the loop, counts as a token, also one from a timer or a context's Done
// channel (a delay, not a bound).
//
// golangci-lint users can also use //nolint:syscallvet.
//
// Since v0.1.0.
package blockingfanout
