// Package conmonlabel reproduces podman v3.4.4's start of conmon
// (libpod/oci_conmon_linux.go): the exec label is set through
// go-selinux/label's variable SetProcessLabel (selinux v1.9), and the
// thread is unlocked even when clearing it fails.
package conmonlabel

import (
	"log"
	"os/exec"
	"runtime"

	"github.com/opencontainers/selinux/go-selinux/label"
)

func startCommand(cmd *exec.Cmd, level string) error {
	runtime.LockOSThread()
	if level != "s0" {
		if err := label.SetProcessLabel(level); err != nil { // want `^label.SetProcessLabel changes the SELinux label, not restored before the unlock at line 27$`
			runtime.UnlockOSThread()
			return err
		}
	}
	err := cmd.Start()
	if labelErr := label.SetProcessLabel(""); labelErr != nil { // clearing: no change of its own where nothing was set
		log.Printf("unable to set process label: %v", labelErr)
	}
	runtime.UnlockOSThread()
	return err
}

// Correct twin (podman v4): the thread is unlocked only if the label was
// cleared.
func startCommandChecked(cmd *exec.Cmd, level string) error {
	runtime.LockOSThread()
	if level != "s0" {
		if err := label.SetProcessLabel(level); err != nil {
			runtime.UnlockOSThread()
			return err
		}
	}
	err := cmd.Start()
	if labelErr := label.SetProcessLabel(""); labelErr == nil {
		runtime.UnlockOSThread()
	} else {
		log.Printf("unable to set process label: %v", labelErr)
	}
	return err
}
