package pollloop

import (
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

type Watcher struct {
	epfd   int
	events chan uint32
}

func NewWatcher(fd int) (*Watcher, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	w := &Watcher{epfd: epfd, events: make(chan uint32)}
	unix.EpollCtl(epfd, 1, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(fd)})
	go func() {
		evs := make([]unix.EpollEvent, 8)
		for {
			n, err := unix.EpollWait(epfd, evs, -1) // want `^goroutine loops on unix.EpollWait with no timeout on a descriptor of its own$`
			if err != nil {
				return
			}
			for _, ev := range evs[:n] {
				w.events <- ev.Events
			}
		}
	}()
	return w, nil
}

// A method started with go, waiting on its receiver's descriptor.
type Poller struct{ epfd int }

func (p *Poller) run() {
	evs := make([]syscall.EpollEvent, 8)
	for {
		if _, err := syscall.EpollWait(p.epfd, evs, -1); err != nil { // want `goroutine loops on syscall.EpollWait with no timeout`
			return
		}
	}
}

func NewPoller() *Poller {
	epfd, _ := syscall.EpollCreate1(0)
	p := &Poller{epfd: epfd}
	go p.run()
	return p
}

// A function started with go, given the descriptor.
func loop(epfd int, evs []syscall.EpollEvent) {
	for {
		syscall.EpollWait(epfd, evs, -1) // want `goroutine loops on syscall.EpollWait`
	}
}

func StartLoop() {
	epfd, _ := syscall.EpollCreate(1)
	go loop(epfd, make([]syscall.EpollEvent, 1))
}

// A method value started by WaitGroup.Go.
type Ring struct{ epfd int }

func (r *Ring) loop() {
	for {
		syscall.EpollWait(r.epfd, nil, -1) // want `goroutine loops on syscall.EpollWait`
	}
}

func StartRing(wg *sync.WaitGroup) {
	epfd, _ := syscall.EpollCreate1(0)
	r := &Ring{epfd: epfd}
	wg.Go(r.loop)
}

// Generic functions and methods are not followed.
type GenRing[T any] struct{ epfd int }

func (r *GenRing[T]) loop() {
	for {
		syscall.EpollWait(r.epfd, nil, -1)
	}
}

func genLoop[T any](epfd int) {
	for {
		syscall.EpollWait(epfd, nil, -1)
	}
}

func StartGeneric(wg *sync.WaitGroup) {
	epfd, _ := syscall.EpollCreate1(0)
	r := &GenRing[int]{epfd: epfd}
	wg.Go(r.loop)
	go r.loop()
	go genLoop[string](epfd)
}

func PollGroup(fd int, wg *sync.WaitGroup) {
	wg.Go(func() {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			if _, err := unix.Poll(fds, -1); err != nil { // want `goroutine loops on unix.Poll with no timeout`
				return
			}
		}
	})
}

func SelectLoop(fd int) {
	go func() {
		for {
			var rset syscall.FdSet
			rset.Bits[fd/64] |= 1 << (uint(fd) % 64)
			syscall.Select(fd+1, &rset, nil, nil, nil) // want `goroutine loops on syscall.Select with no timeout`
		}
	}()
}

func PpollLoop(fd int) {
	go func() {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			unix.Ppoll(fds, nil, nil) // want `goroutine loops on unix.Ppoll`
		}
	}()
}

func Ignored(fd int) {
	go func() {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			unix.Poll(fds, -1) //syscallvet:ignore blockingfd one instance per process
		}
	}()
}

// Negative cases.

// A finite or unknown timeout.
func timeouts(fd int, msec int) {
	go func() {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		tv := syscall.Timeval{Sec: 1}
		for {
			unix.Poll(fds, 100)
			unix.Poll(fds, msec)
			var rset syscall.FdSet
			syscall.Select(fd+1, &rset, nil, nil, &tv)
		}
	}()
}

// One wait, not a loop.
func once(fd int) {
	go func() {
		unix.Poll([]unix.PollFd{{Fd: int32(fd)}}, -1)
	}()
}

// Not in a goroutine: the caller's thread.
func synchronous(epfd int, evs []unix.EpollEvent) {
	for {
		unix.EpollWait(epfd, evs, -1)
	}
}

// One event loop for the whole process.
var globalEpfd int

func global() {
	go func() {
		evs := make([]unix.EpollEvent, 8)
		for {
			unix.EpollWait(globalEpfd, evs, -1)
		}
	}()
}

// A descriptor passed in from the caller.
func fromCaller(epfd int) {
	go func() {
		evs := make([]unix.EpollEvent, 8)
		for {
			unix.EpollWait(epfd, evs, -1)
		}
	}()
}

// Exported and never started here: its callers are unknown.
func Loop(epfd int, evs []unix.EpollEvent) {
	for {
		unix.EpollWait(epfd, evs, -1)
	}
}
