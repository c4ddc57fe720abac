// Package weaksites checks the calls that hold a thread only on paths
// callers rarely take, whatever their callee: after an early exit on an
// opt-in environment variable being empty or unset (shape B6 of
// bench/TRIAGE15.md), and in deferred statements (shape B14).
package weaksites

import (
	"os"
	"syscall"
)

func getenv() { // want getenv:`blocks\(file via os\.ReadFile; weak\)`
	p := os.Getenv("KEYLOGFILE")
	if p == "" {
		return
	}
	os.ReadFile(p)
}

func lookupEnv() { // want lookupEnv:`blocks\(file via os\.ReadFile; weak\)`
	p, ok := os.LookupEnv("KEYLOGFILE")
	if !ok {
		return
	}
	os.ReadFile(p)
}

func syscallGetenv() { // want syscallGetenv:`blocks\(file via os\.ReadFile; weak\)`
	p, ok := syscall.Getenv("KEYLOGFILE")
	if !ok || p == "" {
		return
	}
	os.ReadFile(p)
}

func direct() { // want direct:`blocks\(file via os\.Remove; weak\)`
	if os.Getenv("DEBUG_DUMP") == "" {
		return
	}
	os.Remove("dump")
}

func length(debug bool) { // want length:`blocks\(file via os\.ReadFile; weak\)`
	if p := os.Getenv("KEYLOGFILE"); len(p) == 0 || !debug {
		return
	}
	os.ReadFile("x")
}

func perName(names []string) { // want perName:`blocks\(file via os\.ReadFile; weak\)`
	for _, n := range names {
		p := os.Getenv("TRACE_DIR")
		if "" == p {
			continue
		}
		os.ReadFile(p + n)
	}
}

func firstName(names []string) { // want firstName:`blocks\(file via os\.ReadFile; weak\)`
	for _, n := range names {
		p := os.Getenv("TRACE_DIR")
		if p == "" {
			break
		}
		os.ReadFile(p + n)
	}
}

// A case clause's statements are gated as a block's are.
func inCase(mode int) { // want inCase:`blocks\(file via os\.ReadFile; weak\)`
	switch mode {
	case 1:
		if os.Getenv("DEBUG_DUMP") == "" {
			return
		}
		os.ReadFile("dump")
	}
}

func inSelect(names chan string) { // want inSelect:`blocks\(file via os\.ReadFile; weak\)`
	select {
	case name := <-names:
		if os.Getenv("DEBUG_DUMP") == "" {
			return
		}
		os.ReadFile(name)
	}
}

// The gate covers the rest of its block only.
func nested(debug bool) { // want nested:`blocks\(file via os\.Stat\)`
	if debug {
		if os.Getenv("DEBUG_DUMP") == "" {
			return
		}
		os.ReadFile("dump")
	}
	os.Stat("x")
}

// Twins: the gated call runs in normal runs, or the gate is no early exit.

// A break leaves the case clause only.
func afterCase(mode int) { // want afterCase:`blocks\(file via os\.Stat\)`
	switch mode {
	case 1:
		if os.Getenv("DEBUG_DUMP") == "" {
			break
		}
		os.ReadFile("dump")
	}
	os.Stat("x")
}

func defaulted() { // want defaulted:`blocks\(file via os\.ReadFile\)`
	p := os.Getenv("KEYLOGFILE")
	if p == "" {
		p = "/var/log/keys"
	}
	os.ReadFile(p)
}

func home() { // want home:`blocks\(file via os\.ReadFile\)`
	h := os.Getenv("HOME")
	if h == "" {
		return
	}
	os.ReadFile(h + "/.config")
}

func xdg() { // want xdg:`blocks\(file via os\.ReadFile\)`
	if os.Getenv("XDG_RUNTIME_DIR") == "" {
		return
	}
	os.ReadFile("x")
}

func named(name string) { // want named:`blocks\(file via os\.ReadFile\)`
	if os.Getenv(name) == "" {
		return
	}
	os.ReadFile("x")
}

func set() { // want set:`blocks\(file via os\.ReadFile\)`
	if os.Getenv("NOCACHE") != "" {
		return
	}
	os.ReadFile("cache")
}

func both(debug bool) { // want both:`blocks\(file via os\.ReadFile\)`
	if os.Getenv("KEYLOGFILE") == "" && !debug {
		return
	}
	os.ReadFile("x")
}

func reassigned(cfg bool) { // want reassigned:`blocks\(file via os\.ReadFile\)`
	p := os.Getenv("KEYLOGFILE")
	if cfg {
		p = "/etc/keys"
	}
	if p == "" {
		return
	}
	os.ReadFile(p)
}

func addressed() { // want addressed:`blocks\(file via os\.ReadFile\)`
	p := os.Getenv("KEYLOGFILE")
	setDefault(&p)
	if p == "" {
		return
	}
	os.ReadFile(p)
}

func setDefault(p *string) { *p = "/etc/keys" }

func ranged(paths []string) { // want ranged:`blocks\(file via os\.ReadFile\)`
	p := os.Getenv("KEYLOGFILE")
	for _, p = range paths {
	}
	if p == "" {
		return
	}
	os.ReadFile(p)
}

func before() { // want before:`blocks\(file via os\.Stat\)`
	os.Stat("x")
	if os.Getenv("DEBUG_DUMP") == "" {
		return
	}
	os.ReadFile("dump")
}

func noExit() { // want noExit:`blocks\(file via os\.ReadFile\)`
	if os.Getenv("DEBUG_DUMP") == "" {
		println("no dump")
	}
	os.ReadFile("dump")
}

// A gated caller makes its callee's strong witness weak.
func load() { os.ReadFile("x") } // want load:`blocks\(file via os\.ReadFile\)`

func gatedCaller() { // want gatedCaller:`blocks\(file via weaksites\.load → os\.ReadFile; weak\)`
	if os.Getenv("DEBUG_DUMP") == "" {
		return
	}
	load()
}

// Deferred calls, of a seed or of a literal, are teardown.
func cleanup(p string) { // want cleanup:`blocks\(file via os\.Remove; weak\)`
	defer os.Remove(p)
	defer func() { load() }()
}

func removeNow(p string) { os.Remove(p) } // want removeNow:`blocks\(file via os\.Remove\)`

// Known false positive: the same opt-in path inside the if, rather than
// after an early exit, is not recognised.
func inside() { // want inside:`blocks\(file via os\.ReadFile\)`
	if p := os.Getenv("KEYLOGFILE"); p != "" {
		os.ReadFile(p)
	}
}
