package respbody

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Knowledge of the Azure SDK for Go's pipeline (azcore). Every pipeline
// runtime.NewPipeline builds ends in a policy that reads the response's
// body to EOF, closes it and puts an in-memory copy in its place, unless
// the request is marked with runtime.SkipBodyDownload (the SDK's download
// operations do): a response Pipeline.Do returns for an unmarked request
// holds nothing, and only -strict reports it never closed. Whether a
// request is marked is known where it is built: by runtime.NewRequest in
// the function that sends it (marked if the function calls
// SkipBodyDownload at all), or by a function that returns it, of this
// package or another (its summary's Download, which the generated clients'
// ...CreateRequest functions get). A request of unknown origin may be
// marked: its response is owed as any other.

const (
	azExported   = "github.com/Azure/azure-sdk-for-go/sdk/azcore/internal/exported"
	azPipelineDo = "(" + azExported + ".Pipeline).Do"
	azNewRequest = "github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime.NewRequest"
	azSkip       = "github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime.SkipBodyDownload"
)

// azureDo is the hook of an azcore pipeline's Do (p.Do(req): the receiver,
// then the request): a response that holds nothing for a request known to
// be unmarked, and nil (what the facts say) for any other.
func (c *checker) azureDo(args []ssa.Value) *Summary {
	if len(args) < 2 || !c.downloaded(args[1], 0) {
		return nil
	}
	return freshOwing(sEmpty)
}

// downloaded reports whether request v is known not to be marked with
// SkipBodyDownload, on every path.
func (c *checker) downloaded(v ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Phi:
		for _, e := range x.Edges {
			if !isNil(e) && !c.downloaded(e, depth+1) {
				return false
			}
		}
		return true
	case *ssa.Extract:
		return c.downloaded(x.Tuple, depth+1)
	case *ssa.Call:
		callee := x.Call.StaticCallee()
		if callee == nil {
			return false
		}
		if funcKey(callee) == azNewRequest {
			return !callsSkip(x.Parent())
		}
		return c.downloadMark(callee) == downloadBody
	}
	return false
}

// callsSkip reports whether fn calls runtime.SkipBodyDownload.
func callsSkip(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok && funcKey(call.Call.StaticCallee()) == azSkip {
				return true
			}
		}
	}
	return false
}

// downloadMark returns what a function that returns a request does with
// it: from the syntax of this package's functions, from the summary of
// another package's.
func (c *checker) downloadMark(fn *ssa.Function) int8 {
	obj := declared(fn)
	if obj == nil {
		return downloadUnknown
	}
	if obj.Pkg() == c.pass.Pkg {
		return c.downloadMarks()[obj.Origin()]
	}
	if s := c.importedSummaryOf(obj); s != nil {
		return s.Download
	}
	return downloadUnknown
}

// downloadMarks finds, once, the functions of this package that return an
// azcore request, and whether they mark it with SkipBodyDownload: itself,
// or through a function it gets the request from (a generated client's
// exported ...CreateRequest calls its unexported twin). A request from a
// function whose mark is unknown makes the mark unknown.
func (c *checker) downloadMarks() map[*types.Func]int8 {
	if c.downloads != nil {
		return c.downloads
	}
	c.downloads = make(map[*types.Func]int8)
	info := c.pass.TypesInfo
	type decl struct {
		skips bool
		from  []*types.Func // functions it calls that return a request
	}
	decls := make(map[*types.Func]*decl)
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, ok := info.Defs[fd.Name].(*types.Func)
			if !ok || !returnsAzRequest(obj.Signature()) {
				continue
			}
			dc := new(decl)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				fn, ok := typeutil.Callee(info, call).(*types.Func)
				switch {
				case !ok:
				case fn.FullName() == azSkip:
					dc.skips = true
				case fn.FullName() != azNewRequest && returnsAzRequest(fn.Signature()):
					dc.from = append(dc.from, fn.Origin())
				}
				return true
			})
			decls[obj] = dc
		}
	}
	var mark func(obj *types.Func, depth int) int8
	mark = func(obj *types.Func, depth int) int8 {
		if m, done := c.downloads[obj]; done {
			return m
		}
		dc := decls[obj]
		if dc == nil {
			if s := c.importedSummaryOf(obj); s != nil {
				return s.Download
			}
			return downloadUnknown
		}
		c.downloads[obj] = downloadUnknown // a cycle says nothing
		m := downloadBody
		if dc.skips {
			m = downloadSkip
		}
		for _, from := range dc.from {
			if m == downloadSkip || depth > 16 {
				break
			}
			if fm := mark(from, depth+1); fm != downloadBody {
				m = fm
			}
		}
		c.downloads[obj] = m
		return m
	}
	for obj := range decls {
		mark(obj, 0)
	}
	return c.downloads
}

// returnsAzRequest reports whether a function of this signature returns an
// azcore request (*policy.Request).
func returnsAzRequest(sig *types.Signature) bool {
	for i := 0; i < sig.Results().Len(); i++ {
		if p, ok := types.Unalias(sig.Results().At(i).Type()).(*types.Pointer); ok && isNamed(p.Elem(), azExported, "Request") {
			return true
		}
	}
	return false
}

// exportRequestFacts adds to the facts of this package's exportable
// functions that return an azcore request whether they mark it, so that
// importers know what Pipeline.Do returns for it.
func (c *checker) exportRequestFacts() {
	if len(c.downloadMarks()) == 0 {
		return
	}
	bySummary := make(map[*types.Func]*Summary)
	for fn, s := range c.summaries {
		if obj := declared(fn); obj != nil && s != nil {
			bySummary[obj] = s
		}
	}
	for obj, mark := range c.downloads {
		if !exportable(obj) {
			continue
		}
		s := new(Summary)
		if old := bySummary[obj]; old != nil {
			*s = *old
		}
		s.Download = mark
		c.pass.ExportObjectFact(obj, s)
	}
}
