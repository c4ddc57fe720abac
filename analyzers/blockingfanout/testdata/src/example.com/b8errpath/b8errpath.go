// Package b8errpath reduces buildah's squashed-layer loop (image.go:395 in
// v1.28.0, :1028 in v1.41.5): the spawner is a method, its done channel is
// assigned to a variable declared in the iteration inside an if block, and
// error returns come between the spawn and the receive. A return ends the
// loop: it leaves at most one goroutine behind.
package b8errpath

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

type ref struct {
	squash bool
	dir    string
}

func (r *ref) extractRootfs() (io.ReadCloser, chan error, error) {
	if r.dir == "" {
		return nil, nil, errors.New("no dir")
	}
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		f, err := os.CreateTemp(r.dir, "layer")
		if err == nil {
			err = f.Close()
		}
		errc <- err
		pw.Close()
	}()
	return pr, errc, nil
}

func (r *ref) diff(layer string) (io.ReadCloser, error) { return nil, nil }

func (r *ref) layers(ids []string) error {
	for _, id := range ids {
		var rc io.ReadCloser
		var errChan chan error
		var err error
		if r.squash {
			rc, errChan, err = r.extractRootfs()
			if err != nil {
				return err
			}
		} else {
			if rc, err = r.diff(id); err != nil {
				return err
			}
		}
		_, err = io.Copy(io.Discard, rc)
		if err != nil {
			rc.Close()
			return err
		}
		rc.Close()
		if errChan != nil {
			err = <-errChan
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// layersBreak leaves the loop with break before the receive: the loop
// ends, as on a return.
func (r *ref) layersBreak(ids []string) {
	for range ids {
		rc, errChan, err := r.extractRootfs()
		if err != nil {
			break
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			break
		}
		<-errChan
	}
}

// layersSkip goes on to the next layer before the receive: every skipped
// layer's goroutine may still run.
func (r *ref) layersSkip(ids []string) {
	for range ids {
		rc, errChan, err := r.extractRootfs() // want `call to \(\*ref\).extractRootfs starts a goroutine per item`
		if err != nil {
			continue
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			continue
		}
		<-errChan
	}
}

// layersNested breaks out of the inner loop only: the outer loop starts it
// again, one goroutine left behind per group.
func (r *ref) layersNested(groups [][]string) {
	for _, ids := range groups {
		for range ids {
			rc, errChan, _ := r.extractRootfs() // want `call to \(\*ref\).extractRootfs starts a goroutine per item`
			if _, err := io.Copy(io.Discard, rc); err != nil {
				break
			}
			<-errChan
		}
	}
}

// layersInLiteral returns from a literal that the outer loop calls again.
func (r *ref) layersInLiteral(groups [][]string) {
	for _, ids := range groups {
		func() {
			for range ids {
				rc, errChan, _ := r.extractRootfs() // want `call to \(\*ref\).extractRootfs starts a goroutine per item`
				if _, err := io.Copy(io.Discard, rc); err != nil {
					return
				}
				<-errChan
			}
		}()
	}
}

// copyAll spawns directly and waits at the end of the iteration, with a
// switch whose break stays in the iteration and an error return in
// between.
func copyAll(dirs []string, mode int) error {
	for _, d := range dirs {
		done := make(chan error, 1)
		go func() { _, err := os.CreateTemp(d, "x"); done <- err }()
		switch mode {
		case 0:
			break
		case 1:
			return errors.New("mode 1")
		}
		if err := <-done; err != nil {
			return err
		}
	}
	return nil
}

// copyAllWalk returns early from a walk callback: the walk goes on.
func copyAllWalk(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		done := make(chan error, 1)
		go func() { _, err := os.CreateTemp(p, "x"); done <- err }() // want `goroutine per file walked blocks an OS thread`
		if d.IsDir() {
			return nil
		}
		return <-done
	})
}
