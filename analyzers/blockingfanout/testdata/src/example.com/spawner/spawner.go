package spawner

import (
	"context"
	"io"
	"os"
	"os/exec"
	"slices"
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
		evict(p) // want `call to evict starts a goroutine per item that blocks an OS thread in file I/O \(via remove → os.Remove\)`
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
		runReturning(files[i]) // want `call to runReturning starts a goroutine per item that blocks an OS thread in file I/O \(via \(\*os.File\).Read\)`
		runWaiting(files[i])
		runOther(files[i], other) // want `call to runOther starts a goroutine per item`
	}
}

// invoke ends with "return <-done", which waits for the goroutine
// (reduced from moby's osl (*Namespace).InvokeFunc, whose goroutine closes
// done in a deferred literal): calls in a loop run one at a time.
func invoke(f func()) error {
	done := make(chan error, 1)
	go func() {
		defer func() { close(done) }()
		f()
		os.ReadFile("/proc/self/ns/net")
	}()
	return <-done
}

// invokeChecked waits in an if statement's initialiser.
func invokeChecked(path string) error {
	done := make(chan error, 1)
	go func() {
		_, err := os.ReadFile(path)
		done <- err
	}()
	if err := <-done; err != nil {
		return err
	}
	return nil
}

// invokeOther returns a receive from a channel the goroutine does not
// signal: no join.
func invokeOther(path string, other chan error) error {
	done := make(chan error, 1)
	go func() {
		_, err := os.ReadFile(path)
		done <- err
	}()
	return <-other
}

// invokeEarly may return before it waits.
func invokeEarly(path string) error {
	done := make(chan error, 1)
	go func() {
		_, err := os.ReadFile(path)
		done <- err
	}()
	if path == "" {
		return nil
	}
	return <-done
}

func setSysctls(paths []string, other chan error) error {
	for _, p := range paths {
		if err := invoke(func() { os.WriteFile(p, []byte("1"), 0o644) }); err != nil {
			return err
		}
		invokeChecked(p)
		invokeOther(p, other) // want `call to invokeOther starts a goroutine per item`
		invokeEarly(p)        // want `call to invokeEarly starts a goroutine per item`
	}
	return nil
}

// A supervisor that restarts its child (reduced from moby's
// libcontainerd/supervisor remote_daemon.go): start leaves a goroutine
// waiting for the child, which closes s.waitCh when the child exits; the
// loop waits for that before it starts the next, so at most one runs.
type supervisor struct {
	pid    int
	waitCh chan struct{}
}

func (s *supervisor) start() error {
	cmd := exec.Command("containerd")
	started := make(chan error)
	go func() {
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		s.waitCh = make(chan struct{})
		started <- nil
		cmd.Wait()
		close(s.waitCh)
	}()
	return <-started
}

func (s *supervisor) monitor(ctx context.Context) {
	for {
		if s.pid == -1 {
			if s.waitCh != nil {
				select {
				case <-ctx.Done():
					return
				case <-s.waitCh:
				}
			}
			if err := s.start(); err != nil {
				continue
			}
		}
		s.pid = -1
	}
}

// monitorNoWait restarts without waiting for the previous child's
// goroutine: they pile up.
func (s *supervisor) monitorNoWait(ctx context.Context) {
	for ctx.Err() == nil {
		if err := s.start(); err != nil { // want `call to \(\*supervisor\).start starts a goroutine per iteration that blocks an OS thread in process exec/wait`
			continue
		}
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
		io.Copy(io.Discard, spooled(10, []byte("x\n"))) // want `call to spooled starts a goroutine per iteration that blocks an OS thread in file I/O \(via \(\*os.File\).Write\)`
	}
}

// runFiltered returns only from a literal before it waits: calls in a
// loop run one at a time.
func runFiltered(f *os.File, names []string) []string {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.Read(nil)
	}()
	kept := slices.DeleteFunc(names, func(n string) bool { return n == "" })
	<-done
	return kept
}

func filterAll(files []*os.File, names []string) {
	for _, f := range files {
		runFiltered(f, names)
	}
}

// A spawner whose goroutine's chain is four calls long: the message shows
// the chain a call of the spawner carries, capped at four names with the
// spawner's, so the middle call is left out.
func deepA(path string) { deepB(path) }
func deepB(path string) { deepC(path) }
func deepC(path string) { os.Remove(path) }

func evictDeep(path string) {
	go deepA(path)
}

func sweepDeep(paths []string) {
	for _, p := range paths {
		evictDeep(p) // want `^call to evictDeep starts a goroutine per item that blocks an OS thread in file I/O \(via deepA → deepB → os.Remove\)$`
	}
}
