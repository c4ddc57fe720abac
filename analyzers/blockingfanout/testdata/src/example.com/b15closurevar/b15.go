// Package b15closurevar reduces containers/storage's TestConcurrentIndexID:
// the goroutine runs a closure kept in a local variable, and the
// iteration receives from the closure's channel (bench/TRIAGE15.md, B15).
package b15closurevar

import (
	"os"
	"testing"
)

func indexID(path string) string { b, _ := os.ReadFile(path); return string(b) }

func TestConcurrentIndexID(t *testing.T) {
	done := make(chan struct{})
	var ids [2]string
	setID := func(p string, i int) { ids[i] = indexID(p); done <- struct{}{} }
	for i := 0; i < 100; i++ {
		p := t.TempDir() + "/id"
		go setID(p, 0)
		go setID(p, 1)
		<-done
		<-done // both joined before the next round
		if ids[0] != ids[1] {
			t.Fatal("IDs differ")
		}
	}
}

// TestReassigned may run a closure that never signals: the receives then
// wait for other goroutines, not for this one.
func TestReassigned(t *testing.T, quiet bool) {
	done := make(chan struct{})
	var ids [2]string
	setID := func(p string, i int) { ids[i] = indexID(p); done <- struct{}{} }
	if quiet {
		setID = func(p string, i int) { ids[i] = indexID(p) }
	}
	for i := 0; i < 100; i++ {
		p := t.TempDir() + "/id"
		go setID(p, 0) // want `goroutine per iteration blocks an OS thread in file I/O \(via setID → indexID → os.ReadFile\)`
		<-done
	}
}
