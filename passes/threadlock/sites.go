package threadlock

import (
	"go/ast"
	"math/bits"
)

// siteKinds is the number of kinds whose change a path keeps the call of:
// those in tainting, the low bits of State.
const siteKinds = 5

// Compile-time check: tainting fits in the low siteKinds bits.
const _ = uint(1<<siteKinds - 1 - tainting)

// sites holds, per kind in tainting, the call that last changed it under
// the function's own lock on a path: the change a report names when that
// kind is still changed, or restored unchecked, at an unlock.
type sites [siteKinds]*ast.CallExpr

// set records call as the change of kinds.
func (ss *sites) set(kinds State, call *ast.CallExpr) {
	for k := kinds & tainting; k != 0; k &= k - 1 {
		ss[bits.TrailingZeros16(uint16(k))] = call
	}
}

// drop forgets call as the change of kinds: it failed.
func (ss *sites) drop(kinds State, call *ast.CallExpr) {
	for k := kinds & tainting; k != 0; k &= k - 1 {
		if i := bits.TrailingZeros16(uint16(k)); ss[i] == call {
			ss[i] = nil
		}
	}
}

// of returns the change that left some of kinds changed, the earliest in
// the source when several did, and the kinds among them it changed.
func (ss *sites) of(kinds State) (*ast.CallExpr, State) {
	var at *ast.CallExpr
	var got State
	for k := kinds & tainting; k != 0; k &= k - 1 {
		i := bits.TrailingZeros16(uint16(k))
		switch c := ss[i]; {
		case c == nil:
		case at == nil || c.Pos() < at.Pos():
			at, got = c, 1<<i
		case c == at:
			got |= 1 << i
		}
	}
	return at, got
}

// clearTaint forgets what the path changed under the function's lock:
// the thread has gone back (or stays locked with the goroutine).
func (s *state) clearTaint() {
	s.taint, s.ignored, s.excused, s.excusedAt, s.trusted = 0, nil, 0, 0, 0
	s.sites = sites{}
}
