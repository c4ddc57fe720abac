// Package ruleref turns an analyzer's documentation (its Doc, extracted
// from doc.go by internal/ruledoc) into the rule reference: the text of
// `syscallvet help <rule>`, the rule descriptions in SARIF output, and the
// generated pages docs/rules/<rule>.md. It also holds the table of default
// levels.
//
// A Doc is split into sections by the conventions every doc.go follows:
// the paragraphs before the first one starting "The analyzer" say why the
// rule exists; paragraphs starting "Evidence" add to that; "Not reported"
// paragraphs list the exceptions; "Known false positives" (or negatives)
// paragraphs and "To silence", "Silence ..." and "golangci-lint users"
// paragraphs feed their own sections; "Flags:" introduces a flag list; and
// a closing "Since vX.Y.Z." gives the version. Anything else describes
// what the rule reports. Code blocks and lists stay with the paragraph
// before them.
package ruleref

//go:generate go run ./genrules -root ../..

import (
	"bytes"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
)

// Section titles, in page order.
const (
	What           = "What it reports"
	NotReported    = "Not reported"
	Why            = "Why it matters"
	FalsePositives = "Known false positives"
	Silence        = "How to silence"
	Flags          = "Flags"
)

var order = []string{What, NotReported, Why, FalsePositives, Silence, Flags}

// A Rule is the reference documentation of one analyzer.
type Rule struct {
	Name    string
	Title   string // the Doc's first line, "name: summary"
	Summary string // the summary alone
	URL     string
	Level   Level
	Since   string // "v0.1.0", or "" when the Doc does not say

	// Sections in page order, each in doc comment syntax; empty ones are
	// left out.
	Sections []Section
}

// A Section is one part of a rule's documentation.
type Section struct {
	Kind  string // What, NotReported, ...
	Title string // Kind, or the doc's own words: "Known false negatives"
	Text  string // doc comment syntax (paragraphs, "  - " lists, tab-indented code)
}

// Section returns the text of the section of the given kind, or "".
func (r *Rule) Section(kind string) string {
	for _, s := range r.Sections {
		if s.Kind == kind {
			return s.Text
		}
	}
	return ""
}

var (
	sinceRE   = regexp.MustCompile(`^Since (v[0-9][^ \t\n]*?)\.?$`)
	silenceRE = regexp.MustCompile(`[.!?]\s+(To silence|Silence)\b`)
	listRE    = regexp.MustCompile(`^[ \t]+([-*+•]|[0-9]+[.)])[ \t]`)
)

// Describe returns the reference documentation of a.
func Describe(a *analysis.Analyzer) *Rule {
	title, body, _ := strings.Cut(strings.TrimSpace(a.Doc), "\n")
	title = strings.TrimSpace(title)
	r := &Rule{
		Name:    a.Name,
		Title:   title,
		Summary: strings.TrimPrefix(title, a.Name+": "),
		URL:     a.URL,
	}
	r.Level, _ = LevelOf(a.Name)

	sections := make(map[string][]string)
	cur, intro := Why, true
	for _, chunk := range chunks(body) {
		if !isParagraph(chunk) {
			sections[cur] = append(sections[cur], chunk) // code and lists continue their paragraph
			continue
		}
		first := strings.Join(strings.Fields(chunk), " ")
		if m := sinceRE.FindStringSubmatch(first); m != nil {
			r.Since = m[1]
			continue
		}
		switch {
		case strings.HasPrefix(first, "Known false"):
			cur = FalsePositives
		case strings.HasPrefix(first, "To silence"), strings.HasPrefix(first, "Silence "),
			strings.HasPrefix(first, "golangci-lint users"):
			cur = Silence
		case strings.HasPrefix(first, "Evidence"):
			cur = Why
		case first == "Flags:":
			cur = Flags
			continue // the heading says it
		case strings.HasPrefix(first, "Not reported"):
			cur, intro = NotReported, false
		case strings.HasPrefix(first, "The analyzer"), strings.HasPrefix(first, "This analyzer"):
			cur, intro = What, false
		case intro:
			cur = Why
		default:
			cur = What
		}
		if cur == FalsePositives {
			// "Known false positives: ... Silence such a case with a reason:"
			if loc := silenceRE.FindStringSubmatchIndex(chunk); loc != nil {
				sections[cur] = append(sections[cur], chunk[:loc[0]+1])
				chunk, cur = chunk[loc[2]:], Silence
			}
		}
		sections[cur] = append(sections[cur], chunk)
	}
	if len(sections[What]) == 0 { // no "The analyzer ..." paragraph: it is all description
		sections[What], sections[Why] = sections[Why], nil
	}
	if len(sections[Flags]) == 0 {
		if f := flagList(a); f != "" {
			sections[Flags] = []string{f}
		}
	}
	sections[Silence] = append(sections[Silence], silenceDefaults(a.Name, strings.Join(sections[Silence], "\n"))...)

	for _, kind := range order {
		if text := strings.Join(sections[kind], "\n\n"); text != "" {
			title := kind
			// "Known false negatives: ...", "Known false positives and limits: ..."
			if lead, _, ok := strings.Cut(strings.Join(strings.Fields(text), " "), ":"); kind == FalsePositives && ok &&
				strings.HasPrefix(lead, "Known false ") && len(lead) <= len("Known false positives and negatives") {
				title = lead
			}
			r.Sections = append(r.Sections, Section{kind, title, text})
		}
	}
	return r
}

