// Package b8donechan reduces buildah's extractRootfs: a spawner returns
// the channel its goroutine closes, and the caller drains it in the
// iteration (bench/TRIAGE15.md, B8).
package b8donechan

import (
	"io"
	"os"
)

func extract(dir string) (io.ReadCloser, chan error) {
	r, w := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		f, err := os.CreateTemp(dir, "layer")
		if err == nil {
			err = f.Close()
		}
		errc <- err
		w.Close()
	}()
	return r, errc
}

func build(layers []string) error {
	for _, l := range layers {
		rc, errc := extract(l)
		io.Copy(io.Discard, rc)
		rc.Close()
		if errc != nil {
			if err := <-errc; err != nil { // joins the goroutine
				return err
			}
		}
	}
	return nil
}

// start returns only the done channel, received at once.
func start(dir string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		os.MkdirAll(dir, 0o755)
		close(done)
	}()
	return done
}

func startAll(dirs []string) {
	for _, d := range dirs {
		<-start(d)
	}
}

// buildDetached never receives from the channel: every layer's goroutine
// may run at once.
func buildDetached(layers []string) {
	for _, l := range layers {
		rc, _ := extract(l) // want `call to extract starts a goroutine per item that blocks an OS thread in file I/O \(via os.CreateTemp\)`
		io.Copy(io.Discard, rc)
	}
}

// buildSometimes receives only for some layers.
func buildSometimes(layers []string) error {
	for _, l := range layers {
		rc, errc := extract(l) // want `call to extract starts a goroutine per item`
		io.Copy(io.Discard, rc)
		if l != "" {
			if err := <-errc; err != nil {
				return err
			}
		}
	}
	return nil
}

// extractOrFail may return a nil channel after the goroutine started: a
// receive from that cannot wait for it.
func extractOrFail(dir string) (chan error, error) {
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		os.CreateTemp(dir, "layer")
	}()
	if dir == "/" {
		return nil, os.ErrInvalid
	}
	return errc, nil
}

func buildOrFail(layers []string) {
	for _, l := range layers {
		errc, _ := extractOrFail(l) // want `call to extractOrFail starts a goroutine per item`
		if errc != nil {
			<-errc
		}
	}
}

// buildVar declares the results with var: the receive joins as after :=.
func buildVar(layers []string) {
	for _, l := range layers {
		var rc, errc = extract(l)
		io.Copy(io.Discard, rc)
		<-errc
	}
}

func buildVarDetached(layers []string) {
	for _, l := range layers {
		var rc, errc = extract(l) // want `call to extract starts a goroutine per item`
		io.Copy(io.Discard, rc)
		_ = errc
	}
}

// extractEither hands the channel back first on one return and second on
// the other: no one result is always the goroutine's.
func extractEither(dir string) (chan error, chan error) {
	errc := make(chan error, 1)
	go func() {
		_, err := os.CreateTemp(dir, "layer")
		errc <- err
	}()
	if dir == "" {
		return errc, nil
	}
	return nil, errc
}

// extractSecond hands it back second on both returns.
func extractSecond(dir string) (chan error, chan error) {
	errc := make(chan error, 1)
	go func() {
		_, err := os.CreateTemp(dir, "layer")
		errc <- err
	}()
	if dir == "" {
		return nil, errc
	}
	return nil, errc
}

func buildSecond(layers []string) {
	for _, l := range layers {
		_, errc := extractEither(l) // want `call to extractEither starts a goroutine per item`
		<-errc
		_, errc = extractSecond(l)
		<-errc
	}
}

// extractAndClean starts a second goroutine, which the returned channel
// does not report on; extractOnly starts the first alone.
func extractAndClean(dir string) chan error {
	errc := make(chan error, 1)
	go func() {
		_, err := os.CreateTemp(dir, "layer")
		errc <- err
	}()
	go func() {
		os.RemoveAll(dir + ".old")
	}()
	return errc
}

func extractOnly(dir string) chan error {
	errc := make(chan error, 1)
	go func() {
		_, err := os.CreateTemp(dir, "layer")
		errc <- err
	}()
	return errc
}

func buildClean(layers []string) {
	for _, l := range layers {
		<-extractAndClean(l) // want `call to extractAndClean starts a goroutine per item`
		<-extractOnly(l)
	}
}
