// Package quiet refers to a function with a fact, but only in a go
// statement: it is analysed and exports nothing.
package quiet // want "active"

import "example.com/a2"

func background() { go a2.Read() }
