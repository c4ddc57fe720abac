// Package unix is a stub of golang.org/x/sys/unix.
package unix

const LOCK_EX = 2

func Flock(fd int, how int) error { return nil }

func Read(fd int, p []byte) (int, error) { return 0, nil }

// ReadAll is not a seed; in a non-std package it is inferred from Read.
func ReadAll(fd int) { Read(fd, nil) }
