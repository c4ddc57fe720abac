// Package lits exercises Result.Blocks and Result.BlocksLit through a test
// analyzer that reports "literal: kind [via]" and "call: kind [via]".
package lits

import (
	"os"
	"time"

	"example.com/a2"
)

func helper() { os.Stat("x") } // want `call: file \[\]`

func f() {
	g := func() { helper() }                         // want `literal: file \[helper os\.Stat\]` `call: file \[os\.Stat\]`
	h := func() { time.Sleep(1) }                    // sleeping holds no thread
	k := func() { go func() { os.ReadFile("x") }() } // want `literal: file \[os\.ReadFile\]` `call: file \[\]`
	m := func() { func() { a2.Read() }() }           // want `literal: file \[a2\.Read os\.ReadFile\]` `literal: file \[a2\.Read os\.ReadFile\]` `call: file \[os\.ReadFile\]`
	_, _, _, _ = g, h, k, m
}

type closer struct{ f *os.File }

func (c *closer) Close() { c.f.Sync() } // want `call: file \[\]`

// Calls of Close methods are weak, whatever their own fact.
func weak(f *os.File, c *closer) {
	g := func() { f.Close() } // want `literal: file \[\(\*os\.File\)\.Close\] weak` `call: file \[\] weak`
	h := func() { c.Close() } // want `literal: file \[\(\*closer\)\.Close \(\*os\.File\)\.Sync\] weak` `call: file \[\(\*os\.File\)\.Sync\] weak`
	_, _ = g, h
}
