// Package tt5home checks setns calls into the process's home namespace
// (docker v23's osl.InitOSContext: lock, move the thread into the
// namespace the process started in, unlock). A handle taken once per
// process (at its declaration, in init, under sync.Once) from the
// process's own namespace is home: moving the thread there restores it,
// and changes nothing the caller must undo. A handle also assigned per
// call, taken from a new namespace, or held in a local is not.
package tt5home

import (
	"os"
	"runtime"
	"sync"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func work() {}

var (
	hostNS netns.NsHandle
	once   sync.Once
)

// Silent: puts the calling thread in the host netns for host-side
// netlink work.
func InitOSContext() func() {
	runtime.LockOSThread()
	once.Do(func() { hostNS, _ = netns.Get() }) // at start-up: the host netns
	netns.Set(hostNS)                           // error only logged in the original
	return runtime.UnlockOSThread
}

// Silent: the thread goes back in the host netns, i.e. clean.
func createBridge() error {
	defer InitOSContext()()
	work()
	return nil
}

// Silent: a handle taken in init, through a local, entered with a raw
// setns.
var initNS netns.NsHandle

func init() {
	ns, err := netns.Get()
	if err != nil {
		panic(err)
	}
	initNS = ns
}

func rawHome() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	unix.Setns(int(initNS), unix.CLONE_NEWNET)
	work()
}

// Silent: a handle taken at its declaration from init's namespace.
var declNS, _ = netns.GetFromPath("/proc/1/ns/net")

func declHome() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	netns.Set(declNS)
	work()
}

// Silent: a handle taken by an unexported function run only by
// sync.Once, from a /proc/self file.
var (
	selfNS   *os.File
	selfOnce sync.Once
)

func loadSelf() {
	selfNS, _ = os.Open("/proc/self/ns/net")
}

func selfHome() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	selfOnce.Do(loadSelf)
	unix.Setns(int(selfNS.Fd()), unix.CLONE_NEWNET)
	work()
}

// Going home is a restore: silent where it is checked before the unlock,
// reported where its error is dropped.
func visitChecked(target netns.NsHandle) error {
	runtime.LockOSThread()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	work()
	if err := netns.Set(hostNS); err != nil {
		return err // stays locked: the thread dies with the goroutine
	}
	runtime.UnlockOSThread()
	return nil
}

func visitUnchecked(target netns.NsHandle) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := netns.Set(target); err != nil { // want `^netns.Set changes the network namespace \(via unix.Setns\) and the restore at line 113 goes unchecked before the deferred unlock at line 114$`
		return err
	}
	work()
	netns.Set(hostNS)
	return nil
}

// Reported: the variable is also assigned per call.
var (
	curNS   netns.NsHandle
	curOnce sync.Once
)

func Reinit() {
	curNS, _ = netns.Get()
}

func enterCur() func() {
	runtime.LockOSThread()
	curOnce.Do(func() { curNS, _ = netns.Get() })
	netns.Set(curNS) // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the unlock function returned at line 131$`
	return runtime.UnlockOSThread
}

// Reported: the handle, taken once, names a new namespace.
var (
	freshNS   netns.NsHandle
	freshOnce sync.Once
)

func enterFresh() func() {
	runtime.LockOSThread()
	freshOnce.Do(func() {
		h, _ := netns.New()
		freshNS = h
	})
	netns.Set(freshNS) // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the unlock function returned at line 147$`
	return runtime.UnlockOSThread
}

// Reported: a local handle.
func enterLocal(path string) {
	h, err := netns.GetFromPath(path)
	if err != nil {
		return
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	netns.Set(h) // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the deferred unlock at line 159$`
}

// Reported: docker v23's own shape. The handle is assigned by an
// exported function, which sync.Once runs here but any package may call
// (docker's test helper calls ns.Init after unsharing a new namespace).
var (
	initNs   netns.NsHandle
	initOnce sync.Once
)

func Init() {
	initNs, _ = netns.Get()
}

func enterInit() func() {
	runtime.LockOSThread()
	initOnce.Do(Init)
	netns.Set(initNs) // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the unlock function returned at line 177$`
	return runtime.UnlockOSThread
}

// Reported: InitOSContext's twin with an exported handle, which any
// package may assign.
var (
	HostNS   netns.NsHandle
	hostOnce sync.Once
)

func enterExported() func() {
	runtime.LockOSThread()
	hostOnce.Do(func() { HostNS, _ = netns.Get() })
	netns.Set(HostNS) // want `^netns.Set changes the network namespace \(via unix.Setns\), not restored before the unlock function returned at line 191$`
	return runtime.UnlockOSThread
}

// Reported: selfHome's twin whose loader is also called directly, not
// only by sync.Once: the handle is taken again per call.
var (
	againNS   *os.File
	againOnce sync.Once
)

func loadAgain() {
	againNS, _ = os.Open("/proc/self/ns/net")
}

func Reload() { loadAgain() }

func againHome() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	againOnce.Do(loadAgain)
	unix.Setns(int(againNS.Fd()), unix.CLONE_NEWNET) // want `^unix.Setns changes the network namespace, not restored before the deferred unlock at line 213$`
	work()
}
