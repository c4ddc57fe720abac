// Package values calls functions through variables and struct fields
// whose every value the package shows.
package values

import (
	"os"
	"sync"
)

// A field assigned only os.ReadFile blocks when called.

type cache struct {
	load func(string) ([]byte, error)
	mu   sync.Mutex
}

func newCache() *cache { return &cache{load: os.ReadFile} }

func (c *cache) get(name string) { c.load(name) } // want get:`blocks\(file via c\.load → os\.ReadFile\)`

// Closures reading files, assigned in a constructor and in a method.

type store struct{ open func(string) }

func newStore(dir string) *store {
	return &store{open: func(name string) { os.Open(dir + name) }}
}

func (s *store) reset() { s.open = func(name string) { os.Stat(name) } }

func (s *store) use() { s.open("x") } // want use:`blocks\(file via s\.open → os\.Open\)`

// A value that is a function of this package, declared after its caller:
// the chain goes through it.

type walker struct{ visit func(string) }

func (w *walker) walk() { w.visit("x") } // want walk:`blocks\(file via w\.visit → values\.remove → os\.Remove\)`

func newWalker() *walker { return &walker{visit: remove} }

func remove(p string) { os.Remove(p) } // want remove:`blocks\(file via os\.Remove\)`

// A literal value whose own call blocks only through a function of this
// package.

type hook struct{ run func() }

func newHook() hook { return hook{run: func() { remove("y") }} }

func (h hook) fire() { h.run() } // want fire:`blocks\(file via h\.run → values\.remove → os\.Remove\)`

// A positional literal and a variable as the value.

type pair struct {
	name string
	do   func(string)
}

var doRemove = remove

func newPair() pair { return pair{"p", doRemove} }

func (p pair) apply() { p.do(p.name) } // want apply:`blocks\(file via p\.do → doRemove → values\.remove → os\.Remove\)`

// An unexported package-level variable.

var readFile = os.ReadFile

func readVar() { readFile("x") } // want readVar:`blocks\(file via readFile → os\.ReadFile\)`

// A nil value adds nothing: calling it panics.

type opt struct{ f func() }

func newOpt(set bool) *opt {
	o := &opt{f: nil}
	if set {
		o.f = func() { os.Remove("z") }
	}
	return o
}

func (o *opt) call() { o.f() } // want call:`blocks\(file via o\.f → os\.Remove\)`

// A field of a generic type, keyed by its origin.

type box[T any] struct{ get func() T }

func newBox() box[[]byte] {
	return box[[]byte]{get: func() []byte { b, _ := os.ReadFile("b"); return b }}
}

func useBox(b box[[]byte]) { b.get() } // want useBox:`blocks\(file via b\.get → os\.ReadFile\)`

// An exported field of an unexported type that nothing embeds: only this
// package can assign it.

type inner struct{ Load func() }

func newInner() inner { return inner{Load: func() { os.Stat("i") }} }

func useInner(i inner) { i.Load() } // want useInner:`blocks\(file via i\.Load → os\.Stat\)`

// A value that holds a token first: the variable is as bounded as its
// least bad value.

var sem = make(chan struct{}, 4)

type guarded struct{ fetch func() }

func newGuarded() guarded {
	return guarded{fetch: func() {
		sem <- struct{}{}
		defer func() { <-sem }()
		os.ReadFile("g")
	}}
}

func (g guarded) run() { g.fetch() } // want run:`blocks\(file via g\.fetch → os\.ReadFile; bounded\)`

func (g *guarded) set() {
	g.fetch = func() { os.ReadFile("h") }
}

// Not blocking: one value does not block.

type mixed struct{ f func() }

func newMixed(quick bool) mixed {
	if quick {
		return mixed{f: func() {}}
	}
	return mixed{f: func() { os.Stat("m") }}
}

func (m mixed) call() { m.f() }

// Unknown: a value from a parameter.

type injected struct{ load func(string) ([]byte, error) }

func newInjected(load func(string) ([]byte, error)) *injected {
	return &injected{load: load}
}

func (i *injected) get() { i.load("x") }

// Unknown: a parameter, even when the function also assigns it.

func param(f func(string) ([]byte, error)) {
	if f == nil {
		f = os.ReadFile
	}
	f("x")
}

// Unknown: the range variable's values come from the slice.

func ranged(fs []func()) {
	for _, f := range fs {
		f = func() { os.Stat("r") }
		f()
	}
}

// Unknown: other packages may assign exported variables and exported
// fields of exported types, or of an unexported type promoted through an
// exported one.

var ReadFile = os.ReadFile

func readExported() { ReadFile("x") }

type Client struct{ Load func() }

func NewClient() *Client { return &Client{Load: func() { os.Stat("c") }} }

func (c *Client) Get() { c.Load() }

type hooks struct{ OnLoad func() }

type Server struct{ hooks }

func NewServer() *Server { return &Server{hooks{OnLoad: func() { os.Stat("s") }}} }

func (s *Server) Serve() { s.OnLoad() }

// Unknown: the address is taken, so the field may be set through it.

type ptr struct{ f func() }

func newPtr() *ptr {
	p := &ptr{f: func() { os.Stat("p") }}
	set(&p.f)
	return p
}

func set(f *func()) { *f = func() {} }

func (p *ptr) call() { p.f() }

// Unknown: the value is the result of a call.

type made struct{ f func() }

func maker() func() { return func() { os.Stat("k") } }

func newMade() made { return made{f: maker()} }

func (m made) call() { m.f() }

// Unknown: variables that hold each other only.

var ping, pong func()

func init() {
	ping = func() { pong() }
	pong = ping
}

// Unknown: an exported field of a struct type that is not a package-level
// type; here other packages reach it through an exported variable.

var Hooks = struct{ Load func() }{Load: func() { os.Stat("h") }}

func useHooks() { Hooks.Load() }
