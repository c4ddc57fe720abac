// Package svgchart draws the two kinds of chart the experiments need, line
// charts and bar charts, as standalone SVG documents.
//
// It exists instead of a plotting library because every module syscallvet
// requires enters the module graph of each project that imports its
// analyzers (golangci-lint, nogo): gonum.org/v1/plot would add about 25
// modules and 9 MB to the binary, the maintained fork of go-chart about 9
// modules (testify and yaml among them); the charts here need neither font
// metrics nor raster output.
package svgchart

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strings"
)

// Palette colours series in order (colour-blind safe, Okabe–Ito).
var Palette = []string{"#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"}

const (
	width, height          = 720, 400
	left, right, top, bott = 64, 32, 40, 48 // margins around the plot area; the right one fits half a tick label
	font                   = `font-family="sans-serif"`
)

// Line is one series of a line chart.
type Line struct {
	Name string
	X, Y []float64
}

// LineChart plots lines against shared axes, with a legend. With LogX the
// X axis is logarithmic, for series of very different lengths (a 100 ms
// spike beside a 3 s plateau); X values below 1 are drawn at 1.
type LineChart struct {
	Title, XLabel, YLabel string
	Lines                 []Line
	LogX                  bool
}

// Bar is one bar of a bar chart.
type Bar struct {
	Label string
	Value float64
}

// BarChart plots labelled bars from zero, each with its value printed
// above it in Unit.
type BarChart struct {
	Title, YLabel, Unit string
	Bars                []Bar
}

// Ticks returns about n round values (1, 2 or 5 times a power of ten)
// spanning [lo, hi], starting at or below lo and ending at or above hi.
func Ticks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(max(n, 1))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag * 10
	for _, m := range []float64{1, 2, 5} {
		if raw <= m*mag {
			step = m * mag
			break
		}
	}
	var ts []float64
	first := math.Floor(lo / step)
	for i := 0.0; ; i++ {
		v := (first + i) * step // not a running sum, which drifts
		ts = append(ts, v)
		if v >= hi-step*1e-9 {
			return ts
		}
	}
}

func label(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}

// canvas holds the SVG being written and the plot area's scales.
type canvas struct {
	b              bytes.Buffer
	x0, x1, y0, y1 float64 // data bounds
	logX           bool
}

func (c *canvas) px(x float64) float64 {
	if c.logX {
		x = math.Log10(math.Max(x, 1))
		return left + (x-math.Log10(c.x0))/(math.Log10(c.x1)-math.Log10(c.x0))*(width-left-right)
	}
	return left + (x-c.x0)/(c.x1-c.x0)*(width-left-right)
}

// logTicks returns the powers of ten from 1 up to the first at or above hi.
func logTicks(hi float64) []float64 {
	ts := []float64{1}
	for ts[len(ts)-1] < hi {
		ts = append(ts, ts[len(ts)-1]*10)
	}
	if len(ts) == 1 {
		ts = append(ts, 10)
	}
	return ts
}

func (c *canvas) py(y float64) float64 {
	return height - bott - (y-c.y0)/(c.y1-c.y0)*(height-top-bott)
}

func (c *canvas) printf(format string, args ...any) { fmt.Fprintf(&c.b, format, args...) }

func (c *canvas) text(x, y float64, anchor, size, s string) {
	c.printf(`<text x="%.1f" y="%.1f" text-anchor="%s" font-size="%s" %s>%s</text>`+"\n", x, y, anchor, size, font, html.EscapeString(s))
}

