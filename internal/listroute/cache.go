package listroute

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/respbody/respbody/internal/vetroute"
)

// The cache holds, for each package analyzed, its facts and findings (or
// the analyzer's error), in a file named by the package's key. The key
// hashes the tool's identity, the package's ID and directory, the go
// command's build ID of its compiled package (which covers its files,
// build flags and the export data of its imports), and the keys of the
// packages it imports. A package's facts depend on its dependencies' facts,
// not only on their export data, hence the keys of the dependencies rather
// than their build IDs: an edit anywhere below a package gives it a new
// key, as an edit gives go vet's actions new IDs.

// cacheVersion changes when the layout of an entry does.
const cacheVersion = "listroute 1"

// trimAge is how long an entry unused stays in the cache.
const trimAge = 5 * 24 * time.Hour

// An entry is what the cache holds for one package.
type entry struct {
	Facts map[string][]byte
	Diags []vetroute.Diagnostic
	Err   string
}

// cacheKeys returns the key of each package, or none where a package or
// one of its dependencies has no build ID.
func cacheKeys(opts *Options, pkgs []*pkg, goVersion string) map[*pkg]string {
	keys := make(map[*pkg]string)
	if opts.CacheDir == "" || opts.ToolID == "" {
		return keys
	}
	done := make(map[*pkg]bool)
	var key func(p *pkg) string
	key = func(p *pkg) string {
		if done[p] {
			return keys[p]
		}
		done[p] = true
		if p.BuildID == "" {
			return ""
		}
		deps := slices.Clone(p.deps)
		slices.SortFunc(deps, func(a, b *pkg) int { return strings.Compare(a.ID, b.ID) })
		h := sha256.New()
		fmt.Fprintf(h, "%s\ntool %s\ngo %s\nid %s\ndir %s\nbuild %s\n", cacheVersion, opts.ToolID, goVersion, p.ID, p.Dir, p.BuildID)
		for _, dep := range deps {
			if dep.ID == "unsafe" {
				continue
			}
			k := key(dep)
			if k == "" {
				return ""
			}
			fmt.Fprintf(h, "dep %s %s\n", dep.ID, k)
		}
		keys[p] = hex.EncodeToString(h.Sum(nil))
		return keys[p]
	}
	for _, p := range pkgs {
		key(p)
	}
	return keys
}

// entryFile is where the entry of key is kept.
func (d *driver) entryFile(key string) string {
	return filepath.Join(d.opts.CacheDir, key[:2], key)
}

// readCache returns the entry of key, or nil.
func (d *driver) readCache(key string) *entry {
	if key == "" {
		return nil
	}
	name := d.entryFile(key)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	e := new(entry)
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(e); err != nil {
		return nil
	}
	// Mark it used, at most once an hour, so that trimming keeps it.
	if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > time.Hour {
		now := time.Now()
		os.Chtimes(name, now, now)
	}
	return e
}

// writeCache stores what u holds under key. A cache that cannot be written
// costs the next run time, nothing else.
func (d *driver) writeCache(key string, u *unit) {
	if key == "" {
		return
	}
	e := entry{Facts: u.facts, Diags: u.diags}
	if u.err != nil {
		e.Err = u.err.Error()
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&e); err != nil {
		return
	}
	name := d.entryFile(key)
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), key+".*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), name) != nil {
		os.Remove(tmp.Name())
	}
}

// Trim removes the entries of dir unused for trimAge, at most once a day.
func Trim(dir string) {
	if dir == "" {
		return
	}
	marker := filepath.Join(dir, "trim.txt")
	if fi, err := os.Stat(marker); err == nil && time.Since(fi.ModTime()) < 24*time.Hour {
		return
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return
	}
	if err := os.WriteFile(marker, []byte("respbody's cache was last trimmed at this file's modification time\n"), 0o666); err != nil {
		return
	}
	subdirs, _ := os.ReadDir(dir)
	for _, sd := range subdirs {
		if !sd.IsDir() {
			continue
		}
		entries, _ := os.ReadDir(filepath.Join(dir, sd.Name()))
		for _, e := range entries {
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > trimAge {
				os.Remove(filepath.Join(dir, sd.Name(), e.Name()))
			}
		}
	}
}

// ExecutableID identifies the running binary by the hash of its content,
// and the extra strings (an analyzer's flag values), for cache keys; ""
// when the binary cannot be read, which turns the cache off.
func ExecutableID(extra ...string) string {
	self, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(self)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	fmt.Fprintf(h, "\n%s\n", strings.Join(extra, "\n"))
	return hex.EncodeToString(h.Sum(nil))
}

// DefaultCacheDir is the directory of the cache: $RESPBODY_CACHE, or
// respbody under the user's cache directory; "" (no cache) when
// RESPBODY_CACHE is "off" or there is no user cache directory.
func DefaultCacheDir() string {
	switch dir := os.Getenv("RESPBODY_CACHE"); dir {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(base, "respbody")
	default:
		return dir
	}
}
