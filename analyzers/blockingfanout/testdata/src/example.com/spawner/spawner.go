package spawner

import (
	"context"
	"io"
	"os"
	"os/exec"
	"sync"
)

func remove(path string) { os.Remove(path) }

// evict starts one goroutine per call.
func evict(path string) {
	go remove(path)
}

// evictBounded waits for a token first.
func evictBounded(path string, sem chan struct{}) {
	go func() {
		sem <- struct{}{}
		defer func() { <-sem }()
		remove(path)
	}()
}

func sweep(paths []string, sem chan struct{}) {
	for _, p := range paths {
		evict(p) // want `call to evict starts a goroutine per item that blocks an OS thread in file I/O \(via evict → remove → os.Remove\)`
		evictBounded(p, sem)
	}
}

// runVerifier starts two goroutines per call (reduced from containerd's
// pkg/imageverifier/bindir): one only closes its pipe end, a weak call;
// the function waits for the other, which reads, before it returns. Calls
// in a loop run one verifier at a time.
func runVerifier(bin string) error {
	stdinRead, stdinWrite, err := os.Pipe()
	if err != nil {
		return err
	}
	defer stdinRead.Close()
	go func() {
		stdinWrite.Close()
	}()
	stderrRead, stderrWrite, err := os.Pipe()
	if err != nil {
		return err
	}
	defer stderrWrite.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		stderrRead.Read(make([]byte, 1))
	}()
	if bin == "" {
		stderrWrite.Close()
	}
	<-done
	return nil
}

// runReturning may return before it waits: the goroutine then outlives
// the call.
func runReturning(f *os.File) error {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.Read(nil)
	}()
	if f == nil {
		return nil
	}
	wg.Wait()
	return nil
}

// runWaiting waits on the group.
func runWaiting(f *os.File) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.Read(nil)
	}()
	wg.Wait()
}

// runOther waits on a channel the goroutine does not signal.
func runOther(f *os.File, other chan struct{}) {
	done := make(chan struct{})
	go func() {
		f.Read(nil)
		close(done)
	}()
	<-other
}

// runHook waits for the command or, on timeout, kills it and waits a
// little more (reduced from go.podman.io/common's hooks/exec.RunWithOptions):
// calls in a loop run one hook at a time.
func runHook(ctx context.Context, cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	exit := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		exit <- err
	}()
	select {
	case err := <-exit:
		return err
	case <-ctx.Done():
		cmd.Process.Kill()
		return ctx.Err()
	}
}

// runHookGivingUp stops waiting on timeout without killing the command:
// the goroutine outlives the call.
func runHookGivingUp(ctx context.Context, cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	exit := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		exit <- err
	}()
	select {
	case err := <-exit:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func runHooks(ctx context.Context, cmds []*exec.Cmd) {
	for _, cmd := range cmds {
		runHook(ctx, cmd)
		runHookGivingUp(ctx, cmd) // want `call to runHookGivingUp starts a goroutine per item that blocks an OS thread in process exec/wait`
	}
}

func verifyAll(bins []string, files []*os.File, other chan struct{}) {
	for i, bin := range bins {
		runVerifier(bin)
		runReturning(files[i]) // want `call to runReturning starts a goroutine per item that blocks an OS thread in file I/O \(via runReturning → \(\*os.File\).Read\)`
		runWaiting(files[i])
		runOther(files[i], other) // want `call to runOther starts a goroutine per item`
	}
}

// piped feeds a pipe from a goroutine (reduced from moby's
// daemon/logger copier_test.go): writes on an os.Pipe end park in the
// netpoller and hold no thread.
func piped(n int, buf []byte) io.Reader {
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	go func() {
		for range n {
			w.Write(buf)
		}
		w.Close()
	}()
	return r
}

// spooled feeds a regular file the same way.
func spooled(n int, buf []byte) io.Reader {
	w, err := os.CreateTemp("", "spool")
	if err != nil {
		panic(err)
	}
	go func() {
		for range n {
			w.Write(buf)
		}
		w.Close()
	}()
	return w
}

func copyAll(n int) {
	for range n {
		io.Copy(io.Discard, piped(10, []byte("x\n")))
		io.Copy(io.Discard, spooled(10, []byte("x\n"))) // want `call to spooled starts a goroutine per iteration that blocks an OS thread in file I/O \(via spooled → \(\*os.File\).Write\)`
	}
}
