// Package pool is a stub of github.com/sourcegraph/conc/pool for tests.
package pool

type Pool struct{}

func New() *Pool                              { return &Pool{} }
func (p *Pool) WithMaxGoroutines(n int) *Pool { return p }
func (p *Pool) Go(f func())                   {}
func (p *Pool) Wait()                         {}
