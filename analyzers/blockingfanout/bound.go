package blockingfanout

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syscallvet/syscallvet/internal/assigns"
)

// bounded reports whether something outside the goroutine limits how
// many goroutines of the spawn at cur block at once. (Tokens and mutexes
// taken inside it are in the blocking facts: such a goroutine does not
// count as blocking.)
func (c *checker) bounded(cur inspector.Cursor, it iteration, sp spawn, body *ast.BlockStmt) bool {
	return sp.group != nil && c.groupLimited(cur, sp) ||
		c.tokenBefore(it.body, cur.Node().Pos()) ||
		c.joined(it.body, cur.Node(), sp, leaves(it)) ||
		it.count && c.worker(body) ||
		c.oneKey(cur, it, sp) ||
		c.supervises(cur, it)
}

// oneKey reports whether every thread-holding call of the goroutine
// started at cur runs under a per-key lock (see blocking.Result.KeyArg)
// on a key that is the same for every goroutine the loop starts: the same
// constant, or a variable that holds one value for every goroutine (see
// sameForEveryGoroutine); and whether the lock is the same too: a
// package-level variable's, or one reached from such a variable (the
// receiver d of d.Get(id), or the argument d of getTwice(d, id) when the
// lock is its parameter's). The lock is taken by the callee, or by the
// goroutine itself (see blocking.Result.KeyHeld). The goroutines then
// block one at a time, the others park on the lock.
func (c *checker) oneKey(cur inspector.Cursor, it iteration, sp spawn) bool {
	if it.callback != nil {
		return false
	}
	switch it.loop.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
	default:
		return false
	}
	info := c.pass.TypesInfo
	var keys []ast.Expr
	var locks []*types.Var // nil: a package-level variable's
	switch fun := ast.Unparen(sp.fun).(type) {
	case *ast.FuncLit:
		ok := true
		ast.Inspect(fun.Body, func(n ast.Node) bool {
			if !ok {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit, *ast.GoStmt:
				return false
			case *ast.CallExpr:
				if fn := typeutil.StaticCallee(info, n); fn != nil && c.facts.Bounded(fn) || !c.mayBlock(n) {
					return true // the arguments are calls of their own
				}
				key, lock := c.facts.KeyArg(n)
				if key == nil {
					key, lock = c.facts.KeyHeld(fun.Body, n)
				}
				if key == nil {
					ok = false
				}
				keys, locks = append(keys, key), append(locks, lock)
			}
			return true
		})
		if !ok {
			return false
		}
	default:
		g, isGo := cur.Node().(*ast.GoStmt)
		if !isGo {
			return false // wg.Go(d.Get): no key passed
		}
		key, lock := c.facts.KeyArg(g.Call)
		if key == nil {
			return false
		}
		keys, locks = append(keys, key), append(locks, lock)
	}
	if len(keys) == 0 {
		return false
	}
	for _, lock := range locks {
		if lock != nil && !c.sameForEveryGoroutine(cur, lock) {
			return false // one lock per goroutine: d.Get(id) for each d
		}
	}
	first := keys[0]
	for _, key := range keys {
		x, y := info.Types[first].Value, info.Types[key].Value
		if x != nil && y != nil && constant.Compare(x, token.EQL, y) {
			continue
		}
		if x != nil || y != nil || !sameValue(info, first, key) {
			return false
		}
	}
	if info.Types[first].Value != nil {
		return true
	}
	id, ok := ast.Unparen(first).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && c.sameForEveryGoroutine(cur, v)
}

