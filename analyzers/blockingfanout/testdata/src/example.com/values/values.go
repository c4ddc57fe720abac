// Package values starts goroutines through function-valued fields and
// variables, and from callbacks stored in them.
package values

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"
)

// A field whose every value blocks blocks when called.

type cache struct {
	load func(string) ([]byte, error)
}

func newCache() *cache { return &cache{load: os.ReadFile} }

func (c *cache) warm(names []string) {
	for _, n := range names {
		go func() { // want `goroutine per item blocks an OS thread in file I/O \(via c\.load → os\.ReadFile\)`
			c.load(n)
		}()
		go c.load(n) // want `goroutine per item blocks an OS thread in file I/O \(via c\.load → os\.ReadFile\)`
	}
}

// Correct: the field's value takes a token before it blocks.

type limited struct{ fetch func(string) }

func newLimited(sem chan struct{}) *limited {
	return &limited{fetch: func(name string) {
		sem <- struct{}{}
		defer func() { <-sem }()
		os.ReadFile(name)
	}}
}

func (l *limited) all(names []string) {
	for _, n := range names {
		go l.fetch(n)
	}
}

// Correct: the field holds a Close method, a weak call.

type handle struct{ release func() error }

func newHandle(f *os.File) *handle { return &handle{release: f.Close} }

func releaseAll(hs []*handle) {
	for _, h := range hs {
		go h.release()
	}
}

// Correct: one of the field's values does not block, so a call may not.

type lookup struct{ resolve func(string) }

func newLookup(local bool) *lookup {
	if local {
		return &lookup{resolve: func(name string) { os.Stat(name) }}
	}
	return &lookup{resolve: func(name string) { net.LookupHost(name) }}
}

func (l *lookup) all(names []string) {
	for _, n := range names {
		go l.resolve(n)
	}
}

// Correct: the field holds whatever the caller passed: unknown.

type injected struct{ load func(string) ([]byte, error) }

func newInjected(load func(string) ([]byte, error)) *injected { return &injected{load: load} }

func (i *injected) warm(names []string) {
	for _, n := range names {
		go i.load(n)
	}
}

// A goroutine started by an eviction callback stored in a field, called
// once per evicted key, fans out.

type lru struct {
	keys    []string
	onEvict func(key string)
}

func newLRU(dir string) *lru {
	return &lru{onEvict: func(key string) {
		go os.Remove(filepath.Join(dir, key)) // want `goroutine started by callback c\.onEvict, called per item in \(\*lru\)\.purge \(line 104\), blocks an OS thread in file I/O \(via os\.Remove\)`
	}}
}

func (c *lru) purge() {
	for _, k := range c.keys {
		c.onEvict(k)
	}
	c.keys = nil
}

// An OnEach hook assigned in a statement, called in a loop in another
// file.

type Walker struct{ OnEach func(path string) }

func index(paths []string) {
	w := &Walker{}
	w.OnEach = func(p string) {
		go os.ReadFile(p) // want `goroutine started by callback w\.OnEach, called per item in \(\*Walker\)\.Walk \(values_walk\.go:6\), blocks an OS thread in file I/O \(via os\.ReadFile\)`
	}
	w.Walk(paths)
}

// A callback in a local variable.

func touchAll(paths []string) {
	touch := func(p string) {
		go os.Chtimes(p, now, now) // want `goroutine started by callback touch, called per item in touchAll \(line 129\)`
	}
	for _, p := range paths {
		touch(p)
	}
}

// A callback called in a loop of a package-level initialiser.

var removeOne = func(p string) {
	go os.Remove(p) // want `goroutine started by callback removeOne, called per item in a package-level initialiser \(line \d+\)`
}

var removedAll = func() bool {
	for _, p := range []string{"a", "b"} {
		removeOne(p)
	}
	for _, p := range os.Args {
		removeOne(p)
	}
	return true
}()

// A callback called per file walked.

type scanner struct{ found func(string) }

func newScanner() *scanner {
	return &scanner{found: func(p string) {
		go os.ReadFile(p) // want `goroutine started by callback s\.found, called per file walked in \(\*scanner\)\.scan \(line \d+\)`
	}}
}

func (s *scanner) scan(root string) {
	filepath.WalkDir(root, func(p string, _ fs.DirEntry, _ error) error {
		s.found(p)
		return nil
	})
}

// Correct: the callback is called once, outside any loop.

type closer struct{ onClose func() }

func newCloser(path string) *closer {
	return &closer{onClose: func() { go os.Remove(path) }}
}

func (c *closer) Close() { c.onClose() }

// Correct: called in a loop with a small constant trip count.

type shards struct {
	dirs  [4]string
	clear func(string)
}

func newShards() *shards {
	return &shards{clear: func(dir string) { go os.RemoveAll(dir) }}
}

func (s *shards) clearAll() {
	for i := range 4 {
		s.clear(s.dirs[i])
	}
}

// Correct: a token is taken before each call.

type sweeper struct{ drop func(string) }

func newSweeper() *sweeper {
	return &sweeper{drop: func(p string) { go os.Remove(p) }}
}

func (s *sweeper) sweep(paths []string, sem chan struct{}) {
	for _, p := range paths {
		sem <- struct{}{}
		s.drop(p)
	}
}

// Correct: the callback takes a token before it starts the goroutine.

type pruner struct{ prune func(string) }

func newPruner(sem chan struct{}) *pruner {
	return &pruner{prune: func(p string) {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			os.Remove(p)
		}()
	}}
}

func (p *pruner) run(paths []string) {
	for _, path := range paths {
		p.prune(path)
	}
}

// Correct: the callback waits for its goroutine.

type syncer struct{ each func(string) }

func newSyncer() *syncer {
	return &syncer{each: func(p string) {
		var wg sync.WaitGroup
		wg.Go(func() { os.Remove(p) })
		wg.Wait()
	}}
}

func (s *syncer) run(paths []string) {
	for _, p := range paths {
		s.each(p)
	}
}

// Correct: the callback's goroutine does network I/O only.

type dialer struct{ each func(string) }

func newDialer() *dialer {
	return &dialer{each: func(addr string) { go net.Dial("tcp", addr) }}
}

func (d *dialer) run(addrs []string) {
	for _, a := range addrs {
		d.each(a)
	}
}
