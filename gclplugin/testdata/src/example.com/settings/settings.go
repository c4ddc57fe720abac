package settings

import (
	"os"
	"runtime"
)

type DB struct{}

// Get blocks in a way the facts cannot see.
func (db *DB) Get(key string) string { return key }

func parse(path string) { os.ReadFile(path) }

// Hundred starts 100 goroutines that read a file: more than the default
// worker-pool threshold (64), fewer than 128.
func Hundred() {
	for i := 0; i < 100; i++ {
		go parse("/etc/hosts")
	}
}

// Lookup fans out over keys with a call only the blocking setting names.
func Lookup(db *DB, keys []string) {
	for _, k := range keys {
		go func() {
			db.Get(k)
		}()
	}
}

// Leak returns locked when n is 0.
func Leak(n int) {
	runtime.LockOSThread()
	if n == 0 {
		return
	}
	runtime.UnlockOSThread()
}
