package integration_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syscallvet/syscallvet"
)

var goplsBuild buildOnce

// gopls builds gopls with syscallvet's analyzers with the README's command
// (tools/gopls-syscallvet) and returns its path.
func gopls(t *testing.T) string {
	needBuilds(t)
	return goplsBuild.get(t, func() (string, error) {
		dir := filepath.Join(repoRoot, "tools", "gopls-syscallvet")
		cache, err := cacheDir("gopls")
		if err != nil {
			return "", err
		}
		out := filepath.Join(cache, "gopls-syscallvet")
		// The default scratch directory, as the README's command uses:
		// the same source path lets Go's build cache serve both builds.
		cmd := goCmd(dir, "run", ".", "-o", out)
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go run -C tools/gopls-syscallvet . failed: %v\n%s", err, b)
		}
		return out, nil
	})
}

// TestGoplsCheck runs 'gopls check' on demo files: syscallvet's findings are
// among gopls's diagnostics. (gopls does not analyze packages under
// testdata/ of a module, so it runs on a copy of the demo.)
func TestGoplsCheck(t *testing.T) {
	bin := gopls(t)
	dir := copyDemo(t)
	r := run(t, dir, nil, bin, "check", "worker/worker.go", "indexer/indexer.go")
	for _, want := range []string{
		"worker/worker.go:80:2-24: runtime.LockOSThread is not undone at the end of the function (line 84)",
		"worker/worker.go:44:3-25: runtime.LockOSThread in a loop is not undone within the iteration",
		"indexer/indexer.go:22:3-", // blockingfanout's goroutine per item
		"goroutine per item blocks an OS thread in file I/O",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("gopls check output lacks %q; exit %d\n%s%s", want, r.code, r.stdout, r.stderr)
		}
	}
	r = run(t, dir, nil, bin, "-v", "version")
	if !strings.Contains(r.stdout, "github.com/syscallvet/syscallvet") {
		t.Errorf("gopls -v version does not list syscallvet among its dependencies:\n%s", r.stdout)
	}
}

// TestGoplsLSP drives gopls as an editor does, over LSP on stdio: the
// diagnostics published for an opened demo file include syscallvet's, and
// a code action request on one offers its suggested fix as a quick fix.
func TestGoplsLSP(t *testing.T) {
	bin := gopls(t)
	dir := copyDemo(t)
	file := filepath.Join(dir, "worker", "worker.go")
	text := readFile(t, file)
	uri := fileURI(file)

	c := startLSP(t, dir, bin, "serve")
	var init struct {
		ServerInfo struct{ Name, Version string }
	}
	c.call(t, "initialize", map[string]any{
		"processId": nil,
		"rootUri":   fileURI(dir),
		"workspaceFolders": []any{
			map[string]any{"uri": fileURI(dir), "name": "demo"},
		},
		"capabilities": map[string]any{
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{"relatedInformation": true},
				"codeAction": map[string]any{
					"codeActionLiteralSupport": map[string]any{
						"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "refactor", "source"}},
					},
				},
			},
		},
	}, &init)
	if !strings.Contains(init.ServerInfo.Version, "syscallvet") {
		t.Errorf("serverInfo = %+v, want the syscallvet build's version", init.ServerInfo)
	}
	c.notify(t, "initialized", map[string]any{})
	c.notify(t, "textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": text},
	})

	// gopls publishes type-checking diagnostics first, analysis ones
	// after; wait (bounded) for the one syscallvet reports in Flush.
	lock := analyzerNamed(t, "lockosthread")
	start := time.Now()
	var diag lspDiagnostic
	var last []lspDiagnostic
	deadline := time.After(90 * time.Second)
wait:
	for {
		select {
		case n := <-c.notes:
			if n.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p struct {
				URI         string
				Diagnostics []lspDiagnostic
			}
			if err := json.Unmarshal(n.Params, &p); err != nil {
				t.Fatal(err)
			}
			if p.URI != uri {
				continue
			}
			last = p.Diagnostics
			for _, d := range p.Diagnostics {
				if d.Source == lock.Name && d.Range.Start.Line == 79 && strings.Contains(d.Message, "is not undone at the end of the function") {
					diag = d
					break wait
				}
			}
		case <-deadline:
			t.Fatalf("no lockosthread diagnostic for %s:80 within 90s; last published: %+v\ngopls stderr:\n%s", file, last, c.stderr())
		}
	}
	t.Logf("syscallvet's diagnostic published %.1fs after didOpen", time.Since(start).Seconds())
	if diag.CodeDescription.Href != lock.URL {
		t.Errorf("diagnostic links to %q, want the rule's page %q", diag.CodeDescription.Href, lock.URL)
	}

	var actions []lspCodeAction
	c.call(t, "textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        diag.Range,
		"context":      map[string]any{"diagnostics": []lspDiagnostic{diag}, "only": []string{"quickfix"}, "triggerKind": 1},
	}, &actions)
	var fixed string
	for _, a := range actions {
		if a.Edit == nil && a.Data != nil {
			c.call(t, "codeAction/resolve", a, &a)
		}
		if a.Kind != "quickfix" || a.Edit == nil {
			continue
		}
		for _, edits := range a.edits(uri) {
			if out := applyEdits(text, edits); strings.Contains(out, "\truntime.LockOSThread()\n\t"+unlockFix+"\n") {
				fixed = a.Title
			}
		}
	}
	if fixed == "" {
		t.Errorf("no quick fix inserting %q among the code actions: %+v", unlockFix, actions)
	} else {
		t.Logf("quick fix offered: %q", fixed)
	}

	c.call(t, "shutdown", nil, nil)
	c.notify(t, "exit", nil)
}

