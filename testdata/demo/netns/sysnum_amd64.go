//go:build linux

package netns

// SYS_SETNS is setns(2) on linux/amd64 (the frozen syscall package lacks it).
const SYS_SETNS = 308
