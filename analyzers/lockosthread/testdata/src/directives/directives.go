package directives

import "runtime"

func work() {}

func silenced(b bool) {
	//syscallvet:ignore lockosthread the thread is handed to a C library for good
	runtime.LockOSThread()
	if b {
		return
	}
	runtime.UnlockOSThread()
}

func silencedSameLine(b bool) {
	runtime.LockOSThread() //syscallvet:ignore blockingfanout,lockosthread deliberate in this test
	if b {
		return
	}
	runtime.UnlockOSThread()
}

func noReason(b bool) {
	//syscallvet:ignore lockosthread // want `syscallvet:ignore directive for lockosthread has no reason, so it silences nothing`
	runtime.LockOSThread() // want `is not undone on the return`
	if b {
		return
	}
	runtime.UnlockOSThread()
}

func unused() {
	//syscallvet:ignore lockosthread nothing to silence here // want `syscallvet:ignore directive silences no lockosthread finding: remove it`
	work()
}

func unknown() {
	//syscallvet:ignore lockosthred typo in the rule name // want `syscallvet:ignore directive names unknown rule "lockosthred" \(did you mean lockosthread\?\): it silences nothing`
	work()
}

func empty() {
	//syscallvet:ignore // want `syscallvet:ignore directive names no rule: write //syscallvet:ignore <rule> <reason>`
	work()
}
