// Package golangci is respbody's golangci-lint v2 module plugin. Import it
// from a custom golangci-lint build (.custom-gcl.yml) and enable the linter
// as linters.settings.custom.respbody with type: module.
package golangci

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
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
	// no connection.
	Strict bool `json:"strict"`
}

// Plugin builds the respbody analyzer with its settings.
type Plugin struct {
	settings Settings
}

// New decodes the settings and returns the plugin.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("respbody settings: %w (known settings: drain, strict)", err)
	}
	if s.Drain == "" {
		s.Drain = respbody.DrainAuto
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
	// Generated files are golangci-lint's to skip or not
	// (linters.exclusions.generated), as for every linter.
	if err := a.Flags.Set("generated", "true"); err != nil {
		return nil, err
	}
	return []*analysis.Analyzer{a}, nil
}

// GetLoadMode asks for type information: respbody builds SSA.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
