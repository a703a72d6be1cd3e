// Package sarif writes analysis diagnostics as a SARIF 2.1.0 log, the format
// GitHub code scanning and other security dashboards ingest.
//
// It is a small writer of the part of SARIF respbody uses, not a library of
// the whole format: see DEVELOPMENT.md for why, and the test that checks
// its output against the SARIF 2.1.0 JSON schema.
//
// Columns count Unicode code points (the run's columnKind says so): every
// region, of a result, a related location or a fix, is converted from the
// byte columns of go/token in one place, Builder.column.
package sarif

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// Version and Schema identify the SARIF specification the log follows.
const (
	Version = "2.1.0"
	Schema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

// A Log is a SARIF log with one run.
type Log struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []Run  `json:"runs"`
}

// A Run is the output of one tool over one set of files.
type Run struct {
	Tool               Tool                        `json:"tool"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                      `json:"columnKind"`
	Results            []Result                    `json:"results"`
	Invocations        []Invocation                `json:"invocations"`
}

// Tool describes the analyzer.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver is the tool's main component, with its rules.
type Driver struct {
	Name           string `json:"name"`
	InformationURI string `json:"informationUri,omitempty"`
	Version        string `json:"version,omitempty"`
	Rules          []Rule `json:"rules"`
}

// A Rule describes one kind of result.
type Rule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name,omitempty"`
	ShortDescription     Text          `json:"shortDescription"`
	FullDescription      Text          `json:"fullDescription"`
	Help                 Help          `json:"help"`
	HelpURI              string        `json:"helpUri,omitempty"`
	DefaultConfiguration Configuration `json:"defaultConfiguration"`
}

// Text is a plain-text message.
type Text struct {
	Text string `json:"text"`
}

// Help is a rule's help, as text and Markdown.
type Help struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// Configuration holds a rule's default level.
type Configuration struct {
	Level string `json:"level"`
}

