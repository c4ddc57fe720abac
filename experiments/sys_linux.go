//go:build linux

package experiments

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

// platformSkip is empty where the experiments can measure.
const platformSkip = ""

// procStatus is the part of /proc/self/status the experiments read.
type procStatus struct {
	threads int
	rssKiB  int64 // VmRSS: resident now
	hwmKiB  int64 // VmHWM: peak resident since the process started
}

func readStatus() (procStatus, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return procStatus{}, err
	}
	var st procStatus
	for line := range bytes.Lines(b) {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		f := strings.Fields(string(v))
		if len(f) == 0 {
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		switch string(k) {
		case "Threads":
			st.threads = int(n)
		case "VmRSS":
			st.rssKiB = n
		case "VmHWM":
			st.hwmKiB = n
		}
	}
	if st.threads == 0 {
		return st, errors.New("no Threads line in /proc/self/status")
	}
	return st, nil
}

// sleepSyscall blocks the calling thread in nanosleep(2) through
// syscall.Syscall, as a slow disk read would: the runtime sees a goroutine
// in a system call, not a parked one.
func sleepSyscall(d time.Duration) {
	ts := syscall.NsecToTimespec(d.Nanoseconds())
	for {
		var left syscall.Timespec
		if err := syscall.Nanosleep(&ts, &left); err != syscall.EINTR {
			return
		}
		ts = left
	}
}

// sleepRaw is sleepSyscall through syscall.RawSyscall, which does not tell
// the scheduler the goroutine is in the kernel. A signal (the runtime's
// preemption signal, say) ends nanosleep early; it is resumed with the time
// left, so the call is bounded by d in all.
func sleepRaw(d time.Duration) {
	ts := syscall.NsecToTimespec(d.Nanoseconds())
	for {
		var left syscall.Timespec
		//syscallvet:ignore rawsyscall the rawsyscall experiment measures this stall; the sleep is bounded
		_, _, e := syscall.RawSyscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&ts)), uintptr(unsafe.Pointer(&left)), 0)
		if e != syscall.EINTR {
			return
		}
		ts = left
	}
}

// lockFile is a descriptor for flock(2), opened raw: os.File adds nothing
// here, and each waiter needs a descriptor of its own (flock locks belong
// to the open file description).
type lockFile int

func openLock(name string) (lockFile, error) {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	return lockFile(fd), err
}

// lock blocks, through syscall.Syscall, until the lock is granted.
func (l lockFile) lock(exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	return syscall.Flock(int(l), how)
}

func (l lockFile) unlock() error { return syscall.Flock(int(l), syscall.LOCK_UN) }
func (l lockFile) close() error  { return syscall.Close(int(l)) }

const (
	prSetName = 15 // PR_SET_NAME
	prGetName = 16 // PR_GET_NAME
)

// setThreadName names the calling thread (what /proc/thread-self/comm and
// top -H show): a harmless per-thread attribute that needs no privilege.
func setThreadName(name string) error {
	b := make([]byte, 16) // the kernel keeps 15 bytes and a NUL
	copy(b[:15], name)
	_, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetName, uintptr(unsafe.Pointer(&b[0])), 0)
	if e != 0 {
		return fmt.Errorf("prctl(PR_SET_NAME): %v", e)
	}
	return nil
}

// threadName reads the calling thread's name from /proc/thread-self/comm,
// as a person debugging the process would. The path resolves to the thread
// that opens it, inside one system call, so it cannot name another thread.
func threadName() (string, error) {
	b, err := os.ReadFile("/proc/thread-self/comm")
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(b), "\n"), nil
}

func gettid() int { return syscall.Gettid() }

// netns names the calling thread's network namespace ("net:[4026531840]").
func netns() (string, error) { return os.Readlink("/proc/thread-self/ns/net") }

// pipe returns a pipe, blocking or not. os.NewFile hands only non-blocking
// descriptors to the netpoller.
func pipe(nonblock bool) (r, w *os.File, err error) {
	var p [2]int
	flags := syscall.O_CLOEXEC
	if nonblock {
		flags |= syscall.O_NONBLOCK
	}
	if err := syscall.Pipe2(p[:], flags); err != nil {
		return nil, nil, err
	}
	return os.NewFile(uintptr(p[0]), "pipe-r"), os.NewFile(uintptr(p[1]), "pipe-w"), nil
}

// fileLimit is the soft limit on open descriptors (the Go runtime raises it
// to the hard limit at start-up).
func fileLimit() uint64 {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 1024
	}
	return l.Cur
}

func readTrim(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// clocksource is what backs time.Now: tsc and kvm-clock are read in user
// space through the vDSO; hpet, acpi_pm and some Xen clocks need a system
// call, which makes time.Now cost a microsecond or more.
func clocksource() (current, available string) {
	const dir = "/sys/devices/system/clocksource/clocksource0/"
	return readTrim(dir + "current_clocksource"), readTrim(dir + "available_clocksource")
}

func kernelRelease() string { return readTrim("/proc/sys/kernel/osrelease") }

// enterNewNetns moves the calling thread into a new network namespace and
// returns the function that moves it back. It needs CAP_SYS_ADMIN; without
// it (or in a sandbox that forbids namespaces) it returns errSkip.
func enterNewNetns() (restore func() error, err error) {
	fd, err := syscall.Open("/proc/thread-self/ns/net", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, errSkip{"cannot open /proc/thread-self/ns/net: " + err.Error()}
	}
	if err := syscall.Unshare(syscall.CLONE_NEWNET); err != nil {
		syscall.Close(fd)
		switch err {
		case syscall.EPERM, syscall.EACCES, syscall.ENOSYS, syscall.EINVAL:
			return nil, errSkip{"entering a network namespace needs CAP_SYS_ADMIN: " + err.Error()}
		}
		return nil, err
	}
	return func() error {
		defer syscall.Close(fd)
		if _, _, e := syscall.RawSyscall(sysSetns, uintptr(fd), syscall.CLONE_NEWNET, 0); e != 0 {
			return e
		}
		return nil
	}, nil
}

// threadBudget returns how many more threads (tasks) the cgroup's pids
// controller lets this process create, and the limit's description; -1
// when there is no such limit. A container with a pids limit kills the
// process ("failed to create new OS thread") rather than refusing a
// goroutine, so phases stay under it.
func threadBudget() (int, string) {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return -1, ""
	}
	for line := range strings.Lines(string(b)) {
		// cgroup v2: "0::/path"; v1: "N:pids:/path" (or a list with pids).
		f := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(f) != 3 {
			continue
		}
		var dir string
		switch {
		case f[0] == "0" && f[1] == "":
			dir = "/sys/fs/cgroup" + f[2]
		case strings.Contains(","+f[1]+",", ",pids,"):
			dir = "/sys/fs/cgroup/pids" + f[2]
		default:
			continue
		}
		limit, err := strconv.Atoi(readTrim(dir + "/pids.max"))
		if err != nil {
			continue // "max", or no pids controller here
		}
		current, _ := strconv.Atoi(readTrim(dir + "/pids.current"))
		return max(limit-current, 0), fmt.Sprintf("the cgroup's pids.max is %d, %d in use", limit, current)
	}
	return -1, ""
}
