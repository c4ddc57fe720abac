// Package label is a stub of go-selinux/label v1.8 to v1.11, whose
// setters are variables holding the selinux package's functions.
package label

import "github.com/opencontainers/selinux/go-selinux"

// SetProcessLabel sets the SELinux label of processes this thread execs.
var SetProcessLabel = selinux.SetExecLabel