// A Result is one diagnostic.
type Result struct {
	RuleID           string     `json:"ruleId"`
	RuleIndex        int        `json:"ruleIndex"`
	Level            string     `json:"level"`
	Message          Text       `json:"message"`
	Locations        []Location `json:"locations"`
	RelatedLocations []Location `json:"relatedLocations,omitempty"`
	Fixes            []Fix      `json:"fixes,omitempty"`
	// PartialFingerprints identify the result across commits, so that
	// code scanning keeps an alert's identity when lines move.
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`

	fingerprintBase string // what the fingerprint hashes, less the occurrence
}

// A Location is a region of a file.
type Location struct {
	ID               int              `json:"id,omitempty"`
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
	Message          *Text            `json:"message,omitempty"`
}

// A PhysicalLocation is a file and a region of it.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           Region           `json:"region"`
}

// An ArtifactLocation names a file, relative to a base when URIBaseID is
// set.
type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// A Region is a span of lines and columns, 1-based; columns count Unicode
// code points (the run's columnKind).
type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// A Fix is a suggested change.
type Fix struct {
	Description     Text             `json:"description"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

// An ArtifactChange is the set of replacements in one file.
type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

// A Replacement deletes a region and inserts text in its place.
type Replacement struct {
	DeletedRegion   Region `json:"deletedRegion"`
	InsertedContent *Text  `json:"insertedContent,omitempty"`
}

// An Invocation records how the run went: whether it succeeded, and the
// errors that kept it from analyzing everything.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// A Notification is a message from the tool about its run.
type Notification struct {
	Level   string `json:"level"`
	Message Text   `json:"message"`
}

// A RuleInfo describes a diagnostic category for the log's rules.
type RuleInfo struct {
	ID, Name, Short, Full, HelpText, HelpMarkdown, HelpURI string
}

// A Builder accumulates diagnostics into a log.
type Builder struct {
	log           Log
	baseDir       string
	ruleIdx       map[string]int
	seen          map[string]bool
	lines         map[string][][]byte // file contents by line, for columns
	notifications []Notification
	limit         int // the most results written; 0 for MaxResults
}

// SetMaxResults sets the most results Write keeps (MaxResults unless set),
// for tests.
func (b *Builder) SetMaxResults(n int) { b.limit = n }

func (b *Builder) maxResults() int {
	if b.limit > 0 {
		return b.limit
	}
	return MaxResults
}

// FingerprintKey names respbody's partial fingerprint in the log.
const FingerprintKey = "respbody/v1"

// MaxResults is the most results code scanning accepts in one run: it
// rejects a log with more (and shows only the first 5,000 of a run, by
// severity). Write keeps the first MaxResults, in its order, and says in a
// notification how many it left out.
const MaxResults = 25000

// BaseID is the uriBaseId of paths relative to the directory the tool ran
// in (the repository root, for code scanning).
const BaseID = "%SRCROOT%"

// NewBuilder starts a log for a tool with the given rules. Paths under
// baseDir are written relative to it.
func NewBuilder(name, version, uri, baseDir string, rules []RuleInfo) *Builder {
	b := &Builder{baseDir: baseDir, ruleIdx: make(map[string]int), seen: make(map[string]bool), lines: make(map[string][][]byte)}
	driver := Driver{Name: name, Version: version, InformationURI: uri, Rules: []Rule{}}
	for i, r := range rules {
		driver.Rules = append(driver.Rules, Rule{
			ID: r.ID, Name: r.Name,
			ShortDescription:     Text{r.Short},
			FullDescription:      Text{r.Full},
			Help:                 Help{Text: r.HelpText, Markdown: r.HelpMarkdown},
			HelpURI:              r.HelpURI,
			DefaultConfiguration: Configuration{Level: "warning"},
		})
		b.ruleIdx[r.ID] = i
	}
	b.log = Log{Version: Version, Schema: Schema, Runs: []Run{{
		Tool:               Tool{Driver: driver},
		OriginalURIBaseIDs: map[string]ArtifactLocation{BaseID: {URI: fileURI(baseDir) + "/"}},
		ColumnKind:         "unicodeCodePoints",
		Results:            []Result{},
	}}}
	return b
}

// Add records a diagnostic (once, however many package variants report
// it at the same place). Its category names the rule; function names the
// function that holds it, for the fingerprint.
func (b *Builder) Add(fset *token.FileSet, d analysis.Diagnostic, function string) {
	loc := b.location(fset, d.Pos, d.End)
	pl := loc.PhysicalLocation
	key := fmt.Sprintf("%s\x00%d:%d-%d:%d\x00%s\x00%s", pl.ArtifactLocation.URI,
		pl.Region.StartLine, pl.Region.StartColumn, pl.Region.EndLine, pl.Region.EndColumn, d.Category, d.Message)
	if b.seen[key] {
		return
	}
	b.seen[key] = true
	r := Result{
		RuleID: d.Category, RuleIndex: b.ruleIdx[d.Category], Level: "warning",
		Message: Text{d.Message}, Locations: []Location{loc},
		fingerprintBase: strings.Join([]string{d.Category, pl.ArtifactLocation.URI, function, b.source(fset, d.Pos, d.End)}, "\x00"),
	}
	for i, rel := range d.Related {
		l := b.location(fset, rel.Pos, rel.End)
		l.ID = i + 1
		l.Message = &Text{rel.Message}
		r.RelatedLocations = append(r.RelatedLocations, l)
	}
	for _, f := range d.SuggestedFixes {
		r.Fixes = append(r.Fixes, b.fix(fset, f))
	}
	b.log.Runs[0].Results = append(b.log.Runs[0].Results, r)
}

// Notify records an error that kept the tool from analyzing everything.
func (b *Builder) Notify(text string) {
	b.notifications = append(b.notifications, Notification{Level: "error", Message: Text{text}})
}

// Write writes the log as indented JSON, results in a stable order. ok
// says whether the run analyzed everything it was asked to.
func (b *Builder) Write(w io.Writer, ok bool) error {
	run := &b.log.Runs[0]
	slices.SortStableFunc(run.Results, func(a, b Result) int {
		la, lb := a.Locations[0].PhysicalLocation, b.Locations[0].PhysicalLocation
		return cmp.Or(strings.Compare(la.ArtifactLocation.URI, lb.ArtifactLocation.URI),
			cmp.Compare(la.Region.StartLine, lb.Region.StartLine),
			cmp.Compare(la.Region.StartColumn, lb.Region.StartColumn))
	})
	// The fingerprint hashes the rule, the file, the function and the
	// reported source text (not the line, which moves), and the
	// occurrence of that among the file's results, in order.
	occurrences := make(map[string]int)
	for i := range run.Results {
		r := &run.Results[i]
		occurrences[r.fingerprintBase]++
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", r.fingerprintBase, occurrences[r.fingerprintBase]))
		r.PartialFingerprints = map[string]string{FingerprintKey: hex.EncodeToString(sum[:16])}
	}
	notifications := b.notifications
	if n := len(run.Results); n > b.maxResults() {
		run.Results = run.Results[:b.maxResults()]
		notifications = append(slices.Clone(notifications), Notification{Level: "warning", Message: Text{fmt.Sprintf(
			"%d results, more than the %d of one run that code scanning accepts: the first %d (by file, line and column) are in this log, %d are left out",
			n, b.maxResults(), b.maxResults(), n-b.maxResults())}})
	}
	run.Invocations = []Invocation{{ExecutionSuccessful: ok, ToolExecutionNotifications: notifications}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b.log)
}

// fix converts a suggested fix: one artifactChange per file, and in each
// one replacement, from the first edit's start to the last edit's end, the
// text between the edits kept as it is. reviewdog's GitHub reporters post a
// suggestion only on the lines of its comment, and put the comment on the
// first suggestion's lines: a fix of several replacements (an import, a
// deferred close) put the finding on the import's line, its other edits
// shown as invalid suggestions. Where the file cannot be read (or the edits
// overlap), each edit is a replacement of its own.
func (b *Builder) fix(fset *token.FileSet, f analysis.SuggestedFix) Fix {
	byFile := make(map[string][]analysis.TextEdit)
	var order []string
	for _, e := range f.TextEdits {
		uri := b.location(fset, e.Pos, e.End).PhysicalLocation.ArtifactLocation.URI
		if byFile[uri] == nil {
			order = append(order, uri)
		}
		byFile[uri] = append(byFile[uri], e)
	}
	out := Fix{Description: Text{f.Message}}
	for _, uri := range order {
		edits := byFile[uri]
		ac := ArtifactChange{ArtifactLocation: b.location(fset, edits[0].Pos, edits[0].End).PhysicalLocation.ArtifactLocation}
		if r, ok := b.merge(fset, edits); ok {
			ac.Replacements = []Replacement{r}
		} else {
			for _, e := range edits {
				ac.Replacements = append(ac.Replacements, Replacement{
					DeletedRegion:   b.location(fset, e.Pos, e.End).PhysicalLocation.Region,
					InsertedContent: &Text{string(e.NewText)},
				})
			}
		}
		out.ArtifactChanges = append(out.ArtifactChanges, ac)
	}
	return out
}

// merge makes one file's edits one replacement, when there are several,
// they are where they say (no //line directive moved them), do not
// overlap, and the file reads as it was parsed.
func (b *Builder) merge(fset *token.FileSet, edits []analysis.TextEdit) (Replacement, bool) {
	if len(edits) < 2 {
		return Replacement{}, false
	}
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(x, y analysis.TextEdit) int { return cmp.Compare(x.Pos, y.Pos) })
	tf := fset.File(edits[0].Pos)
	if tf == nil {
		return Replacement{}, false
	}
	data := bytes.Join(b.fileLines(tf.Name()), []byte("\n"))
	if len(data) != tf.Size() {
		return Replacement{}, false
	}
	var text []byte
	last, prev := edits[0].Pos, -1
	for _, e := range edits {
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		if fset.File(e.Pos) != tf || fset.File(end) != tf || end < e.Pos ||
			fset.Position(e.Pos).Filename != tf.Name() || fset.Position(end).Filename != tf.Name() {
			return Replacement{}, false
		}
		start := tf.Offset(e.Pos)
		if prev >= 0 {
			if start < prev {
				return Replacement{}, false
			}
			text = append(text, data[prev:start]...)
		}
		text = append(text, e.NewText...)
		prev, last = tf.Offset(end), end
	}
	return Replacement{
		DeletedRegion:   b.location(fset, edits[0].Pos, last).PhysicalLocation.Region,
		InsertedContent: &Text{string(text)},
	}, true
}

