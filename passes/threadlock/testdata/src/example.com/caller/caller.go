// Package caller refers to a function with a fact and exports none itself.
package caller // want "active"

import "example.com/lockhelper"

func balanced() {
	lockhelper.Lock()
	defer lockhelper.Unlock()
}
