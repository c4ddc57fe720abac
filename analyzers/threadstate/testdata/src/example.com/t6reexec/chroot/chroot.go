// Package chroot reduces buildah v1.41.5's chroot/run_common.go (T6): the
// reexec entry point runMain locks its thread for good and then calls
// run, whose only caller it is; run's change of mount namespace through
// bind is made on that locked thread, though run takes a lock of its own
// only later, to start its child. Its twin runUnlocked's caller does not
// lock.
package chroot

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"

	"example.com/t6reexec/bind"
	"go.podman.io/storage/pkg/reexec"
)

func init() {
	reexec.Register("chroot-main", runMain)
	reexec.Register("chroot-unlocked", runMainUnlocked)
}

type options struct{ Dir string }

func runMain() {
	var opts options
	runtime.LockOSThread()
	confPipe := os.NewFile(3, "confpipe")
	if confPipe == nil {
		fmt.Fprintf(os.Stderr, "error reading options pipe\n")
		os.Exit(1)
	}
	defer confPipe.Close()
	if err := json.NewDecoder(confPipe).Decode(&opts); err != nil {
		os.Exit(1)
	}
	go func() {
		for {
			if _, err := confPipe.Read(make([]byte, 1)); err != nil {
				return
			}
		}
	}()
	if err := run(opts.Dir); err != nil {
		os.Exit(1)
	}
}

func run(dir string) (err error) {
	undo, err := bind.SetupIntermediateMountNamespace(dir)
	if err != nil {
		return err
	}
	defer func() {
		if undoErr := undo(); undoErr != nil {
			err = undoErr
		}
	}()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return exec.Command("/proc/self/exe").Run()
}

func runMainUnlocked() {
	if err := runUnlocked("/"); err != nil {
		os.Exit(1)
	}
}

func runUnlocked(dir string) error {
	undo, err := bind.SetupIntermediateMountNamespace(dir) // want `bind.SetupIntermediateMountNamespace changes this thread.s mount namespace \(via unix.Unshare\) while the goroutine is not locked to its OS thread`
	if err != nil {
		return err
	}
	defer undo()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return exec.Command("/proc/self/exe").Run()
}
