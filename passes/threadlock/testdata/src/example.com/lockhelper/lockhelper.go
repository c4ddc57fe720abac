package lockhelper

import "runtime"

func Lock() { runtime.LockOSThread() } // want Lock:"returnsLocked"

func Unlock() { runtime.UnlockOSThread() } // want Unlock:"unlocks"

type T struct{}

func (T) Lock() { runtime.LockOSThread() } // want Lock:"returnsLocked"

func G[E any]() { runtime.LockOSThread() } // want G:"returnsLocked"

type Box[E any] struct{}

func (Box[E]) Lock() { runtime.LockOSThread() } // want Lock:"returnsLocked"
