package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/respbody/respbody/internal/goenv"
	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis"
)

// The command's flags are listed once, here: -h prints this table, and a
// test checks that the README's flag table, usage line and exit codes are
// the same text.

// usageLine is the command's synopsis.
const usageLine = "respbody [flags] packages..."

// exitCodes says what the exit status means.
const exitCodes = "Exit codes: 0 nothing found (with -fix: nothing left); 1 the analysis failed " +
	"(a package did not load or type-check, the patterns matched no package, there is no go command, or respbody's Go is older than the module's; " +
	"-sarif still writes a log, with executionSuccessful false); 2 a bad flag or no package pattern; " +
	"3 findings (with -fix: findings left after fixing). -json and -sarif exit 0 when the analysis ran, findings or not."

// A flagDoc is one flag as -h and the README show it.
type flagDoc struct {
	name   string // as registered
	syntax string // as shown: -drain=auto|always|never, -test=false
	usage  string // one line; "" for an analyzer flag, whose usage is the analyzer's
}

// flagDocs are the command's flags in the order -h lists them.
var flagDocs = []flagDoc{
	{name: "drain", syntax: "-drain=auto|always|never"},
	{name: "strict", syntax: "-strict"},
	{name: "generated", syntax: "-generated"},
	{name: "bodyclose-nolint", syntax: "-bodyclose-nolint"},
	{name: "nolint", syntax: "-nolint=false", usage: "leave //nolint:respbody directives to golangci-lint, as its plugin does (//lint:ignore respbody reason still silences a finding)"},
	{name: "test", syntax: "-test=false", usage: "skip _test.go files (by default they are analyzed)"},
	{name: "tags", syntax: "-tags=a,b", usage: "build tags, as for go build (GOFLAGS=-tags=a,b works too; when you run go vet -vettool yourself, give -tags to go vet)"},
	{name: "json", syntax: "-json", usage: "print the findings as JSON on standard output"},
	{name: "sarif", syntax: "-sarif", usage: "print a SARIF 2.1.0 log on standard output, for code scanning"},
	{name: "fix", syntax: "-fix", usage: "apply the suggested fixes, then print the findings left"},
	{name: "diff", syntax: "-diff", usage: "print the suggested fixes as a unified diff and the findings no fix covers; change no file"},
	{name: "c", syntax: "-c=N", usage: "print N lines of context around each finding"},
	{name: "inprocess", syntax: "-inprocess", usage: "analyze in this process, loading every dependency from source, instead of from the build cache's export data (-fix, -diff and -c always run in-process)"},
	{name: "version", syntax: "-version", usage: "print the version of respbody, its Go and its x/tools, and exit"},
}

// options are the settings of one run of the command.
type options struct {
	analyzer *analysis.Analyzer // with its flags set
	tests    bool
	tags     string
	json     bool
	sarif    bool
	fix      bool
	diff     bool
	context  int
	version  bool
	// inprocess: analyze with x/tools' checker in this process, not
	// with respbody's own driver on go list.
	inprocess bool
	// set holds the names of the flags set on the command line.
	set      map[string]bool
	patterns []string
	// env is the environment of the go commands (goenv.go), set by load.
	env *goenv.Env
}

// parseFlags parses the command line into options. It returns flag.ErrHelp
// for -h, and an error for a bad flag or a missing package pattern, after
// printing the reason and the usage on stderr.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{analyzer: respbody.NewAnalyzer()}
	fs := newFlagSet(o)
	fs.SetOutput(stderr)
	fs.Usage = func() { printUsage(stderr, fs) }
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	o.patterns = fs.Args()
	o.set = make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	switch {
	case o.version:
		return o, nil
	case len(o.patterns) == 0:
		fmt.Fprintln(stderr, "respbody: no package pattern (for the whole module: respbody ./...)")
	case o.json && o.sarif, (o.json || o.sarif) && (o.fix || o.diff):
		fmt.Fprintln(stderr, "respbody: -json, -sarif and -fix/-diff do not go together")
	default:
		return o, nil
	}
	printUsage(stderr, fs)
	return nil, errUsage
}

// errUsage is a usage error that has been reported.
var errUsage = fmt.Errorf("usage")

// newFlagSet registers the flags of flagDocs on a new FlagSet, bound to o.
// The analyzer's flags are its own.
func newFlagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("respbody", flag.ContinueOnError)
	for _, d := range flagDocs {
		switch d.name {
		case "test":
			fs.BoolVar(&o.tests, d.name, true, d.usage)
		case "tags":
			fs.StringVar(&o.tags, d.name, "", d.usage)
		case "json":
			fs.BoolVar(&o.json, d.name, false, d.usage)
		case "sarif":
			fs.BoolVar(&o.sarif, d.name, false, d.usage)
		case "fix":
			fs.BoolVar(&o.fix, d.name, false, d.usage)
		case "diff":
			fs.BoolVar(&o.diff, d.name, false, d.usage)
		case "c":
			fs.IntVar(&o.context, d.name, -1, d.usage)
		case "version":
			fs.BoolVar(&o.version, d.name, false, d.usage)
		case "inprocess":
			fs.BoolVar(&o.inprocess, d.name, false, d.usage)
		default:
			f := o.analyzer.Flags.Lookup(d.name)
			fs.Var(f.Value, f.Name, f.Usage)
		}
	}
	return fs
}

// flagUsage is the one-line meaning of a flag: its own, or the analyzer's.
func flagUsage(fs *flag.FlagSet, d flagDoc) string {
	if d.usage != "" {
		return d.usage
	}
	return fs.Lookup(d.name).Usage
}

// printUsage writes -h's text: the summary, the usage line, the flags and
// the exit codes.
func printUsage(w io.Writer, fs *flag.FlagSet) {
	summary, _, _ := strings.Cut(respbody.Analyzer.Doc, "\n")
	fmt.Fprintf(w, "respbody: %s\n\nUsage: %s\n\nFlags:\n", summary, usageLine)
	for _, d := range flagDocs {
		fmt.Fprintf(w, "  %s\n    \t%s\n", d.syntax, flagUsage(fs, d))
	}
	fmt.Fprintf(w, "\n%s\n\n", exitCodes)
	fmt.Fprintln(w, "Under the go command: go vet -vettool=$(which respbody) [-drain=...] packages;")
	fmt.Fprintln(w, "go fix -fixtool=$(which respbody) [-diff] packages.")
	fmt.Fprintln(w, "\nDirectives: //nolint:respbody and //lint:ignore respbody <reason> silence a finding;")
	fmt.Fprintln(w, "bodyclose's //bodyclose:handled on a function is honoured (its callers owe nothing for what it returns;")
	fmt.Fprintln(w, "where it returns the body open, respbody says so once, at the function), and with -bodyclose-nolint")
	fmt.Fprintln(w, "so is //nolint:bodyclose, for unclosed findings.")
}
