package threadlock

import "go/ast"

// This file follows lock levels that outlive a teardown: a lock helper
// that takes two levels and returns a function that undoes one (docker
// v23's testutils.SetupTestOSContext: lock, unshare, lock again, return
// a teardown that unlocks once). After "defer SetupTestOSContext(t)()"
// the goroutine is still locked; it exits locked and the runtime destroys
// the thread, so the changed thread is never handed back: taintedthread
// reports a hand-back only where the count reaches zero. (lockosthread
// reports the helper for the level it keeps, a teardown undoing fewer
// levels than it took, unless the state is still changed there.)

// partialHandoff reports whether a return that hands the caller
// functions undoing handed (> 0) lock levels, of net levels held there,
// leaves the goroutine locked after the caller has called them: the
// count is sure and more levels are held than handed, or a handed
// function keeps a level itself (a teardown passed on from such a
// helper).
func partialHandoff(ev event, handed, net int) bool {
	return ev.handKeeps || !ev.unsure && net > handed
}

// handBack applies an unlock that brings the function's own lock count
// to zero. One that keeps the goroutine locked (keeps: the function a
// lock helper with HandsKeep returns) hands nothing back: what is still
// changed stays with the goroutine, and so does a callback run under the
// lock.
func (b *builder) handBack(s *state, unlock ast.Node, keeps bool) {
	if !keeps {
		b.released(s, unlock)
		return
	}
	s.clearTaint()
	s.pend = pending{}
}