// sameForEveryGoroutine reports whether the variable v holds one value for
// every goroutine that the spawn at cur starts: it is declared in a
// function around cur (following a variable that function literals
// capture out to the function declaring it), outside every loop between
// that function and cur, never reassigned and its address not taken.
func (c *checker) sameForEveryGoroutine(cur inspector.Cursor, v *types.Var) bool {
	if v.Pkg() != c.pass.Pkg || v.IsField() || v.Parent() == v.Pkg().Scope() {
		return false
	}
	l := c.locals()
	if l.hidden[v] {
		return false
	}
	if n := len(c.assigned(v)); n > 1 || n == 1 && (!l.declared[v] || l.zero[v]) {
		return false // assigned after its declaration (a parameter, by any assignment)
	}
	in := func(n ast.Node) bool { return n.Pos() <= v.Pos() && v.Pos() < n.End() }
	for anc := range cur.Enclosing() {
		switch n := anc.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if in(n) {
				return false // one per iteration
			}
		case *ast.FuncLit:
			if in(n) {
				return true
			}
		case *ast.FuncDecl:
			return in(n)
		}
	}
	return false
}

// worker reports whether a goroutine body takes its work from a channel,
// itself or in a same-package function it calls (go func() { produce(ctx) }()).
func (c *checker) worker(body *ast.BlockStmt) bool {
	if drainsChannel(c.pass.TypesInfo, body) {
		return true
	}
	found := false
	if body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && !found {
				if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil {
					if d := c.decls[fn.Origin()]; d != nil && drainsChannel(c.pass.TypesInfo, d.Body) {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// groupLimited reports whether the pool that runs the spawn is limited:
// the enclosing function calls the limit method on it (g.SetLimit(8)), or
// the variable holding it was built with one
// (p := pool.New().WithMaxGoroutines(8)).
func (c *checker) groupLimited(cur inspector.Cursor, sp spawn) bool {
	obj := rootObject(c.pass.TypesInfo, sp.group)
	if obj == nil {
		return false
	}
	var fn ast.Node
	for anc := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		fn = anc.Node()
	}
	if fn != nil && c.callsLimit(fn, sp.limit, obj) {
		return true
	}
	if v, ok := obj.(*types.Var); ok {
		for _, e := range c.assigned(v) {
			if c.callsLimit(e, sp.limit, nil) {
				return true
			}
		}
	}
	return false
}

// callsLimit reports whether n contains a call of the method named limit,
// on obj unless obj is nil.
func (c *checker) callsLimit(n ast.Node, limit string, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			if callee := typeutil.StaticCallee(c.pass.TypesInfo, call); callee != nil && callee.FullName() == limit {
				sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
				found = obj == nil || ok && rootObject(c.pass.TypesInfo, sel.X) == obj
			}
		}
		return !found
	})
	return found
}

// rootObject returns the variable or field an expression like g, &g, s.g
// refers to.
func rootObject(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		return info.ObjectOf(e.Sel)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return rootObject(info, e.X)
		}
	case *ast.StarExpr:
		return rootObject(info, e.X)
	}
	return nil
}

// tokenBefore reports whether the loop body takes a token before pos: a
// send on a channel (a semaphore), a receive whose value is discarded, or
// a semaphore.Weighted acquisition.
func (c *checker) tokenBefore(body *ast.BlockStmt, pos token.Pos) bool {
	return c.findGuard(body, pos, false)
}

// guardedStart reports whether a goroutine body takes a token or a mutex
// before its first call of an extra blocking function (-blocking flag),
// which the facts know nothing about.
func (c *checker) guardedStart(body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	return c.findGuard(body, c.firstBlockingCall(body), true)
}

func (c *checker) findGuard(body *ast.BlockStmt, before token.Pos, mutex bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= before {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // e.g. the deferred release: runs later
		case *ast.SendStmt:
			found = n.End() <= before
		case *ast.ExprStmt:
			if u, ok := ast.Unparen(n.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				found = n.End() <= before
			}
		case *ast.CallExpr:
			if fn := typeutil.StaticCallee(c.pass.TypesInfo, n); fn != nil {
				switch fn.FullName() {
				case "(*golang.org/x/sync/semaphore.Weighted).Acquire",
					"(*golang.org/x/sync/semaphore.Weighted).TryAcquire",
					// badger's and ristretto's throttles: Do takes a slot.
					"(*github.com/dgraph-io/badger/v4/y.Throttle).Do",
					"(*github.com/dgraph-io/ristretto/v2/z.Throttle).Do",
					"(*github.com/dgraph-io/ristretto/z.Throttle).Do":
					found = true
				case "(*sync.Mutex).Lock", "(*sync.RWMutex).Lock":
					found = mutex
				}
			}
		}
		return !found
	})
	return found
}

