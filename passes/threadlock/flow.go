package threadlock

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/funcname"
)

// Flow is what following the lock count through one function found.
type Flow struct {
	Effect Effect
	Cond   bool     // ReturnsLocked only when the error result is nil
	Via    []string // for a non-None effect, the call chain that proves it
	// Hands: ReturnsLocked, and every return that leaves the lock held
	// hands back a function that undoes it (defer pin()()). HandsRestores
	// are the kinds of per-thread state every such function puts back
	// before it unlocks, on the branch where that restore succeeded
	// (Restores); HandsTaint, those some such function leaves changed
	// (see Tainted.Handed).
	Hands         bool
	HandsRestores State
	HandsTaint    State
	HandsKeep     bool // see lockFact.HandsKeep
	// Restores: for Unlocks, the kinds of per-thread state the function
	// puts back before every unlock of its caller's lock, on the branch
	// where the restore succeeded (restore, check, unlock). The caller's
	// change of those kinds is undone before the thread goes back.
	Restores State

	// Leaks lists the lock calls left held at some normal return, one per
	// call, with the first such return.
	Leaks []Leak
	// Loops lists lock calls that run again while the lock they took in an
	// earlier iteration is still held (Return and Outer are nil).
	Loops []Leak
	// Locks reports whether the function takes a lock itself (directly or
	// through a lock helper); LockCalls are those calls.
	Locks     bool
	LockCalls []*ast.CallExpr
	// Undoes reports whether the function undoes a lock anywhere: a direct,
	// deferred or helper unlock, or an unknown deferred call that might be
	// one.
	Undoes bool
	// undone is, for an unlock function, the most lock levels one of its
	// returns undoes (capped at 2); unsure, that it also calls functions
	// it cannot resolve, which might undo more.
	undone int
	unsure bool
	// unchecked is, for an unlock function, the kinds it toggles for its
	// caller before some unlock of the caller's lock with the toggle's
	// error dropped or never tested (a teardown's "moveBack(curNs)");
	// uncheckedAt, the first such toggle.
	unchecked   State
	uncheckedAt *ast.CallExpr

	// Tainted lists per-thread state changes made under this function's
	// own lock that an unlock hands back to the scheduler unrestored.
	Tainted []Tainted
	// Needs are the kinds of per-thread state changed or relied on at a
	// point where the function holds no lock of its own; NeedsAt is the
	// first such call and NeedsVia its chain.
	Needs     State
	NeedsAt   *ast.CallExpr
	NeedsAtIs State // what the call at NeedsAt changes or relies on
	NeedsVia  []string
	// Changes are the kinds the function leaves changed for its caller;
	// ChangesOnError, only on returns of a non-nil error (a helper that
	// restores on success and leaves the thread to be discarded on
	// failure).
	Changes        State
	ChangesOnError bool
	ChangesVia     []string

	// Section is the first pair of per-thread operations the function
	// makes with no lock of its own that must share a thread; see Owner.
	Section *Section
	// TID: the function returns a value derived from the calling thread's
	// identity (its ID, a handle to its namespace).
	TID bool
	// lockedSites are the calls of this package's functions with a flow
	// made with this function's own lock held on every path to them.
	lockedSites map[*ast.CallExpr]bool
	// Runs are the calls of callback parameters (see runner.go);
	// Changed, the changes made with no lock of the function's own, in
	// source order; ChangesOK, the kinds left changed at returns that
	// do not report failure.
	Runs      []Run
	Changed   []StateCall
	ChangesOK State
}

// Tainted is a per-thread state change that reaches an unlock unrestored,
// or restored only by a call whose error nobody checks.
type Tainted struct {
	Change *ast.CallExpr
	State  State
	Via    []string // what Change calls, ending in the seed
	// Unlock is the call that releases the thread, or the return whose
	// deferred unlock does.
	Unlock ast.Node
	// Restore, if not nil, is the restore whose error is ignored: the
	// state is back only if it succeeded. It may be a restore-and-unlock
	// helper that drops its restore's error (then also Unlock), or, with
	// Handed, the restore in the function returned. Returned: its error
	// is returned to the caller, but only after a deferred unlock has run.
	// Change is the change Restore undoes, or one still in effect at
	// Unlock: of several, the earliest in the source (see sites.go).
	Restore  *ast.CallExpr
	Returned bool
	// Handed: Unlock is a return that hands the lock to the caller with a
	// function that unlocks without restoring (a test helper's teardown).
	// The callers of that function inherit the taint; it is theirs only
	// if they change state of their own, so it is reported here, once.
	Handed bool
}

// fact is the summary of the flow that callers see.
func (fl *Flow) fact() *lockFact {
	// A thread ID read matters where it is made, not in callers: reading
	// one's own SELinux context through /proc/self/task/<tid> needs no
	// lock of the caller's. Nor does a value derived from it returned by
	// a function that takes the lock itself: it opened the handle under
	// that lock (CNI's GetCurrentNS), or hands the lock back with it for
	// as long as the handle is used (pathrs-lite's OpenThreadSelf).
	return &lockFact{Effect: fl.Effect, Cond: fl.Cond, Hands: fl.Hands, Restores: fl.Restores, Via: fl.Via,
		HandsRestores: fl.HandsRestores, HandsTaint: fl.HandsTaint, HandsKeep: fl.HandsKeep,
		Changes: fl.Changes, ChangesOnError: fl.ChangesOnError, Needs: fl.Needs &^ Identity, StateVia: fl.stateVia(), TID: fl.TID && !fl.Locks}
}

// taintedHere reports whether the function hands a tainted thread back
// at an unlock of its own (not through a function it returns).
func (fl *Flow) taintedHere() bool {
	for _, t := range fl.Tainted {
		if !t.Handed {
			return true
		}
	}
	return false
}

func (fl *Flow) stateVia() []string {
	if fl.NeedsVia != nil {
		return fl.NeedsVia
	}
	return fl.ChangesVia
}

// A Leak is a lock call from which a path reaches a return with the lock
// still held.
type Leak struct {
	Lock   *ast.CallExpr
	Via    []string // what Lock calls, ending in runtime.LockOSThread
	Return *ast.ReturnStmt
	// Outer is the lock that was already held when Lock ran, or nil. A
	// leak with an Outer lock is a nesting mistake: each lock needs its own
	// unlock.
	Outer *ast.CallExpr
	// Tainted: on every path found, the thread's per-thread state is still
	// changed at Return, so keeping it locked is deliberate (the thread
	// must run nothing else until the goroutine exits).
	Tainted bool
	// Handed is the number of lock levels the functions returned at
	// Return undo, when that is known and fewer than the function holds
	// there (the rest, Lock among them, are held); Levels, all it holds.
	Handed, Levels int
}

type evKind uint8

