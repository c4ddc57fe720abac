// Package tick waits with time.Tick only.
package tick

import "time"

var now time.Time

func Start() {
	go func() {
		for range time.Tick(time.Second) {
			now = time.Now() // want `caches time\.Now in now, refreshed every 1s`
		}
	}()
}