// firstBlockingCall returns the position of the first call in body whose
// callee may block an OS thread, or the end of body.
func (c *checker) firstBlockingCall(body *ast.BlockStmt) token.Pos {
	first := body.End()
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.Pos() >= first {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil {
				if _, _, ok := c.facts.Blocks(fn); ok || c.cfg.blocking[fn.Origin().FullName()] {
					first = call.Pos()
				}
			}
		}
		return true
	})
	return first
}

// drainsChannel reports whether a goroutine body is a worker that takes
// its work from a channel.
func drainsChannel(info *types.Info, body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				_, found = t.Underlying().(*types.Chan)
			}
		case *ast.ForStmt:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if u, ok := m.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					found = true
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// joined reports whether body waits for the goroutine that the spawn sp at
// node at (one of body's statements or nested in one) starts: a statement
// after at receives from a channel that the goroutine closes or sends on,
// or waits on a WaitGroup whose Done it calls (or whose Go started it),
// where the goroutine runs a literal or a local variable bound only to
// literals (see literals; a variable's signals are those of every value),
// and no statement in between can leave body (leaves); see waitsAfter.
func (c *checker) joined(body *ast.BlockStmt, at ast.Node, sp spawn, leaves func(inspector.Cursor) bool) bool {
	signals := c.spawnSignals(sp)
	return len(signals) > 0 && c.waitsAfter(body, at, signals, leaves)
}

// spawnSignals returns what a wait for the goroutine of sp waits on (see
// joined).
func (c *checker) spawnSignals(sp spawn) map[types.Object]bool {
	signals := make(map[types.Object]bool)
	for i, lit := range c.literals(sp.fun) {
		if i == 0 {
			signals = c.signals(lit.Body)
			continue
		}
		others := c.signals(lit.Body)
		maps.DeleteFunc(signals, func(obj types.Object, _ bool) bool { return !others[obj] })
	}
	if sp.waitGroup != nil {
		if obj := rootObject(c.pass.TypesInfo, sp.waitGroup); obj != nil {
			signals[obj] = true
		}
	}
	return signals
}

// literals returns the function literal e is, or the literals a local
// variable e holds (setID := func(...) { ...; done <- struct{}{} }; go
// setID(p)) when the syntax shows its every value and each is a literal
// (see localValues); nil otherwise.
func (c *checker) literals(e ast.Expr) []*ast.FuncLit {
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return []*ast.FuncLit{e}
	case *ast.Ident:
		v, ok := c.pass.TypesInfo.Uses[e].(*types.Var)
		if !ok {
			return nil
		}
		vals, zero, ok := c.localValues(v)
		if !ok || zero {
			return nil
		}
		var lits []*ast.FuncLit
		for _, val := range vals {
			lit, ok := ast.Unparen(val).(*ast.FuncLit)
			if !ok {
				return nil
			}
			lits = append(lits, lit)
		}
		return lits
	}
	return nil
}