const (
	evLock         evKind = iota // the call adds a lock
	evUnlock                     // the call removes a lock
	evDeferUnlock                // deferred call that removes a lock at return
	evDeferMayUndo               // deferred unknown call
	evReturn                     // the block's return statement
	evChange                     // the call changes or relies on per-thread state
	evOpaque                     // a call through an interface or function value, its error kept
	evDeferChange                // deferred call that changes (restores) per-thread state
	evUse                        // a call acting in the thread's namespaces or with its labels
	evSite                       // a call of a function of this package with a flow
	evFlag                       // an assignment to a flag that guards a deferred unlock
	evRun                        // a callback parameter is called, here or by a runner (runner.go)
)

type event struct {
	kind    evKind
	call    *ast.CallExpr
	ret     *ast.ReturnStmt
	handoff int  // lock levels undone by returned functions, which carry the unlock to the caller
	unsure  bool // a returned function might undo more levels than handoff counts
	// handRestores: the kinds of per-thread state the returned functions
	// put back before they unlock; handOpaque, they also call functions
	// the analysis cannot resolve, which may put back more.
	handRestores State
	handOpaque   bool
	// handUnchecked: kinds a returned function restores with the error
	// dropped before it unlocks; handUncheckedAt, that restore when it is
	// in this file (see Flow.unchecked).
	handUnchecked   State
	handUncheckedAt *ast.CallExpr
	errRet          bool // the return yields a non-nil error of its own

	changes State // evChange, evDeferChange: kinds toggled
	needs   State // evChange: kinds that need a lock held
	// excused: evChange of a lock helper whose teardown leaves these
	// kinds changed, a bug reported at the helper (Tainted.Handed).
	excused State
	ignored bool // the call's error result is discarded
	unlocks bool // evDeferChange: the deferred call also unlocks (restore-and-unlock helper)
	// restoreOnly: an evChange of a restore-and-unlock helper, which puts
	// state back but never changes it from the caller's point of view.
	restoreOnly bool
	// restores: evChange with restoreOnly, evDeferChange that unlocks:
	// the kinds the helper restores before it unlocks, checked.
	restores State
	// clears: an evChange that puts a label's default back (see
	// clearsLabel): under the function's own lock, a restore only.
	clears bool
	idUse  bool // evUse, evChange: an argument derives from this thread's identity
	use    bool // evChange: the call is also a use (see isUse)
	// flag: evDeferUnlock, the flag guarding the unlock; evDeferChange,
	// the flag the restore sets when it fails; evFlag, the flag assigned
	// flagVal.
	flag    flagTest
	flagVal flagVal

	run *runEvent // evRun

	// keeps: evUnlock, evDeferUnlock, evDeferChange that unlocks: the
	// unlock leaves the goroutine locked; handKeeps: evReturn, a
	// returned function does (levels.go).
	keeps, handKeeps bool
}

// A finalKey classifies one (return, path) pair: the lock count left over,
// and whether the return reports failure through a non-nil error.
type finalKey struct {
	net    int
	errRet bool
}

// depth bounds the lock stack followed per path; deeper nesting is
// reported at the first lock that nests and needs no more precision.
const depth = 4

type entry struct {
	lock   *ast.CallExpr
	outer  *ast.CallExpr // lock already held when this one ran
	paired bool          // a deferred unlock registered after it will undo it
}

// deferred is a deferred call that matters for per-thread state, kept in
// registration order: deferred calls run last-in first-out at return.
type deferred struct {
	call    *ast.CallExpr
	restore State // kinds it changes back
	unlock  bool
	ignored bool     // its restore's error is discarded
	guard   flagTest // the unlock runs only if this flag holds
	onFail  flagTest // the restore sets this flag when it fails
	keeps   bool     // the unlock leaves the goroutine locked (levels.go)
}

// state is the lock and per-thread state bookkeeping of one path at one
// point.
type state struct {
	stack  [depth]entry
	n      int8
	credit int8 // deferred unlocks registered while no lock was unpaired
	neg    int8 // unlocks beyond the count held on entry

	taint       State         // kinds changed under this function's lock, not restored
	sites       sites         // the change of each kind of taint (sites.go)
	trusted     State         // taint an opaque call was trusted to restore (see edge)
	utaint      State         // kinds toggled while holding no lock of this function's
	ignored     *ast.CallExpr // last restore, if its error was discarded
	lastChange  *ast.CallExpr // for "if err != nil" after a change: it did not happen
	lastRestore *ast.CallExpr // for "if err != nil" after a restore: it failed
	lastOpaque  *ast.CallExpr // an unknown call made while the state was changed
	defers      [depth]deferred
	nd          int8
	// kept: the state cannot be put back on this path, because a restore
	// failed or the change (unshare) has no undo: keeping the thread
	// locked until the goroutine exits is then the right thing.
	kept bool

	op        *ast.CallExpr // first per-thread operation made with no lock of this function's
	opID      bool          // op only reads the thread's identity
	pendDefer *ast.CallExpr // a change deferred, with no lock, before any operation
	// putBack: the kinds toggled with no lock of this function's own
	// whose toggle is known to have succeeded: for an unlock function,
	// restores made for its caller before it unlocks. lastPut is the
	// last toggle, until its error is tested (then it joins putBack on
	// the nil branch). Followed only in functions that unlock.
	putBack State
	lastPut *ast.CallExpr
	dropPut *ast.CallExpr // the last such toggle whose error is dropped
	// flags are the values of builder.flagVars, two bits each (flagVal).
	flags uint8
	pend  pending // a callback called under this function's lock (runner.go)
	// excused are kinds a lock helper's teardown leaves changed, reported
	// at the helper (event.excused); excusedAt, the lock level of that
	// helper's lock, 0 once it is undone. Until then, changes of those
	// kinds are the helper's too: a teardown that put the thread back
	// would undo them.
	excused   State
	excusedAt int8
}

