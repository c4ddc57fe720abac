// Package poolconfig pins a known false positive, reduced from evio's
// serve (evio_unix.go:156 in v1.0.8): one event loop per configured
// loop, each holding a thread in epoll_wait by design. The count is the
// caller's Events.NumLoops (1 by default, NumCPU for -1, otherwise any
// number the caller picks), so no rule of the syntax bounds it; and the
// loops are appended to a field, which sizing does not follow. See the
// doc's known false positives.
package poolconfig

import (
	"runtime"
	"sync"
	"syscall"
)

type Events struct {
	// NumLoops is the number of event loops: 0 for one, -1 for one per CPU.
	NumLoops int
}

type loop struct{ fd int }

type server struct {
	loops []*loop
	wg    sync.WaitGroup
}

func loopRun(s *server, l *loop) {
	defer s.wg.Done()
	buf := make([]byte, 8)
	for {
		if _, err := syscall.Read(l.fd, buf); err != nil { // stands for epoll_wait
			return
		}
	}
}

func Serve(events Events, fds []int) error {
	s := &server{}
	numLoops := events.NumLoops
	if numLoops <= 0 {
		if numLoops == 0 {
			numLoops = 1
		} else {
			numLoops = runtime.NumCPU()
		}
	}
	for i := 0; i < numLoops; i++ {
		s.loops = append(s.loops, &loop{fd: fds[i]})
	}
	s.wg.Add(len(s.loops))
	for _, l := range s.loops {
		go loopRun(s, l) // want `goroutine per item blocks an OS thread in a blocking syscall \(via loopRun → syscall.Read\)`
	}
	s.wg.Wait()
	return nil
}
