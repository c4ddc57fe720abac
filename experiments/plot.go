package experiments

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/syscallvet/syscallvet/experiments/internal/svgchart"
)

// plotPoints caps the points kept per line; peaks are kept.
const plotPoints = 600

// A plot is one SVG file made from an experiment's series.
type plot struct {
	file, title string
	svg         []byte
}

// plots turns each result's series into charts: the thread counts over
// time of an experiment share one line chart; a series with labels (a cost
// per read, a histogram) is a bar chart of its own.
func plots(rep Report) []plot {
	var out []plot
	for _, r := range rep.Results {
		var lines []svgchart.Line
		for _, s := range r.Series {
			switch {
			case s.Unit == "OS threads":
				lines = append(lines, svgchart.Line{Name: s.Name, X: s.X, Y: s.Y})
			case len(s.Labels) > 0:
				var bars []svgchart.Bar
				for i, l := range s.Labels {
					bars = append(bars, svgchart.Bar{Label: l, Value: s.Y[i]})
				}
				title := fmt.Sprintf("%s: %s (%s)", r.Rule, s.Name, rep.Env.GoVersion)
				if s.XUnit != "" {
					title = fmt.Sprintf("%s: %s, %s (%s)", r.Rule, s.Name, s.XUnit, rep.Env.GoVersion)
				}
				ch := svgchart.BarChart{Title: title, YLabel: s.Unit, Bars: bars}
				if len(s.Unit) <= 3 { // short enough to follow each value
					ch.Unit = " " + s.Unit
				}
				out = append(out, plot{r.Rule + "-" + slug(s.Name) + ".svg", title, ch.SVG()})
			}
		}
		if len(lines) > 0 {
			title := fmt.Sprintf("%s: OS threads over time (%s, GOMAXPROCS=%d)", r.Rule, rep.Env.GoVersion, rep.Env.GOMAXPROCS)
			ch := svgchart.LineChart{Title: title, XLabel: "ms since the phase started", YLabel: "OS threads", Lines: lines}
			// Bounded phases last seconds, unbounded ones milliseconds.
			ch.LogX = r.Rule == "blockingfanout"
			if ch.LogX {
				ch.XLabel += " (log scale)"
			}
			out = append(out, plot{r.Rule + "-threads.svg", title, ch.SVG()})
		}
	}
	return out
}

func slug(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return '-'
	}, s)
}

// writePlots writes the plots into dir and returns the files written.
func writePlots(dir string, rep Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, p := range plots(rep) {
		name := filepath.Join(dir, p.file)
		if err := os.WriteFile(name, p.svg, 0o644); err != nil {
			return files, err
		}
		files = append(files, name)
	}
	return files, nil
}