type builder struct {
	r       *Result
	flow    *Flow
	via     map[*ast.CallExpr][]string
	leaks   map[*ast.CallExpr]Leak
	loops   map[*ast.CallExpr]bool
	finals  map[finalKey]bool
	undoVia []string
	errFunc bool // the function's last result is an error
	// errVar maps a conditional lock call to the variable holding its
	// error; on the branch where that variable is non-nil the lock was
	// never taken.
	errVar  map[*ast.CallExpr]types.Object
	passErr bool

	kinds       map[*ast.CallExpr]State        // kinds each state call changes
	stateVia    map[*ast.CallExpr][]string     // chain of each state call
	stateErr    map[*ast.CallExpr]types.Object // variable holding a state call's error
	oneWay      map[*ast.CallExpr]bool         // state calls with no undo (unshare)
	onErr       map[*ast.CallExpr]bool         // state calls that leave state changed only when they fail
	opaque      map[*ast.CallExpr]bool         // calls through interfaces or function values
	returned    map[*ast.CallExpr]bool         // state calls whose error is returned as is
	changesOK   State                          // kinds left toggled at successful returns
	changesErr  State                          // kinds left toggled at returns of a non-nil error
	taints      map[*ast.CallExpr]Tainted      // by change call
	lockedTain  State                          // taint at returns that keep the lock
	firstChange token.Pos
	flagVars    []*types.Var               // flags guarding deferred unlocks (flags.go)
	guards      map[*ast.CallExpr]flagTest // deferred unlocks a flag guards
	onFail      map[*ast.CallExpr]flagTest // deferred restores that set a flag when they fail
	handedVia   []string                   // chain of a lock handed to the caller with a returned unlock closure
	unlocks     bool                       // the function has an unlock event: follow state.putBack
	putBack     meet                       // what every unlock of the caller's lock restores first
	unchecked   State                      // see Flow.unchecked
	uncheckedAt *ast.CallExpr              // see Flow.uncheckedAt
	unhanded    bool                       // some return leaves a lock held without handing back its unlock
	handsTaint  State                      // kinds a returned unlock closure leaves changed
	handRestore State                      // kinds every returned unlock closure restores
	handedSome  bool                       // a return handed an unlock closure (handRestore and handKeep are set)
	discarded   *ast.CallExpr              // the call of the expression statement being scanned

	opKinds      map[*ast.CallExpr]State // what each per-thread operation changes or reads
	names        map[*ast.CallExpr]string
	idCalls      map[*ast.CallExpr]bool // calls that read this thread's identity
	idVars       map[types.Object]bool  // variables holding a value derived from it
	siteUnlocked map[*ast.CallExpr]bool // evSite calls reached with no lock of this function's
	siteSeen     map[*ast.CallExpr]bool

	rb runBuilder // runner.go

	// handKeep: every return that hands an unlock closure leaves the
	// goroutine locked after it (levels.go).
	handKeep bool
}

// meet is the kinds common to all the sets added to it.
type meet struct {
	kinds State
	seen  bool
}

func (m *meet) add(kinds State) {
	if !m.seen {
		m.kinds, m.seen = kinds, true
	}
	m.kinds &= kinds
}

func (r *Result) analyze(g *cfg.CFG, errFunc bool) *Flow {
	b := &builder{r: r, flow: new(Flow), via: make(map[*ast.CallExpr][]string),
		errFunc: errFunc, errVar: make(map[*ast.CallExpr]types.Object),
		kinds: make(map[*ast.CallExpr]State), stateVia: make(map[*ast.CallExpr][]string),
		stateErr: make(map[*ast.CallExpr]types.Object), taints: make(map[*ast.CallExpr]Tainted),
		oneWay: make(map[*ast.CallExpr]bool), onErr: make(map[*ast.CallExpr]bool), opaque: make(map[*ast.CallExpr]bool), returned: make(map[*ast.CallExpr]bool),
		opKinds: make(map[*ast.CallExpr]State), names: make(map[*ast.CallExpr]string),
		idCalls: make(map[*ast.CallExpr]bool), idVars: make(map[types.Object]bool),
		siteUnlocked: make(map[*ast.CallExpr]bool), siteSeen: make(map[*ast.CallExpr]bool),
		guards: make(map[*ast.CallExpr]flagTest), onFail: make(map[*ast.CallExpr]flagTest)}
	b.findFlags(g)
	events := make([][]event, len(g.Blocks))
	touches := false
	for _, blk := range g.Blocks {
		if !blk.Live {
			continue
		}
		for _, n := range blk.Nodes {
			events[blk.Index] = b.scan(n, events[blk.Index])
		}
		for _, ev := range events[blk.Index] {
			switch ev.kind {
			case evUnlock, evDeferUnlock, evDeferChange:
				b.unlocks = true
			}
			if ev.kind != evReturn && ev.kind != evOpaque && ev.kind != evUse && ev.kind != evSite && !(ev.kind == evRun && ev.run.direct) || ev.handoff > 0 {
				touches = true
			}
		}
	}
	if !touches {
		return nil // the function never touches the lock count
	}

	b.leaks = make(map[*ast.CallExpr]Leak)
	b.loops = make(map[*ast.CallExpr]bool)
	b.finals = make(map[finalKey]bool)
	type item struct {
		blk *cfg.Block
		s   state
	}
	seen := make(map[item]bool)
	work := []item{{g.Blocks[0], state{}}}
	seen[work[0]] = true
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		s := it.s
		for _, ev := range events[it.blk.Index] {
			s = b.step(s, ev)
		}
		for i, succ := range it.blk.Succs {
			next := item{succ, b.edge(it.blk, i, s)}
			if !seen[next] {
				seen[next] = true
				work = append(work, next)
			}
		}
	}
	b.finish()
	return b.flow
}

