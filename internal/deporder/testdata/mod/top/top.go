// Package top is two imports away from seed.
package top

import (
	"example.com/mod/mid"
	"example.com/mod/seed"
)

func Top() {
	mid.Calls()
	mid.Indirect()
	mid.Generic()
	mid.Clean()
	var t seed.T
	t.SeedMethod()
	mid.New().Do() // an interface call: no fact
}
