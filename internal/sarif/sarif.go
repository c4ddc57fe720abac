// Package sarif writes analysis diagnostics as a SARIF 2.1.0 log, the
// format GitHub code scanning and other SARIF consumers read: one run whose
// tool.driver describes every analyzer that ran as a rule (its summary,
// documentation, default level and reference page), and one result per
// diagnostic with its level, location, related locations and suggested
// fixes.
//
// File locations are relative to a source root and carry the uriBaseId
// %SRCROOT%; originalUriBaseIds gives that root's absolute file URI. Files
// outside the root get absolute file URIs. Columns count UTF-16 code units,
// SARIF's default. The output is deterministic: results are sorted by
// location, and nothing in the log depends on time or machine beyond the
// root.
package sarif

import (
	"bytes"
	"cmp"
	"encoding/json"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"

	"github.com/syscallvet/syscallvet/internal/ruleref"
)

const (
	// Version is the SARIF version written.
	Version = "2.1.0"
	// SchemaURI is the schema the log declares: OASIS SARIF 2.1.0 errata 01.
	SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// SrcRoot is the uriBaseId of locations relative to the source root.
	SrcRoot = "%SRCROOT%"
)

// Log is a SARIF log.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// Run is the one run of a log.
type Run struct {
	Tool               Tool                        `json:"tool"`
	Invocations        []Invocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                      `json:"columnKind"`
	Results            []Result                    `json:"results"`
}

// Tool describes syscallvet.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver is the tool component that ran the rules.
type Driver struct {
	Name            string `json:"name"`
	Version         string `json:"version,omitempty"`
	SemanticVersion string `json:"semanticVersion,omitempty"`
	InformationURI  string `json:"informationUri"`
	Rules           []Rule `json:"rules"`
}

// Rule is a reportingDescriptor: one analyzer.
type Rule struct {
	ID                   string                 `json:"id"`
	Name                 string                 `json:"name"`
	ShortDescription     Message                `json:"shortDescription"`
	FullDescription      Message                `json:"fullDescription"`
	Help                 *MultiformatMessage    `json:"help,omitempty"`
	HelpURI              string                 `json:"helpUri,omitempty"`
	DefaultConfiguration ReportingConfiguration `json:"defaultConfiguration"`
}

// ReportingConfiguration holds a rule's default level.
type ReportingConfiguration struct {
	Level string `json:"level"`
}

// Message is a plain-text message.
type Message struct {
	Text string `json:"text"`
}

// MultiformatMessage is a message in text and Markdown.
type MultiformatMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// Invocation says whether the run succeeded, and why not.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// Notification is an error met while running.
type Notification struct {
	Level   string  `json:"level"`
	Message Message `json:"message"`
}

// Result is one diagnostic.
type Result struct {
	RuleID           string         `json:"ruleId"`
	RuleIndex        int            `json:"ruleIndex"`
	Level            string         `json:"level"`
	Message          Message        `json:"message"`
	Locations        []Location     `json:"locations"`
	RelatedLocations []Location     `json:"relatedLocations,omitempty"`
	Fixes            []Fix          `json:"fixes,omitempty"`
	Properties       map[string]any `json:"properties,omitempty"`
}

// Location is a place in a file.
type Location struct {
	ID               int              `json:"id,omitempty"` // related locations: 1, 2, ...
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
	Message          *Message         `json:"message,omitempty"`
}

// PhysicalLocation is a region of an artifact.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           Region           `json:"region"`
}

