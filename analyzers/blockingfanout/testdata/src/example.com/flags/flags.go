package flags

import "os"

type DB struct{}

// Get blocks in a way the facts cannot see (say, through a function value).
func (db *DB) Get(key string) string { return key }

func parse(path string) { os.ReadFile(path) }

func extra(db *DB, keys []string) {
	for _, k := range keys {
		go func() { // want `goroutine per item blocks an OS thread in a blocking syscall \(via \(\*DB\).Get\)`
			db.Get(k)
		}()
	}
}

func workers() {
	for i := 0; i < 100; i++ { // within -workers=128
		go parse("/etc/hosts")
	}
}
