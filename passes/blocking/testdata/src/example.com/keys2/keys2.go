// Package keys2 checks that Key crosses packages.
package keys2

import "example.com/keys"

func get(id string) { keys.Get(id) } // want get:`blocks\(file via keys\.Get → os\.Open; keyed by parameter 0 on a package variable\)`

func getOther(id string) { keys.Get(id + "x") } // want getOther:`blocks\(file via keys\.Get → os\.Open\)`
