package standalone

import (
	"fmt"
	"go/format"
	"io"
	"os"
	"sort"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/syscallvet/syscallvet/internal/deporder"
)

// applyFixes applies the first suggested fix of every root diagnostic,
// skipping fixes that touch generated files or conflict with a fix already
// taken, gofmts the result and writes it back (or prints a unified diff).
func applyFixes(res *deporder.Result, printDiff bool, stdout io.Writer) error {
	type edit struct {
		start, end int
		text       string
	}
	edits := make(map[string][]edit) // by file name
	sizes := make(map[string]int)
	accepted := make(map[edit]bool)
	fset, generated := res.Fset, res.Generated
	for _, act := range res.Roots {
		if act.Err != nil {
			continue
		}
	diags:
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			fix := d.SuggestedFixes[0]
			var mine []edit
			var files []string
			for _, te := range fix.TextEdits {
				tf := fset.File(te.Pos)
				name := tf.Name()
				if generated[name] {
					continue diags
				}
				end := te.End
				if !end.IsValid() {
					end = te.Pos
				}
				e := edit{tf.Offset(te.Pos), tf.Offset(end), string(te.NewText)}
				for _, old := range edits[name] {
					if old != e && old.start < e.end && e.start < old.end {
						continue diags // conflicts with a fix already taken
					}
				}
				mine = append(mine, e)
				files = append(files, name)
				sizes[name] = tf.Size()
			}
			for i, e := range mine {
				if !accepted[e] { // test variants repeat the same fix
					accepted[e] = true
					edits[files[i]] = append(edits[files[i]], e)
				}
			}
		}
	}

	names := make([]string, 0, len(edits))
	for name := range edits {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		old, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if len(old) != sizes[name] {
			return fmt.Errorf("%s changed during analysis; not applying fixes", name)
		}
		var ue []udiff.Edit
		for _, e := range edits[name] {
			ue = append(ue, udiff.Edit{Start: e.start, End: e.end, New: e.text})
		}
		udiff.SortEdits(ue)
		fixed, err := udiff.ApplyBytes(old, ue)
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if formatted, err := format.Source(fixed); err == nil {
			fixed = formatted
		}
		if printDiff {
			fmt.Fprint(stdout, udiff.Unified(name+" (old)", name+" (new)", string(old), string(fixed)))
			continue
		}
		if err := os.WriteFile(name, fixed, 0o644); err != nil {
			return err
		}
	}
	return nil
}
