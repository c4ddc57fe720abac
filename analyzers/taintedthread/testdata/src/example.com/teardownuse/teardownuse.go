// Package teardownuse calls teardown's helpers from another package: the
// facts carry what the teardown restores, and that SetUp's teardown is
// reported at SetUp.
package teardownuse

import (
	"github.com/vishvananda/netns"

	"example.com/teardown"
)

func work() error { return nil }

func usesSetUp() {
	defer teardown.SetUp()()
	work()
}

func usesEnter(target netns.NsHandle) {
	defer teardown.Enter(target)()
	work()
}
