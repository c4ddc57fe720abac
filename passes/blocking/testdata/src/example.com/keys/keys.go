// Package keys checks keyed facts: a function whose unbounded
// thread-holding calls all run under a per-key lock on one parameter, a
// lock of a package variable, of the receiver or of another parameter.
package keys

import (
	"os"

	"github.com/moby/locker"
)

var l = locker.New()

func Get(id string) error { // want Get:`blocks\(file via os\.Open; keyed by parameter 0 on a package variable\)`
	l.Lock(id)
	defer l.Unlock(id)
	f, err := os.Open(id)
	if err != nil {
		return err
	}
	return f.Close()
}

func Put(dir, id string) error { // want Put:`blocks\(file via os\.Remove; keyed by parameter 1 on a package variable\)`
	l.Lock(id)
	defer l.Unlock(id)
	return os.Remove(dir + id)
}

// Through a keyed function, passing a parameter as the key.
func getBoth(a, b string) { // want getBoth:`blocks\(file via keys\.Get → os\.Open; keyed by parameter 1 on a package variable\)`
	Get(b)
	Put(a, b)
}

// The lock reached from the receiver, and passed down as an argument.

type store struct{ locker *locker.Locker }

func (s *store) get(id string) error { // want get:`blocks\(file via os\.Stat; keyed by parameter 0 on the receiver\)`
	s.locker.Lock(id)
	defer s.locker.Unlock(id)
	_, err := os.Stat(id)
	return err
}

func getVia(s *store, id string) { // want getVia:`blocks\(file via \(\*keys\.store\)\.get → os\.Stat; keyed by parameter 1 on parameter 0\)`
	s.get(id)
}

// A lock held until the end, or released on a path that returns.
func unlockLate(id string) { // want unlockLate:`blocks\(file via os\.Open; keyed by parameter 0 on a package variable\)`
	l.Lock(id)
	if id == "" {
		l.Unlock(id)
		return
	}
	os.Open(id)
	l.Unlock(id)
}

func lockedInIf(id string, shared bool) { // want lockedInIf:`blocks\(file via os\.Open; keyed by parameter 0 on a package variable\)`
	if shared {
		l.Lock(id)
		os.Open(id)
	}
}

// Not keyed: two keys, a key that is not a parameter, a parameter
// reassigned, a blocking call outside the lock.

func twoKeys(a, b string) { // want twoKeys:`blocks\(file via keys\.Get → os\.Open\)`
	Get(a)
	Get(b)
}

func localKey() { // want localKey:`blocks\(file via os\.Open\)`
	id := os.Getenv("ID")
	l.Lock(id)
	os.Open(id)
}

func reassigned(id string) { // want reassigned:`blocks\(file via os\.Open\)`
	id += "x"
	l.Lock(id)
	os.Open(id)
}

// Not keyed: a lock of the function's own, a lock reached from a
// reassigned parameter, a key unlocked before the call, a lock taken in
// a branch the call does not run in.

func ownLocker(id string) { // want ownLocker:`blocks\(file via os\.Open\)`
	lk := locker.New()
	lk.Lock(id)
	os.Open(id)
}

func otherStore(s *store, id string) { // want otherStore:`blocks\(file via \(\*keys\.store\)\.get → os\.Stat\)`
	s = &store{locker: locker.New()}
	s.get(id)
}

func unlockedFirst(id string) { // want unlockedFirst:`blocks\(file via os\.Open\)`
	l.Lock(id)
	l.Unlock(id)
	os.Open(id)
}

func lockedIf(id string, shared bool) { // want lockedIf:`blocks\(file via os\.Open\)`
	if shared {
		l.Lock(id)
		defer l.Unlock(id)
	}
	os.Open(id)
}

func before(id string) { // want before:`blocks\(file via os\.Stat\)`
	os.Stat(id)
	l.Lock(id)
	os.Open(id)
}
