//go:build !linux

package experiments

import (
	"errors"
	"os"
	"runtime"
	"time"
)

// platformSkip says why nothing is measured here: the experiments read
// /proc and call Linux system calls. The rules themselves apply to every
// GOOS; only the measurements are Linux-only.
const platformSkip = "the experiments measure through Linux interfaces (/proc, prctl, nanosleep); this is " + runtime.GOOS

var errUnsupported = errors.New(platformSkip)

type procStatus struct {
	threads int
	rssKiB  int64
	hwmKiB  int64
}

func readStatus() (procStatus, error)          { return procStatus{}, errUnsupported }
func sleepSyscall(d time.Duration)             { time.Sleep(d) }
func sleepRaw(d time.Duration)                 { time.Sleep(d) }
func setThreadName(string) error               { return errUnsupported }
func threadName() (string, error)              { return "", errUnsupported }
func gettid() int                              { return 0 }
func enterNewNetns() (func() error, error)     { return nil, errUnsupported }
func netns() (string, error)                   { return "", errUnsupported }
func pipe(bool) (r, w *os.File, err error)     { return nil, nil, errUnsupported }
func fileLimit() uint64                        { return 0 }
func clocksource() (current, available string) { return "", "" }
func kernelRelease() string                    { return "" }

type lockFile int

func openLock(string) (lockFile, error) { return 0, errUnsupported }
func (lockFile) lock(bool) error        { return errUnsupported }
func (lockFile) unlock() error          { return errUnsupported }
func (lockFile) close() error           { return errUnsupported }

func threadBudget() (int, string) { return -1, "" }
