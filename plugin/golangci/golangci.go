// Package golangci is respbody's golangci-lint v2 module plugin. Import it
// from a custom golangci-lint build (.custom-gcl.yml) and enable the linter
// as linters.settings.custom.respbody with type: module.
package golangci

import (
	"flag"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"github.com/respbody/respbody/internal/listroute"
	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis"
)

func init() {
	register.Plugin("respbody", New)
}

// Settings are the plugin's settings (linters.settings.custom.respbody.
// settings). Unknown keys are an error.
type Settings struct {
	// Drain is the -drain mode: auto (default), always or never.
	Drain string `json:"drain"`
	// Strict is the -strict flag: also report unclosed bodies that hold
	// nothing at all (on paths where the response has no body, or from
	// http.ReadResponse). Every other unclosed body, read to EOF or not, is
	// always reported.
	Strict bool `json:"strict"`
	// Facts says where the summaries of other packages' functions come
	// from: "go-list" (default), respbody's own driver, which analyzes a
	// dependency only when a summary of it is needed and caches it in
	// $RESPBODY_CACHE, so that golangci-lint loads dependencies from
	// export data; or "golangci", golangci-lint's facts, for which it
	// analyzes every dependency from source on a cold cache. "go-list"
	// needs a go command and falls back to "golangci" without one (or
	// with GOPACKAGESDRIVER set).
	Facts string `json:"facts"`
	// BodycloseNolint is the -bodyclose-nolint flag: //nolint:bodyclose
	// also silences respbody's unclosed findings on the lines it covers,
	// for a team that switches from bodyclose first and cleans up later
	// (golangci-lint applies //nolint:respbody itself; a //nolint:bodyclose
	// is respbody's to read).
	BodycloseNolint bool `json:"bodyclose-nolint"`
}

// The values of Settings.Facts.
const (
	FactsGoList   = "go-list"
	FactsGolangci = "golangci"
)

// Plugin builds the respbody analyzer with its settings.
type Plugin struct {
	settings Settings
}

// New decodes the settings and returns the plugin.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("respbody settings: %w (known settings: drain, strict, facts, bodyclose-nolint)", err)
	}
	if s.Drain == "" {
		s.Drain = respbody.DrainAuto
	}
	switch s.Facts {
	case "":
		s.Facts = FactsGoList
	case FactsGoList, FactsGolangci:
	default:
		return nil, fmt.Errorf("respbody settings: facts: must be %s or %s, not %q", FactsGoList, FactsGolangci, s.Facts)
	}
	// Check the value now, so that a typo fails the configuration load.
	if err := respbody.NewAnalyzer().Flags.Set("drain", s.Drain); err != nil {
		return nil, fmt.Errorf("respbody settings: drain: %w", err)
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns a respbody analyzer of its own, configured.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	a := respbody.NewAnalyzer()
	if err := a.Flags.Set("drain", p.settings.Drain); err != nil {
		return nil, err
	}
	if err := a.Flags.Set("strict", fmt.Sprint(p.settings.Strict)); err != nil {
		return nil, err
	}
	if err := a.Flags.Set("bodyclose-nolint", fmt.Sprint(p.settings.BodycloseNolint)); err != nil {
		return nil, err
	}
	// Generated files are golangci-lint's to skip or not
	// (linters.exclusions.generated), as for every linter, and so are
	// //nolint directives: golangci-lint applies them itself, and its
	// nolintlint reports those that silence nothing.
	for name, value := range map[string]string{"generated": "true", "nolint": "false"} {
		if err := a.Flags.Set(name, value); err != nil {
			return nil, err
		}
	}
	if p.settings.Facts == FactsGoList && listroute.Unavailable(nil) == nil {
		a = withListFacts(a)
	}
	reportOnce(a)
	return []*analysis.Analyzer{a}, nil
}

// withListFacts returns a copy of the analyzer a that declares no facts to
// golangci-lint and asks respbody's own driver for them instead (see
// Settings.Facts): golangci-lint then loads dependencies from export data
// and runs the analyzer on the packages it reports on only.
func withListFacts(a *analysis.Analyzer) *analysis.Analyzer {
	var flags []string
	a.Flags.VisitAll(func(f *flag.Flag) { flags = append(flags, f.Name+"="+f.Value.String()) })
	cacheDir, err := listroute.DefaultCacheDir()
	if err != nil {
		fmt.Fprintf(os.Stderr, "respbody: %v; the cache is off for this run\n", err)
	}
	facts := listroute.NewFacts(listroute.Options{
		Analyzer: a,
		CacheDir: cacheDir,
	}, flags...)
	outer := *a
	outer.FactTypes = nil
	outer.Run = func(pass *analysis.Pass) (any, error) {
		test := false
		for _, f := range pass.Files {
			test = test || strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go")
		}
		dir := sourceDir(pass)
		p := *pass
		p.ImportObjectFact = func(obj types.Object, fact analysis.Fact) bool {
			return facts.ImportObjectFact(pass.Pkg, test, dir, obj, fact)
		}
		p.ExportObjectFact = func(types.Object, analysis.Fact) {}
		p.ImportPackageFact = func(*types.Package, analysis.Fact) bool { return false }
		p.ExportPackageFact = func(analysis.Fact) {}
		p.AllObjectFacts = func() []analysis.ObjectFact { return nil }
		p.AllPackageFacts = func() []analysis.PackageFact { return nil }
		return a.Run(&p)
	}
	return &outer
}

// sourceDir returns the folder of the package's own files, where its
// module is found. A file cgo wrote is in the build cache, named without
// .go, so it is skipped; a package with no other file is found where the
// //line directive cgo puts before its package clause says, the author's
// file.
func sourceDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		if name := pass.Fset.File(f.Pos()).Name(); strings.HasSuffix(name, ".go") {
			return filepath.Dir(name)
		}
	}
	for _, f := range pass.Files {
		if name := pass.Fset.Position(f.Package).Filename; strings.HasSuffix(name, ".go") {
			return filepath.Dir(name)
		}
	}
	return ""
}

// reportOnce makes each finding one golangci-lint issue. golangci-lint
// turns every related position of a diagnostic into an issue of its own
// ("respbody(related information): ..."), counted, shown after --fix fixed
// the finding, and exempt from the //nolint on the finding's line. The
// message already names those lines ("on the path that returns at line
// 18"), so the plugin drops them; the command, go vet and the SARIF log
// keep them.
func reportOnce(a *analysis.Analyzer) {
	run := a.Run
	a.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Report = func(d analysis.Diagnostic) {
			d.Related = nil
			pass.Report(d)
		}
		return run(&p)
	}
}

// GetLoadMode asks for type information: respbody builds SSA.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
