// Package ownnetns checks that a chain names netns.Set once when the
// module's own netns.Set wraps vishvananda's netns.Set.
package ownnetns

import (
	"os"

	vnetns "github.com/vishvananda/netns"

	"example.com/ownnetns/netns"
)

func EnterAndOpen(target vnetns.NsHandle) (*os.File, error) {
	if err := netns.Set(target); err != nil { // want `^netns.Set changes this thread's network namespace \(via unix.Setns\) and os.Open at line 17 must`
		return nil, err
	}
	return os.Open("/proc/net/dev")
}
