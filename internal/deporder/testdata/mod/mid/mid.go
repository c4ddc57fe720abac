// Package mid wraps seed.
package mid

import "example.com/mod/seed"

type Doer interface{ Do() }

type impl struct{ t seed.T }

func (i impl) Do() { i.t.SeedMethod() }

func Calls() { seed.Seed() }

func Indirect() { seed.Wrap() }

func Generic() int { return seed.G(1) }

func Clean() { new(seed.T).Plain() }

func New() Doer { return impl{} }
