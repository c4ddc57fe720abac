package funcname

import (
	"slices"
	"testing"
)

// build returns the chain of a call of calls[0], which calls calls[1],
// and so on, built the way passes build them: from the innermost call out.
func build(calls ...string) []string {
	var via []string
	for i := len(calls) - 1; i >= 0; i-- {
		via = Prepend(calls[i], via)
	}
	return via
}

func TestPrepend(t *testing.T) {
	for _, tc := range []struct{ calls, want []string }{
		// The chain starts anew at an exported syscall or unix function.
		{[]string{"unix.SetfsuidRetUid", "unix.setfsuid", "unix.Syscall"}, []string{"unix.SetfsuidRetUid"}},
		{[]string{"dropPrivs", "unix.SetfsuidRetUid", "unix.setfsuid", "unix.Syscall"}, []string{"dropPrivs", "unix.SetfsuidRetUid"}},
		{[]string{"netns.Set", "unix.Setns"}, []string{"netns.Set", "unix.Setns"}},
		{[]string{"syscall.Exec"}, []string{"syscall.Exec"}},
		{[]string{"load", "os.ReadFile"}, []string{"load", "os.ReadFile"}},
		// A name the chain starts with is not repeated.
		{[]string{"netns.Set", "netns.Set", "unix.Setns"}, []string{"netns.Set", "unix.Setns"}},
		// At most MaxVia names: the first ones and the last.
		{[]string{"a", "b", "c", "d", "os.ReadFile"}, []string{"a", "b", "c", "os.ReadFile"}},
		{[]string{"a", "b", "c", "os.ReadFile"}, []string{"a", "b", "c", "os.ReadFile"}},
	} {
		if got := build(tc.calls...); !slices.Equal(got, tc.want) {
			t.Errorf("chain of %q = %q, want %q", tc.calls, got, tc.want)
		}
	}
	via := []string{"a", "b", "c", "d", "e"}
	Prepend("x", via)
	Prepend("a", via)
	if !slices.Equal(via, []string{"a", "b", "c", "d", "e"}) {
		t.Errorf("Prepend modified its argument: %q", via)
	}
}

func TestRelative(t *testing.T) {
	in := []string{"a.load", "(*a.T).get", "os.ReadFile"}
	got := Relative(in, "a")
	if want := []string{"load", "(*T).get", "os.ReadFile"}; !slices.Equal(got, want) {
		t.Errorf("Relative = %q, want %q", got, want)
	}
	if in[0] != "a.load" {
		t.Errorf("Relative modified its argument: %q", in)
	}
}
