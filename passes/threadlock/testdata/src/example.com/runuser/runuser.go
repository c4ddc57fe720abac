// Package runuser wraps another package's runner: the fact crosses.
package runuser

import "example.com/runners"

func Use(fn func(*runners.NS) error) error { // want Use:`runsLocked\(0:netns\)`
	return runners.WithNS(3, fn)
}
