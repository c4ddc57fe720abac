//go:build !cgo || !linux

package experiments

import "time"

// cgoSkip says why the cgo variant did not run.
const cgoSkip = "built without cgo (CGO_ENABLED=0 or no C compiler): the cgo call variant did not run"

func cgoSleep(time.Duration) {}
