// Package b6envgate reproduces shape B6 of bench/TRIAGE15.md (moby
// networkdb's key-log file): the only thread-holding calls come after an
// early return on an empty environment variable, an opt-in debug path.
package b6envgate

import (
	"os"
	"sync"
)

func logKeys(keys [][]byte) {
	path := os.Getenv("NETWORKDBKEYLOGFILE")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	for _, k := range keys {
		f.Write(k)
	}
}

type DB struct{}

func New(keys [][]byte) *DB { logKeys(keys); return &DB{} }

func cluster(n int) []*DB {
	dbs := make([]*DB, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { dbs[i] = New(nil) })
	}
	wg.Wait()
	return dbs
}

// Twin: the variable picks the file, defaulted when unset; every node
// opens it.

func logTo(keys [][]byte) {
	path := os.Getenv("NETWORKDBKEYLOGFILE")
	if path == "" {
		path = "/var/log/networkdb-keys"
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	for _, k := range keys {
		f.Write(k)
	}
}

func clusterLogged(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { logTo(nil) }) // want `goroutine per iteration blocks an OS thread in file I/O \(via logTo → os.OpenFile\)`
	}
	wg.Wait()
}
