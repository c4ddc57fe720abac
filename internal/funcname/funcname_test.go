package funcname

import (
	"slices"
	"testing"
)

func TestTrim(t *testing.T) {
	for _, tc := range []struct{ in, want []string }{
		{[]string{"unix.SetfsuidRetUid", "unix.setfsuid", "unix.Syscall"}, []string{"unix.SetfsuidRetUid"}},
		{[]string{"dropPrivs", "unix.SetfsuidRetUid", "unix.setfsuid", "unix.Syscall"}, []string{"dropPrivs", "unix.SetfsuidRetUid"}},
		{[]string{"netns.Set", "unix.Setns"}, []string{"netns.Set", "unix.Setns"}},
		{[]string{"syscall.Exec"}, []string{"syscall.Exec"}},
		{[]string{"load", "os.ReadFile"}, []string{"load", "os.ReadFile"}},
		{nil, nil},
	} {
		if got := Trim(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Trim(%q) = %q, want %q", tc.in, got, tc.want)
		}
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
