// Package b12eventfd reproduces shape B12 of bench/TRIAGE15.md (go-fuse's
// vhost-user queueNotify): a raw write to an eventfd only adds to its
// counter and does not block.
package b12eventfd

import (
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

type Virtq struct{ CallFD int }

func NewVirtq() (*Virtq, error) {
	fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC)
	return &Virtq{CallFD: fd}, err
}

func (vq *Virtq) notify() { syscall.Write(vq.CallFD, []byte{1, 0, 0, 0, 0, 0, 0, 0}) } // never blocks

func (vq *Virtq) process(batch [][]byte) {
	var wg sync.WaitGroup
	for _, d := range batch {
		wg.Add(1)
		go func() { defer wg.Done(); _ = d; vq.notify() }()
	}
	wg.Wait()
}

// Twin: the same write to a descriptor opened on a regular file.

type Journal struct{ FD int }

func OpenJournal(path string) (*Journal, error) {
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_APPEND|unix.O_CREAT, 0o600)
	return &Journal{FD: fd}, err
}

func (j *Journal) record() { syscall.Write(j.FD, []byte{1, 0, 0, 0, 0, 0, 0, 0}) }

func (j *Journal) process(batch [][]byte) {
	var wg sync.WaitGroup
	for _, d := range batch {
		wg.Add(1)
		go func() { defer wg.Done(); _ = d; j.record() }() // want `goroutine per item blocks an OS thread in a blocking syscall \(via \(\*Journal\).record → syscall.Write\)`
	}
	wg.Wait()
}

// Known false positive (go-fuse's vhost-user queueNotify): the eventfd is
// the VMM's, handed over in a SET_VRING_CALL message. The package only
// stores a descriptor it is given, which the syntax cannot tell from a
// file's.

type Ring struct{ callFD int }

func (r *Ring) SetVringCall(fd int) { r.callFD = fd }

func (r *Ring) notify() { syscall.Write(r.callFD, []byte{1, 0, 0, 0, 0, 0, 0, 0}) }

func (r *Ring) process(batch [][]byte) {
	var wg sync.WaitGroup
	for _, d := range batch {
		wg.Add(1)
		go func() { defer wg.Done(); _ = d; r.notify() }() // want `goroutine per item blocks an OS thread in a blocking syscall \(via \(\*Ring\).notify → syscall.Write\)`
	}
	wg.Wait()
}
