package respbody

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDocIsDocGo checks that the Analyzer's Doc is doc.go's text, so that
// -help, go vet's help and the package documentation cannot drift.
func TestDocIsDocGo(t *testing.T) {
	a := NewAnalyzer()
	if !strings.HasPrefix(a.Doc, "report response bodies that leak or waste their connection\n\n") {
		t.Errorf("Doc does not open with doc.go's summary line:\n%.200s", a.Doc)
	}
	for _, heading := range []string{"# False positives", "# Fixes", "# Suppression", "# What respbody knows of the standard library"} {
		if !strings.Contains(a.Doc, "\n"+heading+"\n") {
			t.Errorf("Doc lacks doc.go's section %q", heading)
		}
	}
	if strings.Contains(a.Doc, "# Analyzer respbody") || strings.Contains(a.Doc, "Package respbody defines") {
		t.Errorf("Doc holds more than the Analyzer's section of doc.go")
	}
}

// TestRules checks the rules read from doc.go: one per category, each with
// a one-sentence summary and an example.
func TestRulesFromDoc(t *testing.T) {
	rules := Rules()
	var cats []string
	for _, r := range rules {
		cats = append(cats, r.Category)
		if !strings.HasSuffix(r.Summary, ".") || strings.Contains(r.Summary, ". ") || !strings.HasPrefix(r.Description, r.Summary) {
			t.Errorf("%s: summary %q is not the first sentence of %q", r.Category, r.Summary, r.Description)
		}
		if !strings.Contains(r.HelpMarkdown, "\tresp, err := http.Get(url)") || !strings.Contains(r.HelpText, r.Category+": ") {
			t.Errorf("%s: help lacks the paragraph or the example:\n%s", r.Category, r.HelpMarkdown)
		}
		if strings.Contains(r.HelpText, "False positives") {
			t.Errorf("%s: help runs past the next heading", r.Category)
		}
	}
	if strings.Join(cats, " ") != CategoryUnclosed+" "+CategoryUndrained {
		t.Fatalf("rules = %v, want unclosed and undrained", cats)
	}
}

// TestKnowledgeIsDocumented checks that every function the analyzer knows
// of (knowledge, hooks, exhausted, errorIs) is named in doc.go, as
// pkg.Func or pkg.Type.Method (pkg the last element of its path); in a list
// such as "log.Fatal, Fatalf and Fatalln" the later names share the first
// one's qualifier.
func TestKnowledgeIsDocumented(t *testing.T) {
	named := docNames(packageDoc(docSource))
	var keys []string
	for k := range knowledge {
		keys = append(keys, k)
	}
	for k := range hooks {
		keys = append(keys, k)
	}
	for k := range exhausted {
		keys = append(keys, k)
	}
	for k := range errorIs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if name := docName(k); !named[name] {
			t.Errorf("knowledge entry %s is not in doc.go (write it as %s under '# What respbody knows of the standard library')", k, name)
		}
	}
}

// docName is how doc.go names the function with the given full name
// (types.Func.FullName): "(*net/http.Client).Head" is http.Client.Head.
func docName(full string) string {
	if recv, method, ok := strings.Cut(full, ")."); ok {
		full = strings.TrimLeft(recv, "(*") + "." + method
	}
	return full[strings.LastIndex(full, "/")+1:]
}

var (
	qualified = regexp.MustCompile(`[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+`)
	listed    = regexp.MustCompile(`^(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)([A-Z]\w*)\b`)
)

// docNames returns the qualified names in text, with the names of lists
// that share a qualifier ("log.Fatal, Fatalf and Fatalln").
func docNames(text string) map[string]bool {
	names := make(map[string]bool)
	for _, m := range qualified.FindAllStringIndex(text, -1) {
		name := text[m[0]:m[1]]
		names[name] = true
		qual := name[:strings.LastIndex(name, ".")]
		for rest := text[m[1]:]; ; {
			l := listed.FindStringSubmatchIndex(rest)
			if l == nil || strings.HasPrefix(rest[l[1]:], ".") {
				break
			}
			names[qual+"."+rest[l[2]:l[3]]] = true
			rest = rest[l[1]:]
		}
	}
	return names
}

// TestReadmeRules checks the README's rule descriptions against doc.go:
// the README's "What it reports" says each rule in doc.go's words.
func TestReadmeRules(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(data), "\n## What it reports\n")
	section, _, _ = strings.Cut(section, "\n## ")
	plain := strings.Join(strings.Fields(strings.NewReplacer("`", "", "\\*", "*").Replace(section)), " ")
	for _, r := range Rules() {
		if want := r.Category + ": " + r.Description; !strings.Contains(plain, want) {
			t.Errorf("README's What it reports lacks doc.go's %s rule; write it as:\n\n- `%s`: %s", r.Category, r.Category, r.Description)
		}
	}
}
