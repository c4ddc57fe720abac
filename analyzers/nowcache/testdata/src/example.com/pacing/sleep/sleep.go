// Package sleep waits with time.Sleep only.
package sleep

import "time"

var now time.Time

func Start() {
	go func() {
		for {
			now = time.Now() // want `caches time\.Now in now, refreshed every 1s`
			time.Sleep(time.Second)
		}
	}()
}
