package ruleref

// A Level is a rule's default severity, as SARIF names it.
type Level string

const (
	// Error marks a rule whose findings are bugs: leaked or tainted threads,
	// a scheduler stalled by a raw call.
	Error Level = "error"
	// Warning marks a rule whose findings cost resources or freshness and
	// have legitimate exceptions the analyzer cannot always see.
	Warning Level = "warning"
)

// levels is the one table of default levels, keyed by rule name. Every
// registered analyzer must have an entry (TestEveryRuleHasALevel): a new
// rule adds its line here.
var levels = map[string]Level{
	"lockosthread":   Error,
	"blockingfanout": Warning,
	"taintedthread":  Error,
	"threadstate":    Error,
	"nowcache":       Warning,
	"rawsyscall":     Error,
	"blockingfd":     Warning,
}

// LevelOf returns the default level of rule, and whether the table has
// one; a rule missing from the table is a warning.
func LevelOf(rule string) (Level, bool) {
	l, ok := levels[rule]
	if !ok {
		return Warning, false
	}
	return l, true
}