// step applies one event to one path's state, recording what it shows.
func (b *builder) step(s state, ev event) state {
	switch ev.kind {
	case evLock:
		for i := int8(0); i < s.n; i++ {
			if s.stack[i].lock == ev.call {
				b.loops[ev.call] = true
				return s
			}
		}
		if s.neg > 0 { // re-locking after an earlier unlock: balanced
			s.neg--
			return s
		}
		e := entry{lock: ev.call}
		if s.n > 0 {
			e.outer = s.stack[0].lock
		}
		if s.credit > 0 {
			s.credit--
			e.paired = true
		}
		if s.n < depth {
			s.stack[s.n] = e
			s.n++
		}
	case evUnlock:
		if i := topUnpaired(&s); i >= 0 {
			copy(s.stack[i:], s.stack[i+1:s.n])
			s.n--
			s.stack[s.n] = entry{}
		} else if s.n > 0 {
			s.n--
			s.stack[s.n] = entry{}
			s.credit = min(s.credit+1, 3)
		} else {
			// The caller's lock: what was put back for it goes back
			// with the thread.
			s.neg = min(s.neg+1, 2)
			b.putBack.add(s.putBack & s.utaint)
			b.noteUnchecked(s)
		}
		if s.n == 0 {
			b.handBack(&s, ev.call, ev.keeps)
		} else if s.n < s.excusedAt {
			// The helper's lock is undone, an outer one still held: what
			// its teardown left changed is still its fault, later
			// changes are not.
			s.excused &= s.taint
			s.excusedAt = 0
		}
	case evDeferUnlock, evDeferMayUndo:
		if i := topUnpaired(&s); i >= 0 {
			s.stack[i].paired = true
		} else if ev.kind == evDeferUnlock {
			s.credit = min(s.credit+1, 3)
			b.putBack.add(0) // not followed through deferred calls
		}
		if ev.kind == evDeferUnlock {
			s.pushDefer(deferred{call: ev.call, unlock: true, guard: ev.flag, keeps: ev.keeps})
		}
	case evChange:
		switch {
		case s.n != 0 || ev.restoreOnly:
		case ev.needs&^unpaired != 0:
			s = b.op(s, ev)
		case ev.use:
			// cmd.Start() of a child with a parent-death signal: no
			// section of its own, but it starts a process after a change.
			b.use(s, ev)
		}
		s = b.change(s, ev)
	case evUse:
		b.use(s, ev)
	case evSite:
		b.siteSeen[ev.call] = true
		if s.n == 0 {
			b.siteUnlocked[ev.call] = true
		}
	case evFlag:
		s.setFlag(ev.flag.flag, ev.flagVal)
	case evRun:
		s = b.run(s, ev)
	case evOpaque:
		if s.taint != 0 {
			s.lastOpaque = ev.call
		}
	case evDeferChange:
		if s.n == 0 && !ev.unlocks {
			switch {
			case s.op != nil && !s.opID:
				b.section(s.op, ev.call, true)
			case s.op == nil && s.pendDefer == nil:
				s.pendDefer = ev.call
			}
		}
		s.pushDefer(deferred{call: ev.call, restore: ev.changes, unlock: ev.unlocks, ignored: ev.ignored, onFail: ev.flag, keeps: ev.keeps})
		if ev.unlocks {
			if i := topUnpaired(&s); i >= 0 {
				s.stack[i].paired = true
			} else {
				s.credit = min(s.credit+1, 3)
				b.putBack.add(ev.restores)
			}
		}
	case evReturn:
		// A returned closure that unlocks hands the lock to the caller,
		// who holds it until calling the closure: not a leak here, but
		// the function returns locked (cilium's lockOSThread).
		// The returned functions undo the earliest locks, so that a lock
		// held on top of those is the extra one; when they might undo
		// more than counted, the latest, as a nesting is no sure story.
		pick := bottomUnpaired
		if ev.unsure {
			pick = topUnpaired
		}
		handed := 0
		for h := ev.handoff; h > 0; h-- {
			if i := pick(&s); i >= 0 {
				s.stack[i].paired = true
				handed++
				if b.handedVia == nil {
					b.handedVia = b.via[s.stack[i].lock]
				}
			}
		}
		taint := b.runDefers(s, ev.ret)
		deliberate := taint != 0 && s.kept
		held := 0
		for i := int8(0); i < s.n; i++ {
			if !s.stack[i].paired {
				held++
			}
		}
		for i := int8(0); i < s.n; i++ {
			if e := s.stack[i]; !e.paired {
				// Returning locked with the thread's state still changed
				// (the restore failed or never happened) is deliberate:
				// the thread must run nothing else.
				l := Leak{Lock: e.lock, Return: ev.ret, Outer: e.outer, Tainted: deliberate}
				if handed > 0 && !ev.unsure {
					l.Handed, l.Levels = handed, handed+held
				}
				b.leak(l)
			}
		}
		net := held + handed - int(s.credit) - int(s.neg)
		if net > 0 && handed == 0 {
			b.unhanded = true
		}
		if net > 0 && handed > 0 {
			b.handedTaint(s, ev, taint, partialHandoff(ev, handed, net))
		}
		b.finals[finalKey{net, ev.errRet}] = true
		if net > 0 {
			b.lockedTain |= taint
		}
		if ev.errRet {
			b.changesErr |= s.utaint
		} else {
			b.changesOK |= s.utaint
		}
	}
	return s
}

func (s *state) pushDefer(d deferred) {
	if s.nd < depth {
		s.defers[s.nd] = d
		s.nd++
	}
}

// handedTaint records, at a return that hands the caller its lock with a
// function that unlocks, the kinds that function puts back and those it
// leaves changed. The latter are this function's bug (its callers cannot
// restore what they do not know changed), reported here unless they come
// from a helper of its own reported for the same (setUpMPLSNetlinkTest
// passing on setUpNetlinkTest's teardown).
func (b *builder) handedTaint(s state, ev event, taint State, partial bool) {
	if !b.handedSome {
		b.handedSome, b.handRestore, b.handKeep = true, ev.handRestores, partial
	} else {
		b.handRestore &= ev.handRestores
		b.handKeep = b.handKeep && partial
	}
	left := taint &^ ev.handRestores
	if left == 0 || ev.handOpaque || partial {
		return // put back, or kept locked with the goroutine (levels.go)
	}
	b.handsTaint |= left
	own := left &^ s.excused
	// Kinds the function does not restore at all make the report; only
	// where every kind left is restored with its error dropped, it names
	// that restore.
	if at, kinds := s.sites.of(own &^ ev.handUnchecked); at != nil {
		b.taint(Tainted{Change: at, State: kinds, Unlock: ev.ret, Handed: true})
	} else if at, kinds := s.sites.of(own); at != nil {
		b.taint(Tainted{Change: at, State: kinds, Unlock: ev.ret, Handed: true, Restore: ev.handUncheckedAt})
	}
}

// change applies a call that changes or relies on per-thread state.
func (b *builder) change(s state, ev event) state {
	if ev.needs != 0 && s.n == 0 && b.flow.NeedsAt == nil {
		b.flow.NeedsAt, b.flow.NeedsAtIs, b.flow.NeedsVia = ev.call, ev.needs, b.stateVia[ev.call]
	}
	if s.n == 0 {
		b.changedUnlocked(ev)
		b.flow.Needs |= ev.needs
		s.utaint ^= ev.changes // the caller's lock: a toggle it must account for
		if ev.changes != 0 && b.flow.ChangesVia == nil {
			b.flow.ChangesVia = b.stateVia[ev.call]
		}
		if b.unlocks && ev.changes != 0 {
			// Put back for the caller: by a restore-and-unlock helper
			// as its summary says, or once the toggle's error is found
			// nil (see edge).
			s.putBack &^= ev.changes
			s.lastPut = nil
			if s.dropPut != nil && b.kinds[s.dropPut]&ev.changes != 0 {
				s.dropPut = nil
			}
			switch {
			case ev.restoreOnly:
				s.putBack |= ev.restores & ev.changes
			case !ev.ignored:
				s.lastPut = ev.call
			default:
				s.dropPut = ev.call
			}
		}
		return s
	}
	restoring, changing := s.taint&ev.changes, ev.changes&^s.taint&^s.trusted
	s.pend.restored(restoring) // runner.go
	if ev.restoreOnly || ev.clears {
		changing = 0
	}
	if restoring != 0 {
		s.taint &^= restoring
		s.lastRestore = ev.call
		s.ignored = nil
		// A restore-and-unlock helper is trusted only on the kinds its
		// summary says it restores checked (restores(K)), as a teardown
		// is; on the others it may fail and unlock anyway.
		unchecked := ev.ignored
		if ev.restoreOnly {
			unchecked = restoring&^ev.restores != 0 // its own check counts, not its caller's
		}
		if unchecked {
			s.ignored = ev.call
		}
	}
	if s.excusedAt == 0 {
		s.excused &^= restoring
	}
	if ev.excused != 0 {
		s.excused |= ev.excused
		if s.excusedAt == 0 || s.n < s.excusedAt {
			s.excusedAt = s.n
		}
	}
	if changing != 0 {
		s.taint |= changing
		s.sites.set(changing, ev.call)
		s.lastChange = ev.call
		s.kept = s.kept || b.oneWay[ev.call]
	}
	if s.taint == 0 {
		s.kept = false
	}
	return s
}

