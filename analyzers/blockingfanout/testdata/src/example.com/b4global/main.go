// Command b4global reduces u-root's tools/build_perf (build_perf.go:181 in
// v0.16.0): one goroutine per entry of a package-level slice literal that
// nothing assigns again. In a main package, all of its writes are in view.
package main

import (
	"os"
	"sync"
)

type csvDesc struct {
	filename string
	c        chan []string
}

var descs = []csvDesc{
	{filename: "build_time.csv", c: make(chan []string)},
	{filename: "build_size.csv", c: make(chan []string)},
	{filename: "mem_use.csv", c: make(chan []string)},
	{filename: "cpu_use.csv", c: make(chan []string)},
}

// Exported, but in a main package: nothing else can assign it.
var Extra = []string{"a.csv", "b.csv"}

var wg sync.WaitGroup

func writeCsv(d csvDesc) {
	defer wg.Done()
	f, err := os.Create(d.filename)
	if err != nil {
		return
	}
	for row := range d.c {
		f.WriteString(row[0])
	}
	f.Close()
}

func main() {
	wg.Add(len(descs))
	for _, d := range descs {
		go writeCsv(d)
	}
	for _, name := range Extra {
		go os.WriteFile(name, nil, 0o644)
	}
	for _, d := range descs {
		close(d.c)
	}
	wg.Wait()
}
