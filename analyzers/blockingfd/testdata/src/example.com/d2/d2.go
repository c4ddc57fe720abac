// Package d2 reproduces Fd() calls whose descriptor the code puts back
// into non-blocking mode with SetNonblock(fd, true), or drives only with
// raw system calls while the *os.File is only closed (TRIAGE15 D2).
// Each silent case has a twin that must still be reported.
package d2

import (
	"io"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The reduction: SetNonblock(fd, true) right after Fd, nested in the
// same expression or through a variable a goroutine captures (reduced
// from buildah tests/inet and chroot).
func pump() error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	if err := syscall.SetNonblock(int(r.Fd()), true); err != nil {
		return err
	}
	go func() {
		buf := make([]byte, 64)
		r.Read(buf) // O_NONBLOCK again, still registered: parks in the netpoller
		r.Close()
	}()
	fd := int(w.Fd())
	if err := syscall.SetNonblock(fd, true); err != nil {
		return err
	}
	go func() {
		syscall.Write(fd, []byte("x")) // raw I/O on purpose (a poll(2) relay in buildah)
		w.Close()                      // the *os.File is only closed
	}()
	return nil
}

// unix.SetNonblock, the descriptor held in a plain variable, a read in
// the same function.
func unixNonblock(buf []byte) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd())
	unix.SetNonblock(fd, true)
	r.Read(buf)
}

// SetNonblock(fd, true) first thing in the goroutine that reads.
func inGoroutine(buf []byte) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd())
	go func() {
		unix.SetNonblock(fd, true)
		r.Read(buf)
	}()
}

// Twin: the goroutine reads before it sets the mode.
func inGoroutineLate(buf []byte) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd()) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is read in another goroutine`
	go func() {
		r.Read(buf)
		unix.SetNonblock(fd, true)
	}()
}

// A deadline works again too: the file is still registered with the
// netpoller.
func deadline(buf []byte) {
	r, w, _ := os.Pipe()
	defer w.Close()
	syscall.SetNonblock(int(r.Fd()), true)
	r.SetReadDeadline(time.Now().Add(time.Second))
	r.Read(buf)
}

// Twin: SetNonblock(fd, false) leaves it blocking, and the file is read in
// a goroutine.
func blockingAgain(buf []byte) {
	r, _, _ := os.Pipe()
	syscall.SetNonblock(int(r.Fd()), false) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is read afterwards`
	go r.Read(buf)
}

// Twin: no SetNonblock at all, a read in a goroutine.
func noNonblock(buf []byte) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd()) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is read in another goroutine`
	go func() {
		syscall.Read(fd, buf[:1])
		r.Read(buf)
	}()
}

// Twin: SetNonblock(fd, true) only on one branch; the read on the other
// path still blocks.
func someBranch(buf []byte, nb bool) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd()) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is read afterwards`
	if nb {
		syscall.SetNonblock(fd, true)
	}
	r.Read(buf)
}

// Twin: SetNonblock(fd, true) only after the read.
func tooLate(buf []byte) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd()) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is read afterwards`
	r.Read(buf)
	syscall.SetNonblock(fd, true)
}

// Twin: the variable is set to another descriptor on one path.
func otherDescriptor(buf []byte, other int, b bool) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd()) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is read afterwards`
	if b {
		fd = other
	}
	syscall.SetNonblock(fd, true)
	r.Read(buf)
}

// stdin is a constant map key, where buildah has unix.Stdin, a variable
// (package d2varkey has those).
const stdin = 0

