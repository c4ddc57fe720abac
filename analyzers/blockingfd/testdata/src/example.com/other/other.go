// Package other configures descriptors in ways the analyzer cannot see.
package other

import "os"

// Configure may make fd non-blocking.
func Configure(fd int) {}

// CloseQuiet closes f and logs the error (as podman's
// errorhandling.CloseQuiet does).
func CloseQuiet(f *os.File) {}

// Drain may read f.
func Drain(f *os.File) {}
