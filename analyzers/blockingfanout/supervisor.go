package blockingfanout

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// A supervisor loop ranges over a channel on which goroutines report
// their end (fasthttp's prefork: each child's wait goroutine sends the
// child's exit, and the loop starts one replacement per exit). The
// receives are then bounded by the goroutines that send, and a spawn in
// the loop runs once per goroutine that has finished.

// supervises reports whether the spawn at cur, in the range loop of it,
// is bounded because the loop is a supervisor loop over a local channel
// ch: ch is used only by that loop, by sends and by len, cap and close;
// every send on ch is the only one of a goroutine literal, in no loop of
// it; and each such literal is started either where every loop around
// the start has a trip count known to be small, outside the range loop,
// or once per iteration of the range loop, directly in its body, by the
// spawn at cur itself (a replacement, whose send must then be its last
// thread-holding act; see signals). A start may also be a call, in the
// loop's function, of a local variable that holds the function literal
// making it (startWait := func(cmd) { wg.Go(func() { ...; sigCh <- exit
// }) }), when that variable is only ever called. Without a replacement
// the loop runs at most once per goroutine started before; with one,
// each replacement starts after the goroutine it replaces stopped
// blocking, so as many block at once as were started before the loop.
func (c *checker) supervises(cur inspector.Cursor, it iteration) bool {
	rng, ok := it.loop.(*ast.RangeStmt)
	if !ok {
		return false
	}
	info := c.pass.TypesInfo
	id, ok := ast.Unparen(rng.X).(*ast.Ident)
	if !ok {
		return false
	}
	ch, ok := info.Uses[id].(*types.Var)
	if !ok || ch.Pkg() != c.pass.Pkg || ch.Parent() == nil || ch.Parent() == ch.Pkg().Scope() {
		return false
	}
	if _, ok := ch.Type().Underlying().(*types.Chan); !ok {
		return false
	}
	fn := enclosingFunc(it.loopCur, false)
	if !fn.Valid() || c.locals().hidden[ch] {
		return false
	}
	var sends []inspector.Cursor
	// ch is local: its uses are all in the outermost function around fn,
	// also when the loop is in a literal.
	for u := range enclosingFunc(fn, true).Preorder((*ast.Ident)(nil)) {
		if info.Uses[u.Node().(*ast.Ident)] != ch {
			continue
		}
		switch u.ParentEdgeKind() {
		case edge.RangeStmt_X:
			if u.Parent().Node() != rng {
				return false
			}
		case edge.SendStmt_Chan:
			sends = append(sends, u.Parent())
		case edge.CallExpr_Args:
			b, ok := typeutil.Callee(info, u.Parent().Node().(*ast.CallExpr)).(*types.Builtin)
			if !ok || b.Name() != "len" && b.Name() != "cap" && b.Name() != "close" {
				return false
			}
		default:
			return false // assigned, passed on, received from elsewhere
		}
	}
	if len(sends) == 0 {
		return false
	}
	senders := make(map[inspector.Cursor]bool)
	var replacement ast.Node // the spawn of the one sender started in the loop
	for _, send := range sends {
		lit, ok := loopFreeLit(send)
		if !ok || senders[lit] {
			return false // a send in a loop, or a second one in a goroutine
		}
		senders[lit] = true
		spawnCur, ok := c.spawnRunning(lit)
		if !ok {
			return false
		}
		for _, site := range c.startSites(spawnCur, fn) {
			switch c.siteKind(site, rng) {
			case outsideSmall:
			case onceInLoop:
				if replacement != nil || !c.signals(lit.Node().(*ast.FuncLit).Body)[ch] {
					return false
				}
				replacement = spawnCur.Node()
			default:
				return false
			}
		}
	}
	return replacement == nil || replacement == cur.Node()
}

// loopFreeLit returns the function literal around cur when no loop
// stands between them.
func loopFreeLit(cur inspector.Cursor) (inspector.Cursor, bool) {
	for anc := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil)) {
		_, ok := anc.Node().(*ast.FuncLit)
		return anc, ok
	}
	return inspector.Cursor{}, false
}

// spawnRunning returns the spawn that runs the function literal at lit
// (go func() {...}(), wg.Go(func() {...})).
func (c *checker) spawnRunning(lit inspector.Cursor) (inspector.Cursor, bool) {
	if _, ok := lit.Parent().Node().(*ast.CallExpr); !ok {
		return inspector.Cursor{}, false
	}
	if lit.ParentEdgeKind() == edge.CallExpr_Fun {
		if _, ok := lit.Parent().Parent().Node().(*ast.GoStmt); ok {
			return lit.Parent().Parent(), true
		}
		return inspector.Cursor{}, false
	}
	if sp, ok := c.spawnAt(lit.Parent()); ok && ast.Unparen(sp.fun) == lit.Node() {
		return lit.Parent(), true
	}
	return inspector.Cursor{}, false
}

// startSites returns where the spawn at sp runs within the function fn:
// sp itself, when it is directly in fn or in a function around fn, or,
// when sp is in a function literal with no loop between, the calls of the
// local variables holding that literal, if they are only ever called. It returns a nil cursor among the sites when it
// cannot tell.
func (c *checker) startSites(sp, fn inspector.Cursor) []inspector.Cursor {
	if enclosingFunc(sp, false).Contains(fn) { // fn or a function around it
		return []inspector.Cursor{sp}
	}
	lit, ok := loopFreeLit(sp) // then the innermost function around sp
	if !ok {
		return []inspector.Cursor{{}}
	}
	c.findCallbacks()
	holders := c.holders[lit.Node().(*ast.FuncLit)]
	if len(holders) == 0 {
		return []inspector.Cursor{{}}
	}
	var sites []inspector.Cursor
	for _, v := range holders {
		if v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || c.locals().hidden[v] {
			return []inspector.Cursor{{}}
		}
		// v is local: its uses are all in the outermost function around
		// fn. Once each is a call, the calls must all be directly in fn.
		uses := 0
		for id := range enclosingFunc(fn, true).Preorder((*ast.Ident)(nil)) {
			if c.pass.TypesInfo.Uses[id.Node().(*ast.Ident)] == v {
				uses++
			}
		}
		if uses != len(c.varCalls[v]) {
			return []inspector.Cursor{{}} // used as a value
		}
		for _, call := range c.varCalls[v] {
			if enclosingFunc(call, false) != fn {
				return []inspector.Cursor{{}}
			}
			sites = append(sites, call)
		}
	}
	return sites
}

type siteKind int

const (
	unboundedSite siteKind = iota
	outsideSmall           // outside the supervisor loop, in loops of small trip counts only
	onceInLoop             // directly in the supervisor loop's body, in no loop of its own
)

// siteKind classifies a start site (see startSites) against the
// supervisor loop rng.
func (c *checker) siteKind(site inspector.Cursor, rng *ast.RangeStmt) siteKind {
	if !site.Valid() {
		return unboundedSite
	}
	loops := 0
	for anc := range site.Parent().Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := anc.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return outsideSmall
		case *ast.RangeStmt:
			if n == rng {
				if loops > 0 {
					return unboundedSite
				}
				return onceInLoop
			}
			if _, ok := c.rangeIteration(n); ok || c.acceptLoop(n.Body) {
				return unboundedSite
			}
		case *ast.ForStmt:
			if _, ok := c.forIteration(n); ok || c.acceptLoop(n.Body) {
				return unboundedSite
			}
		}
		loops++
	}
	return unboundedSite
}
