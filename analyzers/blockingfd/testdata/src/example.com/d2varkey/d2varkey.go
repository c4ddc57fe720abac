// Package d2varkey reproduces buildah chroot's stdin relay (TRIAGE15 D2
// residue, run_common.go:291 and :294): the descriptor is noted in a map
// under unix.Stdin, a variable of golang.org/x/sys/unix (not a constant),
// and read back from it for SetNonblock(fd, true) before a poll(2) relay
// goroutine that closes the file. Each silent case has a twin that must
// still be reported.
package d2varkey

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// The reduction of runUsingChrootMain.
func relay(terminal bool, ptyMasterFd int) {
	relays := make(map[int]int)
	fdDesc := make(map[int]string)
	var stdinCopy io.WriteCloser
	if terminal {
		relays[ptyMasterFd] = unix.Stdout
		relays[unix.Stdin] = ptyMasterFd
	} else {
		_, stdinWrite, _ := os.Pipe()
		stdoutRead, _, _ := os.Pipe()
		relays[unix.Stdin] = int(stdinWrite.Fd())
		relays[int(stdoutRead.Fd())] = unix.Stdout
		fdDesc[int(stdinWrite.Fd())] = "container stdin pipe"
		stdinCopy = stdinWrite
		defer stdoutRead.Close()
	}
	for readFd, writeFd := range relays {
		if err := unix.SetNonblock(readFd, true); err != nil {
			return
		}
		if err := unix.SetNonblock(writeFd, false); err != nil {
			return
		}
	}
	unix.SetNonblock(relays[unix.Stdin], true)
	go func() {
		pollTimeout := -1
		for len(relays) > 0 {
			fds := make([]unix.PollFd, 0, len(relays))
			for fd := range relays {
				fds = append(fds, unix.PollFd{Fd: int32(fd), Events: unix.POLLIN})
			}
			unix.Poll(fds, pollTimeout)
			pollTimeout = -1
			for _, rfd := range fds {
				b := make([]byte, 8192)
				n, _ := unix.Read(int(rfd.Fd), b)
				if wfd, ok := relays[int(rfd.Fd)]; ok {
					if w, _ := unix.Write(wfd, b[:n]); w < n {
						pollTimeout = 100 // retry the rest soon
					}
				}
				if n == 0 {
					if rfd.Fd == int32(unix.Stdin) && stdinCopy != nil {
						stdinCopy.Close()
						delete(relays, unix.Stdin)
					}
					delete(relays, int(rfd.Fd))
				}
			}
		}
	}()
}

// fixedKey is a variable of the package that it only reads.
var fixedKey = 0

// Twin: an entry under another variable that the package only reads may
// be the same entry: the analyzer does not know the values of variables
// (unix.Stdout is 1 here, so this one is a false positive it accepts).
func ownKey(other int) {
	relays := make(map[int]int)
	var copier io.WriteCloser
	_, w, _ := os.Pipe()
	relays[fixedKey] = int(w.Fd()) // want `w.Fd\(\) puts the pipe back into blocking mode, but the file is closed in another goroutine`
	copier = w
	relays[unix.Stdout] = other
	unix.SetNonblock(relays[fixedKey], true)
	go func() {
		unix.Write(relays[fixedKey], []byte("x"))
		copier.Close()
	}()
}

// sameKey is another variable of the package that it only reads, with
// the same value as fixedKey.
var sameKey = 0

// Twin: the entry is overwritten under another read-only variable that
// holds the same number.
func sameValueKey(other int) {
	relays := make(map[int]int)
	var copier io.WriteCloser
	_, w, _ := os.Pipe()
	relays[fixedKey] = int(w.Fd()) // want `w.Fd\(\) puts the pipe back into blocking mode, but the file is closed in another goroutine`
	copier = w
	relays[sameKey] = other
	unix.SetNonblock(relays[fixedKey], true)
	go func() {
		unix.Write(relays[fixedKey], []byte("x"))
		copier.Close()
	}()
}

// Twin: the entry is overwritten under a key that is not fixed, a
// parameter, which may be 0. (Only keys that are another file's Fd()
// result, as in relay, are taken to name other entries.)
func paramKey(k, other int) {
	relays := make(map[int]int)
	var copier io.WriteCloser
	_, w, _ := os.Pipe()
	relays[unix.Stdin] = int(w.Fd()) // want `w.Fd\(\) puts the pipe back into blocking mode, but the file is closed in another goroutine`
	copier = w
	relays[k] = other
	unix.SetNonblock(relays[unix.Stdin], true)
	go func() {
		unix.Write(relays[unix.Stdin], []byte("x"))
		copier.Close()
	}()
}

// movedKey is a variable the package assigns: it may name another entry
// by the time the descriptor is read back.
var movedKey = 0

func setKey(k int) { movedKey = k }

// Twin: the key is a variable the package assigns.
func assignedKey() {
	relays := make(map[int]int)
	var copier io.WriteCloser
	_, w, _ := os.Pipe()
	relays[movedKey] = int(w.Fd()) // want `w.Fd\(\) puts the pipe back into blocking mode, but the file is closed in another goroutine`
	copier = w
	unix.SetNonblock(relays[movedKey], true)
	go func() {
		unix.Write(relays[movedKey], []byte("x"))
		copier.Close()
	}()
}

// Twin: an entry under a constant may be the same entry as unix.Stdin's
// (it is: 0), and it is overwritten before the SetNonblock.
func constantOverwrites(other int) {
	relays := make(map[int]int)
	var copier io.WriteCloser
	_, w, _ := os.Pipe()
	relays[unix.Stdin] = int(w.Fd()) // want `w.Fd\(\) puts the pipe back into blocking mode, but the file is closed in another goroutine`
	copier = w
	relays[0] = other
	unix.SetNonblock(relays[unix.Stdin], true)
	go func() {
		unix.Write(relays[unix.Stdin], []byte("x"))
		copier.Close()
	}()
}

// Twin: the entry is deleted before the SetNonblock, which then sets the
// mode of descriptor 0.
func deletedFirst() {
	relays := make(map[int]int)
	var copier io.WriteCloser
	_, w, _ := os.Pipe()
	relays[unix.Stdin] = int(w.Fd()) // want `w.Fd\(\) puts the pipe back into blocking mode, but the file is closed in another goroutine`
	copier = w
	delete(relays, unix.Stdin)
	unix.SetNonblock(relays[unix.Stdin], true)
	go func() {
		copier.Close()
	}()
}
