package experiments

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// format prints a measured value in its unit; "—" where a column does not
// apply.
func format(v *float64, unit string) string {
	if v == nil {
		return "—"
	}
	x := *v
	switch unit {
	case "ms":
		if x >= 1000 {
			return fmt.Sprintf("%.2f s", x/1000)
		}
		return fmt.Sprintf("%.1f ms", x)
	case "µs":
		if x >= 1000 {
			return fmt.Sprintf("%.2f ms", x/1000)
		}
		return fmt.Sprintf("%.0f µs", x)
	case "ns":
		return fmt.Sprintf("%.1f ns", x)
	case "MiB":
		return fmt.Sprintf("%.1f MiB", x)
	case "%":
		return fmt.Sprintf("%.0f%%", x)
	}
	if x == math.Trunc(x) {
		return thousands(x)
	}
	return fmt.Sprintf("%.1f", x)
}

// writeText prints one table per experiment: text columns left-aligned,
// numbers right-aligned.
func writeText(w io.Writer, rep Report) {
	fmt.Fprintf(w, "%s\n%s\n", rep.Env, rep.Config)
	for _, r := range rep.Results {
		fmt.Fprintf(w, "\n%s: %s\n", r.Rule, r.Title)
		if len(r.Rows) > 0 {
			cells := [][]string{{"case", "measure", r.Hazard, r.Fix}}
			last := ""
			for _, row := range r.Rows {
				c := row.Case
				if c == last {
					c = ""
				}
				last = row.Case
				cells = append(cells, []string{c, row.Measure, format(row.Hazard, row.Unit), format(row.Fix, row.Unit)})
			}
			writeColumns(w, cells)
		}
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
		fmt.Fprintf(w, "  verdict: %s\n", r.Verdict)
	}
}

// writeColumns pads cells into columns; the first two are text.
func writeColumns(w io.Writer, cells [][]string) {
	width := make([]int, len(cells[0]))
	for _, row := range cells {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range cells {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i < 2 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
			if i < len(row)-1 {
				b.WriteString("  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// thousands formats a count with thousands separators ("1,000"), as the
// rules' documentation quotes them.
func thousands(n float64) string {
	s := fmt.Sprintf("%.0f", n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
