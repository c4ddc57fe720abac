package a

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"example.com/mid"
	"example.com/store"
)

func parse(path string) error {
	_, err := os.ReadFile(path)
	return err
}

func perItem(files []string) {
	for _, f := range files {
		go parse(f) // want `^goroutine per item blocks an OS thread in file I/O \(via parse → os.ReadFile\)$`
	}
}

func perItemLiteral(files []string) {
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func() { // want `goroutine per item blocks an OS thread in file I/O \(via store.Load → store.readAll → os.ReadFile\)`
			defer wg.Done()
			store.Load(f)
		}()
	}
	wg.Wait()
}

func overMap(m map[string]string) {
	for k := range m {
		go parse(k) // want `goroutine per item`
	}
}

func overChannel(paths <-chan string) {
	for p := range paths {
		go parse(p) // want `goroutine per item`
	}
}

func fedByReads(dec interface{ Next() (string, bool) }) {
	for {
		p, ok := dec.Next()
		if !ok {
			return
		}
		go parse(p) // want `goroutine per iteration blocks an OS thread in file I/O`
	}
}

func countingLen(files []string) {
	for i := 0; i < len(files); i++ {
		go parse(files[i]) // want `goroutine per item`
	}
}

func iterator(seq func(func(string) bool)) {
	for p := range seq {
		go parse(p) // want `goroutine per item`
	}
}

func execPerItem(cmds []string) {
	for _, c := range cmds {
		go exec.Command(c).Run() // want `goroutine per item blocks an OS thread in process exec/wait \(via \(\*exec.Cmd\).Run\)`
	}
}

func errgroupUnbounded(files []string) error {
	var g errgroup.Group
	for _, f := range files {
		g.Go(func() error { return parse(f) }) // want `errgroup goroutine per item blocks an OS thread in file I/O \(via parse → os.ReadFile\)`
	}
	return g.Wait()
}

func waitGroupGo(files []string) {
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Go(func() { parse(f) }) // want `goroutine per item blocks`
	}
	wg.Wait()
}

func generic[T any](items []T, f func(T) string) {
	for _, it := range items {
		go parse(f(it)) // want `goroutine per item`
	}
}

type loader struct{ dir string }

func (l *loader) load(name string) error { return parse(l.dir + name) }

func methodValue(l *loader, names []string) {
	for _, n := range names {
		go l.load(n) // want `goroutine per item blocks an OS thread in file I/O \(via \(\*loader\).load → parse → os.ReadFile\)`
	}
}

// Recursion: one goroutine per directory level.
func walkDir(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			go walkDir(dir + "/" + e.Name()) // want `goroutine per item blocks`
		}
	}
}

func recurse(n int, path string) {
	if n == 0 {
		return
	}
	go recurse(n-1, path) // want `goroutine per recursive call blocks an OS thread in file I/O`
	parse(path)
}

// Not reported: the goroutines only wait on the network, timers and channels.
func network(addrs []string, done chan struct{}) {
	for _, a := range addrs {
		go func() {
			c, err := net.Dial("tcp", a)
			if err == nil {
				c.Close()
			}
			http.Get("http://" + a)
			time.Sleep(time.Second)
			<-done
			store.Remote(a)
		}()
	}
}

// Not reported: one goroutine per connection is the standard server design.
func serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer conn.Close()
			parse("/etc/hosts")
		}()
	}
}

// Not reported: function values and interface methods are unknown.
func unknown(files []string, f func(string) error, r interface{ Read(string) error }) {
	for _, p := range files {
		go f(p)
		go r.Read(p)
	}
}

func threePackages(paths []string) {
	for _, p := range paths {
		go mid.Process(p) // want `goroutine per item blocks an OS thread in file I/O \(via mid.Process → store.Load → store.readAll → os.ReadFile\)`
	}
}

func tryGo(files []string) {
	var g errgroup.Group
	for _, f := range files {
		g.TryGo(func() error { return parse(f) }) // want `errgroup goroutine per item`
	}
}
