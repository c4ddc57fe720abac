// Package indent tells suggested fixes how the line they insert next to is
// indented, so that inserted statements line up (gofmt would fix tabs, but
// not a fix shown as a diff before formatting).
package indent

import (
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// Of returns the white space that starts pos's line, or a tab if the file
// cannot be read.
func Of(pass *analysis.Pass, pos token.Pos) string {
	tf := pass.Fset.File(pos)
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return "\t"
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}
