// Package after waits with time.After only.
package after

import "time"

var now time.Time

func Start() {
	go func() {
		for {
			<-time.After(time.Second)
			now = time.Now() // want `caches time\.Now in now, refreshed every 1s`
		}
	}()
}
