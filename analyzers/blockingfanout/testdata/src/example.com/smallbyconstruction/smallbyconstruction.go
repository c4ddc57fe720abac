// Package smallbyconstruction reproduces fan-outs over collections whose
// size the syntax shows (moby's integration-cli push, pull and swarm
// tests, rootlesskit's port test suite): at or below the -workers
// threshold they are bounded like a constant trip count. Each silent case
// has a twin that must still be reported.
package smallbyconstruction

import (
	"os"
	"os/exec"
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"
)

func run(args ...string) error { return exec.Command("docker", args...).Run() }

// A table-driven test: the variable's only value is a literal.
func TestTable(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"push", []string{"push", "a"}},
		{"pull", []string{"pull", "a"}},
		{name: "rmi", args: []string{"rmi", "a"}},
	}
	var wg sync.WaitGroup
	for _, tt := range tests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(tt.args...); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// A literal ranged directly, a map literal, a constant string and a keyed
// slice literal.
func literals() {
	var wg sync.WaitGroup
	for _, p := range []string{"/a", "/b"} {
		wg.Go(func() { os.ReadFile(p) })
	}
	for k, v := range map[string]string{"a": "b", "c": "d"} {
		wg.Go(func() { os.Rename(k, v) })
	}
	for _, r := range "abc" {
		wg.Go(func() { os.Mkdir(string(r), 0o755) })
	}
	for i := range []int{9: 1} {
		wg.Go(func() { os.Remove(string(rune(i))) })
	}
	wg.Wait()
}

// Appends once per item of a literal (moby's TestConcurrentPush).
func pushAll() error {
	var repos []string
	for _, tag := range []string{"push1", "push2", "push3"} {
		repos = append(repos, "img:"+tag)
	}
	var eg errgroup.Group
	for _, repo := range repos {
		eg.Go(func() error { return run("push", repo) })
	}
	return eg.Wait()
}

// Appends per iteration of loops counting to local constants (moby's
// TestAPISwarmRestartCluster: 5 managers and 1 worker).
func restartCluster() {
	mCount, wCount := 5, 1
	var nodes []string
	for range mCount {
		nodes = append(nodes, "manager")
	}
	for i := 0; i < wCount; i++ {
		nodes = append(nodes, "worker", "spare")
	}
	nodes = append(nodes, []string{"x", "y"}...)
	var wg sync.WaitGroup
	for _, d := range nodes {
		wg.Add(1)
		go func(d string) {
			defer wg.Done()
			run("start", d)
		}(d)
	}
	for i := 0; i < len(nodes); i++ {
		wg.Go(func() { run("stop", nodes[i]) })
	}
	wg.Wait()
}

// A map literal that is only read (rootlesskit's pairs).
func pairs() {
	ports := map[int]int{80: 8080, 443: 8443}
	for _, p := range ports {
		if p == 0 {
			return
		}
	}
	var wg sync.WaitGroup
	for c, p := range ports {
		wg.Go(func() { run("nc", string(rune(c)), string(rune(p))) })
	}
	wg.Wait()
}

// The same shapes with too many items, or values the syntax does not show.

func hundred() {
	for _, p := range []string{"/f0", "/f1", "/f2", "/f3", "/f4", "/f5", "/f6", "/f7", "/f8", "/f9", "/f10", "/f11", "/f12", "/f13", "/f14", "/f15", "/f16", "/f17", "/f18", "/f19", "/f20", "/f21", "/f22", "/f23", "/f24", "/f25", "/f26", "/f27", "/f28", "/f29", "/f30", "/f31", "/f32", "/f33", "/f34", "/f35", "/f36", "/f37", "/f38", "/f39", "/f40", "/f41", "/f42", "/f43", "/f44", "/f45", "/f46", "/f47", "/f48", "/f49", "/f50", "/f51", "/f52", "/f53", "/f54", "/f55", "/f56", "/f57", "/f58", "/f59", "/f60", "/f61", "/f62", "/f63", "/f64", "/f65", "/f66", "/f67", "/f68", "/f69", "/f70", "/f71", "/f72", "/f73", "/f74", "/f75", "/f76", "/f77", "/f78", "/f79", "/f80", "/f81", "/f82", "/f83", "/f84", "/f85", "/f86", "/f87", "/f88", "/f89", "/f90", "/f91", "/f92", "/f93", "/f94", "/f95", "/f96", "/f97", "/f98", "/f99"} {
		go os.ReadFile(p) // want `goroutine per item`
	}
}

func reassigned(paths []string) {
	files := []string{"/a", "/b"}
	if len(paths) > 0 {
		files = paths
	}
	for _, p := range files {
		go os.ReadFile(p) // want `goroutine per item`
	}
}

func appendPerParam(tags []string) {
	var repos []string
	for _, tag := range []string{"a", "b"} {
		repos = append(repos, tag)
	}
	for _, tag := range tags {
		repos = append(repos, tag)
	}
	for _, repo := range repos {
		go run("push", repo) // want `goroutine per item`
	}
}

func appendAll(extra []string) {
	repos := []string{"a"}
	repos = append(repos, extra...)
	for _, repo := range repos {
		go run("push", repo) // want `goroutine per item`
	}
}

func appendInClosure(tags []string) {
	var repos []string
	add := func(tag string) { repos = append(repos, tag) }
	for _, tag := range tags {
		add(tag)
	}
	for _, repo := range repos {
		go run("push", repo) // want `goroutine per item`
	}
}

func addressTaken() {
	repos := []string{"a", "b"}
	grow(&repos)
	for _, repo := range repos {
		go run("push", repo) // want `goroutine per item`
	}
}

func grow(s *[]string) { *s = append(*s, make([]string, 1000)...) }

func mapWritten(ports []int) {
	m := map[int]int{80: 8080}
	for _, p := range ports {
		m[p] = p
	}
	for c := range m {
		go run("nc", string(rune(c))) // want `goroutine per item`
	}
}

func mapHanded(fill func(map[int]int)) {
	m := map[int]int{80: 8080}
	fill(m)
	for c := range m {
		go run("nc", string(rune(c))) // want `goroutine per item`
	}
}

func countToParam(n int) {
	var nodes []string
	for range n {
		nodes = append(nodes, "node")
	}
	for _, d := range nodes {
		go run("start", d) // want `goroutine per item`
	}
}

func unboundedLoop(next func() (string, bool)) {
	var nodes []string
	for {
		d, ok := next()
		if !ok {
			break
		}
		nodes = append(nodes, d)
	}
	for _, d := range nodes {
		go run("start", d) // want `goroutine per item`
	}
}

// A slice made with a small constant length.
func madeSmall() {
	names := make([]string, 3)
	for _, n := range names {
		go run("push", n)
	}
}

func madeFromParam(k int) {
	names := make([]string, k)
	for _, n := range names {
		go run("push", n) // want `goroutine per item`
	}
}
