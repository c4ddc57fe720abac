// Package selfnsdata holds "/proc/self/ns/..." literals in functions that
// lock the thread (reduced from apptainer's generate_test.go): stored in
// a spec and compared, or handed to a command, the path names no
// namespace here; opened, it does.
package selfnsdata

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
)

type NS struct{ Type, Path string }

type Gen struct{ Namespaces []NS }

func (g *Gen) Add(typ, path string) { g.Namespaces = append(g.Namespaces, NS{typ, path}) }

// Correct: the path is only data.
func TestGenerate(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var g Gen
	selfPid := "/proc/self/ns/pid"
	g.Add("pid", selfPid)
	if g.Namespaces[0].Path != selfPid {
		t.Fatal("wrong path")
	}
}

// Correct: nsenter opens the path in the child, which the locked thread
// forked.
func nsenter(dev string) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	nsPath := "/proc/self/ns/net"
	return exec.Command("nsenter", "-n"+nsPath, "ip", "link", "set", dev, "up").Run()
}

// Opened through a variable: reported.
func remember() (*os.File, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	p := "/proc/self/ns/net" // want `/proc/self/ns/net names the namespace of the process's main thread`
	path := p
	return os.Open(path)
}
