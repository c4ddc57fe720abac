package mid_test

import (
	"example.com/mod/mid"
	"example.com/mod/seed"
)

func useBoth() {
	mid.Calls()
	seed.Seed()
}
