// Package unix is a stub of golang.org/x/sys/unix.
package unix

const LOCK_EX = 2

func Flock(fd int, how int) error { return nil }

func Read(fd int, p []byte) (int, error) { return 0, nil }

// ReadAll is not a seed; in a non-std package it is inferred from Read.
func ReadAll(fd int) { Read(fd, nil) }

const EFD_CLOEXEC = 0x80000

func Eventfd(initval uint, flags int) (int, error) { return 0, nil }

func Write(fd int, p []byte) (int, error) { return 0, nil }

func Open(path string, mode int, perm uint32) (int, error) { return 0, nil }