// The code sets the mode itself and does its I/O on the raw descriptor;
// the file, kept as an io.WriteCloser, is only closed (reduced from
// buildah chroot's runUsingChrootMain): the descriptor is noted in a map
// under a constant key, read back from it for SetNonblock.
func relay(terminal bool, ptyFd int) {
	relays := make(map[int]int)
	desc := make(map[int]string)
	var copier io.WriteCloser
	if terminal {
		relays[stdin] = ptyFd
	} else {
		_, stdinWrite, _ := os.Pipe()
		relays[stdin] = int(stdinWrite.Fd())
		desc[int(stdinWrite.Fd())] = "container stdin pipe"
		copier = stdinWrite
	}
	for readFd, writeFd := range relays {
		unix.SetNonblock(readFd, true)
		unix.SetNonblock(writeFd, false)
	}
	unix.SetNonblock(relays[stdin], true)
	go func() {
		for len(relays) > 0 {
			fds := []unix.PollFd{{Fd: int32(relays[stdin]), Events: unix.POLLIN}}
			unix.Poll(fds, 100)
			unix.Write(relays[stdin], []byte(desc[relays[stdin]]))
			if copier != nil {
				copier.Close()
			}
			delete(relays, stdin)
		}
	}()
}

// Twin: the same, but the map slot is overwritten with another descriptor
// before the SetNonblock.
func relayOverwritten(other int) {
	relays := make(map[int]int)
	var copier io.WriteCloser
	_, w, _ := os.Pipe()
	relays[stdin] = int(w.Fd()) // want `w.Fd\(\) puts the pipe back into blocking mode, but the file is closed in another goroutine`
	copier = w
	relays[stdin] = other
	unix.SetNonblock(relays[stdin], true)
	go func() {
		unix.Write(relays[stdin], []byte("x"))
		copier.Close()
	}()
}

func renumber(relays map[int]int) { relays[0] = 1 }

// Twin: the map is handed to a function that may change the entry.
func relayPassed() {
	relays := make(map[int]int)
	var copier io.WriteCloser
	_, w, _ := os.Pipe()
	relays[stdin] = int(w.Fd()) // want `w.Fd\(\) puts the pipe back into blocking mode, but the file is closed in another goroutine`
	copier = w
	renumber(relays)
	unix.SetNonblock(relays[stdin], true)
	go func() {
		unix.Write(relays[stdin], []byte("x"))
		copier.Close()
	}()
}

// Twin: the code sets the mode itself (blocking), but the file, kept as
// an io.WriteCloser, is also written through it.
func relayWritten() {
	var copier io.WriteCloser
	_, w, _ := os.Pipe()
	fd := int(w.Fd()) // want `w.Fd\(\) puts the pipe back into blocking mode, but the file is written in another goroutine`
	copier = w
	unix.SetNonblock(fd, false)
	go func() {
		unix.Write(fd, []byte("x"))
		copier.Write([]byte("y"))
		copier.Close()
	}()
}

// Twin (a raw blocking read that Close cannot interrupt): no mode is set,
// the raw read relies on the blocking mode Fd switched to.
func rawBlocking(done chan struct{}, buf []byte) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd()) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is closed in another goroutine`
	go func() {
		<-done
		r.Close()
	}()
	syscall.Read(fd, buf)
}

// The code puts the descriptor in blocking mode itself for its raw I/O;
// the file is only closed: Fd's switch changes nothing.
func rawBlockingOnPurpose(done chan struct{}, buf []byte) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd())
	syscall.SetNonblock(fd, false)
	go func() {
		<-done
		r.Close()
	}()
	syscall.Read(fd, buf)
}

// The variable is captured by a closure that sets it to another
// descriptor, but the closure is made only after the SetNonblock.
func closureLate(buf []byte, other int) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd())
	syscall.SetNonblock(fd, true)
	r.Read(buf)
	renumber := func() { fd = other }
	renumber()
}

// Twin: the closure runs before the SetNonblock.
func closureRenumbers(buf []byte, other int) {
	r, _, _ := os.Pipe()
	fd := int(r.Fd()) // want `r.Fd\(\) puts the pipe back into blocking mode, but the file is read afterwards`
	renumber := func() { fd = other }
	renumber()
	syscall.SetNonblock(fd, true)
	r.Read(buf)
}
