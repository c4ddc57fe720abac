// Package r1reexec reduces podman's libpod/container_top_linux.go: a
// function registered with reexec.Register is the main of a re-exec'd
// child, which exits when it returns, so it and the unexported functions
// only it calls may keep the thread locked, as main.main may.
package r1reexec

import (
	"errors"
	"os"
	"runtime"

	creexec "github.com/containers/storage/pkg/reexec"
	dreexec "github.com/docker/docker/pkg/reexec"
	mreexec "github.com/moby/sys/reexec"
	"go.podman.io/storage/pkg/reexec"
)

func init() {
	reexec.Register("podman-top", topMain)
	dreexec.Register("keep-locked", keepLocked)
	dreexec.Register("literal", func() {
		if len(os.Args) < 2 {
			return
		}
		runtime.LockOSThread() // the child exits when this returns
	})
}

// topMain is the child's main: it exits on both paths.
func topMain() {
	if err := topInner(); err != nil {
		os.Exit(255)
	}
	os.Exit(0)
}

// topInner keeps its lock on purpose: it is called only from topMain.
func topInner() error {
	if len(os.Args) < 4 {
		return errors.New("need at least three arguments")
	}
	runtime.LockOSThread()
	if len(os.Args[1]) == 0 {
		return errors.New("empty pid")
	}
	return nil
}

// keepLocked is registered itself.
func keepLocked() {
	if len(os.Args) < 2 {
		return
	}
	runtime.LockOSThread()
}

// Twin: the same body, not registered, is reported.
func keepLockedElsewhere() {
	if len(os.Args) < 2 {
		return
	}
	runtime.LockOSThread() // want `runtime.LockOSThread is not undone at the end of the function`
}

// Twin: called from an entry point and from ordinary code.
func sharedInner() error {
	if len(os.Args) < 4 {
		return errors.New("need at least three arguments")
	}
	runtime.LockOSThread() // want `runtime.LockOSThread is not undone on the return at line 72`
	if len(os.Args[1]) == 0 {
		return errors.New("empty pid")
	}
	return nil
}

// Twin: exported, so callers in other packages may keep the lock it
// leaves held on some paths.
func TopInner() error {
	if len(os.Args) < 4 {
		return errors.New("need at least three arguments")
	}
	runtime.LockOSThread() // want `runtime.LockOSThread is not undone on the return at line 85`
	if len(os.Args[1]) == 0 {
		return errors.New("empty pid")
	}
	return nil
}

func sharedMain() {
	if sharedInner() != nil || TopInner() != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

func init() { reexec.Register("shared", sharedMain) }

func daemon() error {
	keepLockedElsewhere()
	return sharedInner()
}

// The entry points of moby/sys's and containers/storage's reexec
// packages are registered the same way.
func init() {
	mreexec.Register("moby", mobyMain)
	creexec.Register("containers", containersMain)
}

func mobyMain() {
	if len(os.Args) < 2 {
		return
	}
	runtime.LockOSThread()
}

func containersMain() {
	if len(os.Args) < 2 {
		return
	}
	runtime.LockOSThread()
}

// Twin: a goroutine an entry point starts does not end the process when
// it returns, so a function it calls is judged as usual.
func spawnMain() {
	go spawned()
	os.Exit(0)
}

func spawned() {
	_ = spawnedInner()
}

func spawnedInner() error {
	if len(os.Args) < 4 {
		return errors.New("need at least three arguments")
	}
	runtime.LockOSThread() // want `runtime.LockOSThread is not undone on the return at line \d+`
	if len(os.Args[1]) == 0 {
		return errors.New("empty pid")
	}
	return nil
}

func init() { reexec.Register("spawn", spawnMain) }

// An entry point kept in a local variable first.
func init() {
	entry := func() {
		if len(os.Args) < 2 {
			return
		}
		runtime.LockOSThread()
	}
	reexec.Register("variable", entry)
}
