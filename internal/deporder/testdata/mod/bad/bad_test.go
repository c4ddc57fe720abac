package bad

import "testing"

func TestBroken(t *testing.T) { var n int = "also not an int"; _ = n }
