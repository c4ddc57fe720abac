package blockingfd

import "strings"

// A creator is a function that returns a new descriptor, keyed in
// creators by types.Func.FullName without the package path's
// "golang.org/x/sys/unix" or "syscall" prefix (see sysFunc).
type creator struct {
	what    string   // what it creates, for the message
	flagArg int      // the argument holding its flags; -1 if it takes none
	flags   []string // constants of the callee's package that make it non-blocking
	pathArg int      // Open, Openat: the path, which must name a device or FIFO; -1 otherwise
	pair    pairKind // how it hands out two descriptors
}

type pairKind int

const (
	single   pairKind = iota // returns one descriptor as its first result
	inSlice                  // Pipe, Pipe2: stores two in the slice argument 0
	inResult                 // Socketpair: returns a [2]int
)

var creators = map[string]creator{
	"Socket":        {what: "socket", flagArg: 1, flags: []string{"SOCK_NONBLOCK"}, pathArg: -1},
	"Socketpair":    {what: "socket pair", flagArg: 1, flags: []string{"SOCK_NONBLOCK"}, pathArg: -1, pair: inResult},
	"Accept":        {what: "accepted socket", flagArg: -1, pathArg: -1},
	"Accept4":       {what: "accepted socket", flagArg: 1, flags: []string{"SOCK_NONBLOCK"}, pathArg: -1},
	"Pipe":          {what: "pipe", flagArg: -1, pathArg: -1, pair: inSlice},
	"Pipe2":         {what: "pipe", flagArg: 1, flags: []string{"O_NONBLOCK"}, pathArg: -1, pair: inSlice},
	"Open":          {what: "device", flagArg: 1, flags: []string{"O_NONBLOCK"}, pathArg: 0},
	"Openat":        {what: "device", flagArg: 2, flags: []string{"O_NONBLOCK"}, pathArg: 1},
	"InotifyInit":   {what: "inotify descriptor", flagArg: -1, pathArg: -1},
	"InotifyInit1":  {what: "inotify descriptor", flagArg: 0, flags: []string{"IN_NONBLOCK"}, pathArg: -1},
	"EpollCreate":   {what: "epoll descriptor", flagArg: -1, pathArg: -1},
	"EpollCreate1":  {what: "epoll descriptor", flagArg: -1, pathArg: -1},
	"Eventfd":       {what: "eventfd", flagArg: 1, flags: []string{"EFD_NONBLOCK"}, pathArg: -1},
	"Signalfd":      {what: "signalfd", flagArg: 2, flags: []string{"SFD_NONBLOCK"}, pathArg: -1},
	"TimerfdCreate": {what: "timerfd", flagArg: 1, flags: []string{"TFD_NONBLOCK"}, pathArg: -1},
	"FanotifyInit":  {what: "fanotify descriptor", flagArg: 0, flags: []string{"FAN_NONBLOCK"}, pathArg: -1},
}

// sysPkgs are the packages whose functions the tables name.
var sysPkgs = map[string]bool{"syscall": true, "golang.org/x/sys/unix": true}

// sysFunc splits the FullName of a function of syscall or
// golang.org/x/sys/unix into its name; ok is false for other functions.
func sysFunc(fullName string) (name string, ok bool) {
	fullName = strings.TrimPrefix(fullName, "vendor/")
	i := strings.LastIndexByte(fullName, '.')
	if i < 0 || !sysPkgs[fullName[:i]] {
		return "", false
	}
	return fullName[i+1:], true
}

// mkfifos make a FIFO at their path argument (0 for Mkfifo and Mknod, 1
// for the *at forms). Mknod counts whatever its mode: the path then names
// a FIFO or a device, both of which block.
var mkfifos = map[string]int{"Mkfifo": 0, "Mkfifoat": 1, "Mknod": 0, "Mknodat": 1}

// rawIO are the functions that read or write a descriptor directly: a
// function that uses the raw descriptor so blocks on purpose, and making
// it non-blocking would break it.
var rawIO = map[string]bool{
	"Read": true, "Write": true, "Pread": true, "Pwrite": true, "Readv": true, "Writev": true,
	"Recvfrom": true, "Recvmsg": true, "Sendto": true, "Sendmsg": true, "SendmsgN": true,
	"Accept": true, "Accept4": true, "EpollWait": true, "Splice": true, "Sendfile": true,
}

// pollableDevices are path prefixes of character devices whose reads wait
// for an event and that support poll(2): the netpoller can manage them.
// Other paths under /dev (null, zero, random, disks, shared memory) are
// not reported.
var pollableDevices = []string{
	"/dev/net/tun", "/dev/tun", "/dev/tap", "/dev/tty", "/dev/pts/", "/dev/ptmx", "/dev/console", "/dev/cu.",
	"/dev/input/", "/dev/uinput", "/dev/uhid", "/dev/hidraw", "/dev/fuse", "/dev/cuse", "/dev/vhost-",
	"/dev/kmsg", "/dev/rfkill", "/dev/gpiochip", "/dev/snd/", "/dev/video", "/dev/media", "/dev/rtc",
	"/dev/ppp", "/dev/uio", "/dev/dri/", "/dev/bpf",
}

func isPollableDevice(path string) bool {
	for _, p := range pollableDevices {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// fileOpeners open a *os.File by path; the os package makes a device or
// FIFO non-blocking, so Fd flips it back.
var fileOpeners = map[string]int{"os.Open": 0, "os.OpenFile": 0}

// fileOrigins hand out a *os.File, named by the kind of descriptor it
// holds: "pipe" or "socket" when the os package made it non-blocking, so
// that Fd flips it back, and "" when Fd leaves it alone (NewFile) or it is
// a regular file, which never uses the netpoller.
var fileOrigins = map[string]string{
	"os.Pipe":                  "pipe",
	"(*net.conn).File":         "socket", // promoted to TCPConn, UDPConn, UnixConn, IPConn
	"(*net.TCPListener).File":  "socket",
	"(*net.UnixListener).File": "socket",
	"os.NewFile":               "",
	"os.Create":                "",
	"os.CreateTemp":            "",
}

// fileMethods classifies the methods of *os.File by what a call says about
// the file's use.
var fileMethods = map[string]useKind{
	"Read":             useIO,
	"Write":            useIO,
	"WriteString":      useIO,
	"ReadFrom":         useIO,
	"WriteTo":          useIO,
	"SetDeadline":      useDeadline,
	"SetReadDeadline":  useDeadline,
	"SetWriteDeadline": useDeadline,
	"Close":            useClose,
}

// A poller waits for descriptors in the kernel, keyed by the name of a
// function of syscall or golang.org/x/sys/unix.
type poller struct {
	descArg    int  // the descriptor, poll set or read set
	timeoutArg int  // the timeout
	pointer    bool // the timeout is a pointer (nil waits for ever), not milliseconds (negative waits for ever)
}

var pollers = map[string]poller{
	"EpollWait": {descArg: 0, timeoutArg: 2},
	"Poll":      {descArg: 0, timeoutArg: 1},
	"Ppoll":     {descArg: 0, timeoutArg: 1, pointer: true},
	"Select":    {descArg: 1, timeoutArg: 4, pointer: true},
	"Pselect":   {descArg: 1, timeoutArg: 4, pointer: true},
}

// goFuncs start their function argument in a new goroutine.
var goFuncs = map[string]bool{
	"(*sync.WaitGroup).Go":                        true,
	"(*golang.org/x/sync/errgroup.Group).Go":      true,
	"(*golang.org/x/sync/errgroup.Group).TryGo":   true,
	"(*github.com/sourcegraph/conc.WaitGroup).Go": true,
}
