// Package table deletes a table's file when the last reference to it goes,
// so that a lookup's deferred Iterator.Close may block in file I/O, but
// rarely does (reduced from badger's table package).
package table

import (
	"os"
	"sync/atomic"
)

type Table struct {
	ref atomic.Int32
	fd  *os.File
}

func (t *Table) NewIterator() *Iterator {
	t.ref.Add(1)
	return &Iterator{t: t}
}

// DecrRef deletes the file on the last reference.
func (t *Table) DecrRef() error {
	if t.ref.Add(-1) == 0 {
		return t.delete()
	}
	return nil
}

func (t *Table) delete() error {
	if err := t.fd.Truncate(0); err != nil {
		return err
	}
	t.fd.Close()
	return os.Remove(t.fd.Name())
}

type Iterator struct{ t *Table }

func (it *Iterator) Seek(key []byte) bool { return len(key) > 0 }

func (it *Iterator) Close() error { return it.t.DecrRef() }
