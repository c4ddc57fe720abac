// Package b13interrupt reduces go-sqlite3's exec: on cancellation the
// spawner interrupts the work and then waits for the goroutine, so it
// waits on every path (bench/TRIAGE15.md, B13).
package b13interrupt

import (
	"context"
	"os"
)

func step(path string) error { return os.WriteFile(path, nil, 0o644) } // stands for the cgo sqlite3_step
func interrupt()             {}                                        // stands for C.sqlite3_interrupt

func exec(ctx context.Context, path string) error {
	done := make(chan struct{})
	var err error
	go func() { err = step(path); close(done) }()
	select {
	case <-done:
		return err
	case <-ctx.Done():
		interrupt()
		<-done // waits for the goroutine on this path too
		return ctx.Err()
	}
}

func execAll(ctx context.Context, paths []string) {
	for _, p := range paths {
		exec(ctx, p)
	}
}

// execGivingUp interrupts the statement but may return before it waits:
// the goroutine can outlive the call.
func execGivingUp(ctx context.Context, path string, hurry bool) error {
	done := make(chan struct{})
	var err error
	go func() { err = step(path); close(done) }()
	select {
	case <-done:
		return err
	case <-ctx.Done():
		interrupt()
		if hurry {
			return ctx.Err()
		}
		<-done
		return ctx.Err()
	}
}

func execAllGivingUp(ctx context.Context, paths []string) {
	for _, p := range paths {
		execGivingUp(ctx, p, false) // want `call to execGivingUp starts a goroutine per item that blocks an OS thread in file I/O \(via step → os.WriteFile\)`
	}
}
