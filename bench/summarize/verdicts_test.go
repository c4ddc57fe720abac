package main

import (
	"strings"
	"testing"
)

const tsv = "# module\tfile\tline\trule\tverdict\tshape\twhy\n" +
	"example.com/a@v1.0.0\tx/a.go\t10\tblockingfanout\tTP\t\tunbounded\n" +
	"example.com/a@v1.0.0\tx/*_test.go\t*\ttaintedthread\tFP\tTT4\tgroup\n" +
	"example.com/a@v1.0.0\tx/b_test.go\t7\ttaintedthread\tdebatable\t\texact line wins over the group\n" +
	"example.com/a@v1.0.0\tgone.go\t3\tthreadstate\tFP\tT5\tfixed since\n" +
	"example.com/a@v1.0.0\tx/fd.go\t5\tblockingfd\tFP\t\tthe other column\n" +
	"example.com/a@v1.0.0\tx/fd.go\t5:52\tblockingfd\tTP\t\tthis column\n"

func TestPrecision(t *testing.T) {
	vs, err := readVerdicts(strings.NewReader(tsv))
	if err != nil {
		t.Fatal(err)
	}
	src := "/work/sweep/src/example.com_a_v1.0.0/"
	fs := []finding{
		newFinding("example.com_a_v1.0.0", "blockingfanout", src+"x/a.go:10:2", "goroutine per item"),
		newFinding("example.com_a_v1.0.0", "taintedthread", src+"x/b_test.go:7:1", "m1"),
		newFinding("example.com_a_v1.0.0", "taintedthread", src+"x/c_test.go:99:1", "m2"),
		newFinding("example.com_a_v1.0.0", "blockingfanout", src+"x/a.go:11:2", "new one"),
		newFinding("example.com_b_v2.0.0", "blockingfanout", "/work/sweep/src/example.com_b_v2.0.0/x/a.go:10:2", "other module"),
		newFinding("example.com_a_v1.0.0", "blockingfd", src+"x/fd.go:5:52", "w"),
		newFinding("example.com_a_v1.0.0", "blockingfd", src+"x/fd.go:5:10", "r"),
	}
	var out strings.Builder
	if n := precision(&out, vs, fs); n != 2 {
		t.Errorf("untriaged = %d, want 2", n)
	}
	for _, want := range []string{
		"| blockingfanout | 1 | 0 | 0 | 2 | 100% |",
		"| taintedthread | 0 | 1 | 1 | 0 | 0% |",
		"| blockingfd | 1 | 1 | 0 | 0 | 50% |", // line:col wins over the line, the line takes another column
		"- example.com_b_v2.0.0 x/a.go:10 (blockingfanout) other module",
		"- example.com_a_v1.0.0 x/a.go:11 (blockingfanout) new one",
		"- FP example.com/a@v1.0.0 gone.go:3 (threadstate)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestNewFindingStd(t *testing.T) {
	f := newFinding("std", "blockingfd", goroot+"/src/os/exec/exec.go:12:3", "m")
	if f.file != "os/exec/exec.go" || f.line != 12 {
		t.Errorf("got %s:%d, want os/exec/exec.go:12", f.file, f.line)
	}
}

func TestReadVerdictsErrors(t *testing.T) {
	for _, bad := range []string{
		"m@v\tf.go\t1\trule\tmaybe\t\twhy\n",                         // unknown verdict
		"m@v\tf.go\tten\trule\tTP\t\twhy\n",                          // line not a number
		"m@v\tf.go\t1\trule\tTP\n",                                   // too few fields
		"m@v\tf.go\t1:x\trule\tTP\t\twhy\n",                          // column not a number
		"m@v\t[\t1\trule\tTP\t\twhy\n",                               // bad file pattern
		"m@v\tf.go\t1\trule\tTP\t\ta\nm@v\tf.go\t1\trule\tFP\t\tb\n", // the same finding twice
	} {
		if _, err := readVerdicts(strings.NewReader(bad)); err == nil {
			t.Errorf("readVerdicts(%q) succeeded, want an error", bad)
		}
	}
}
