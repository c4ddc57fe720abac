// Package runners defines callback runners: functions that call a
// function parameter with the goroutine locked, then unlock. Their facts
// say which parameter and which kinds they put back first.
package runners

import (
	"runtime"
	"sync"
	"syscall"
)

const SYS_SETNS = 308 // linux/amd64; std's syscall lacks the name

func setns(fd int) error { // want setns:`changes\(netns\) needsLock\(netns\)`
	if _, _, e := syscall.RawSyscall(SYS_SETNS, uintptr(fd), syscall.CLONE_NEWNET, 0); e != 0 {
		return e
	}
	return nil
}

// Do enters target around fn and comes back: it restores netns.
func Do(target, orig int, fn func() error) error { // want Do:`runsLocked\(2:netns\)`
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := setns(target); err != nil {
		return err
	}
	defer setns(orig)
	return fn()
}

// Invoke calls pre before entering target and post inside it (reduced
// from libnetwork's nsInvoke): it sets the network namespace back for
// both.
func Invoke(target, orig int, pre, post func() error) error { // want Invoke:`^runsLocked\(2:netns\) runsLocked\(3:netns\)$`
	runtime.LockOSThread()
	if err := pre(); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	if err := setns(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	runErr := post()
	if err := setns(orig); err != nil {
		return err
	}
	runtime.UnlockOSThread()
	return runErr
}

// Before calls before ahead of entering target, and defers the way back:
// the deferred restore sets the network namespace back for before too.
func Before(target, orig int, before func()) error { // want Before:`^runsLocked\(2:netns\)$`
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before()
	if err := setns(target); err != nil {
		return err
	}
	defer setns(orig)
	return nil
}

// Locked changes nothing: it restores nothing.
func Locked(fn func()) { // want Locked:`runsLocked\(0\)`
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	fn()
}

type NS struct{ fd, orig int }

// Do runs fn in a goroutine that locks, enters ns, and unlocks only if
// the way back worked (the CNI plugins' ns.Do): the receiver is not a
// parameter.
func (ns *NS) Do(fn func(*NS) error) error { // want Do:`runsLocked\(0:netns\)`
	contained := func() error {
		if err := setns(ns.fd); err != nil {
			return err
		}
		defer func() {
			if err := setns(ns.orig); err == nil {
				runtime.UnlockOSThread()
			}
		}()
		return fn(ns)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	var err error
	go func() {
		defer wg.Done()
		runtime.LockOSThread()
		err = contained()
	}()
	wg.Wait()
	return err
}

// WGNS.Do is NS.Do with its goroutine started by sync.WaitGroup.Go
// (podman's netns.Do): a runner the same.
type WGNS struct{ fd, orig int }

func (ns *WGNS) Do(fn func(*WGNS) error) error { // want Do:`runsLocked\(0:netns\)`
	contained := func() error {
		if err := setns(ns.fd); err != nil {
			return err
		}
		defer func() {
			if err := setns(ns.orig); err == nil {
				runtime.UnlockOSThread()
			}
		}()
		return fn(ns)
	}
	var wg sync.WaitGroup
	var err error
	wg.Go(func() {
		runtime.LockOSThread()
		err = contained()
	})
	wg.Wait()
	return err
}

// WithNS passes its parameter on to a runner: a runner too.
func WithNS(fd int, fn func(*NS) error) error { // want WithNS:`runsLocked\(1:netns\)`
	ns := &NS{fd: fd}
	return ns.Do(fn)
}

// inNS switches around fn under its caller's lock.
func inNS(target, orig int, fn func()) error { // want inNS:`needsLock\(netns\) runsUnderCaller\(2:netns\)`
	if err := setns(target); err != nil {
		return err
	}
	fn()
	return setns(orig)
}

// Locker holds the lock inNS needs: inNS's restore is its own.
func Locker(fn func()) { // want Locker:`runsLocked\(0:netns\)`
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	inNS(1, 2, fn)
}

// Correct: the goroutine exits locked, its thread dies: not a runner.
func Dies(fn func()) {
	go func() {
		runtime.LockOSThread()
		fn()
	}()
}

// Correct: no lock, no state: not a runner.
func Apply(fn func()) { fn() }

// The goroutine's lock is its own, whatever its parent holds.
func StartLocked(fn func()) { // want StartLocked:`returnsLocked runsLocked\(0\)`
	runtime.LockOSThread()
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		fn()
	}()
}

// Correct: a parameter started as a goroutine runs unlocked.
func Start(fn func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	go fn()
}

// Correct: so does one started with sync.WaitGroup.Go.
func StartWG(fn func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var wg sync.WaitGroup
	wg.Go(fn)
	wg.Wait()
}
