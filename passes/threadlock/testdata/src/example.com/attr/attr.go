// Package attr changes a per-thread state only through a /proc attribute
// file (not a std path: std gets lock effects only).
package attr

import "os"

const execAttr = "/proc/thread-self/attr/exec"

func setLabel(label string) error { // want setLabel:"changes\\(selinux\\) needsLock\\(selinux\\)"
	return os.WriteFile(execAttr, []byte(label), 0)
}
