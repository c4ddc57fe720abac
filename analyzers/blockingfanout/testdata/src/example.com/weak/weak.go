// Package weak fans out over goroutines that block an OS thread only in
// weak calls: a Close method, a ReadFrom of an *os.File picked by a type
// switch. Those alone justify no report; a strong call still does.
package weak

import (
	"bytes"
	"io"
	"net"
	"os"

	"example.com/weak/table"
)

// Reduced from badger's watermark_edge_test.go: a lookup's only blocking
// call is the deferred Close of an iterator, which deletes a table file
// only when a compaction dropped the table's last other reference.

type DB struct{ tables []*table.Table }

func (db *DB) get(key []byte) bool {
	for _, t := range db.tables {
		it := t.NewIterator()
		defer it.Close()
		if it.Seek(key) {
			return true
		}
	}
	return false
}

func (db *DB) Get(key []byte) bool { return db.get(key) }

func waterMark(db *DB) {
	const n = 1_000
	for i := 0; i < n; i++ {
		go func() {
			db.Get([]byte{byte(i)})
		}()
	}
}

// Dropping each table's reference on purpose is no rarely taken path:
// DecrRef is not a Close.
func release(tables []*table.Table) {
	for _, t := range tables {
		go t.DecrRef() // want `goroutine per item blocks an OS thread in file I/O \(via \(\*table.Table\).DecrRef → \(\*table.Table\).delete → \(\*os.File\).Truncate\)`
	}
}

// Reduced from fasthttp's copyZeroAlloc and client_test.go: the copy calls
// ReadFrom only when the body goes to a file, which the clients never ask.

type Response struct {
	body   bytes.Buffer
	stream io.Reader
}

func (r *Response) Body() []byte {
	if r.stream != nil {
		copyZeroAlloc(&r.body, r.stream)
	}
	return r.body.Bytes()
}

func copyZeroAlloc(w io.Writer, r io.Reader) (int64, error) {
	if w, ok := w.(*os.File); ok {
		if _, ok := r.(*net.TCPConn); ok {
			return w.ReadFrom(r)
		}
	}
	return io.Copy(w, r)
}

func pipelineClients(concurrency int, do func() *Response) {
	for range concurrency {
		go func() {
			do().Body()
		}()
	}
}

// Saving each body to a file opens it: a strong call.
func saveBodies(paths []string, bodies []io.Reader) {
	for i, p := range paths {
		go func() { // want `goroutine per item blocks an OS thread in file I/O \(via os.Create\)`
			f, _ := os.Create(p)
			copyZeroAlloc(f, bodies[i])
			f.Close()
		}()
	}
}

// Closing every file at once: each Close is weak.
func closeAll(files []*os.File) {
	for _, f := range files {
		go f.Close()
	}
}