// waitsAfter reports whether, after the node at in body, a statement waits
// on one of signals (see waitsOn) before any can leave body (leaves). It
// reads the statements that follow at in the innermost statement list
// around it, then those that follow the enclosing statement in the list
// around that, and so on out to body's own list: a wg.Wait() in the if
// block that holds the spawn counts, and a continue in that block before
// a Wait after it does not.
func (c *checker) waitsAfter(body *ast.BlockStmt, at ast.Node, signals map[types.Object]bool, leaves func(inspector.Cursor) bool) bool {
	cur, ok := c.insp.Root().FindByPos(at.Pos(), at.End())
	if !ok {
		return false
	}
	for ; cur.Node() != body; cur = cur.Parent() {
		switch cur.Node().(type) {
		case nil, *ast.File:
			return false // not in body
		}
		switch cur.ParentEdgeKind() {
		case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
			var rest []inspector.Cursor
			for sib, ok := cur.NextSibling(); ok; sib, ok = sib.NextSibling() {
				rest = append(rest, sib)
			}
			if waited, left := c.waitsIn(rest, signals, leaves); waited || left {
				return waited
			}
		}
	}
	return false
}

// waitsIn reads stmts in order and reports whether one waits on one of
// signals (waited) or, first, one can leave (left).
func (c *checker) waitsIn(stmts []inspector.Cursor, signals map[types.Object]bool, leaves func(inspector.Cursor) bool) (waited, left bool) {
	for _, stmt := range stmts {
		if obj := c.waitsOn(stmt.Node().(ast.Stmt)); obj != nil && signals[obj] {
			return true, false
		}
		if _, ok := stmt.Node().(*ast.SelectStmt); ok && c.waitsOrKills(stmt, signals, leaves) {
			return true, false
		}
		if leaves(stmt) {
			return false, true
		}
	}
	return false, false
}

// leaves returns what, between a spawn and the wait for its goroutine,
// can end the iteration it early: a return, break, continue or goto (even
// one that only leaves an inner loop: erring towards "not waited for"),
// unless its target is inside the statement read (a break out of a switch
// or loop that the statement is or holds), or, when it is a for or range
// loop, a return or a break out of that loop: those end the loop, so that
// no later iteration starts another goroutine (buildah's error returns
// between extractRootfs and the receive from its errChan). A return from
// a callback, a walk callback or a recursive call does not end the
// iteration, and in a loop nested in another (also through a function
// literal) the outer loop starts the inner one again.
func leaves(it iteration) func(inspector.Cursor) bool {
	return func(stmt inspector.Cursor) bool {
		left := false
		stmt.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.ReturnStmt)(nil), (*ast.BranchStmt)(nil)}, func(b inspector.Cursor) bool {
			switch n := b.Node().(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				left = !endsLoop(it)
			case *ast.BranchStmt:
				t := branchTarget(b)
				inside := t != nil && stmt.Node().Pos() <= t.Pos() && t.End() <= stmt.Node().End()
				left = !inside && (n.Tok != token.BREAK || t == nil || t != it.loop || !endsLoop(it))
			}
			return !left
		})
		return left
	}
}

// endsLoop reports whether a return, or a break out of the loop of it,
// ends the iteration for good: it is a for or range loop, not one calling
// a callback, and not nested in a for or range loop of its function
// declaration, also through function literals (which that loop may call
// again after a return from them).
func endsLoop(it iteration) bool {
	switch it.loop.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
		if it.callback != nil {
			return false
		}
		for anc := range it.loopCur.Parent().Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil)) {
			_, decl := anc.Node().(*ast.FuncDecl)
			return decl
		}
		return true
	}
	return false
}

// branchTarget returns the statement that the break, continue or
// fallthrough at cur leaves or continues (the innermost for, range,
// switch or select, or the labelled one), or nil for a goto.
func branchTarget(cur inspector.Cursor) ast.Node {
	br := cur.Node().(*ast.BranchStmt)
	if br.Tok == token.GOTO {
		return nil
	}
	for anc := range cur.Enclosing() {
		switch n := anc.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case *ast.LabeledStmt:
			if br.Label != nil && n.Label.Name == br.Label.Name {
				return n.Stmt
			}
		case *ast.ForStmt, *ast.RangeStmt:
			if br.Label == nil {
				return n
			}
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if br.Label == nil && br.Tok != token.CONTINUE {
				return n
			}
		}
	}
	return nil
}