// released records what handing the thread back at unlock shows: a state
// change still in effect, or restored only by a call whose error was
// ignored.
func (b *builder) released(s *state, unlock ast.Node) {
	b.ranLocked(s)
	if at, kinds := s.sites.of(s.taint &^ s.excused); at != nil {
		b.taint(Tainted{Change: at, State: kinds, Unlock: unlock})
	} else if s.ignored != nil {
		if at, kinds := s.sites.of(b.kinds[s.ignored] &^ s.excused); at != nil {
			b.taint(Tainted{Change: at, State: kinds, Unlock: unlock, Restore: s.ignored, Returned: b.returned[s.ignored]})
		}
	}
	s.clearTaint()
}

// runDefers replays, at a return, the deferred restores and unlocks in
// last-in first-out order, and returns the taint left when the function
// returns with its own lock still held.
func (b *builder) runDefers(s state, ret *ast.ReturnStmt) State {
	return b.replay(s, s.nd-1, s.n, ret)
}

// replay runs the deferred calls from the i'th down with held locks. A
// restore that sets a flag when it fails forks the replay: it succeeds,
// or it fails, leaving the state changed and the flag set, which may keep
// a guarded unlock from running.
func (b *builder) replay(s state, i, held int8, ret *ast.ReturnStmt) State {
	var forked State
	for ; i >= 0; i-- {
		d := s.defers[i]
		if restoring := s.taint & d.restore; restoring != 0 {
			if d.onFail.flag != 0 {
				failed := s
				failed.setFlag(d.onFail.flag, knownFlag(d.onFail.val))
				forked |= b.replay(failed, i-1, held, ret)
			}
			s.pend.restored(restoring) // runner.go
			s.taint &^= restoring
			s.ignored = nil
			if d.ignored {
				s.ignored = d.call
			}
		}
		if d.unlock && held > 0 && s.runs(d.guard) {
			held--
			if held == 0 {
				b.handBack(&s, ret, d.keeps)
			}
		}
	}
	if held == 0 {
		return forked
	}
	return forked | s.taint
}

// taint records t, keeping per change the earliest unlock.
func (b *builder) taint(t Tainted) {
	if old, ok := b.taints[t.Change]; !ok || t.Unlock.Pos() < old.Unlock.Pos() {
		t.Via = b.stateVia[t.Change]
		b.taints[t.Change] = t
	}
}

func bottomUnpaired(s *state) int {
	for i := int8(0); i < s.n; i++ {
		if !s.stack[i].paired {
			return int(i)
		}
	}
	return -1
}

func topUnpaired(s *state) int {
	for i := int(s.n) - 1; i >= 0; i-- {
		if !s.stack[i].paired {
			return i
		}
	}
	return -1
}

// leak records l, keeping per lock call the earliest return, and
// preferring the explanation of a returned function that undoes too few
// levels, then a nesting explanation, when one path shows it.
func (b *builder) leak(l Leak) {
	if old, ok := b.leaks[l.Lock]; !ok || betterLeak(l, old) {
		b.leaks[l.Lock] = l
	}
}

func betterLeak(l, old Leak) bool {
	switch {
	case l.Tainted != old.Tainted:
		return !l.Tainted // an untainted path is a real leak
	case (l.Handed > 0) != (old.Handed > 0):
		return l.Handed > 0
	case (l.Outer != nil) != (old.Outer != nil):
		return l.Outer != nil
	}
	return l.Return.Pos() < old.Return.Pos()
}

func (b *builder) finish() {
	fl := b.flow
	for call := range b.siteSeen {
		if !b.siteUnlocked[call] {
			if fl.lockedSites == nil {
				fl.lockedSites = make(map[*ast.CallExpr]bool)
			}
			fl.lockedSites[call] = true
		}
	}
	for call := range b.loops {
		fl.Loops = append(fl.Loops, Leak{Lock: call, Via: b.via[call]})
		delete(b.leaks, call) // one report per call
	}
	sort.Slice(fl.Loops, func(i, j int) bool { return fl.Loops[i].Lock.Pos() < fl.Loops[j].Lock.Pos() })
	for _, l := range b.leaks {
		l.Via = b.via[l.Lock]
		fl.Leaks = append(fl.Leaks, l)
	}
	sort.Slice(fl.Leaks, func(i, j int) bool { return fl.Leaks[i].Lock.Pos() < fl.Leaks[j].Lock.Pos() })
	for _, t := range b.taints {
		fl.Tainted = append(fl.Tainted, t)
	}
	sort.Slice(fl.Tainted, func(i, j int) bool { return fl.Tainted[i].Change.Pos() < fl.Tainted[j].Change.Pos() })
	b.finishRuns()
	fl.Changes |= b.changesOK | b.changesErr
	fl.ChangesOnError = b.changesOK == 0 && b.changesErr != 0
	defer func() {
		// A lock helper that also changes state hands both to its caller.
		if fl.Effect == ReturnsLocked {
			fl.Changes |= b.lockedTain
			if fl.ChangesVia == nil && !fl.taintedHere() {
				for call, k := range b.kinds {
					if k&b.lockedTain != 0 && (fl.ChangesVia == nil || call.Pos() < b.firstChange) {
						fl.ChangesVia, b.firstChange = b.stateVia[call], call.Pos()
					}
				}
			}
		}
	}()

	if len(b.finals) == 0 {
		return // no normal return
	}
	lo, hi := 1<<30, -1<<30      // over all returns
	okLo, errHi := 1<<30, -1<<30 // over successful returns; over error returns
	for k := range b.finals {
		lo, hi = min(lo, k.net), max(hi, k.net)
		if k.errRet {
			errHi = max(errHi, k.net)
		} else {
			okLo = min(okLo, k.net)
		}
	}
	lockVia := b.handedVia
	if len(fl.Leaks) > 0 {
		lockVia = fl.Leaks[0].Via
	}
	switch {
	case lo >= 1 && lockVia != nil:
		fl.Effect = ReturnsLocked
		fl.Cond = b.passErr
		fl.Via = lockVia
	case okLo >= 1 && okLo < 1<<30 && errHi == 0 && lockVia != nil:
		// Locked on every successful return, unlocked on every failing
		// one: a conditional lock helper. Its failing returns are fine,
		// and its successful ones hand the lock to the caller.
		fl.Effect = ReturnsLocked
		fl.Cond = true
		fl.Via = lockVia
	case hi <= 0 && lo <= -1:
		fl.Effect = Unlocks
		fl.Via = b.undoVia
		fl.undone = -lo
	}
	fl.Hands = fl.Effect == ReturnsLocked && b.handedVia != nil && !b.unhanded
	switch {
	case fl.Hands:
		fl.HandsRestores, fl.HandsTaint, fl.HandsKeep = b.handRestore, b.handsTaint, b.handKeep
	case fl.Effect == Unlocks:
		fl.Restores = b.putBack.kinds
		fl.unchecked, fl.uncheckedAt = b.unchecked&^fl.Restores, b.uncheckedAt
	}
	fl.unsure = fl.unsure || len(b.opaque) > 0
}

