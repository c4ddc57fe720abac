// Package b14deferred reproduces shape B14 of bench/TRIAGE15.md (gnet's
// test echo servers): an accept loop whose only thread-holding call is a
// deferred cleanup, run once at shutdown.
package b14deferred

import (
	"net"
	"os"

	"golang.org/x/sync/errgroup"
)

func serveEcho(ln net.Listener) {
	defer func() {
		ln.Close()
		if ln.Addr().Network() == "unix" {
			os.Remove(ln.Addr().String()) // once, at shutdown
		}
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() { defer c.Close(); buf := make([]byte, 512); n, _ := c.Read(buf); c.Write(buf[:n]) }()
	}
}

func startBackends(addrs []string) (*errgroup.Group, error) {
	var g errgroup.Group
	for _, a := range addrs {
		ln, err := net.Listen("unix", a)
		if err != nil {
			return nil, err
		}
		g.Go(func() error { serveEcho(ln); return nil })
	}
	return &g, nil
}

// Twin: the loop removes a file per connection, not once at shutdown.

func serveAndForget(ln net.Listener, spool string) {
	defer ln.Close()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close()
		os.Remove(spool)
	}
}

func startSpoolers(addrs []string, spool string) {
	var g errgroup.Group
	for _, a := range addrs {
		ln, err := net.Listen("unix", a)
		if err != nil {
			return
		}
		g.Go(func() error { serveAndForget(ln, spool); return nil }) // want `errgroup goroutine per item blocks an OS thread in file I/O \(via serveAndForget → os.Remove\)`
	}
	g.Wait()
}
