//go:build linux

// Package worker runs jobs inside a network namespace.
package worker

import (
	"runtime"

	"github.com/syscallvet/syscallvet/testdata/demo/netns"
)

type Job struct {
	NS   netns.Handle
	Orig netns.Handle
	Run  func() error
}

// RunInNamespace has a bug: the early return when the job fails leaves the
// goroutine locked to its thread, and the thread stays in the namespace.
func RunInNamespace(j Job) error {
	if err := netns.Enter(j.NS); err != nil {
		return err
	}
	if err := j.Run(); err != nil {
		return err // BUG: still locked, still inside j.NS
	}
	return netns.Exit(j.Orig)
}

// RunInNamespaceFixed is the correct twin: the deferred Exit runs on every
// path.
func RunInNamespaceFixed(j Job) (err error) {
	if err := netns.Enter(j.NS); err != nil {
		return err
	}
	defer netns.Exit(j.Orig)
	return j.Run()
}

// Serve locks its thread per job inside the loop and defers the unlock,
// which only runs when Serve returns: the lock count grows with every job.
func Serve(jobs <-chan Job) {
	for j := range jobs {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		_ = j.Run()
	}
}

// ServeFixed unlocks within each iteration.
func ServeFixed(jobs <-chan Job) {
	for j := range jobs {
		func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			_ = j.Run()
		}()
	}
}

// Discard runs j on a thread that is thrown away afterwards: the goroutine
// exits locked and the runtime destroys the thread. Correct, not reported.
func Discard(j Job) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := netns.Enter(j.NS); err != nil {
			return
		}
		_ = j.Run()
	}()
	<-done
}

// Flush forgets to unlock when there is nothing to flush.
func Flush(pending []Job) {
	if len(pending) == 0 {
		return
	}
	runtime.LockOSThread()
	for _, j := range pending {
		_ = j.Run()
	}
}