// frame starts the document: title, axes labels, grid and Y ticks.
func (c *canvas) frame(title, xlabel, ylabel string, yticks []float64) {
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">`+"\n", width, height, width, height)
	c.printf(`<rect width="100%%" height="100%%" fill="white"/>` + "\n")
	c.text(width/2, 22, "middle", "15", title)
	c.text((left+width-right)/2, height-10, "middle", "12", xlabel)
	c.printf(`<text transform="translate(16,%d) rotate(-90)" text-anchor="middle" font-size="12" %s>%s</text>`+"\n",
		(top+height-bott)/2, font, html.EscapeString(ylabel))
	for _, t := range yticks {
		y := c.py(t)
		c.printf(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", left, y, width-right, y)
		c.text(left-6, y+4, "end", "11", label(t))
	}
	c.printf(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`+"\n", left, height-bott, width-right, height-bott)
	c.printf(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`+"\n", left, top, left, height-bott)
}

// SVG renders the chart.
func (ch LineChart) SVG() []byte {
	c := &canvas{x0: math.Inf(1), x1: math.Inf(-1), y0: 0, y1: math.Inf(-1), logX: ch.LogX}
	for _, l := range ch.Lines {
		for i := range l.X {
			c.x0, c.x1 = math.Min(c.x0, l.X[i]), math.Max(c.x1, l.X[i])
			c.y1 = math.Max(c.y1, l.Y[i])
		}
	}
	if math.IsInf(c.x0, 0) { // no points
		c.x0, c.x1, c.y1 = 0, 1, 1
	}
	xt, yt := Ticks(c.x0, c.x1, 8), Ticks(0, c.y1, 6)
	if c.logX {
		xt = logTicks(c.x1)
	}
	c.x0, c.x1, c.y1 = xt[0], xt[len(xt)-1], yt[len(yt)-1]
	c.frame(ch.Title, ch.XLabel, ch.YLabel, yt)
	for _, t := range xt {
		c.text(c.px(t), height-bott+16, "middle", "11", label(t))
	}
	for i, l := range ch.Lines {
		colour := Palette[i%len(Palette)]
		var pts strings.Builder
		for j := range l.X {
			fmt.Fprintf(&pts, "%.1f,%.1f ", c.px(l.X[j]), c.py(l.Y[j]))
		}
		c.printf(`<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", colour, strings.TrimSpace(pts.String()))
		// Legend, top right, one entry per line.
		ly := float64(top + 14 + 16*i)
		c.printf(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="3"/>`+"\n", width-right-200, ly-4, width-right-182, ly-4, colour)
		c.text(width-right-176, ly, "start", "11", l.Name)
	}
	c.printf("</svg>\n")
	return c.b.Bytes()
}

// SVG renders the chart.
func (ch BarChart) SVG() []byte {
	c := &canvas{x0: 0, x1: float64(max(len(ch.Bars), 1)), y0: 0, y1: 0}
	for _, b := range ch.Bars {
		c.y1 = math.Max(c.y1, b.Value)
	}
	yt := Ticks(0, c.y1*1.1, 6) // room for the value labels
	c.y1 = yt[len(yt)-1]
	c.frame(ch.Title, "", ch.YLabel, yt)
	slot := (width - left - right) / c.x1
	for i, b := range ch.Bars {
		x := c.px(float64(i)) + slot*0.15
		y := c.py(b.Value)
		c.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`+"\n",
			x, y, slot*0.7, c.py(0)-y, Palette[i%len(Palette)])
		c.text(x+slot*0.35, y-5, "middle", "11", label(math.Round(b.Value*10)/10)+ch.Unit)
		c.text(x+slot*0.35, height-bott+16, "middle", "11", b.Label)
	}
	c.printf("</svg>\n")
	return c.b.Bytes()
}

// Downsample returns at most n points of (x, y), keeping the largest y of
// each run of points it merges, so that peaks survive.
func Downsample(x, y []float64, n int) ([]float64, []float64) {
	if len(x) <= n || n < 2 {
		return x, y
	}
	per := (len(x) + n - 1) / n
	var ox, oy []float64
	for i := 0; i < len(x); i += per {
		j := min(i+per, len(x))
		best := i
		for k := i; k < j; k++ {
			if y[k] > y[best] {
				best = k
			}
		}
		ox, oy = append(ox, x[best]), append(oy, y[best])
	}
	return ox, oy
}
