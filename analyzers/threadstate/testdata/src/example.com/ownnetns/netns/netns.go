// Package netns is a module's own netns package whose Set wraps
// vishvananda's: both display as netns.Set.
package netns

import vnetns "github.com/vishvananda/netns"

// Set switches the calling thread into ns.
func Set(ns vnetns.NsHandle) error {
	return vnetns.Set(ns)
}
