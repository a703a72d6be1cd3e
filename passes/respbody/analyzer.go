package respbody

import (
	"flag"
	"fmt"
	"go/version"
	"os"
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// Analyzer reports response bodies that are never closed, or closed before
// they were read to EOF. It is NewAnalyzer with the default settings.
var Analyzer = NewAnalyzer()

// Drain modes for the -drain flag.
const (
	// DrainAuto reports undrained closes only in packages whose Go version
	// is below go1.27, which drains up to 256 KiB on Close by itself.
	DrainAuto = "auto"
	// DrainAlways reports undrained closes whatever the Go version.
	DrainAlways = "always"
	// DrainNever does not report undrained closes.
	DrainNever = "never"
)

// autoDrainVersion is the first Go release whose client drains a body on
// Close (golang/go#77370).
const autoDrainVersion = "go1.27"

// config holds the settings of one Analyzer, bound to its own flags.
type config struct {
	drain string
	// strict also reports bodies never closed that hold nothing at all: on
	// paths where the response has no body (204, 304, Content-Length 0:
	// http.NoBody, whose Close does nothing), and those http.ReadResponse
	// read off a connection the caller manages. Every other body never
	// closed is always reported.
	strict bool
	// generated also reports findings in generated files.
	generated bool
	// nolint honours //nolint directives (see suppress.go).
	nolint bool
	// bodycloseNolint lets //nolint:bodyclose silence unclosed findings
	// (see suppress.go).
	bodycloseNolint bool
	// stages, when not nil (a test's), is called as the stages of the
	// analysis of a package start, after its SSA was built, and the
	// function it returns as they end: a test times the stages alone.
	stages func(pkg string) (done func())
}

// Notes are the lines the analyzer printed on standard error for a package
// beside its findings: how many findings in generated files it did not
// report, how many //nolint:bodyclose silenced. They are its result, so
// that a driver that caches findings can print them again on a cache hit.
type Notes []string

// Lines returns the notes, one line each.
func (n Notes) Lines() []string { return n }

// NewAnalyzer returns a new respbody analyzer with its own flags and no
// state shared with any other, for drivers that configure analyzers
// separately (golangci-lint plugins, nogo).
func NewAnalyzer() *analysis.Analyzer {
	return newAnalyzer(&config{drain: DrainAuto, nolint: true})
}

// newAnalyzer returns an analyzer that runs with cfg, its flags bound to it.
func newAnalyzer(cfg *config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:       "respbody",
		Doc:        doc,
		URL:        "https://github.com/respbody/respbody",
		Run:        cfg.run,
		FactTypes:  []analysis.Fact{new(Summary)},
		ResultType: reflect.TypeFor[Notes](),
	}
	a.Flags.Var(drainFlag{&cfg.drain}, "drain",
		"report bodies closed before they are read to EOF: auto (only below go1.27, which drains on Close), always, or never")
	a.Flags.BoolVar(&cfg.generated, "generated", false,
		"also report findings in generated files (// Code generated ... DO NOT EDIT.), which are skipped by default")
	a.Flags.BoolVar(&cfg.strict, "strict", false,
		"also report unclosed bodies that hold nothing at all: on paths where the response has no body (204, 304, Content-Length 0: net/http's http.NoBody) and from http.ReadResponse; every other unclosed body, read to EOF or not, is always reported")
	a.Flags.BoolVar(&cfg.nolint, "nolint", true,
		"honour //nolint:respbody directives (golangci-lint reads them itself; //lint:ignore respbody reason is always honoured)")
	a.Flags.BoolVar(&cfg.bodycloseNolint, "bodyclose-nolint", false,
		"also let //nolint:bodyclose silence the unclosed findings on the lines it covers, for a team moving from bodyclose (prints how many it silenced)")
	return a
}

// drainFlag is a flag.Value that accepts only the drain modes.
type drainFlag struct{ p *string }

func (f drainFlag) String() string {
	if f.p == nil {
		return "" // the zero value, so that -help shows the default
	}
	return *f.p
}

func (f drainFlag) Set(s string) error {
	switch s {
	case DrainAuto, DrainAlways, DrainNever:
		*f.p = s
		return nil
	}
	return fmt.Errorf("must be auto, always or never, not %q", s)
}

var _ flag.Value = drainFlag{}

// checksDrain decides whether undrained closes are reported for a package
// with the given Go version ("" when unknown) under the given mode.
func checksDrain(mode, goVersion string) bool {
	switch mode {
	case DrainNever:
		return false
	case DrainAlways:
		return true
	}
	return goVersion == "" || version.Compare(goVersion, autoDrainVersion) < 0
}

func (cfg *config) run(pass *analysis.Pass) (_ any, err error) {
	if !needsAnalysis(pass) {
		return Notes(nil), nil
	}
	defer func() {
		// Building SSA for odd code must not stop the whole vet run.
		if r := recover(); r != nil {
			if debugging() {
				panic(r)
			}
			err = fmt.Errorf("internal error analyzing %s (please report it): %v", pass.Pkg.Path(), r)
		}
	}()
	c := newChecker(pass, checksDrain(cfg.drain, pass.Pkg.GoVersion()))
	c.strict = cfg.strict
	c.skipGenerated = !cfg.generated
	pkg, funcs := buildSSA(pass)
	c.pkg = pkg
	done := func() {}
	if cfg.stages != nil {
		done = cfg.stages(pass.Pkg.Path())
	}
	for _, fn := range funcs {
		c.summary(fn)
	}
	done()
	skipped := 0
	directives := newSuppressor(pass, cfg.nolint, cfg.bodycloseNolint)
	for _, d := range c.diags {
		if c.skipGenerated && c.inGenerated(d.Pos) {
			skipped++
			continue
		}
		if directives.suppressed(&d) {
			continue
		}
		pass.Report(d)
	}
	var notes Notes
	if skipped > 0 {
		notes = append(notes, fmt.Sprintf("respbody: %s: %d findings in generated files not reported (-generated reports them)", pass.Pkg.Path(), skipped))
	}
	if n := directives.bodycloseSilenced; n > 0 {
		notes = append(notes, fmt.Sprintf("respbody: %s: %d unclosed findings silenced by //nolint:bodyclose (-bodyclose-nolint)", pass.Pkg.Path(), n))
	}
	for _, line := range notes {
		fmt.Fprintln(os.Stderr, line)
	}
	c.exportFacts(funcs)
	c.exportRequestFacts()
	return notes, nil
}
