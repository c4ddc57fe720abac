// Package locker is a stub of github.com/moby/locker: a mutex per name.
package locker

import "sync"

type Locker struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func New() *Locker { return &Locker{locks: make(map[string]*sync.Mutex)} }

func (l *Locker) Lock(name string) {
	l.mu.Lock()
	m := l.locks[name]
	if m == nil {
		m = new(sync.Mutex)
		l.locks[name] = m
	}
	l.mu.Unlock()
	m.Lock()
}

func (l *Locker) Unlock(name string) error {
	l.mu.Lock()
	m := l.locks[name]
	l.mu.Unlock()
	m.Unlock()
	return nil
}
