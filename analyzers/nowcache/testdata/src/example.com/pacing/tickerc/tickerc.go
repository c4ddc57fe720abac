// Package tickerc waits on the C field of a ticker it is handed: no time
// function is called here.
package tickerc

import "time"

var now time.Time

func Start(t *time.Ticker) {
	go func() {
		for range t.C {
			now = time.Now() // want `caches time\.Now in now`
		}
	}()
}
