package selfns

import (
	"fmt"
	"os"
	"runtime"

	"github.com/vishvananda/netns"
)

// Remembering the "current" namespace through /proc/self inside a locked
// section names the main thread's namespace.
func remember(target netns.NsHandle) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := os.Open("/proc/self/ns/net") // want `/proc/self/ns/net names the namespace of the process's main thread, not of this locked thread$`
	if err != nil {
		return err
	}
	defer orig.Close()
	if err := netns.Set(target); err != nil {
		return err
	}
	return netns.Set(netns.NsHandle(orig.Fd()))
}

func byPid() (*os.File, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return os.Open(fmt.Sprintf("/proc/%d/ns/net", os.Getpid())) // want `/proc/%d/ns/net formatted with os.Getpid names the namespace of the process's main thread, not of this locked thread$`
}

// Correct: no locking or namespace changes here; /proc/self is fine.
func report() ([]byte, error) {
	return os.ReadFile("/proc/self/ns/net")
}

// Correct: a deferred call of unknown effect (it might unlock) is no lock
// or per-thread change, so /proc/self is fine here too.
func deferredOnly(cancel func()) ([]byte, error) {
	defer cancel()
	return os.ReadFile("/proc/self/ns/net")
}