func (b *Builder) location(fset *token.FileSet, pos, end token.Pos) Location {
	p := fset.Position(pos)
	region := Region{StartLine: p.Line, StartColumn: b.column(p)}
	if end.IsValid() {
		e := fset.Position(end)
		region.EndLine, region.EndColumn = e.Line, b.column(e)
	} else {
		region.EndLine, region.EndColumn = region.StartLine, region.StartColumn
	}
	return Location{PhysicalLocation: PhysicalLocation{
		ArtifactLocation: b.artifact(p.Filename),
		Region:           region,
	}}
}

// artifact names a file relative to the base directory when it is under
// it, else by its absolute file URI.
func (b *Builder) artifact(filename string) ArtifactLocation {
	if rel, err := filepath.Rel(b.baseDir, filename); err == nil && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel) {
		// Percent-encoded, ':' too, lest a first segment read as a scheme.
		uri := strings.ReplaceAll((&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), ":", "%3A")
		return ArtifactLocation{URI: uri, URIBaseID: BaseID}
	}
	return ArtifactLocation{URI: fileURI(filename)}
}

// column converts a position's byte column to the code-point column the
// log declares (columnKind unicodeCodePoints).
func (b *Builder) column(p token.Position) int {
	lines := b.fileLines(p.Filename)
	if p.Line < 1 || p.Line > len(lines) || p.Column < 1 || p.Column-1 > len(lines[p.Line-1]) {
		return p.Column
	}
	return utf8.RuneCount(lines[p.Line-1][:p.Column-1]) + 1
}