// edge applies what taking the i'th successor of blk tells about the
// path: after "if err != nil" on the error of a conditional lock call, the
// lock was not taken.
func (b *builder) edge(blk *cfg.Block, i int, s state) state {
	if len(blk.Succs) != 2 || len(blk.Nodes) == 0 || len(b.errVar)+len(b.stateErr) == 0 && s.lastPut == nil {
		return s
	}
	last, ok := blk.Nodes[len(blk.Nodes)-1].(ast.Expr)
	if !ok {
		return s
	}
	cond, ok := astutil.Unparen(last).(*ast.BinaryExpr)
	if !ok || (cond.Op != token.NEQ && cond.Op != token.EQL) {
		return s
	}
	x, y := astutil.Unparen(cond.X), astutil.Unparen(cond.Y)
	if isNil(b.r.pass.TypesInfo, x) {
		x, y = y, x
	}
	if !isNil(b.r.pass.TypesInfo, y) {
		return s
	}
	nonNil := (cond.Op == token.NEQ) == (i == 0)
	if s.lastPut != nil && errSource(b.r.pass.TypesInfo, x) == s.lastPut {
		// "if netns.Set(orig) == nil": the toggle made for the caller
		// is tested in place.
		if !nonNil {
			s.putBack |= b.kinds[s.lastPut]
		}
		s.lastPut = nil
		return s
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return s
	}
	obj := b.r.pass.TypesInfo.ObjectOf(id)
	if obj != nil && s.lastPut != nil && b.stateErr[s.lastPut] == obj {
		// A toggle made for the caller: on the nil branch it is done.
		if !nonNil {
			s.putBack |= b.kinds[s.lastPut]
		}
		s.lastPut = nil
	}
	if !nonNil && obj != nil && s.lastOpaque != nil && b.stateErr[s.lastOpaque] == obj {
		// "err := threadNS.Set(); if err == nil { unlock }": code that
		// unlocks only when an opaque call succeeded is restoring state
		// the analyzer cannot see; trust it rather than report.
		// A later toggle of those kinds is no change of its own: if the
		// opaque call restored, it changes nothing back; if not, it is
		// the restore.
		s.trusted |= s.taint
		s.taint, s.ignored, s.lastOpaque = 0, nil, nil
		return s
	}
	if !nonNil {
		// A helper that leaves state changed only when it fails (and
		// undoes its change on success) left nothing changed here.
		if obj != nil && s.lastChange != nil && b.stateErr[s.lastChange] == obj && b.onErr[s.lastChange] {
			s.taint &^= b.kinds[s.lastChange]
			s.sites.drop(b.kinds[s.lastChange], s.lastChange)
			s.lastChange = nil
		}
		return s
	}
	if obj != nil && s.lastChange != nil && b.stateErr[s.lastChange] == obj && !b.onErr[s.lastChange] {
		// The change failed: the state is as before.
		s.taint &^= b.kinds[s.lastChange]
		s.sites.drop(b.kinds[s.lastChange], s.lastChange)
		s.lastChange = nil
	}
	if obj != nil && s.lastRestore != nil && b.stateErr[s.lastRestore] == obj {
		// The restore failed: the state is still changed for good.
		s.taint |= b.kinds[s.lastRestore]
		s.lastRestore = nil
		s.kept = true
	}
	for j := int(s.n) - 1; j >= 0; j-- {
		if e := s.stack[j]; !e.paired && obj != nil && b.errVar[e.lock] == obj {
			copy(s.stack[j:], s.stack[j+1:s.n])
			s.n--
			s.stack[s.n] = entry{}
		}
	}
	return s
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && info.Uses[id] == types.Universe.Lookup("nil")
}