// ArtifactLocation names a file.
type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region is a text region: 1-based lines and columns, the end exclusive.
type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// Fix is a suggested fix.
type Fix struct {
	Description     Message          `json:"description"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

// ArtifactChange is the part of a fix that edits one file.
type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

// Replacement replaces a region (empty for an insertion) with text.
type Replacement struct {
	DeletedRegion   Region           `json:"deletedRegion"`
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

// ArtifactContent is inserted text.
type ArtifactContent struct {
	Text string `json:"text"`
}

// A Builder collects diagnostics into a log.
type Builder struct {
	root      string // absolute; locations under it are relative to SrcRoot
	driver    Driver
	ruleIndex map[string]int
	levels    map[string]string
	results   []Result
	seen      map[string]bool
	notes     []Notification
	lines     map[string][]string // file contents by name, for UTF-16 columns
}

// NewBuilder returns a Builder for a run of analyzers by the named tool at
// version, with locations relative to root.
func NewBuilder(name, version, informationURI, root string, analyzers []*analysis.Analyzer) *Builder {
	b := &Builder{
		root:      filepath.Clean(root),
		ruleIndex: make(map[string]int),
		levels:    make(map[string]string),
		seen:      make(map[string]bool),
		lines:     make(map[string][]string),
		driver: Driver{
			Name:           name,
			Version:        version,
			InformationURI: informationURI,
			Rules:          []Rule{},
		},
	}
	if v := strings.TrimPrefix(version, "v"); v != version && isSemver(v) {
		b.driver.SemanticVersion = v
	}
	for _, a := range analyzers {
		r := ruleref.Describe(a)
		b.ruleIndex[a.Name] = len(b.driver.Rules)
		b.levels[a.Name] = string(r.Level)
		b.driver.Rules = append(b.driver.Rules, Rule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     Message{r.Sentence()},
			FullDescription:      Message{plain(r.Section(ruleref.What))},
			Help:                 &MultiformatMessage{Text: r.Text(), Markdown: r.MarkdownSections()},
			HelpURI:              a.URL,
			DefaultConfiguration: ReportingConfiguration{string(r.Level)},
		})
	}
	return b
}

// Add adds diagnostic d of the named analyzer, whose positions are in
// fset. A diagnostic added twice (a file in a package and its test
// variant) is kept once.
func (b *Builder) Add(fset *token.FileSet, analyzer string, d analysis.Diagnostic) {
	idx, ok := b.ruleIndex[analyzer]
	if !ok {
		return
	}
	loc := b.location(fset, d.Pos, d.End)
	key, _ := json.Marshal([]any{analyzer, loc, d.Message})
	if b.seen[string(key)] {
		return
	}
	b.seen[string(key)] = true

	r := Result{
		RuleID:    analyzer,
		RuleIndex: idx,
		Level:     b.levels[analyzer],
		Message:   Message{d.Message},
		Locations: []Location{{PhysicalLocation: loc}},
	}
	for i, rel := range d.Related {
		r.RelatedLocations = append(r.RelatedLocations, Location{
			ID:               i + 1,
			PhysicalLocation: b.location(fset, rel.Pos, rel.End),
			Message:          &Message{rel.Message},
		})
	}
	for _, fix := range d.SuggestedFixes {
		if f, ok := b.fix(fset, fix); ok {
			r.Fixes = append(r.Fixes, f)
		}
	}
	if d.Category != "" {
		r.Properties = map[string]any{"category": d.Category}
	}
	b.results = append(b.results, r)
}

// Error records an error that kept part of the code from being analyzed;
// the run is then reported unsuccessful.
func (b *Builder) Error(msg string) {
	b.notes = append(b.notes, Notification{Level: "error", Message: Message{msg}})
}

// Log returns the log, results sorted by location.
func (b *Builder) Log() *Log {
	results := slices.Clone(b.results)
	if results == nil {
		results = []Result{} // "results": [] says the run found nothing
	}
	slices.SortStableFunc(results, func(x, y Result) int {
		lx, ly := x.Locations[0].PhysicalLocation, y.Locations[0].PhysicalLocation
		return cmp.Or(
			strings.Compare(lx.ArtifactLocation.URIBaseID+lx.ArtifactLocation.URI, ly.ArtifactLocation.URIBaseID+ly.ArtifactLocation.URI),
			cmp.Compare(lx.Region.StartLine, ly.Region.StartLine),
			cmp.Compare(lx.Region.StartColumn, ly.Region.StartColumn),
			cmp.Compare(lx.Region.EndLine, ly.Region.EndLine),
			cmp.Compare(lx.Region.EndColumn, ly.Region.EndColumn),
			strings.Compare(x.RuleID, y.RuleID),
			strings.Compare(x.Message.Text, y.Message.Text),
		)
	})
	run := Run{
		Tool:        Tool{Driver: b.driver},
		Invocations: []Invocation{{ExecutionSuccessful: len(b.notes) == 0, ToolExecutionNotifications: b.notes}},
		ColumnKind:  "utf16CodeUnits",
		Results:     results,
	}
	if b.root != "" {
		run.OriginalURIBaseIDs = map[string]ArtifactLocation{SrcRoot: {URI: fileURI(b.root, true)}}
	}
	return &Log{Schema: SchemaURI, Version: Version, Runs: []Run{run}}
}

// Write writes the log as indented JSON.
func (b *Builder) Write(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b.Log()); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// location returns the physical location of pos..end.
func (b *Builder) location(fset *token.FileSet, pos, end token.Pos) PhysicalLocation {
	start := fset.Position(pos)
	stop := start
	if end.IsValid() && end >= pos {
		// An end past the end of pos's file lands in whichever file the
		// FileSet holds next, which varies from run to run: stop at EOF.
		if tf := fset.File(pos); tf != nil && int(end) > tf.Base()+tf.Size() {
			end = token.Pos(tf.Base() + tf.Size())
		}
		stop = fset.Position(end)
	}
	return PhysicalLocation{
		ArtifactLocation: b.artifact(start.Filename),
		Region:           b.region(start, stop),
	}
}

func (b *Builder) region(start, end token.Position) Region {
	return Region{
		StartLine:   max(start.Line, 1),
		StartColumn: b.column(start),
		EndLine:     max(end.Line, start.Line, 1),
		EndColumn:   b.column(end),
	}
}

// column converts the byte column of p to UTF-16 code units.
func (b *Builder) column(p token.Position) int {
	col := max(p.Column, 1)
	lines, ok := b.lines[p.Filename]
	if !ok {
		if data, err := os.ReadFile(p.Filename); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		b.lines[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) {
		return col
	}
	line := lines[p.Line-1]
	if col-1 > len(line) {
		return col
	}
	n := 0
	for _, r := range line[:col-1] {
		if r == utf8.RuneError {
			n++
			continue
		}
		n += utf16.RuneLen(r)
	}
	return n + 1
}

// fix converts a suggested fix. Fixes that edit code through //line
// directives (cgo) are dropped: their regions are not in the named file.
func (b *Builder) fix(fset *token.FileSet, fix analysis.SuggestedFix) (Fix, bool) {
	f := Fix{Description: Message{fix.Message}}
	byFile := make(map[string]int)
	for _, te := range fix.TextEdits {
		end := te.End
		if !end.IsValid() {
			end = te.Pos
		}
		start, stop := fset.Position(te.Pos), fset.Position(end)
		if raw := fset.PositionFor(te.Pos, false); raw.Filename != start.Filename || raw.Line != start.Line {
			return Fix{}, false
		}
		art := b.artifact(start.Filename)
		i, ok := byFile[start.Filename]
		if !ok {
			i = len(f.ArtifactChanges)
			byFile[start.Filename] = i
			f.ArtifactChanges = append(f.ArtifactChanges, ArtifactChange{ArtifactLocation: art})
		}
		rep := Replacement{DeletedRegion: b.region(start, stop)}
		if len(te.NewText) > 0 {
			rep.InsertedContent = &ArtifactContent{Text: string(te.NewText)}
		}
		f.ArtifactChanges[i].Replacements = append(f.ArtifactChanges[i].Replacements, rep)
	}
	return f, len(f.ArtifactChanges) > 0
}

// artifact names file relative to the root, or by absolute URI outside it.
func (b *Builder) artifact(file string) ArtifactLocation {
	if rel, ok := Rel(b.root, file); ok {
		u := url.URL{Path: rel}
		return ArtifactLocation{URI: u.String(), URIBaseID: SrcRoot}
	}
	if filepath.IsAbs(file) {
		return ArtifactLocation{URI: fileURI(file, false)}
	}
	u := url.URL{Path: filepath.ToSlash(file)}
	return ArtifactLocation{URI: u.String()}
}

// Rel returns the path of file relative to root, with forward slashes,
// and whether file (absolute) is under root (not empty).
func Rel(root, file string) (string, bool) {
	if root == "" || !filepath.IsAbs(file) {
		return "", false
	}
	rel, err := filepath.Rel(root, file)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// fileURI returns the file URI of an absolute path, with a final slash for
// a directory.
func fileURI(path string, dir bool) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	u := url.URL{Scheme: "file", Path: p}
	return u.String()
}

// plain joins the lines of each paragraph of doc comment text, keeping
// code and lists line by line.
func plain(text string) string {
	var out []string
	for _, para := range strings.Split(text, "\n\n") {
		if strings.HasPrefix(para, "\t") || strings.HasPrefix(para, " ") {
			out = append(out, para)
			continue
		}
		out = append(out, strings.Join(strings.Fields(para), " "))
	}
	return strings.Join(out, "\n\n")
}

// isSemver reports whether v (without its "v") is major.minor.patch with
// an optional pre-release or build suffix.
func isSemver(v string) bool {
	core, _, _ := strings.Cut(v, "+")
	core, _, _ = strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}
