// Package other configures descriptors in ways the analyzer cannot see.
package other

// Configure may make fd non-blocking.
func Configure(fd int) {}
