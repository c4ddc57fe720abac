// Package eventfds checks that raw writes to descriptors the package only
// ever creates with unix.Eventfd give no fact: they add to a counter and
// return (shape B12 of bench/TRIAGE15.md).
package eventfds

import (
	"syscall"

	"golang.org/x/sys/unix"
)

type queue struct {
	callFD int
	kickFD int
	logFD  int
	anyFD  int
	zeroFD int
}

func newQueue(path string, fd int) *queue { // want newQueue:`blocks\(syscall via unix\.Open\)`
	call, _ := unix.Eventfd(0, unix.EFD_CLOEXEC)
	q := &queue{callFD: -1, kickFD: -1, anyFD: fd}
	q.callFD = call
	q.kickFD, _ = unix.Eventfd(0, 0)
	q.logFD, _ = unix.Open(path, 0, 0)
	q.anyFD, _ = unix.Eventfd(0, 0)
	q.zeroFD = 0 // standard input, not "none yet"
	q.zeroFD, _ = unix.Eventfd(0, 0)
	return q
}

func (q *queue) notify() { syscall.Write(q.callFD, []byte{1, 0, 0, 0, 0, 0, 0, 0}) }

func local() {
	fd, _ := unix.Eventfd(0, 0)
	unix.Write(fd, []byte{1, 0, 0, 0, 0, 0, 0, 0})
}

// Twins: reading an eventfd waits for a count; other descriptors, also a
// non-negative constant one, may be files.

func (q *queue) wait() { unix.Read(q.kickFD, make([]byte, 8)) } // want wait:`blocks\(syscall via unix\.Read\)`

func (q *queue) log(b []byte) { syscall.Write(q.logFD, b) } // want log:`blocks\(syscall via syscall\.Write\)`

func (q *queue) signal() { syscall.Write(q.anyFD, []byte{1}) } // want signal:`blocks\(syscall via syscall\.Write\)`

func (q *queue) poke() { syscall.Write(q.zeroFD, []byte{1}) } // want poke:`blocks\(syscall via syscall\.Write\)`

func param(fd int) { syscall.Write(fd, []byte{1}) } // want param:`blocks\(syscall via syscall\.Write\)`
