package rawsyscall

// A rawFunc is a raw system call entry point, keyed in rawFuncs by
// types.Func.FullName.
type rawFunc struct {
	repl    string // the entersyscall twin with the same signature
	noError bool   // RawSyscallNoError: two results; falls back to Syscall with the error discarded
}

var rawFuncs = map[string]rawFunc{
	"syscall.RawSyscall":                      {repl: "Syscall"},
	"syscall.RawSyscall6":                     {repl: "Syscall6"},
	"golang.org/x/sys/unix.RawSyscall":        {repl: "Syscall"},
	"golang.org/x/sys/unix.RawSyscall6":       {repl: "Syscall6"},
	"golang.org/x/sys/unix.RawSyscallNoError": {repl: "SyscallNoError", noError: true},
}

// rawPkgs are the packages that declare rawFuncs: a package importing
// neither cannot have a finding, and the two themselves are not checked
// (their raw calls run in forked children or cannot block).
var rawPkgs = map[string]bool{"syscall": true, "golang.org/x/sys/unix": true}

// A block says why a system call can block and which constant arguments
// make it return at once. Argument indexes count the raw call's
// arguments after the number: 1 is a1.
type block struct {
	why         string
	zeroTimeout int // a millisecond timeout: the constant 0 means "do not wait"
	noHang      int // wait options: a constant with WNOHANG means "do not wait"
	lockCmd     int // a fcntl command: only the F_SETLKW family waits
}

const (
	whyIO     = "I/O on a pipe, socket, terminal, device or FUSE file waits for the other end"
	whyOpen   = "opening a FIFO, device, NFS or FUSE file can wait"
	whyClose  = "close flushes, and waits on NFS and FUSE files"
	whyDup    = "it may close the old descriptor, which flushes and can wait on NFS and FUSE files"
	whySock   = "it waits for the peer"
	whyWait   = "it waits for a child process"
	whySleep  = "it sleeps or waits for a signal"
	whyFutex  = "it waits on a futex"
	whyPoll   = "it waits for descriptors to become ready"
	whyLock   = "it waits for a file lock"
	whyDisk   = "it waits for the disk"
	whyIPC    = "it waits on a System V or POSIX IPC object"
	whyAIO    = "it waits for asynchronous I/O to complete"
	whyKqueue = "it waits for kernel events"
)

// blocking lists, by lowercase name (SYS_READ → "read"), the system calls
// that can block. Names of other systems (pread, kevent, waitpid) are here
// for SYS_ constants recognised by name; the numberings cover Linux.
var blocking = map[string]block{
	"read":     {why: whyIO},
	"write":    {why: whyIO},
	"readv":    {why: whyIO},
	"writev":   {why: whyIO},
	"pread":    {why: whyIO},
	"pwrite":   {why: whyIO},
	"pread64":  {why: whyIO},
	"pwrite64": {why: whyIO},
	"preadv":   {why: whyIO},
	"pwritev":  {why: whyIO},
	"preadv2":  {why: whyIO},
	"pwritev2": {why: whyIO},
	"sendfile": {why: whyIO},
	"splice":   {why: whyIO},
	"tee":      {why: whyIO},

	"open":    {why: whyOpen},
	"openat":  {why: whyOpen},
	"openat2": {why: whyOpen},
	"creat":   {why: whyOpen},
	"close":   {why: whyClose},
	"dup2":    {why: whyDup},
	"dup3":    {why: whyDup},

	"accept":   {why: whySock},
	"accept4":  {why: whySock},
	"connect":  {why: whySock},
	"recv":     {why: whySock},
	"recvfrom": {why: whySock},
	"recvmsg":  {why: whySock},
	"recvmmsg": {why: whySock},
	"send":     {why: whySock},
	"sendto":   {why: whySock},
	"sendmsg":  {why: whySock},
	"sendmmsg": {why: whySock},

	"wait4":   {why: whyWait, noHang: 3},
	"waitid":  {why: whyWait, noHang: 4},
	"waitpid": {why: whyWait, noHang: 3},

	"nanosleep":       {why: whySleep},
	"clock_nanosleep": {why: whySleep},
	"pause":           {why: whySleep},
	"sigsuspend":      {why: whySleep},
	"rt_sigsuspend":   {why: whySleep},
	"rt_sigtimedwait": {why: whySleep},
	"futex":           {why: whyFutex},
	"futex_wait":      {why: whyFutex},
	"futex_waitv":     {why: whyFutex},

	"poll":         {why: whyPoll, zeroTimeout: 3},
	"epoll_wait":   {why: whyPoll, zeroTimeout: 4},
	"epoll_pwait":  {why: whyPoll, zeroTimeout: 4},
	"ppoll":        {why: whyPoll},
	"select":       {why: whyPoll},
	"_newselect":   {why: whyPoll},
	"pselect6":     {why: whyPoll},
	"epoll_pwait2": {why: whyPoll},
	"kevent":       {why: whyKqueue},

	"flock":           {why: whyLock},
	"fcntl":           {why: whyLock, lockCmd: 2},
	"fcntl64":         {why: whyLock, lockCmd: 2},
	"fsync":           {why: whyDisk},
	"fdatasync":       {why: whyDisk},
	"sync_file_range": {why: whyDisk},
	"sync":            {why: whyDisk},
	"syncfs":          {why: whyDisk},

	"msgrcv":          {why: whyIPC},
	"msgsnd":          {why: whyIPC},
	"semop":           {why: whyIPC},
	"semtimedop":      {why: whyIPC},
	"mq_timedreceive": {why: whyIPC},
	"mq_timedsend":    {why: whyIPC},
	"io_getevents":    {why: whyAIO},
	"io_pgetevents":   {why: whyAIO},
	"io_uring_enter":  {why: whyAIO},
}

// forks are the system calls after which, in the same function, raw calls
// may run in a forked child, where entersyscall must not be called.
var forks = map[string]bool{"clone": true, "clone3": true, "fork": true, "vfork": true}

// lockCmdNames are the fcntl commands that wait for a lock.
var lockCmdNames = []string{"F_SETLKW", "F_SETLKW64", "F_OFD_SETLKW"}
