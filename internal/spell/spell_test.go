package spell

import "testing"

func TestNearest(t *testing.T) {
	for _, tc := range []struct {
		s, want string
		dist    int
	}{
		{"lockosthred", "lockosthread", 1},
		{"blockingfanot", "blockingfanout", 1},
		{"rawsyscall", "rawsyscall", 0},
	} {
		got, d := Nearest(tc.s, []string{"lockosthread", "blockingfanout", "rawsyscall"})
		if got != tc.want || d != tc.dist {
			t.Errorf("Nearest(%q) = %q, %d; want %q, %d", tc.s, got, d, tc.want, tc.dist)
		}
	}
	if got, d := Nearest("x", nil); got != "" || d != -1 {
		t.Errorf("Nearest without candidates = %q, %d", got, d)
	}
}
