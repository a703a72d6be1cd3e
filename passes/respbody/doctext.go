package respbody

import (
	_ "embed"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"strings"
)

// The user-facing text of respbody is written once, in doc.go: the
// Analyzer's Doc (go vet's help, the command's -h summary) is its section
// from the "Analyzer respbody" heading on, as the x/tools passes extract
// theirs, and the rules' help (the SARIF log's, checked against the README
// by the tests) is the paragraph of each category with what follows it.

//go:embed doc.go
var docSource string

// doc is the Analyzer's Doc: a summary line, a blank line, then the
// package documentation from its "Analyzer respbody" heading on.
var doc = analyzerDoc(docSource)

// packageDoc returns the package documentation in src as plain text.
func packageDoc(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic("respbody: doc.go has no package documentation")
	}
	return f.Doc.Text()
}

// analyzerDoc extracts the Analyzer's Doc from doc.go's source: the text
// after the "# Analyzer respbody" heading, whose first line is
// "respbody: summary".
func analyzerDoc(src string) string {
	_, section, ok := strings.Cut(packageDoc(src), "\n# Analyzer respbody\n")
	if !ok {
		panic("respbody: doc.go has no '# Analyzer respbody' heading")
	}
	section, ok = strings.CutPrefix(strings.TrimSpace(section), "respbody: ")
	if !ok {
		panic("respbody: doc.go's Analyzer heading is not followed by 'respbody: summary'")
	}
	return section
}

// A Rule documents one category of diagnostic, in the words of doc.go.
type Rule struct {
	// Category is the diagnostic category (CategoryUnclosed,
	// CategoryUndrained).
	Category string
	// Summary is the first sentence of the rule's paragraph, on one line.
	Summary string
	// Description is the rule's paragraph without its "category:" lead,
	// on one line.
	Description string
	// HelpText and HelpMarkdown are the rule's whole text: its paragraph,
	// its examples, and what follows up to the next rule or heading.
	HelpText, HelpMarkdown string
}

// Rules returns the documentation of each category of diagnostic, read
// from the package documentation, in the order it gives them.
func Rules() []Rule {
	var p comment.Parser
	d := p.Parse(packageDoc(docSource))
	var rules []Rule
	var cur *Rule              // the rule being read, if any
	var blocks []comment.Block // its blocks
	end := func() {
		if cur == nil {
			return
		}
		var pr comment.Printer
		part := &comment.Doc{Content: blocks, Links: d.Links}
		cur.HelpText = string(pr.Text(part))
		cur.HelpMarkdown = string(pr.Markdown(part))
		rules = append(rules, *cur)
		cur, blocks = nil, nil
	}
	for _, b := range d.Content {
		switch b := b.(type) {
		case *comment.Heading:
			end()
			continue
		case *comment.Paragraph:
			text := strings.Join(strings.Fields(plainText(b)), " ")
			if cat, desc, ok := strings.Cut(text, ": "); ok && (cat == CategoryUnclosed || cat == CategoryUndrained) {
				end()
				summary, _, _ := strings.Cut(desc, ". ")
				cur = &Rule{Category: cat, Summary: strings.TrimSuffix(summary, ".") + ".", Description: desc}
			}
		}
		if cur != nil {
			blocks = append(blocks, b)
		}
	}
	end()
	return rules
}

// plainText is the text of a paragraph, without markup.
func plainText(p *comment.Paragraph) string {
	var pr comment.Printer
	return string(pr.Text(&comment.Doc{Content: []comment.Block{p}}))
}
