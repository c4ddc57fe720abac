// Package experiments measures, on the machine it runs on, the Go runtime
// behaviour that each of syscallvet's rules rests on, side by side with the
// fix the rule asks for: threads held by goroutines blocked in system calls
// and cgo calls (blockingfanout), by readers of blocking descriptors
// (blockingfd) and by goroutines left locked to their thread
// (lockosthread); per-thread state seen by unrelated goroutines
// (taintedthread, threadstate); a P stalled by RawSyscall (rawsyscall); the
// cost of time.Now against a cached clock, and the cache's staleness
// (nowcache).
//
// Main is the "syscallvet experiment" command. Each measured phase runs in
// a fresh child process (the running executable, re-run with an
// environment variable naming the phase), because the Go runtime never
// frees the threads it creates and one phase's leftovers would fake the
// next one's count; so every program that calls Main must call RunChild
// first thing in main, and a test binary in TestMain.
//
// The measurements use Linux interfaces (/proc/self/status,
// /proc/thread-self, prctl, nanosleep, flock); elsewhere every experiment
// is skipped with that reason. The cgo variant needs a build with cgo.
//
// docs/EXPERIMENTS.md, with the plots in docs/experiments/, is generated
// from these experiments by "go run ./experiments/cmd/gendoc" from the
// module root, or "go generate ./experiments".
package experiments

//go:generate go run ./cmd/gendoc
