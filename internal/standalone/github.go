package standalone

import (
	"bytes"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet/internal/deporder"
	"github.com/syscallvet/syscallvet/internal/ruleref"
	"github.com/syscallvet/syscallvet/internal/sarif"
)

// printGitHub prints errs (why part of the code was not analyzed) and the
// root diagnostics of res (nil if nothing could be analyzed) as GitHub
// Actions workflow commands, which the runner turns into annotations: one
// line per finding, in eachDiagnostic's order,
//
//	::error file=worker/worker.go,line=80,col=2,endColumn=24,title=syscallvet/lockosthread::message
//
// with the rule's default level as the command (error, warning, or notice
// for SARIF's note), the file relative to root (the runner resolves it
// against the repository's checkout), and byte columns as in the text
// output. A range over several lines gets line and endLine only: the
// runner drops columns when endLine differs from line. Related locations
// and suggested fixes have no place in a workflow command; every rule's
// message names the related place already ("the return at line 25"), and
// SARIF output carries both.
func printGitHub(w io.Writer, res *deporder.Result, root string, errs []string) error {
	var buf bytes.Buffer
	for _, msg := range errs {
		buf.WriteString(annotation{command: "error", title: "syscallvet", msg: msg}.String())
	}
	if res != nil {
		eachDiagnostic(res, func(rule string, d analysis.Diagnostic) {
			level, _ := ruleref.LevelOf(rule)
			a := annotation{command: workflowCommand(level), title: "syscallvet/" + rule, msg: d.Message}
			a.setRange(res.Fset, root, d.Pos, d.End)
			buf.WriteString(a.String())
		})
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// workflowCommand returns the workflow command that annotates at level.
func workflowCommand(level ruleref.Level) string {
	switch level {
	case ruleref.Error:
		return "error"
	case ruleref.Warning:
		return "warning"
	}
	return "notice" // SARIF's note and none
}

// An annotation is one error, warning or notice workflow command. Zero
// line, col, endLine or endCol are left out, and so is an empty file.
type annotation struct {
	command                    string
	file                       string
	line, col, endLine, endCol int
	title, msg                 string
}

// setRange sets the file and range of a to pos..end, with the file
// relative to root when it is under root.
func (a *annotation) setRange(fset *token.FileSet, root string, pos, end token.Pos) {
	start := fset.Position(pos)
	a.file = filepath.ToSlash(start.Filename)
	if rel, ok := sarif.Rel(root, start.Filename); ok {
		a.file = rel
	}
	a.line, a.col = start.Line, start.Column
	// An end past the end of pos's file lands in whichever file the
	// FileSet holds next: such an end, or none, leaves the range a point.
	tf := fset.File(pos)
	if !end.IsValid() || end <= pos || tf == nil || int(end) > tf.Base()+tf.Size() {
		return
	}
	stop := fset.Position(end)
	if stop.Line == start.Line {
		a.endCol = stop.Column
		return
	}
	a.col = 0
	a.endLine = stop.Line
}

// String returns the workflow command as a line, its property values and
// message escaped as the runner unescapes them.
func (a annotation) String() string {
	var props []string
	add := func(name string, v int) {
		if v > 0 {
			props = append(props, fmt.Sprintf("%s=%d", name, v))
		}
	}
	if a.file != "" {
		props = append(props, "file="+escapeProperty(a.file))
	}
	add("line", a.line)
	add("col", a.col)
	add("endLine", a.endLine)
	add("endColumn", a.endCol)
	if a.title != "" {
		props = append(props, "title="+escapeProperty(a.title))
	}
	sep := " "
	if len(props) == 0 {
		sep = ""
	}
	return "::" + a.command + sep + strings.Join(props, ",") + "::" + escapeData(a.msg) + "\n"
}

// dataEscaper and propertyEscaper escape what the Actions runner
// unescapes in a workflow command's message and property values: %, line
// breaks, and in property values the : and , that end the properties and
// separate them. A Replacer makes one pass, so no escape is escaped again.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