// signals returns the channels that a goroutine body closes or sends on,
// and the WaitGroups whose Done it calls, when every such signal is the
// goroutine's last thread-holding act (see lastAct): a receive then means
// the goroutine is done with its blocking work. A goroutine that reports
// "started" and goes on to wait for its child (moby's startContainerd)
// is not waited for by a receive of that report.
func (c *checker) signals(body *ast.BlockStmt) map[types.Object]bool {
	info := c.pass.TypesInfo
	m := make(map[types.Object]bool)
	add := func(obj types.Object, at ast.Node) {
		if obj == nil {
			return
		}
		last := c.lastAct(body, at)
		if prev, seen := m[obj]; seen {
			last = last && prev
		}
		m[obj] = last
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			add(rootObject(info, n.Chan), n)
		case *ast.CallExpr:
			if b, ok := typeutil.Callee(info, n).(*types.Builtin); ok && b.Name() == "close" && len(n.Args) == 1 {
				add(rootObject(info, n.Args[0]), n)
			}
			if obj := c.receiverOf(n, "(*sync.WaitGroup).Done"); obj != nil {
				add(obj, n)
			}
		}
		return true
	})
	for obj, last := range m {
		if !last {
			delete(m, obj)
		}
	}
	return m
}

// lastAct reports whether nothing that may hold an OS thread can run
// after the node at in the goroutine body: the statements that follow it
// in each statement list around it, up to a return, and the loops around
// it, make no such call. A signal in a deferred call is last.
func (c *checker) lastAct(body *ast.BlockStmt, at ast.Node) bool {
	cur, ok := c.insp.Root().FindByPos(at.Pos(), at.End())
	if !ok {
		return false
	}
	for ; cur.Node() != body; cur = cur.Parent() {
		switch n := cur.Node().(type) {
		case nil, *ast.File:
			return false // not in body
		case *ast.DeferStmt:
			return true // runs as the goroutine ends
		case *ast.ForStmt:
			if c.mayBlock(n.Body) || n.Cond != nil && c.mayBlock(n.Cond) || n.Post != nil && c.mayBlock(n.Post) {
				return false
			}
		case *ast.RangeStmt:
			if c.mayBlock(n.Body) {
				return false
			}
		}
		switch cur.ParentEdgeKind() {
		case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
			for sib, ok := cur.NextSibling(); ok; sib, ok = sib.NextSibling() {
				if c.mayBlock(sib.Node()) {
					return false
				}
				if _, ok := sib.Node().(*ast.ReturnStmt); ok {
					return true
				}
			}
		}
	}
	return true
}

// mayBlock reports whether n makes a call that may hold an OS thread, not
// only in a weak call (see blocking.Result.Weak): of a function with a
// blocking fact, of a function-valued variable whose values all block, of
// a function literal called in place, or of an extra blocking function
// (-blocking flag). Literals not called in place run elsewhere or later.
func (c *checker) mayBlock(n ast.Node) bool {
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				_, _, blocks := c.facts.BlocksLit(lit)
				found = blocks && !c.facts.WeakLit(lit)
			} else if fn := typeutil.StaticCallee(info, n); fn != nil {
				_, _, blocks := c.facts.Blocks(fn)
				found = blocks && !c.facts.Weak(fn) || c.cfg.blocking[fn.Origin().FullName()]
			} else if v := assigns.Target(info, n.Fun); v != nil {
				_, _, blocks := c.facts.BlocksVar(v)
				found = blocks && !c.facts.WeakVar(v)
			}
		}
		return !found
	})
	return found
}