// chunks splits doc comment text at blank lines.
func chunks(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.TrimRightFunc(line, unicode.IsSpace))
	}
	flush()
	return out
}

// isParagraph reports whether chunk is a paragraph, not code or a list.
func isParagraph(chunk string) bool {
	return !strings.HasPrefix(chunk, "\t") && !strings.HasPrefix(chunk, " ") && !listRE.MatchString(chunk)
}

// flagList documents a's flags from their definitions, for a Doc without
// a "Flags:" block.
func flagList(a *analysis.Analyzer) string {
	var lines []string
	a.Flags.VisitAll(func(f *flag.Flag) {
		lines = append(lines, fmt.Sprintf("\t-%s.%s\t%s (default %q)", a.Name, f.Name, f.Usage, f.DefValue))
	})
	return strings.Join(lines, "\n")
}

// silenceDefaults returns the paragraphs every rule's "How to silence"
// section needs and text does not already have.
func silenceDefaults(rule, text string) []string {
	var out []string
	if !strings.Contains(text, "//syscallvet:ignore "+rule) {
		out = append(out, "Write a directive on the reported line or the line above it; the reason is required:",
			"\t//syscallvet:ignore "+rule+" <reason>")
	}
	if !strings.Contains(text, "//nolint:syscallvet") {
		out = append(out, "golangci-lint users can also use //nolint:syscallvet.")
	}
	return append(out, "A //syscallvet:ignore directive without a reason, naming an unknown rule, or\n"+
		"silencing nothing is itself reported, so stale suppressions do not pile up.")
}

// Sentence returns the summary as a sentence: capitalized when it starts
// with a plain lowercase word (not an identifier like os.NewFile), with a
// final period.
func (r *Rule) Sentence() string {
	s := r.Summary
	word, _, _ := strings.Cut(s, " ")
	plain := word != ""
	for _, c := range word {
		plain = plain && unicode.IsLower(c)
	}
	if plain {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// Text renders the rule for a terminal: the text of `syscallvet help
// <rule>`, section by section as the page has them, with the doc's own
// line breaks. The examples are on the page, which the text links to.
func (r *Rule) Text() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\n", r.Title)
	fmt.Fprintf(&b, "Default level: %s. %s\n", r.Level, r.sinceText())
	if r.URL != "" {
		fmt.Fprintf(&b, "Reference, with examples of reported and correct code: %s\n", r.URL)
	}
	for _, s := range r.Sections {
		fmt.Fprintf(&b, "\n# %s\n\n%s\n", s.Title, s.Text)
	}
	return b.String()
}

func (r *Rule) sinceText() string {
	if r.Since == "" {
		return "Since: not stated in its doc.go."
	}
	return "Since " + r.Since + "."
}