func analyzerNamed(t *testing.T, name string) struct{ Name, URL string } {
	for _, a := range syscallvet.Analyzers() {
		if a.Name == name {
			return struct{ Name, URL string }{a.Name, a.URL}
		}
	}
	t.Fatalf("no analyzer named %s in the registry", name)
	panic("unreachable")
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// LSP types, as far as the test reads them.

type lspPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPosition `json:"start"`
	End   lspPosition `json:"end"`
}

type lspDiagnostic struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity,omitempty"`
	Code            any      `json:"code,omitempty"`
	CodeDescription struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	Source  string          `json:"source,omitempty"`
	Message string          `json:"message"`
	Related json.RawMessage `json:"relatedInformation,omitempty"`
	Data    json.RawMessage `json:"data,omitempty"`
}

type lspTextEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type lspCodeAction struct {
	Title string `json:"title"`
	Kind  string `json:"kind,omitempty"`
	Edit  *struct {
		Changes         map[string][]lspTextEdit `json:"changes,omitempty"`
		DocumentChanges []struct {
			TextDocument struct{ URI string } `json:"textDocument"`
			Edits        []lspTextEdit        `json:"edits"`
		} `json:"documentChanges,omitempty"`
	} `json:"edit,omitempty"`
	Diagnostics json.RawMessage `json:"diagnostics,omitempty"`
	Command     json.RawMessage `json:"command,omitempty"`
	Data        json.RawMessage `json:"data,omitempty"`
}

// edits returns the action's edits to uri, per change set.
func (a lspCodeAction) edits(uri string) [][]lspTextEdit {
	var out [][]lspTextEdit
	if e, ok := a.Edit.Changes[uri]; ok {
		out = append(out, e)
	}
	for _, dc := range a.Edit.DocumentChanges {
		if dc.TextDocument.URI == uri {
			out = append(out, dc.Edits)
		}
	}
	return out
}

// applyEdits applies LSP edits to text (ASCII: UTF-16 columns are bytes).
func applyEdits(text string, edits []lspTextEdit) string {
	lines := strings.SplitAfter(text, "\n")
	offset := func(p lspPosition) int {
		n := 0
		for i := 0; i < p.Line && i < len(lines); i++ {
			n += len(lines[i])
		}
		return n + p.Character
	}
	// Apply from the end so that earlier offsets stay valid.
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		start, end := offset(e.Range.Start), offset(e.Range.End)
		if start > len(text) || end > len(text) || start > end {
			return text
		}
		text = text[:start] + e.NewText + text[end:]
	}
	return text
}

// lspConn is a minimal LSP client over a server's stdio: JSON-RPC 2.0
// messages framed by Content-Length headers.
type lspConn struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	errbuf *syncBuffer

	mu      sync.Mutex
	nextID  int
	pending map[int]chan rpcMessage
	notes   chan rpcMessage
}

type rpcMessage struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
	Result  json.RawMessage  `json:"result,omitempty"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func startLSP(t *testing.T, dir, name string, args ...string) *lspConn {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &lspConn{cmd: cmd, in: in, errbuf: new(syncBuffer), pending: make(map[int]chan rpcMessage), notes: make(chan rpcMessage, 1000)}
	cmd.Stderr = c.errbuf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.readLoop(bufio.NewReader(out))
	}()
	t.Cleanup(func() {
		in.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		cmd.Wait()
	})
	return c
}

func (c *lspConn) stderr() string { return c.errbuf.String() }

func (c *lspConn) readLoop(r *bufio.Reader) {
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		if length < 0 {
			return
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m rpcMessage
		if err := json.Unmarshal(body, &m); err != nil {
			continue
		}
		switch {
		case m.Method != "" && m.ID != nil:
			// A request from the server (configuration, progress,
			// registrations): answer it so that the server goes on.
			result := json.RawMessage("null")
			if m.Method == "workspace/configuration" {
				var p struct{ Items []any }
				json.Unmarshal(m.Params, &p)
				result, _ = json.Marshal(make([]any, len(p.Items)))
			}
			c.write(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
		case m.Method != "":
			select {
			case c.notes <- m:
			default: // the test stopped listening
			}
		case m.ID != nil:
			var id int
			json.Unmarshal(*m.ID, &id)
			c.mu.Lock()
			ch := c.pending[id]
			delete(c.pending, id)
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			}
		}
	}
}

func (c *lspConn) write(msg any) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err = fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

func (c *lspConn) notify(t *testing.T, method string, params any) {
	t.Helper()
	if err := c.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params}); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

// call sends a request and decodes its result into result (if not nil),
// waiting at most 60s.
func (c *lspConn) call(t *testing.T, method string, params, result any) {
	t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan rpcMessage, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"jsonrpc": "2.0", "id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if err := c.write(msg); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			t.Fatalf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				t.Fatalf("%s: result %s: %v", method, m.Result, err)
			}
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("%s: no response within 60s; gopls stderr:\n%s", method, c.stderr())
	}
}
