// Package onlygeneric refers to nothing but an instance of a generic
// function with a fact.
package onlygeneric

import "example.com/lockhelper"

func Enter() { lockhelper.G[int]() } // want Enter:"returnsLocked"
