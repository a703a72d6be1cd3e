// Package handleduse calls handledlib's functions from another package:
// the directive reaches it through the summaries respbody exports as facts.
package handleduse

import "handledlib"

func use(u string) {
	_, _ = handledlib.Get(u)
	_, _ = handledlib.Spaced(u)
	_, _ = handledlib.Buffered(u)
	_, _ = handledlib.Open(u)       // want `its body is never closed`
	_, _ = handledlib.DocMention(u) // want `its body is never closed`
	resp, err := handledlib.Get(u)
	if err != nil {
		return
	}
	_ = resp.StatusCode
}