// scan appends the lock events of node n, in evaluation order, to evs.
func (b *builder) scan(n ast.Node, evs []event) []event {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // runs only when called: see CallExpr
		case *ast.GoStmt:
			evs = b.runEvents(n.Call, evs, true) // runs elsewhere, but may run a callback locked
			return false
		case *ast.DeferStmt:
			if inner, ok := astutil.Unparen(n.Call.Fun).(*ast.CallExpr); ok {
				// defer pin()(): pin runs now, the function it returns
				// at return.
				evs = b.scan(inner, evs)
			}
			c := b.r.classify(n.Call)
			switch {
			case c.changes != 0:
				// A deferred restore; one that also unlocks is a
				// restore-and-unlock helper, trusted to unlock only when
				// its restore worked, and one that sets a flag when it
				// fails checks its error.
				b.noteState(n.Call, c)
				onFail, checked := b.onFail[n.Call]
				evs = append(evs, event{kind: evDeferChange, call: n.Call, changes: c.changes, restores: c.restores,
					unlocks: c.effect == Unlocks, ignored: !checked && (c.effect != Unlocks || c.changes&^c.restores != 0),
					flag: onFail, keeps: c.keeps})
				if c.effect == Unlocks {
					b.noteUndo(c)
				}
			case c.effect == Unlocks:
				evs = append(evs, event{kind: evDeferUnlock, call: n.Call, flag: b.guards[n.Call], keeps: c.keeps})
				b.noteUndo(c)
			case c.unknown:
				// "defer cleanup()" through a value we cannot resolve may
				// well be the unlock: assume so rather than report.
				evs = append(evs, event{kind: evDeferMayUndo, call: n.Call})
				b.flow.Undoes = true
				b.flow.unsure = true
			}
			return false
		case *ast.ValueSpec:
			for _, v := range n.Values {
				evs = b.scan(v, evs)
			}
			if len(n.Values) == 0 { // var unlock bool: false
				for _, id := range n.Names {
					if f := b.flagOf(id); f > 0 {
						evs = append(evs, event{kind: evFlag, flag: flagTest{flag: f}, flagVal: flagFalse})
					}
				}
				return false
			}
			b.noteIdentityVars(identExprs(n.Names), n.Values)
			evs = b.flagEvents(identExprs(n.Names), n.Values, evs)
			return false
		case *ast.ExprStmt:
			// Its error result, if any, is ignored, also under
			// nil-preserving wrappers.
			b.discarded = errSource(b.r.pass.TypesInfo, n.X)
			return true
		case *ast.AssignStmt:
			for _, rhs := range n.Rhs {
				evs = b.scan(rhs, evs)
			}
			b.noteIdentityVars(n.Lhs, n.Rhs)
			evs = b.flagEvents(n.Lhs, n.Rhs, evs)
			// err := netns.Set(fd): remember the error variable of a call
			// that changes per-thread state (or of an opaque call, which
			// may be a restore), also under nil-preserving wrappers
			// (err := errors.WithStack(netns.Set(fd))); "_" ignores it.
			src := errSource(b.r.pass.TypesInfo, n.Rhs[0])
			if len(n.Rhs) == 1 {
				if call := src; call != nil && (b.kinds[call] != 0 || b.opaque[call]) {
					if id, ok := n.Lhs[len(n.Lhs)-1].(*ast.Ident); ok {
						if id.Name == "_" {
							b.markIgnored(evs, call)
						} else if obj := b.r.pass.TypesInfo.ObjectOf(id); obj != nil {
							b.stateErr[call] = obj
						}
					}
				}
			}
			// err := enter(): remember which variable holds the error of
			// a conditional lock call.
			if call := src; call != nil && len(n.Rhs) == 1 && b.condLock(call) {
				if id, ok := n.Lhs[len(n.Lhs)-1].(*ast.Ident); ok {
					if obj := b.r.pass.TypesInfo.ObjectOf(id); obj != nil {
						b.errVar[call] = obj
					}
				}
			}
			return false
		case *ast.CallExpr:
			switch fun := astutil.Unparen(n.Fun).(type) {
			case *ast.SelectorExpr:
				evs = b.scan(fun.X, evs)
			case *ast.FuncLit, *ast.Ident, *ast.IndexExpr, *ast.IndexListExpr:
			default:
				evs = b.scan(fun, evs)
			}
			for _, arg := range n.Args {
				evs = b.scan(arg, evs)
			}
			c := b.r.classify(n)
			evs = b.runEvents(n, evs, false) // callbacks run before the callee's unlock
			if c.local {
				// Before the callee's own lock or unlock: it starts under
				// the lock held here (ns.Do's goroutine locks, then calls
				// containedCall, which switches back and unlocks).
				evs = append(evs, event{kind: evSite, call: n})
			}
			switch {
			case c.effect == ReturnsLocked:
				b.via[n] = chain(c)
				b.flow.Locks = true
				b.flow.LockCalls = append(b.flow.LockCalls, n)
				if c.cond {
					b.errVar[n] = nil // conditional; variable unknown yet
				}
				evs = append(evs, event{kind: evLock, call: n})
			case c.effect == Unlocks:
				if c.changes != 0 { // restore, then unlock: never a change of its own
					b.noteState(n, c)
					evs = append(evs, event{kind: evChange, call: n, changes: c.changes, needs: c.needs, restoreOnly: true,
						restores: c.restores})
				}
				evs = append(evs, event{kind: evUnlock, call: n, keeps: c.keeps})
				b.noteUndo(c)
				return false
			}
			if c.unknown {
				b.opaque[n] = true
				evs = append(evs, event{kind: evOpaque, call: n})
			}
			if c.changes|c.needs != 0 {
				b.noteState(n, c)
				b.opKinds[n] = c.changes | c.needs
				if c.needs&Identity != 0 {
					b.idCalls[n] = true
				}
				evs = append(evs, event{kind: evChange, call: n, changes: c.changes, needs: c.needs,
					ignored: b.discarded == n && c.returnsError, idUse: b.argsIdentity(n), excused: c.handsTaint, use: c.use, clears: c.clears})
			} else if c.use {
				b.names[n] = c.name
				evs = append(evs, event{kind: evUse, call: n, idUse: b.argsIdentity(n)})
			}
			return false
		case *ast.ReturnStmt:
			ev := event{kind: evReturn, ret: n}
			for _, res := range n.Results {
				evs = b.scan(res, evs)
				if b.mentionsIdentity(res) {
					b.flow.TID = true
				}
				// return netns.Set(orig): the error goes to the caller, but
				// a deferred unlock runs before anyone can look at it.
				if call := errSource(b.r.pass.TypesInfo, res); call != nil && b.kinds[call] != 0 {
					b.returned[call] = true
					b.markIgnored(evs, call)
				}
				if h := b.carriesUnlock(res); h.levels > 0 {
					if ev.handoff == 0 {
						ev.handRestores = h.restores
					} else {
						ev.handRestores &= h.restores
					}
					ev.handoff += h.levels
					ev.unsure = ev.unsure || !h.sure
					ev.handOpaque = ev.handOpaque || h.opaque
					ev.handUnchecked |= h.unchecked
					if ev.handUncheckedAt == nil {
						ev.handUncheckedAt = h.uncheckedAt
					}
					ev.handKeeps = ev.handKeeps || h.keeps
					b.flow.Undoes = true
				}
			}
			if b.errFunc && len(n.Results) > 0 {
				last := astutil.Unparen(n.Results[len(n.Results)-1])
				call := errSource(b.r.pass.TypesInfo, last)
				if call != nil {
					last = call // return errors.WithStack(netns.Set(ns)): as netns.Set says
				}
				switch {
				case b.passesErr(last):
					b.passErr = true
				case call != nil && !b.constructsError(call):
					// return netns.Set(ns), return Get(): success or
					// failure, as the callee says; count it as a
					// successful return.
				case !isNil(b.r.pass.TypesInfo, last):
					ev.errRet = true
				}
			}
			evs = append(evs, ev)
			return false
		}
		return true
	})
	return evs
}

// nilPreserving are the error wrappers, by full name, that return nil
// exactly when the error they wrap (their first argument) is nil:
// "if err := errors.WithStack(netns.Set(ns)); err != nil" tests whether
// netns.Set failed.
var nilPreserving = map[string]bool{
	"github.com/pkg/errors.WithStack": true, "github.com/pkg/errors.Wrap": true, "github.com/pkg/errors.Wrapf": true,
	"github.com/pkg/errors.WithMessage": true, "github.com/pkg/errors.WithMessagef": true,
	"github.com/cockroachdb/errors.WithStack": true, "github.com/cockroachdb/errors.Wrap": true,
	"github.com/cockroachdb/errors.Wrapf": true, "github.com/cockroachdb/errors.WithMessage": true,
	"github.com/cockroachdb/errors.WithMessagef": true,
}

