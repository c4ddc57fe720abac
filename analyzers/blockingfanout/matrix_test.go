package blockingfanout_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syscallvet/syscallvet/analyzers/blockingfanout"
)

// TestMatrix generates one function per spawn form × iteration form ×
// bound form, with a // want comment exactly where a report is due, and
// runs the analyzer over the result.
func TestMatrix(t *testing.T) {
	type spawnForm struct {
		name, decl, stmt string // stmt has %s for the goroutine's body
		literal          bool   // the goroutine is a literal we can put guards in
		limit            string // a statement limiting this form's pool, if any
		what             string // how the diagnostic names the goroutine
	}
	spawns := []spawnForm{
		{name: "GoNamed", stmt: "go work(x)", what: "goroutine"},
		{name: "GoLit", stmt: "go func() {\n%s\n}()", literal: true, what: "goroutine"},
		{name: "Errgroup", decl: "var g errgroup.Group", stmt: "g.Go(func() error {\n%s\nreturn nil\n})", literal: true, limit: "g.SetLimit(8)", what: "errgroup goroutine"},
		{name: "WaitGroup", decl: "var wg sync.WaitGroup", stmt: "wg.Go(func() {\n%s\n})", literal: true, what: "goroutine"},
		{name: "Conc", decl: "cw := conc.NewWaitGroup()", stmt: "cw.Go(func() {\n%s\n})", literal: true, what: "goroutine"},
		{name: "Pool", decl: "p := pool.New()", stmt: "p.Go(func() {\n%s\n})", literal: true, limit: "p = pool.New().WithMaxGoroutines(8)", what: "pool goroutine"},
	}
	type iterForm struct {
		name, code string // code has %s for the loop body
		unit       string // "" when the iteration is bounded
	}
	iters := []iterForm{
		{"Slice", "for _, x := range items {\n%s\n}", "item"},
		{"Map", "for x := range m {\n%s\n}", "item"},
		{"Chan", "for x := range ch {\n%s\n}", "item"},
		{"String", "for _, r := range s {\nx := string(r)\n%s\n}", "item"},
		{"Iterator", "for x := range seq {\n%s\n}", "item"},
		{"ForReads", "for {\nx, ok := next()\nif !ok {\nbreak\n}\n%s\n}", "iteration"},
		{"CountLen", "for i := 0; i < len(items); i++ {\nx := items[i]\n%s\n}", "item"},
		{"Walk", "filepath.WalkDir(root, func(x string, d fs.DirEntry, err error) error {\n%s\nreturn nil\n})", "file walked"},
		{"SmallConst", "for i := 0; i < 4; i++ {\nx := items[i]\n%s\n}", ""},
		// The spawn is in a callback, cb, that the loop calls.
		{"Callback", "cb := func(x string) {\n%s\n}\nfor _, x := range items {\ncb(x)\n}", "item"},
		{"CallbackSmall", "cb := func(x string) {\n%s\n}\nfor i := range 4 {\ncb(items[i])\n}", ""},
		{"NumCPU", "for i := range runtime.NumCPU() {\nx := items[i]\n%s\n}", ""},
	}
	type boundForm struct {
		name   string
		before string // statement in the iteration before the spawn
		inside string // statements at the start of the goroutine
		limit  bool   // apply the form's pool limit
	}
	bounds := []boundForm{
		{name: "None"},
		{name: "SendBefore", before: "sem <- struct{}{}"},
		{name: "AcquireBefore", before: "ws.Acquire(ctx, 1)"},
		{name: "TokenBefore", before: "<-tokens"},
		{name: "SendInside", inside: "sem <- struct{}{}\ndefer func() { <-sem }()"},
		{name: "MutexInside", inside: "mu.Lock()\ndefer mu.Unlock()"},
		{name: "PoolLimit", limit: true},
	}

	var src strings.Builder
	src.WriteString(`package matrix

import (
	"context"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

func work(path string) { os.ReadFile(path) }

var (
	_ = conc.NewWaitGroup
	_ = pool.New
	_ errgroup.Group
	_ = semaphore.NewWeighted
	_ sync.Mutex
	_ = runtime.NumCPU
	_ = filepath.WalkDir
	_ fs.DirEntry
)

`)
	reports := 0
	for _, sp := range spawns {
		for _, it := range iters {
			for _, b := range bounds {
				if b.inside != "" && !sp.literal || b.limit && sp.limit == "" {
					continue // the bound does not apply to this form
				}
				body := "work(x)"
				if b.inside != "" {
					body = b.inside + "\n" + body
				}
				var stmt string
				if sp.literal {
					stmt = fmt.Sprintf(sp.stmt, body)
				} else {
					stmt = sp.stmt
				}
				bounded := it.unit == "" || b.name != "None"
				if !bounded {
					reports++
					lines := strings.SplitN(stmt, "\n", 2)
					if strings.HasPrefix(it.name, "Callback") {
						lines[0] += fmt.Sprintf(" // want `%s started by callback cb, called per %s in %s%s%s \\(line \\d+\\), blocks an OS thread in file I/O \\(via work → os.ReadFile\\)`", sp.what, it.unit, sp.name, it.name, b.name)
					} else {
						lines[0] += fmt.Sprintf(" // want `%s per %s blocks an OS thread in file I/O \\(via work → os.ReadFile\\)`", sp.what, it.unit)
					}
					stmt = strings.Join(lines, "\n")
				}
				if b.before != "" {
					stmt = b.before + "\n" + stmt
				}
				fmt.Fprintf(&src, "func %s%s%s(ctx context.Context, items []string, m map[string]int, ch chan string, s string, seq iter.Seq[string], next func() (string, bool), root string, sem, tokens chan struct{}, ws *semaphore.Weighted, mu *sync.Mutex) {\n", sp.name, it.name, b.name)
				if sp.decl != "" {
					src.WriteString(sp.decl + "\n")
				}
				if b.limit {
					src.WriteString(sp.limit + "\n")
				}
				fmt.Fprintf(&src, it.code+"\n}\n\n", stmt)
			}
		}
	}
	if reports < 40 {
		t.Fatalf("generator produced only %d expected reports", reports)
	}

	dir := t.TempDir()
	write := func(name, content string) {
		path := filepath.Join(dir, "src", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("example.com/matrix/matrix.go", src.String())
	for _, stub := range []string{
		"golang.org/x/sync/errgroup/errgroup.go",
		"golang.org/x/sync/semaphore/semaphore.go",
		"github.com/sourcegraph/conc/conc.go",
		"github.com/sourcegraph/conc/pool/pool.go",
	} {
		b, err := os.ReadFile(filepath.Join(analysistest.TestData(), "src", stub))
		if err != nil {
			t.Fatal(err)
		}
		write(stub, string(b))
	}
	results := analysistest.Run(t, dir, blockingfanout.Analyzer, "example.com/matrix")
	if got := len(results[0].Diagnostics); got != reports {
		t.Errorf("%d diagnostics, want %d", got, reports)
	}
}
