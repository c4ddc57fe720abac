// Package onlymethod refers to nothing but a method with a fact.
package onlymethod

import "example.com/lockhelper"

func Enter(t lockhelper.T) { t.Lock() } // want Enter:"returnsLocked"
