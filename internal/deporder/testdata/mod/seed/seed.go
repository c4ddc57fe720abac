// Package seed declares the functions the test analyzer marks.
package seed

func Seed() {}

type T struct{}

func (T) SeedMethod() {}

func (*T) Plain() {}

func seedHidden() {}

// Wrap reaches an unexported seed: only Wrap's fact can cross packages.
func Wrap() { seedHidden() }

// G is generic: facts on generic functions must survive export.
func G[E any](e E) E { Seed(); return e }
