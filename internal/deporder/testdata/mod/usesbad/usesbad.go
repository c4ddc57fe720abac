package usesbad

import (
	"example.com/mod/bad"
	"example.com/mod/seed"
)

func Use() { bad.Broken(); seed.Seed() }