// waitsOn returns the channel that stmt receives from (<-ch, v := <-ch,
// return <-ch, if err := <-ch; ..., if ch != nil { <-ch; ... }) or the
// WaitGroup it waits on (wg.Wait()), or nil.
func (c *checker) waitsOn(stmt ast.Stmt) types.Object {
	var e ast.Expr
	switch stmt := stmt.(type) {
	case *ast.ExprStmt:
		e = stmt.X
	case *ast.AssignStmt:
		if len(stmt.Rhs) == 1 {
			e = stmt.Rhs[0]
		}
	case *ast.IfStmt:
		if stmt.Init != nil {
			return c.waitsOn(stmt.Init)
		}
		// if errc != nil { err = <-errc }: a nil channel is none that a
		// goroutine closes or sends on.
		if cond, ok := ast.Unparen(stmt.Cond).(*ast.BinaryExpr); ok && cond.Op == token.NEQ && len(stmt.Body.List) > 0 {
			isNil := func(e ast.Expr) bool { return c.pass.TypesInfo.Types[e].IsNil() }
			var x ast.Expr
			if isNil(cond.Y) {
				x = cond.X
			} else if isNil(cond.X) {
				x = cond.Y
			}
			if obj := c.waitsOn(stmt.Body.List[0]); obj != nil && x != nil && obj == rootObject(c.pass.TypesInfo, x) {
				return obj
			}
		}
	case *ast.ReturnStmt:
		for _, r := range stmt.Results {
			if u, ok := ast.Unparen(r).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				e = u
				break
			}
		}
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.ARROW {
			return rootObject(c.pass.TypesInfo, e.X)
		}
	case *ast.CallExpr:
		return c.receiverOf(e, "(*sync.WaitGroup).Wait")
	}
	return nil
}

// waitsOrKills reports whether sel waits for the goroutine on every path:
// a case receives from a channel it signals, and every other case either
// waits too, in its body before anything there can leave (leaves):
// go-sqlite3's exec interrupts the statement, then receives, or kills the
// process the goroutine waits for, as exec hooks with a timeout do
// (go.podman.io/common's hooks/exec): the goroutine's Wait then returns at
// once. A select that merely gives up leaves the goroutine running.
func (c *checker) waitsOrKills(sel inspector.Cursor, signals map[types.Object]bool, leaves func(inspector.Cursor) bool) bool {
	waits := false
	for clCur := range sel.ChildAt(edge.SelectStmt_Body, -1).Children() {
		cl := clCur.Node().(*ast.CommClause)
		if cl.Comm != nil {
			if obj := c.waitsOn(cl.Comm); obj != nil && signals[obj] {
				waits = true
				continue
			}
		}
		if c.kills(cl.Body) {
			continue
		}
		var body []inspector.Cursor
		for stmt := range clCur.Children() {
			if stmt.ParentEdgeKind() == edge.CommClause_Body {
				body = append(body, stmt)
			}
		}
		if waited, _ := c.waitsIn(body, signals, leaves); !waited {
			return false
		}
	}
	return waits
}

// killers end a process, so that a Wait for it returns.
var killers = []string{"(*os.Process).Kill", "(*os.Process).Signal", "syscall.Kill", "golang.org/x/sys/unix.Kill"}

// kills reports whether stmts call one of killers.
func (c *checker) kills(stmts []ast.Stmt) bool {
	found := false
	for _, stmt := range stmts {
		ast.Inspect(stmt, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && !found {
				if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil && slices.Contains(killers, fn.FullName()) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// receiverOf returns the variable or field that call calls the method
// fullName on, or nil.
func (c *checker) receiverOf(call *ast.CallExpr, fullName string) types.Object {
	if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil && fn.FullName() == fullName {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return rootObject(c.pass.TypesInfo, sel.X)
		}
	}
	return nil
}

// returns reports whether the statement at stmt contains a return
// statement of its own function.
func returns(stmt inspector.Cursor) bool {
	found := false
	stmt.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.ReturnStmt)(nil)}, func(cur inspector.Cursor) bool {
		if _, ok := cur.Node().(*ast.FuncLit); ok {
			return false // its returns are its own
		}
		found = true
		return false
	})
	return found
}
