// Package pipes reproduces writes on an os.Pipe end taken for regular-file
// I/O (moby's daemon/logger copier_test.go piped): the function shows the
// file is a pipe, which the netpoller parks, so the calls give no fact.
package pipes

import (
	"io"
	"os"
	"os/exec"
)

func piped(n int, buf []byte) io.Reader {
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	go func() {
		for range n {
			w.Write(buf)
		}
		w.Close()
	}()
	return r
}

func declared(buf []byte) {
	var w *os.File
	var err error
	_, w, err = os.Pipe()
	if err != nil {
		return
	}
	defer w.Close()
	w.Write(buf)
}

// The same calls on files the function does not show to be pipes, or on
// pipe ends that something may have put back into blocking mode.

type opener interface{ Open() (*os.File, error) }

func opened(o opener, buf []byte) { // want opened:`blocks\(file via \(\*os\.File\)\.Write\)`
	w, err := o.Open()
	if err != nil {
		return
	}
	w.Write(buf)
}

func param(w *os.File, buf []byte) { // want param:`blocks\(file via \(\*os\.File\)\.Write\)`
	w.Write(buf)
}

func reassigned(f *os.File, buf []byte) { // want reassigned:`blocks\(file via \(\*os\.File\)\.Write\)`
	_, w, _ := os.Pipe()
	if f != nil {
		w = f
	}
	w.Write(buf)
}

func fd(buf []byte) uintptr { // want fd:`blocks\(file via \(\*os\.File\)\.Read\)`
	r, _, _ := os.Pipe()
	n := r.Fd()
	r.Read(buf)
	return n
}

// os.StartProcess calls Fd on the child's files.
func toChild(cmd *exec.Cmd, buf []byte) { // want toChild:`blocks\(file via \(\*os\.File\)\.Write\)`
	_, w, _ := os.Pipe()
	cmd.Stdout = w
	w.Write(buf)
}
