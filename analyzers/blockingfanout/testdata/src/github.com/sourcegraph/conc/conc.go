// Package conc is a stub of github.com/sourcegraph/conc for tests.
package conc

type WaitGroup struct{}

func NewWaitGroup() *WaitGroup    { return &WaitGroup{} }
func (wg *WaitGroup) Go(f func()) {}
func (wg *WaitGroup) Wait()       {}
