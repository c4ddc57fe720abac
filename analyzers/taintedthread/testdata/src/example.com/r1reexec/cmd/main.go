// Command cmd: main.main ends the process when it returns, like a reexec
// entry point.
package main

import (
	"runtime"

	"github.com/docker/docker/pkg/reexec"
	"github.com/vishvananda/netns"
)

func main() {
	if reexec.Init() {
		return
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	netns.Set(netns.NsHandle(3))
}
