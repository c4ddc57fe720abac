package blocking

import (
	"bytes"
	"encoding/gob"
	"go/types"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestSeedsExist checks that every std seed names a real function, so that
// a typo in the table cannot silently disable it.
func TestSeedsExist(t *testing.T) {
	var paths []string
	for p := range seedPkgs {
		if p == "golang.org/x/sys/unix" || p == "syscall" && runtime.GOOS != "linux" {
			continue // not a dependency of this module / platform-specific names
		}
		paths = append(paths, p)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes}, paths...)
	if err != nil {
		t.Fatal(err)
	}
	have := make(map[string]bool)
	for _, pkg := range pkgs {
		scope := pkg.Types.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			if fn, ok := obj.(*types.Func); ok {
				have[fn.FullName()] = true
			}
			if tn, ok := obj.(*types.TypeName); ok {
				if named, ok := tn.Type().(*types.Named); ok {
					for m := range named.Methods() {
						have[m.FullName()] = true
					}
				}
			}
		}
	}
	for name := range seeds {
		p := seedPkg(name)
		if p == "golang.org/x/sys/unix" || p == "syscall" && runtime.GOOS != "linux" {
			continue
		}
		if !have[name] {
			t.Errorf("seed %s does not exist", name)
		}
	}
}

func TestSeedPkg(t *testing.T) {
	for in, want := range map[string]string{
		"os.ReadFile":                "os",
		"(*os/exec.Cmd).Run":         "os/exec",
		"golang.org/x/sys/unix.Read": "golang.org/x/sys/unix",
	} {
		if got := seedPkg(in); got != want {
			t.Errorf("seedPkg(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFactGob checks that facts survive the encoding that go vet uses.
func TestFactGob(t *testing.T) {
	in := &blockFact{Kind: Exec, Via: []string{"run", "(*exec.Cmd).Run"}}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	out := new(blockFact)
	if err := gob.NewDecoder(&buf).Decode(out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("decoded %v, want %v", out, in)
	}
	if got, want := in.String(), "blocks(exec via run → (*exec.Cmd).Run)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestThroughTruncates(t *testing.T) {
	f := &blockFact{Kind: File, Via: []string{"b", "c", "d", "os.ReadFile"}}
	got := strings.Join(f.through("a").Via, " ")
	if want := "a b c os.ReadFile"; got != want {
		t.Errorf("through = %q, want %q", got, want)
	}
	if len(f.Via) != 4 || f.Via[0] != "b" {
		t.Errorf("through modified its receiver: %v", f.Via)
	}
}
