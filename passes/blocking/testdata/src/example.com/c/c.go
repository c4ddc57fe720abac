package c

import "example.com/b"

// c imports neither os nor syscall: only b's fact makes it active.

func Use() { b.Helper() } // want Use:`blocks\(file via b\.Helper → a2\.Read → os\.ReadFile\)`
