//go:build linux && !amd64 && !386

package experiments

import "syscall"

const sysSetns = syscall.SYS_SETNS