// fileLines returns a file's lines, read once; none unless it is a regular
// file named *.go. A //line directive can put a position in any file
// (/proc/self/environ, a pipe): its text goes into no log, not even
// hashed into a fingerprint.
func (b *Builder) fileLines(filename string) [][]byte {
	lines, ok := b.lines[filename]
	if !ok {
		if fi, err := os.Stat(filename); err == nil && fi.Mode().IsRegular() && strings.HasSuffix(filename, ".go") {
			if data, err := os.ReadFile(filename); err == nil {
				lines = bytes.Split(data, []byte("\n"))
			}
		}
		b.lines[filename] = lines
	}
	return lines
}

// source returns the text from pos to end (on one line: the rest of the
// first line when it spans more), with runs of spaces made one, for the
// fingerprint.
func (b *Builder) source(fset *token.FileSet, pos, end token.Pos) string {
	p := fset.Position(pos)
	lines := b.fileLines(p.Filename)
	if p.Line < 1 || p.Line > len(lines) || p.Column < 1 || p.Column-1 > len(lines[p.Line-1]) {
		return ""
	}
	line := lines[p.Line-1]
	text := line[p.Column-1:]
	if e := fset.Position(end); end.IsValid() && e.Line == p.Line && e.Column >= p.Column && e.Column-1 <= len(line) {
		text = line[p.Column-1 : e.Column-1]
	}
	return strings.Join(strings.Fields(string(text)), " ")
}

// fileURI is the file URI of an absolute path, percent-encoded: a space,
// '#', '?' or '%' in a directory's name stays part of the path for a reader
// that parses the URI (reviewdog joins the base and the relative URI and
// parses the result).
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows: file:///C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
