package standalone

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"

	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet/internal/deporder"
)

// printJSON prints x/tools' JSON tree (what `go vet -json` and x/tools'
// drivers print): package ID → analyzer → diagnostics or {"error": ...}.
// The schema is x/tools' (internal/analysis/driverutil), which is not
// importable; tools consume it, so it must stay byte-compatible.
func printJSON(w io.Writer, res *deporder.Result) error {
	tree := make(map[string]map[string]any)
	add := func(id, name string, v any) {
		if tree[id] == nil {
			tree[id] = make(map[string]any)
		}
		tree[id][name] = v
	}
	for _, act := range append(res.Failed, res.Roots...) {
		switch {
		case act.Err != nil:
			add(act.PkgID, act.Analyzer.Name, jsonError{act.Err.Error()})
		case len(act.Diagnostics) > 0:
			add(act.PkgID, act.Analyzer.Name, jsonDiagnostics(res.Fset, act.Diagnostics))
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

type jsonError struct {
	Err string `json:"error"`
}

type jsonDiagnostic struct {
	Category       string        `json:"category,omitempty"`
	Posn           string        `json:"posn"`
	End            string        `json:"end"`
	Message        string        `json:"message"`
	SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated `json:"related,omitempty"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

// jsonEdit is a replacement of bytes [Start, End) of a file.
type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

func jsonDiagnostics(fset *token.FileSet, diags []analysis.Diagnostic) []jsonDiagnostic {
	out := make([]jsonDiagnostic, 0, len(diags))
	for _, d := range diags {
		jd := jsonDiagnostic{
			Category: d.Category,
			Posn:     fset.Position(d.Pos).String(),
			End:      fset.Position(cmp.Or(d.End, d.Pos)).String(),
			Message:  d.Message,
		}
		for _, fix := range d.SuggestedFixes {
			jf := jsonFix{Message: fix.Message}
			for _, e := range fix.TextEdits {
				jf.Edits = append(jf.Edits, jsonEdit{
					Filename: fset.Position(e.Pos).Filename,
					Start:    fset.Position(e.Pos).Offset,
					End:      fset.Position(e.End).Offset,
					New:      string(e.NewText),
				})
			}
			jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{
				Posn:    fset.Position(r.Pos).String(),
				End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
				Message: r.Message,
			})
		}
		out = append(out, jd)
	}
	return out
}
