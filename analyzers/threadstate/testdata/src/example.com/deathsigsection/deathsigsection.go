// Package deathsigsection starts children with a parent-death signal
// (reduced from rootlesskit's parent.Parent and lxcusernic): the signal
// ties the child to the forking thread, but makes no later call need the
// same thread, so it never forms a section. It is reported with its own
// message where the start runs unlocked.
package deathsigsection

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"syscall"

	"github.com/vishvananda/netns"
)

// startChild starts the child, then writes its uid map: no section, so
// the obligation to lock goes to its callers.
func startChild() (*exec.Cmd, error) {
	cmd := exec.Command("/proc/self/exe", "child")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/uid_map", cmd.Process.Pid), []byte("0 1000 1"), 0); err != nil {
		return nil, err
	}
	return cmd, nil
}

func parent() {
	go func() {
		cmd, err := startChild() // want `startChild starts a child with SysProcAttr.Pdeathsig set at line 23 \(via \(\*exec.Cmd\).Start\) while the goroutine is not locked`
		if err != nil {
			return
		}
		cmd.Wait()
	}()
}

// Correct: locked while the child runs.
func parentLocked() {
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		cmd, err := startChild()
		if err != nil {
			return
		}
		cmd.Wait()
	}()
}

// A goroutine root that starts a child and then dials: the Pdeathsig
// message, not a section with the dial.
func serve() {
	go func() {
		cmd := exec.Command("nc", "-l", "8080")
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := cmd.Start(); err != nil { // want `\(\*exec.Cmd\).Start starts a child with SysProcAttr.Pdeathsig set at line 61 while the goroutine is not locked`
			return
		}
		c, err := net.Dial("tcp", "127.0.0.1:8080")
		if err == nil {
			c.Close()
		}
		cmd.Wait()
	}()
}

// A namespace change followed by such a start is still a section: the
// child must be forked in the namespace entered.
func execIn(target netns.NsHandle) error {
	if err := netns.Set(target); err != nil { // want `netns.Set changes this thread's network namespace \(via unix.Setns\) and \(\*exec.Cmd\).Start at line 81 must run on the same thread`
		return err
	}
	cmd := exec.Command("ip", "link")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd.Start()
}
