//go:build linux

package netns

// SYS_SETNS is setns(2) on linux/arm64.
const SYS_SETNS = 268
