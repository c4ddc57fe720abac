package standalone

import (
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

func TestAnnotationEscaping(t *testing.T) {
	for _, tc := range []struct {
		a    annotation
		want string
	}{{
		annotation{command: "error", file: "odd,dir/a:b.go", line: 3, col: 5, endCol: 9, title: "syscallvet/lockosthread",
			msg: "100% of threads:\r\nleaked, %0A stays text"},
		"::error file=odd%2Cdir/a%3Ab.go,line=3,col=5,endColumn=9,title=syscallvet/lockosthread::100%25 of threads:%0D%0Aleaked, %250A stays text\n",
	}, {
		annotation{command: "warning", file: "x.go", line: 1, endLine: 4, title: "a:b,c%", msg: "m"},
		"::warning file=x.go,line=1,endLine=4,title=a%3Ab%2Cc%25::m\n",
	}, {
		annotation{command: "error", title: "syscallvet", msg: "package p does not build:\n\tp.go:1:1: x"},
		"::error title=syscallvet::package p does not build:%0A\tp.go:1:1: x\n",
	}, {
		annotation{command: "notice", msg: "a::b"},
		"::notice::a::b\n",
	}} {
		got := tc.a.String()
		if got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.a, got, tc.want)
		}
		if back := parseCommand(t, got); back != tc.a {
			t.Errorf("the runner would read %q as %+v, want %+v", got, back, tc.a)
		}
	}
}

// parseCommand reads an annotation line the way the Actions runner does
// (ActionCommand.TryParseV2 and IssueCommandExtension): the command up to a
// space, properties up to the next "::", split at commas and their first
// "=", then unescaped by sequential replacements, % last.
func parseCommand(t *testing.T, line string) annotation {
	t.Helper()
	line = strings.TrimSuffix(line, "\n")
	if !strings.HasPrefix(line, "::") || strings.Contains(line, "\n") {
		t.Fatalf("not one workflow command: %q", line)
	}
	info, data, ok := strings.Cut(line[2:], "::")
	if !ok {
		t.Fatalf("no :: after the command: %q", line)
	}
	unescape := func(s string, property bool) string {
		pairs := []string{"%0D", "\r", "%0A", "\n"}
		if property {
			pairs = append(pairs, "%3A", ":", "%2C", ",")
		}
		for i := 0; i < len(pairs); i += 2 {
			s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
		}
		return strings.ReplaceAll(s, "%25", "%")
	}
	a := annotation{msg: unescape(data, false)}
	a.command, info, _ = strings.Cut(info, " ")
	for _, prop := range strings.Split(info, ",") {
		name, v, ok := strings.Cut(prop, "=")
		if !ok {
			continue
		}
		v = unescape(v, true)
		num := func() int {
			n := 0
			for _, c := range v {
				if c < '0' || c > '9' {
					t.Fatalf("%s=%q is not a number", name, v)
				}
				n = 10*n + int(c-'0')
			}
			return n
		}
		switch name {
		case "file":
			a.file = v
		case "title":
			a.title = v
		case "line":
			a.line = num()
		case "col":
			a.col = num()
		case "endLine":
			a.endLine = num()
		case "endColumn":
			a.endCol = num()
		default:
			t.Fatalf("unknown property %q", name)
		}
	}
	return a
}

func TestAnnotationRange(t *testing.T) {
	root := filepath.FromSlash("/repo")
	fset := token.NewFileSet()
	src := "package p\n\nfunc F() {\n\tgo func() {\n\t}()\n}\n"
	f := fset.AddFile(filepath.Join(root, "a,b", "p.go"), -1, len(src))
	f.SetLinesForContent([]byte(src))
	other := fset.AddFile(filepath.FromSlash("/elsewhere/q.go"), -1, len(src))
	other.SetLinesForContent([]byte(src))
	at := func(line, col int) token.Pos { return f.LineStart(line) + token.Pos(col-1) }
	for _, tc := range []struct {
		name     string
		pos, end token.Pos
		want     annotation
	}{
		{"one line", at(3, 6), at(3, 7), annotation{file: "a,b/p.go", line: 3, col: 6, endCol: 7}},
		{"lines", at(4, 2), at(5, 4), annotation{file: "a,b/p.go", line: 4, endLine: 5}},
		{"no end", at(3, 6), token.NoPos, annotation{file: "a,b/p.go", line: 3, col: 6}},
		{"end past the file", at(6, 1), token.Pos(f.Base() + f.Size() + 3), annotation{file: "a,b/p.go", line: 6, col: 1}},
		{"outside the root", other.LineStart(3), other.LineStart(3) + 4,
			annotation{file: "/elsewhere/q.go", line: 3, col: 1, endCol: 5}},
	} {
		var a annotation
		a.setRange(fset, root, tc.pos, tc.end)
		if a != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, a, tc.want)
		}
	}
}
