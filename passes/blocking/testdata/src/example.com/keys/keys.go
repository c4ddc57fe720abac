// Package keys checks Key: a function whose unbounded thread-holding
// calls all run under a per-key lock on one parameter.
package keys

import (
	"os"

	"github.com/moby/locker"
)

var l = locker.New()

func Get(id string) error { // want Get:`blocks\(file via os\.Open; keyed by parameter 0\)`
	l.Lock(id)
	defer l.Unlock(id)
	f, err := os.Open(id)
	if err != nil {
		return err
	}
	return f.Close()
}

func Put(dir, id string) error { // want Put:`blocks\(file via os\.Remove; keyed by parameter 1\)`
	l.Lock(id)
	defer l.Unlock(id)
	return os.Remove(dir + id)
}

// Through a keyed function, passing a parameter as the key.
func getBoth(a, b string) { // want getBoth:`blocks\(file via keys\.Get → os\.Open; keyed by parameter 1\)`
	Get(b)
	Put(a, b)
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

func before(id string) { // want before:`blocks\(file via os\.Stat\)`
	os.Stat(id)
	l.Lock(id)
	os.Open(id)
}
