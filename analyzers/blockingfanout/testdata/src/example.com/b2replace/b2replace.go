// Package b2replace reduces fasthttp's prefork supervisor (prefork.go:504
// in v1.78.0): a fleet of GOMAXPROCS children, each with a goroutine that
// waits for it and reports its exit on a channel as its last act; the loop
// over that channel starts one replacement per exit. Each spawn follows
// the end of one goroutine's blocking work, so the loop keeps at most as
// many running as the fleet it started with.
package b2replace

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"sync"
)

type childExit struct {
	pid int
	err error
}

func prefork(ctx context.Context) error {
	n := runtime.GOMAXPROCS(0)
	sigCh := make(chan childExit, n)
	var wg sync.WaitGroup
	startWait := func(cmd *exec.Cmd) {
		wg.Go(func() {
			result := childExit{pid: cmd.Process.Pid, err: cmd.Wait()}
			select {
			case sigCh <- result:
			case <-ctx.Done():
			}
		})
	}
	for range n {
		cmd := exec.Command("child")
		if err := cmd.Start(); err != nil {
			return err
		}
		startWait(cmd)
	}
	for sig := range sigCh {
		_ = sig.err
		cmd := exec.Command("child")
		if err := cmd.Start(); err != nil {
			return err
		}
		startWait(cmd)
	}
	wg.Wait()
	return nil
}

// direct starts the replacement with a go statement in the loop; the
// fleet runs another literal that sends once.
func direct() {
	done := make(chan error, 4)
	for range 4 {
		cmd := exec.Command("child")
		go func() {
			err := cmd.Run()
			done <- err
		}()
	}
	for range done {
		cmd := exec.Command("child")
		go func() {
			err := cmd.Run()
			done <- err
		}()
	}
}

// cleanup starts no replacement: the loop runs once per fleet goroutine.
func cleanup(dir string) {
	exits := make(chan int)
	for i := range 8 {
		go func() {
			exec.Command("child").Run()
			exits <- i
		}()
	}
	for range exits {
		go os.RemoveAll(dir)
	}
}

// twice starts two replacements per exit: the fleet doubles each round.
func twice(ctx context.Context) {
	sigCh := make(chan error)
	startWait := func(cmd *exec.Cmd) {
		go func() { // want `goroutine started by callback startWait, called per item in twice \(line 102\)`
			err := cmd.Wait()
			sigCh <- err
		}()
	}
	for range 2 {
		cmd := exec.Command("child")
		cmd.Start()
		startWait(cmd)
	}
	for range sigCh {
		for range 2 {
			cmd := exec.Command("child")
			cmd.Start()
			startWait(cmd)
		}
	}
}

// fed lets another goroutine send on the channel too, once per item.
func fed(paths []string) {
	exits := make(chan error)
	go func() {
		for range paths {
			exits <- nil
		}
	}()
	for range exits {
		go func() { // want `goroutine per item blocks an OS thread in process exec/wait`
			err := exec.Command("child").Run()
			exits <- err
		}()
	}
}

// notified hands the channel to a function that may send on it.
func notified(notify func(chan<- error)) {
	exits := make(chan error, 1)
	notify(exits)
	for range exits {
		go func() { // want `goroutine per item blocks an OS thread in process exec/wait`
			err := exec.Command("child").Run()
			exits <- err
		}()
	}
}

// unboundedFleet starts one child per path before supervising them.
func unboundedFleet(paths []string) {
	sigCh := make(chan error)
	startWait := func(cmd *exec.Cmd) {
		go func() { // want `goroutine started by callback startWait, called per item`
			err := cmd.Wait()
			sigCh <- err
		}()
	}
	for _, p := range paths {
		cmd := exec.Command(p)
		cmd.Start()
		startWait(cmd)
	}
	for range sigCh {
		cmd := exec.Command("child")
		cmd.Start()
		startWait(cmd)
	}
}

// alsoCopies starts a replacement and, per exit, a goroutine that does
// not report back: those pile up while the fleet keeps exiting.
func alsoCopies(dir string) {
	exits := make(chan error)
	for range 4 {
		go func() {
			err := exec.Command("child").Run()
			exits <- err
		}()
	}
	for range exits {
		go os.RemoveAll(dir) // want `goroutine per item blocks an OS thread in file I/O`
		go func() {
			err := exec.Command("child").Run()
			exits <- err
		}()
	}
}

// reportsEarly sends before its own blocking work ends: the replacement
// starts while the goroutine it replaces still blocks.
func reportsEarly() {
	exits := make(chan error)
	for range 4 {
		go func() {
			err := exec.Command("child").Run()
			exits <- err
		}()
	}
	for range exits {
		go func() { // want `goroutine per item blocks an OS thread in process exec/wait`
			err := exec.Command("child").Run()
			exits <- err
			exec.Command("cleanup").Run()
		}()
	}
}

// twoReplacements starts two goroutines per exit, each reporting back:
// the fleet doubles each round.
func twoReplacements() {
	exits := make(chan error)
	for range 4 {
		go func() {
			err := exec.Command("child").Run()
			exits <- err
		}()
	}
	for range exits {
		go func() { // want `goroutine per item blocks an OS thread in process exec/wait`
			err := exec.Command("child").Run()
			exits <- err
		}()
		go func() { // want `goroutine per item blocks an OS thread in process exec/wait`
			err := exec.Command("child").Run()
			exits <- err
		}()
	}
}

// handedOn also passes startWait to a function that may call it any
// number of times.
func handedOn(register func(func(*exec.Cmd))) {
	sigCh := make(chan error)
	startWait := func(cmd *exec.Cmd) {
		go func() { // want `goroutine started by callback startWait, called per item in handedOn`
			err := cmd.Wait()
			sigCh <- err
		}()
	}
	for range 2 {
		startWait(exec.Command("child"))
	}
	register(startWait)
	for range sigCh {
		startWait(exec.Command("child"))
	}
}

// nestedCalls starts its replacements from literals in the loop: two per
// exit.
func nestedCalls() {
	sigCh := make(chan error)
	startWait := func(cmd *exec.Cmd) {
		go func() { // want `goroutine started by callback startWait, called per item in nestedCalls`
			err := cmd.Wait()
			sigCh <- err
		}()
	}
	for range 2 {
		startWait(exec.Command("child"))
	}
	for range sigCh {
		func() { startWait(exec.Command("child")) }()
		func() { startWait(exec.Command("child")) }()
	}
}

// notifiedOutside hands the channel on outside the literal that holds the
// supervisor loop.
func notifiedOutside(notify func(chan<- error)) {
	exits := make(chan error, 1)
	notify(exits)
	func() {
		for range exits {
			go func() { // want `goroutine per item blocks an OS thread in process exec/wait`
				err := exec.Command("child").Run()
				exits <- err
			}()
		}
	}()
}

// directInLiteral is direct, with the loop in a literal.
func directInLiteral() {
	done := make(chan error, 4)
	for range 4 {
		go func() {
			err := exec.Command("child").Run()
			done <- err
		}()
	}
	func() {
		for range done {
			go func() {
				err := exec.Command("child").Run()
				done <- err
			}()
		}
	}()
}
