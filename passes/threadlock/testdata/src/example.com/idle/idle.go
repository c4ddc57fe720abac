// Package idle imports runtime, os and os/exec but refers to none of the
// lock functions or per-thread seeds the way they change a thread.
package idle // want "inactive"

import (
	"context"
	"os"
	"os/exec"
	"runtime"
)

func write() error { return os.WriteFile("/tmp/attr", nil, 0o600) }

func run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // an unknown deferred call: a trivial flow when active
	runtime.Gosched()
	return exec.CommandContext(ctx, "true").Run()
}
