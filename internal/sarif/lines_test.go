package sarif_test

import (
	"bytes"
	"encoding/json"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/respbody/respbody/internal/sarif"
	"golang.org/x/tools/go/analysis"
)

// TestForeignFileNotRead checks that a finding a //line directive puts in
// a file that is not Go source (here secret.txt) gets a fingerprint and
// columns that do not depend on that file's text: the file is not read.
func TestForeignFileNotRead(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	result := func(text string) (fingerprint string, column float64) {
		if err := os.WriteFile(secret, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		tf := fset.AddFile(filepath.Join(dir, "p.go"), -1, 100)
		tf.AddLineColumnInfo(0, secret, 1, 4)
		b := sarif.NewBuilder("respbody", "v0", "https://example.com", dir, rules)
		b.Add(fset, analysis.Diagnostic{Pos: tf.Pos(0), End: tf.Pos(8), Category: "unclosed", Message: "m"}, "f")
		var buf bytes.Buffer
		if err := b.Write(&buf, true); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					PartialFingerprints map[string]string
					Locations           []struct {
						PhysicalLocation struct {
							Region map[string]float64
						}
					}
				}
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		r := log.Runs[0].Results[0]
		return r.PartialFingerprints[sarif.FingerprintKey], r.Locations[0].PhysicalLocation.Region["startColumn"]
	}
	f1, c1 := result("é=TOKEN_aaaa\n")
	f2, c2 := result("é=TOKEN_bbbb\n")
	if f1 != f2 {
		t.Errorf("the fingerprint depends on the text of %s", secret)
	}
	if c1 != 4 || c2 != 4 {
		t.Errorf("start columns %v, %v; want 4 (the byte column: the file is not read)", c1, c2)
	}
}
