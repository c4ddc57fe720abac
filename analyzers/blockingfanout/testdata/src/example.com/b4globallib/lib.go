// Package b4globallib holds the twins of b4global in a library package:
// a package-level collection or count is sized only when the package
// shows every value it may hold.
package b4globallib

import "os"

var paths = []string{"/etc/a", "/etc/b", "/etc/c"}

func readPaths() {
	for _, p := range paths {
		go os.ReadFile(p)
	}
}

var workers = 4

func count(files []string) {
	for i := 0; i < workers; i++ {
		go os.ReadFile(files[i])
	}
}

var ports = map[string]string{"a": "/run/a", "b": "/run/b"}

func readPorts() {
	for _, p := range ports {
		go os.ReadFile(p)
	}
}

// Paths is exported: other packages may append to it.
var Paths = []string{"/etc/a"}

func readExported() {
	for _, p := range Paths {
		go os.ReadFile(p) // want `goroutine per item blocks an OS thread in file I/O`
	}
}

var grown = []string{"/etc/a"}

// Add grows grown once per call, any number of times.
func Add(p string) { grown = append(grown, p) }

func readGrown() {
	for _, p := range grown {
		go os.ReadFile(p) // want `goroutine per item blocks an OS thread in file I/O`
	}
}

var set = []string{"/etc/a"}

// Set replaces set with the caller's data.
func Set(ps []string) { set = ps }

func readSet() {
	for _, p := range set {
		go os.ReadFile(p) // want `goroutine per item blocks an OS thread in file I/O`
	}
}

var written = map[string]string{"a": "/run/a"}

// Put writes through the map: it may grow.
func Put(k, v string) { written[k] = v }

func readWritten() {
	for _, p := range written {
		go os.ReadFile(p) // want `goroutine per item blocks an OS thread in file I/O`
	}
}

var pointed = []string{"/etc/a"}

// Pointer hands out the variable's address.
func Pointer() *[]string { return &pointed }

func readPointed() {
	for _, p := range pointed {
		go os.ReadFile(p) // want `goroutine per item blocks an OS thread in file I/O`
	}
}

var counted = 4

// SetCount sets the count from the caller.
func SetCount(n int) { counted = n }

func countSet(files []string) {
	for i := 0; i < counted; i++ {
		go os.ReadFile(files[i]) // want `goroutine per iteration blocks an OS thread in file I/O`
	}
}