// errSource returns the call whose error e carries: e itself, or under
// nil-preserving wrappers the call they wrap (netns.Set in
// errors.WithStack(netns.Set(ns))); nil if e is no call.
func errSource(info *types.Info, e ast.Expr) *ast.CallExpr {
	call, ok := astutil.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	for len(call.Args) > 0 {
		fn := typeutil.StaticCallee(info, call)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Name() != "errors" || !nilPreserving[fn.FullName()] {
			break
		}
		inner, ok := astutil.Unparen(call.Args[0]).(*ast.CallExpr)
		if !ok {
			break
		}
		call = inner
	}
	return call
}

// constructsError reports whether call builds a new, non-nil error.
func (b *builder) constructsError(call *ast.CallExpr) bool {
	fn := typeutil.StaticCallee(b.r.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	switch fn.FullName() {
	case "fmt.Errorf", "errors.New", "errors.Join",
		"github.com/pkg/errors.New", "github.com/pkg/errors.Errorf",
		"github.com/pkg/errors.Wrap", "github.com/pkg/errors.Wrapf",
		"github.com/pkg/errors.WithMessage", "github.com/pkg/errors.WithStack":
		return true
	}
	return false
}

// condLock reports whether call is a conditional lock call.
func (b *builder) condLock(call *ast.CallExpr) bool {
	_, ok := b.errVar[call]
	return ok
}

// passesErr reports whether a returned error is that of a conditional lock
// call (return enter(), or return err after err := enter()), which makes
// the returning function a conditional lock helper too.
func (b *builder) passesErr(e ast.Expr) bool {
	if call, ok := e.(*ast.CallExpr); ok {
		return b.condLock(call)
	}
	if id, ok := e.(*ast.Ident); ok {
		obj := b.r.pass.TypesInfo.ObjectOf(id)
		for _, v := range b.errVar {
			if v != nil && v == obj {
				return true
			}
		}
	}
	return false
}

// A handoff is a returned function that unlocks, handing the obligation
// to the caller (the "enter returns an exit func" pattern): the lock
// levels it undoes, whether that count is sure (only for
// runtime.UnlockOSThread and for functions of this package whose every
// call the analysis resolves), the kinds of per-thread state it puts
// back first, counted only where the restore's error is checked and the
// unlock follows its success (Flow.Restores), and whether it also calls
// functions the analysis cannot resolve, which may put back more.
type handoff struct {
	levels   int
	sure     bool
	restores State
	opaque   bool
	keeps    bool // a teardown passed on that keeps a level (levels.go)
	// unchecked, uncheckedAt: see Flow.unchecked (known only for
	// functions of this package; uncheckedAt only in this file).
	unchecked   State
	uncheckedAt *ast.CallExpr
}

// carriesUnlock describes a returned expression that is a function that
// unlocks; levels is 0 for any other.
func (b *builder) carriesUnlock(e ast.Expr) handoff {
	switch e := astutil.Unparen(e).(type) {
	case *ast.FuncLit:
		if fl := b.r.flow(e); fl != nil && fl.Effect == Unlocks {
			return b.localHandoff(fl, e)
		}
	case *ast.Ident, *ast.SelectorExpr:
		if fn := funcname.Ref(b.r.pass.TypesInfo, e); fn != nil {
			f := b.r.summary(fn)
			if f.Effect != Unlocks {
				return handoff{}
			}
			if runtimeLock(fn) != "" {
				return handoff{levels: 1, sure: true}
			}
			if decl := b.r.decls[fn.Origin()]; decl != nil {
				if fl := b.r.flow(decl); fl != nil {
					return b.localHandoff(fl, e)
				}
			}
			return handoff{levels: 1, restores: f.Restores}
		}
		// restore := func() {...; unlockThd()}; return restore, nil
		if id, ok := e.(*ast.Ident); ok {
			if v, ok := b.r.pass.TypesInfo.Uses[id].(*types.Var); ok {
				if c, ok := b.r.resolveVar(v); ok && c.effect == Unlocks {
					h := handoff{levels: 1, restores: c.restores, opaque: c.unsure, keeps: c.keeps}
					if vals := b.r.assigned(v); len(vals) == 1 {
						if lit, ok := astutil.Unparen(vals[0]).(*ast.FuncLit); ok {
							h.unchecked, h.uncheckedAt = b.uncheckedIn(b.r.flow(lit), e)
						}
					}
					return h
				}
			}
		}
	}
	return handoff{}
}

// localHandoff describes ret, a returned function of this package that
// unlocks, from its flow.
func (b *builder) localHandoff(fl *Flow, ret ast.Expr) handoff {
	h := handoff{levels: fl.undone, sure: !fl.unsure, restores: fl.Restores, opaque: fl.unsure}
	h.unchecked, h.uncheckedAt = b.uncheckedIn(fl, ret)
	return h
}

// uncheckedIn returns what fl, the flow of ret, a returned function of
// this package, restores unchecked (Flow.unchecked); the restore is named
// only in ret's file, where a message can give its line.
func (b *builder) uncheckedIn(fl *Flow, ret ast.Expr) (State, *ast.CallExpr) {
	if fl == nil || fl.unchecked == 0 {
		return 0, nil
	}
	if at := fl.uncheckedAt; b.r.pass.Fset.File(at.Pos()) == b.r.pass.Fset.File(ret.Pos()) {
		return fl.unchecked, at
	}
	return fl.unchecked, nil
}

// noteUnchecked records, at an unlock of the caller's lock, the kinds
// toggled for the caller whose toggle's error is dropped or untested.
func (b *builder) noteUnchecked(s state) {
	left := s.utaint &^ s.putBack
	for _, call := range [...]*ast.CallExpr{s.lastPut, s.dropPut} {
		if k := b.kinds[call] & left; call != nil && k != 0 {
			b.unchecked |= k
			if b.uncheckedAt == nil || call.Pos() < b.uncheckedAt.Pos() {
				b.uncheckedAt = call
			}
		}
	}
}

// noteState remembers what a state call changes and its witness chain.
func (b *builder) noteState(call *ast.CallExpr, c callee) {
	b.kinds[call] = c.changes
	b.names[call] = c.name
	b.oneWay[call] = c.oneWay
	b.onErr[call] = c.changesOnError
	b.stateVia[call] = funcname.Prepend(c.name, c.stateVia)
}

// markIgnored marks the last event of call as having its error ignored.
func (b *builder) markIgnored(evs []event, call *ast.CallExpr) {
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].call == call && evs[i].kind == evChange {
			evs[i].ignored = true
			return
		}
	}
}

func (b *builder) noteUndo(c callee) {
	b.flow.Undoes = true
	if b.undoVia == nil {
		b.undoVia = chain(c)
	}
}

// chain is the witness chain of a call: the callee, then what it calls.
func chain(c callee) []string {
	if c.runtimeF {
		return c.via
	}
	return funcname.Prepend(c.name, c.via)
}
