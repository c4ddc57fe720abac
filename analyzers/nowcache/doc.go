// Package nowcache defines an Analyzer that reports background goroutines
// that cache time.Now in shared state ("coarse clocks").
//
// # Analyzer nowcache
//
// nowcache: report a background goroutine that periodically stores time.Now into shared state for others to read
//
// On Linux time.Now does not enter the kernel: it reads the clock through
// the vDSO, in about 20 ns on bare metal with a TSC clocksource and 93 ns
// per call measured on a kvm-clock virtual machine (go1.26). A "coarse
// clock" — a goroutine that wakes on a ticker or a sleep loop and stores
// time.Now() into a variable that other goroutines read — saves those tens
// of nanoseconds per read and buys in exchange a goroutine that never
// exits, a wake-up every period, and times that are up to one period
// stale: connections closed early because the cached time lagged,
// deadlines computed from a time a whole period old, durations measured
// between two cached readings that come out as zero. The cached value
// carries no monotonic reading, so it jumps with the wall clock, and
// when the store is a plain assignment it is also a data race. Projects
// that added such caches "to avoid system calls" have removed them after
// measuring.
//
// Caching IS justified in two cases. First, on hosts whose clocksource
// has no vDSO fast path, so that every time.Now is a real system call:
// hpet and acpi_pm, and xen on many Xen guests. Check with
//
//	cat /sys/devices/system/clocksource/clocksource0/current_clocksource
//
// (tsc and kvm-clock are served by the vDSO). A library that supports
// such hosts should offer the cache as an explicit opt-in, beside a
// direct implementation of the same interface or behind a configuration
// flag whose other branch calls time.Now, which this analyzer recognises
// and does not report. Second, caching formatted text (a Date header
// rendered once a second), which saves real work and is never reported.
//
// The analyzer reports the store of a fresh clock reading into state that
// other goroutines read, when
//
//   - the value is time.Now(), the time received from a ticker or timer
//     channel, or a value derived from either without formatting:
//     Unix, UnixNano, UnixMilli, UnixMicro, Truncate, Round, UTC, Local,
//     In, Add, time.Unix, conversions and arithmetic;
//   - the destination is shared: a package-level variable, a field of a
//     value the goroutine received from the code that started it (a
//     receiver, a parameter or a captured variable), or the target of a
//     sync/atomic store (atomic.Int64.Store, atomic.Value.Store,
//     atomic.Pointer.Store, atomic.StoreInt64 and friends), with or
//     without a mutex around it;
//   - the store runs in a loop paced by time.Sleep, time.Tick, time.After,
//     a time.Ticker or a time.Timer, and the clock is read in the same
//     loop, so each period stores a fresh reading;
//   - and the loop runs in a goroutine started with a go statement:
//     directly in the function or literal it starts, or in a function
//     that one calls. The clock may be read and stored by a helper the
//     loop calls (c.update()), and the reading is followed into the
//     functions of the package it is passed to, up to three calls deep.
//
// The diagnostic is reported at the store or the atomic call and names
// the destination and, when it is a constant, the refresh period
// ("background goroutine caches time.Now in c.nanos, refreshed every
// 1s"): values read from the cache are up to one period stale. There is
// no suggested fix: the readers of the cache may be in other packages;
// replace each read of it with a call of time.Now and delete the
// goroutine.
//
// Not reported, because the cache is deliberate or the loop is no
// dedicated refresher:
//
//   - caching formatted text: a loop that stores now.Format(http.TimeFormat),
//     AppendFormat output, strconv text, or text built from the calendar
//     fields (Date, Clock, Weekday) by a helper of the package (a cached
//     HTTP Date header refreshed once a second) saves formatting work on
//     every request, which is a real saving. A Unix time cached by the
//     same loop beside the text is reported;
//   - an opt-in refresher: when the refresher belongs to a type T (it is a
//     method of T, a literal inside one, or stores into a field of T) and
//     another type of the same package has a method with the same name
//     and signature as one of T's methods, returning a value, that reads
//     the clock directly (calls time.Now, itself or through a helper of
//     the package, and has no loop), the cache is offered beside a direct
//     implementation of the same interface, for hosts where it pays (see
//     above). freecache's defaultTimer and cachedTimer, both with
//     Now() uint32, are the model;
//   - an opt-in by configuration: every read of the cache in the package
//     (directly, or through a getter) is on one branch of a conditional
//     whose other branch calls time.Now, as in
//     if s.LazyRequestTime { sec = coarseSecond() } else { sec = time.Now().Unix() };
//   - one-off readings (start := time.Now() before the loop), and loops
//     that read the clock for their own use: comparing it, passing it to
//     code outside the package, or doing other work beside the store (a
//     janitor that evicts expired entries and records when it last ran).
//     A dedicated refresher calls only the time, sync/atomic, context,
//     runtime, strconv and math packages, the locks of package sync, and
//     functions of its own package that do the same;
//   - loops driven by events rather than by the clock (a receive from a
//     channel that is not a timer's, after which the loop goes on), and
//     refreshers not started by a go statement of the package
//     (time.AfterFunc callbacks, goroutines started through function
//     values or interfaces).
//
// Evidence (syscallvet experiment nowcache; docs/EXPERIMENTS.md): on tsc,
// time.Now cost 51 ns against 2.4 ns for a cached read, while a 1 ms
// ticker cache served times up to 4 ms stale (median 0.8 ms) and timed 95%
// of 100 µs operations as zero.
//
// Known false positives: a heartbeat whose staleness is the point (a
// stall detector that stores time.Now every 100ms so that a watchdog can
// compare it with a fresh reading, or a liveness stamp read by a health
// check), and a store into state that is in fact private to the goroutine
// although it was captured from the function that started it. Known
// false negatives: a refresher that also logs or does other work, one
// started by time.AfterFunc, through an interface or a function value,
// and one whose clock read is more than one call away from its loop.
// Silence a deliberate cache with a reason, on the line of the store or
// the line above it:
//
//	//syscallvet:ignore nowcache clocksource is hpet on our fleet; measured 1.2µs per time.Now
//
// golangci-lint users can also use //nolint:syscallvet.
//
// Since v0.1.0.
package nowcache
