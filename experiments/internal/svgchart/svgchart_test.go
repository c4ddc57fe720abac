package svgchart

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 317, 6, []float64{0, 100, 200, 300, 400}},
		{0, 2600, 8, []float64{0, 500, 1000, 1500, 2000, 2500, 3000}},
		{0, 10, 5, []float64{0, 2, 4, 6, 8, 10}},
		{5, 5, 4, []float64{5, 5.5, 6}}, // an empty range still gets an axis
		{0, 1, 3, nil},                  // fractional steps: only the properties below
		{0, 0.037, 5, nil},
	} {
		got := Ticks(tc.lo, tc.hi, tc.n)
		if len(tc.want) > 0 && !slices.Equal(got, tc.want) {
			t.Errorf("Ticks(%v, %v, %d) = %v; want %v", tc.lo, tc.hi, tc.n, got, tc.want)
		}
		// Whatever the range: round steps, covering it.
		if got[0] > tc.lo || got[len(got)-1] < tc.hi {
			t.Errorf("Ticks(%v, %v, %d) = %v does not cover the range", tc.lo, tc.hi, tc.n, got)
		}
		for _, v := range got {
			if l := label(v); len(l) > 6 {
				t.Errorf("Ticks(%v, %v, %d): label %q is not round", tc.lo, tc.hi, tc.n, l)
			}
		}
	}
}

func TestDownsampleKeepsPeaks(t *testing.T) {
	var x, y []float64
	for i := range 1000 {
		x, y = append(x, float64(i)), append(y, 1)
	}
	y[517] = 99
	ox, oy := Downsample(x, y, 100)
	if len(ox) > 100 || len(ox) != len(oy) {
		t.Fatalf("got %d points", len(ox))
	}
	if !slices.Contains(oy, 99) || !slices.Contains(ox, 517) {
		t.Errorf("the peak at x=517 was dropped")
	}
}

func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, b)
		}
	}
}

func TestCharts(t *testing.T) {
	line := LineChart{Title: "threads <&>", XLabel: "ms", YLabel: "threads", LogX: true, Lines: []Line{
		{Name: "unbounded", X: []float64{0, 10, 100}, Y: []float64{5, 300, 310}},
		{Name: "bounded", X: []float64{0, 1000, 2600}, Y: []float64{5, 13, 13}},
	}}
	svg := line.SVG()
	wellFormed(t, svg)
	for _, want := range []string{"threads &lt;&amp;&gt;", "unbounded", "bounded", "<polyline", ">1000<"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("line chart lacks %q", want)
		}
	}
	bar := BarChart{Title: "cost", YLabel: "ns", Unit: " ns", Bars: []Bar{{"time.Now()", 93}, {"cached", 1.2}}}
	svg = bar.SVG()
	wellFormed(t, svg)
	for _, want := range []string{"93 ns", "1.2 ns", "time.Now()", "<rect"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("bar chart lacks %q", want)
		}
	}
	wellFormed(t, LineChart{}.SVG()) // no data is not a crash
	wellFormed(t, BarChart{}.SVG())
}
