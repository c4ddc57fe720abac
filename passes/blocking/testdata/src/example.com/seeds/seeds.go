// Package seeds checks a few entries of the std seed table.
package seeds

import (
	"io/ioutil"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

func open() { os.Open("x") } // want open:`blocks\(file via os\.Open\)`

func fsync(f *os.File) { f.Sync() } // want fsync:`blocks\(file via \(\*os\.File\)\.Sync\)`

func closeFile(f *os.File) { f.Close() } // want closeFile:`blocks\(file via \(\*os\.File\)\.Close; weak\)`

func readDir() { ioutil.ReadDir(".") } // want readDir:`blocks\(file via ioutil\.ReadDir\)`

func walk() { filepath.WalkDir(".", nil) } // want walk:`blocks\(file via filepath\.WalkDir\)`

func start() { os.StartProcess("x", nil, nil) } // want start:`blocks\(exec via os\.StartProcess\)`

func wait(p *os.Process) { p.Wait() } // want wait:`blocks\(exec via \(\*os\.Process\)\.Wait\)`

func output() { exec.Command("x").Output() } // want output:`blocks\(exec via \(\*exec\.Cmd\)\.Output\)`

func rawFsync(fd int) { syscall.Fsync(fd) } // want rawFsync:`blocks\(syscall via syscall\.Fsync\)`

// Not seeded: constructing a command does not fork, and a raw syscall
// number is unknown.
func command() *exec.Cmd { return exec.Command("x") }

func raw(fd uintptr) { syscall.Syscall(syscall.SYS_FSYNC, fd, 0, 0) }
