// Package onlyfact imports neither runtime nor os: only lockhelper's facts
// make it active.
package onlyfact

import "example.com/lockhelper"

func Enter() { lockhelper.Lock() } // want Enter:"returnsLocked"

func Leave() { lockhelper.Unlock() } // want Leave:"unlocks"
