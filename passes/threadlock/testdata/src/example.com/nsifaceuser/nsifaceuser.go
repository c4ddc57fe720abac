// Package nsifaceuser calls runners through interfaces of another
// package: the interface method's fact crosses.
package nsifaceuser

import (
	"example.com/nsiface"
	"example.com/twoimpl"
)

func Use(ns nsiface.NetNS, fn func(nsiface.NetNS) error) error { // want Use:`runsLocked\(1:netns\)`
	return ns.Do(fn)
}

// Correct: two implementations, none known to run fn.
func UseTwo(r twoimpl.Runner, fn func() error) error {
	return r.Do(fn)
}
