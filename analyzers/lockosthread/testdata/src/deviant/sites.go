package deviant

import "fmt"

// Correct: a call site in another file.
func elsewhere() {
	id := pin()
	fmt.Println(id)
	unpin()
}

// Correct: threadID hands back the unlock with the ID.
func threadID() (func(), int) {
	return unpin, pin()
}

type T struct{}

func (*T) Print() {
	fmt.Println(pin()) // want `\(\*T\).Print returns with the lock pin takes held, while 4 of the 6 calls of pin`
}
