// Package b4cpus reduces go-fuse's read benchmark (benchmark/read_test.go:59
// in v2.12.1): a slice gets one append per step of a loop counting to
// runtime.GOMAXPROCS(0), then one goroutine per element. A collection
// filled by a loop of a bounded trip count is bounded.
package b4cpus

import (
	"os/exec"
	"runtime"
)

func readAll(mnt string) error {
	var cmds []*exec.Cmd
	readers := runtime.GOMAXPROCS(0)
	for i := 0; i < readers; i++ {
		cmds = append(cmds, exec.Command("dd", "if="+mnt+"/foo.txt", "of=/dev/null"))
	}
	result := make(chan error, readers)
	for _, cmd := range cmds {
		go func() {
			err := cmd.Run()
			result <- err
		}()
	}
	var err error
	for range cmds {
		if e := <-result; e != nil {
			err = e
		}
	}
	return err
}

// pairs appends two commands per CPU, plus one: at most 2·C + 1.
func pairs(mnt string) {
	cmds := []*exec.Cmd{exec.Command("sync")}
	for range runtime.NumCPU() {
		cmds = append(cmds, exec.Command("dd", "if="+mnt), exec.Command("dd", "of="+mnt))
	}
	for _, cmd := range cmds {
		go cmd.Run()
	}
}

// perCPUPerCPU appends C² times: no bound the threshold speaks of.
func perCPUPerCPU(mnt string) {
	var cmds []*exec.Cmd
	for range runtime.NumCPU() {
		for range runtime.NumCPU() {
			cmds = append(cmds, exec.Command("dd", "if="+mnt))
		}
	}
	for _, cmd := range cmds {
		go cmd.Run() // want `goroutine per item blocks an OS thread in process exec/wait`
	}
}

// perCPUTimes appends once per CPU per item: the items are data.
func perCPUTimes(mnt string, files []string) {
	var cmds []*exec.Cmd
	for i := 0; i < runtime.NumCPU()*len(files); i++ {
		cmds = append(cmds, exec.Command("dd", "if="+mnt))
	}
	for _, cmd := range cmds {
		go cmd.Run() // want `goroutine per item blocks an OS thread in process exec/wait`
	}
}

// manyPerCPU appends 100 times per CPU, above the threshold of 64.
func manyPerCPU(mnt string) {
	var cmds []*exec.Cmd
	for range 100 * runtime.NumCPU() {
		cmds = append(cmds, exec.Command("dd", "if="+mnt))
	}
	for _, cmd := range cmds {
		go cmd.Run() // want `goroutine per item blocks an OS thread in process exec/wait`
	}
}

// Trip counts of counting loops are sized as the appends above are: C²
// is no bound, k·C is one when k is at or below the threshold, and a sum
// of locals is the sum of their values.

func loopPerCPUPerCPU() {
	for range runtime.NumCPU() * runtime.NumCPU() {
		go exec.Command("dd").Run() // want `goroutine per iteration blocks an OS thread in process exec/wait`
	}
}

func loopTwicePerCPU() {
	for range runtime.NumCPU() * 2 {
		go exec.Command("dd").Run()
	}
}

func loopSumAbove() {
	a, b := 40, 40
	for i := 0; i < a+b; i++ {
		go exec.Command("dd").Run() // want `goroutine per iteration blocks an OS thread in process exec/wait`
	}
}

func loopSumBelow() {
	a, b := 20, 20
	for i := 0; i < a+b; i++ {
		go exec.Command("dd").Run()
	}
}

func appendSumAbove(mnt string) {
	a, b := 40, 40
	var cmds []*exec.Cmd
	for i := 0; i < a+b; i++ {
		cmds = append(cmds, exec.Command("dd", "if="+mnt))
	}
	for _, cmd := range cmds {
		go cmd.Run() // want `goroutine per item blocks an OS thread in process exec/wait`
	}
}

func appendSumBelow(mnt string) {
	a, b := 20, 20
	var cmds []*exec.Cmd
	for i := 0; i < a+b; i++ {
		cmds = append(cmds, exec.Command("dd", "if="+mnt))
	}
	for _, cmd := range cmds {
		go cmd.Run()
	}
}
