// Package sarif writes analysis diagnostics as a SARIF 2.1.0 log, the format
// GitHub code scanning and other security dashboards ingest.
package sarif

import (
	"bytes"
	"encoding/json"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
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

// A Region is a span of lines and columns (1-based; columns count UTF-16
// code units in SARIF's default, so the log says it counts bytes instead).
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

// An Invocation records how the run went.
type Invocation struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
}

// A RuleInfo describes a diagnostic category for the log's rules.
type RuleInfo struct {
	ID, Name, Short, Full, Help, HelpURI string
}

// A Builder accumulates diagnostics into a log.
type Builder struct {
	log     Log
	fset    *token.FileSet
	baseDir string
	ruleIdx map[string]int
	seen    map[string]bool
	lines   map[string][][]byte // file contents by line, for columns
}

// BaseID is the uriBaseId of paths relative to the directory the tool ran
// in (the repository root, for code scanning).
const BaseID = "%SRCROOT%"

// NewBuilder starts a log for a tool with the given rules. Paths under
// baseDir are written relative to it.
func NewBuilder(fset *token.FileSet, name, version, uri, baseDir string, rules []RuleInfo) *Builder {
	b := &Builder{fset: fset, baseDir: baseDir, ruleIdx: make(map[string]int), seen: make(map[string]bool), lines: make(map[string][][]byte)}
	driver := Driver{Name: name, Version: version, InformationURI: uri, Rules: []Rule{}}
	for i, r := range rules {
		driver.Rules = append(driver.Rules, Rule{
			ID: r.ID, Name: r.Name,
			ShortDescription:     Text{r.Short},
			FullDescription:      Text{r.Full},
			Help:                 Help{Text: r.Help, Markdown: r.Help},
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
// it). Its category names the rule.
func (b *Builder) Add(d analysis.Diagnostic) {
	loc := b.location(d.Pos, d.End)
	key := loc.PhysicalLocation.ArtifactLocation.URI + "\x00" + d.Message
	if b.seen[key] {
		return
	}
	b.seen[key] = true
	r := Result{
		RuleID: d.Category, RuleIndex: b.ruleIdx[d.Category], Level: "warning",
		Message: Text{d.Message}, Locations: []Location{loc},
	}
	for i, rel := range d.Related {
		l := b.location(rel.Pos, rel.End)
		l.ID = i + 1
		l.Message = &Text{rel.Message}
		r.RelatedLocations = append(r.RelatedLocations, l)
	}
	for _, f := range d.SuggestedFixes {
		r.Fixes = append(r.Fixes, b.fix(f))
	}
	b.log.Runs[0].Results = append(b.log.Runs[0].Results, r)
}

// Write writes the log as indented JSON, results in a stable order.
func (b *Builder) Write(w io.Writer, ok bool) error {
	run := &b.log.Runs[0]
	sort.SliceStable(run.Results, func(i, j int) bool {
		li, lj := run.Results[i].Locations[0].PhysicalLocation, run.Results[j].Locations[0].PhysicalLocation
		if li.ArtifactLocation.URI != lj.ArtifactLocation.URI {
			return li.ArtifactLocation.URI < lj.ArtifactLocation.URI
		}
		return li.Region.StartLine < lj.Region.StartLine
	})
	run.Invocations = []Invocation{{ExecutionSuccessful: ok}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b.log)
}

func (b *Builder) fix(f analysis.SuggestedFix) Fix {
	byFile := make(map[string]*ArtifactChange)
	var order []string
	for _, e := range f.TextEdits {
		loc := b.location(e.Pos, e.End)
		uri := loc.PhysicalLocation.ArtifactLocation.URI
		ac := byFile[uri]
		if ac == nil {
			ac = &ArtifactChange{ArtifactLocation: loc.PhysicalLocation.ArtifactLocation}
			byFile[uri] = ac
			order = append(order, uri)
		}
		ac.Replacements = append(ac.Replacements, Replacement{
			DeletedRegion:   loc.PhysicalLocation.Region,
			InsertedContent: &Text{string(e.NewText)},
		})
	}
	out := Fix{Description: Text{f.Message}}
	for _, uri := range order {
		out.ArtifactChanges = append(out.ArtifactChanges, *byFile[uri])
	}
	return out
}

func (b *Builder) location(pos, end token.Pos) Location {
	p := b.fset.Position(pos)
	region := Region{StartLine: p.Line, StartColumn: b.column(p)}
	if end.IsValid() {
		e := b.fset.Position(end)
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
		return ArtifactLocation{URI: filepath.ToSlash(rel), URIBaseID: BaseID}
	}
	return ArtifactLocation{URI: fileURI(filename)}
}

// column converts a position's byte column to the code-point column the
// log declares (columnKind unicodeCodePoints).
func (b *Builder) column(p token.Position) int {
	lines, ok := b.lines[p.Filename]
	if !ok {
		if data, err := os.ReadFile(p.Filename); err == nil {
			lines = bytes.Split(data, []byte("\n"))
		}
		b.lines[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) || p.Column < 1 || p.Column-1 > len(lines[p.Line-1]) {
		return p.Column
	}
	return utf8.RuneCount(lines[p.Line-1][:p.Column-1]) + 1
}

func fileURI(path string) string {
	return "file://" + filepath.ToSlash(path)
}
