// Package nsctx reduces moby's internal/testutil/netnsutils: test helpers
// that lock the thread, enter a new network namespace and hand back a
// teardown, for "defer Setup(t)()". Setup's teardown restores the
// namespace and unlocks only if that worked; its twins' teardowns, in
// package unrestored, do not. The facts say what callers in other
// packages see.
package nsctx

import (
	"runtime"
	"testing"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

type Context struct{ Orig netns.NsHandle }

// SetupEx locks the thread and enters a new network namespace.
func SetupEx(t *testing.T) *Context { // want SetupEx:`^returnsLocked changes\(netns\)$`
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		runtime.UnlockOSThread()
		t.Fatalf("failed to open initial netns: %v", err)
	}
	c := &Context{Orig: orig}
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		c.restore(t)
		t.Fatalf("failed to enter netns: %v", err)
	}
	return c
}

// Cleanup restores the namespace and unlocks, through restore.
func (c *Context) Cleanup(t *testing.T) { // want Cleanup:`^unlocks restores\(netns\) changes\(netns\) needsLock\(netns\)$`
	t.Helper()
	c.restore(t)
}

// restore unlocks only if the namespace is back: otherwise the thread
// stays locked and dies with the goroutine.
func (c *Context) restore(t *testing.T) { // want restore:`^unlocks restores\(netns\) changes\(netns\) needsLock\(netns\)$`
	if err := netns.Set(c.Orig); err != nil {
		t.Logf("failed to restore thread netns: %v", err)
	} else {
		runtime.UnlockOSThread()
	}
	if err := c.Orig.Close(); err != nil {
		t.Logf("netns closing failed: %v", err)
	}
}

// Setup hands back a teardown that restores, then unlocks.
func Setup(t *testing.T) func() { // want Setup:`^returnsLocked handsUnlock handsRestore\(netns\) changes\(netns\)$`
	c := SetupEx(t)
	return func() { c.Cleanup(t) }
}
