// Package onlybox refers to nothing but a method of an instantiated
// generic type with a fact.
package onlybox

import "example.com/lockhelper"

func Enter(b lockhelper.Box[int]) { b.Lock() } // want Enter:"returnsLocked"
