package listroute

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/respbody/respbody/internal/jsondiag"
	"golang.org/x/sync/errgroup"
)

// The cache holds, for each package analyzed, its facts and findings (or
// the analyzer's error), in a file named by the package's key. A key is a
// function of everything the package's analysis reads, so that a run
// served from the cache gives what a run without it would:
//
//   - the tool: its binary's content and the analyzer's flag values
//     (Options.ToolID);
//   - the build: the go command's version and target, the environment
//     that changes what it builds or how the source is read (GOEXPERIMENT,
//     CGO_ENABLED, GOFLAGS, the GOARCH variants, cgo's flags, see
//     buildEnvVars) and the command's build flags (-tags);
//   - the package: its ID and directory, the Go version its files are
//     written in (its module's go line: it sets the language version, and
//     -drain=auto reads it), and its files (fileKeys);
//   - its imports, by their keys: a package's facts depend on its
//     dependencies' facts, not only on their export data, so an edit
//     anywhere below a package gives it a new key, as an edit gives go
//     vet's actions new IDs.
//
// The key is computed from the files, not from the go command's build IDs,
// so that a run whose roots are all cached needs no export data, and so
// compiles nothing. Files change while a run goes on: what a run stores is
// checked against its inputs again before it is written (driver.flush).

// cacheVersion changes when the layout of an entry, or of a key, does.
const cacheVersion = "listroute 3"

// trimAge is how long an entry unused stays in the cache.
const trimAge = 5 * 24 * time.Hour

// An entry is what the cache holds for one package.
type entry struct {
	Facts map[string][]byte
	Diags []jsondiag.Diagnostic
	Err   string
	Notes []string
}

// buildEnvVars are the go env variables a key depends on, beside the
// files go list chose: what changes the compiler's view of the source
// (experiments, cgo, tags in GOFLAGS, the architecture's feature level)
// without always changing the list of files.
var buildEnvVars = []string{
	"GOVERSION", "GOOS", "GOARCH", "GOEXPERIMENT", "CGO_ENABLED", "GOFLAGS",
	"GOAMD64", "GOARM", "GOARM64", "GO386", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM",
	"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS",
}

// A buildEnv is what the key of every package depends on, beside the
// package itself.
type buildEnv struct {
	// id names the tool, the go command's version and target, the
	// buildEnvVars and the build flags.
	id string
	// goVersion is the go command's, the language version of packages
	// outside modules (the standard library's).
	goVersion string
	goarch    string
	// immutable are the folders whose files are never written after the go
	// command made them: the module cache, and a released GOROOT.
	immutable []string
}

// readBuildEnv asks the go command for the build environment of opts.
func readBuildEnv(opts *Options) (*buildEnv, error) {
	names := append([]string{"GOROOT", "GOMODCACHE"}, buildEnvVars...)
	vals, err := goEnv(opts, names...)
	if err != nil {
		return nil, err
	}
	env := make(map[string]string)
	var id strings.Builder
	fmt.Fprintf(&id, "%s\ntool %s\n", cacheVersion, opts.ToolID)
	for i, name := range names {
		env[name] = vals[i]
		if i >= 2 {
			fmt.Fprintf(&id, "%s=%q\n", name, vals[i])
		}
	}
	fmt.Fprintf(&id, "buildflags %q\n", opts.BuildFlags)
	be := &buildEnv{id: id.String(), goVersion: env["GOVERSION"], goarch: env["GOARCH"]}
	if dir := env["GOMODCACHE"]; filepath.IsAbs(dir) {
		be.immutable = append(be.immutable, dir+string(filepath.Separator))
	}
	if dir := env["GOROOT"]; filepath.IsAbs(dir) && isRelease(env["GOVERSION"]) {
		be.immutable = append(be.immutable, dir+string(filepath.Separator))
	}
	return be, nil
}

// isRelease reports whether v is a released Go version (go1.26.8), not a
// development build whose GOROOT its user edits.
func isRelease(v string) bool {
	return strings.HasPrefix(v, "go1.") && !strings.ContainsAny(v, " -+") && !strings.Contains(v, "devel")
}

// isImmutable reports whether the file name lies in a folder that is
// never written after the go command made it.
func (be *buildEnv) isImmutable(name string) bool {
	for _, dir := range be.immutable {
		if strings.HasPrefix(name, dir) {
			return true
		}
	}
	return false
}

// allImmutable reports whether every file of p's key lies in a folder
// that is never written after the go command made it.
func (be *buildEnv) allImmutable(p *pkg) bool {
	for _, name := range keyedFiles(p) {
		if !be.isImmutable(name) {
			return false
		}
	}
	return true
}

// langVersion is the Go version p is written in, as go vet gives it: its
// module's go line, or the go command's version outside modules.
func (be *buildEnv) langVersion(p *pkg) string {
	if p.Module == nil {
		return be.goVersion
	}
	return "go" + cmp.Or(p.Module.GoVersion, "1.16")
}

// cacheKeys returns the key of each package, or none where the files of a
// package or of one of its dependencies cannot be read. files is what
// fileKeys returned for the packages.
func cacheKeys(be *buildEnv, pkgs []*pkg, files map[*pkg]string) map[*pkg]string {
	keys := make(map[*pkg]string)
	done := make(map[*pkg]bool)
	var key func(p *pkg) string
	key = func(p *pkg) string {
		if done[p] {
			return keys[p]
		}
		done[p] = true
		if files[p] == "" {
			return ""
		}
		deps := slices.Clone(p.deps)
		slices.SortFunc(deps, func(a, b *pkg) int { return strings.Compare(a.ID, b.ID) })
		h := sha256.New()
		fmt.Fprintf(h, "%sid %s\ndir %s\ngo %s\nfiles %s\n", be.id, p.ID, p.Dir, be.langVersion(p), files[p])
		for _, dep := range deps {
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

// keyedFiles are the files of p that its key covers: those the compiler
// reads, and for cgo, the C files it compiles with them.
func keyedFiles(p *pkg) []string {
	return slices.Concat(p.GoFiles, p.CgoFiles, p.CFiles, p.CXXFiles, p.HFiles)
}

// fileKeys returns, for each package, a digest of its files ("" for a
// package with a file that cannot be read), and the content hash of each
// file it read.
//
// A file is known by the hash of its content, read on every run, as the
// go command does: a size and a modification time do not tell an edit
// apart when the time is restored (touch -r, a checkout or cache restored
// with fixed times) or falls in the same clock tick. The one exception is
// a file in a folder that is never written after the go command made it,
// the module cache (each module@version, checked against go.sum when it
// was downloaded) and a released GOROOT: such a file is known by its name,
// size and modification time, so the standard library and the modules a
// project depends on are not read again on every run. Editing those files
// by hand (they are read-only) is not seen: clean the cache after it.
func fileKeys(be *buildEnv, pkgs []*pkg) (map[*pkg]string, map[string]string) {
	out := make([]string, len(pkgs))
	var mu sync.Mutex
	sums := make(map[string]string)
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range pkgs {
		g.Go(func() error {
			h := sha256.New()
			for _, name := range keyedFiles(p) {
				id, sum, err := be.fileKey(name)
				if err != nil {
					return nil // no key for p
				}
				if sum != "" {
					mu.Lock()
					sums[name] = sum
					mu.Unlock()
				}
				fmt.Fprintf(h, "%s %s\n", name, id)
			}
			out[i] = hex.EncodeToString(h.Sum(nil))
			return nil
		})
	}
	g.Wait()
	m := make(map[*pkg]string, len(pkgs))
	for i, p := range pkgs {
		m[p] = out[i]
	}
	return m, sums
}

// fileKey returns what identifies the content of the file name in a key,
// and the hash of its content when it was read ("" when not).
func (be *buildEnv) fileKey(name string) (id, sum string, err error) {
	if be.isImmutable(name) {
		fi, err := os.Stat(name)
		if err != nil {
			return "", "", err
		}
		return fmt.Sprintf("stat %d %d", fi.Size(), fi.ModTime().UnixNano()), "", nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return "", "", err
	}
	sum = contentHash(data)
	return sum, sum, nil
}

// contentHash is the hash that keys know a file's content by.
func contentHash(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// entryFile is where the entry of key is kept.
func (d *driver) entryFile(key string) string {
	return filepath.Join(d.opts.CacheDir, key[:2], key)
}

// readCache returns the entry of key, or nil. An entry that cannot be read
// or decoded is a miss: the analysis runs again and writes it anew.
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

// A pendingEntry is an analysis to store once its inputs are checked
// again (flush).
type pendingEntry struct {
	p    *pkg
	key  string
	data []byte
}

// stage keeps what u holds, to be stored under key by the next flush.
func (d *driver) stage(p *pkg, key string, u *unit) {
	if key == "" {
		return
	}
	e := entry{Facts: u.facts, Diags: u.diags, Notes: u.notes}
	if u.err != nil {
		e.Err = u.err.Error()
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&e); err != nil {
		return
	}
	d.mu.Lock()
	d.pending = append(d.pending, pendingEntry{p, key, buf.Bytes()})
	d.mu.Unlock()
}

// flush stores the staged analyses whose inputs did not change while they
// ran. The files may have been edited between the computing of the keys
// and their reading by the parser or the go command (which compiled the
// export data): an analysis is stored only when the keys computed again
// now, from the files as they are, are the keys it was staged under, and
// when no package below it was parsed from other bytes than its key
// describes. Anything else would keep an answer under a key it is not the
// answer of, for every later run.
func (d *driver) flush() {
	d.flushMu.Lock()
	defer d.flushMu.Unlock()
	d.mu.Lock()
	pending := d.pending
	d.pending = nil
	noWrite := d.noWrite
	d.mu.Unlock()
	if len(pending) == 0 || noWrite {
		return
	}
	// The packages whose files may have changed: not those of the module
	// cache and a released GOROOT, which are never written again.
	var below []*pkg
	seen := make(map[*pkg]bool)
	for _, pe := range pending {
		for _, q := range append(pe.p.allImported(), pe.p) {
			if !seen[q] {
				seen[q] = true
				if !d.env.allImmutable(q) {
					below = append(below, q)
				}
			}
		}
	}
	now, _ := fileKeys(d.env, below)
	for _, pe := range pending {
		if d.filesChanged(pe.p, now) || d.parsedStale(pe.p) {
			d.mu.Lock()
			d.unstored++
			d.mu.Unlock()
			continue
		}
		if err := writeAtomic(d.entryFile(pe.key), pe.data); err != nil {
			d.cacheFailed(err)
			return
		}
	}
}

// filesChanged reports whether the files of p, or of a package below
// it, are not those its key was computed from: now are their digests as
// they are now, for the packages outside the module cache and GOROOT.
// (The keys themselves cannot be computed again: the
// imports of a cgo package, which its key does not cover, are known
// only once it is compiled.)
func (d *driver) filesChanged(p *pkg, now map[*pkg]string) bool {
	for _, q := range append(p.allImported(), p) {
		if n, ok := now[q]; ok && n != d.files[q] {
			return true
		}
	}
	return false
}

// parsedStale reports whether p, or a package below it, was parsed in
// this run from bytes other than those its key was computed from.
func (d *driver) parsedStale(p *pkg) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, q := range append(p.allImported(), p) {
		if u := d.units[q]; u != nil && u.stale {
			return true
		}
	}
	return false
}

// cacheFailed says once that the cache cannot be written, and why, and
// stops writing to it: the findings are the same, later runs slower.
func (d *driver) cacheFailed(err error) {
	d.cacheOnce.Do(func() {
		fmt.Fprintf(d.log(), "respbody: the cache in %s cannot be written, so this run stores nothing in it (set RESPBODY_CACHE to another folder, or to off): %v\n", d.opts.CacheDir, err)
	})
	d.mu.Lock()
	d.noWrite = true
	d.mu.Unlock()
}

// writeAtomic writes data to the file name, creating its folder: through
// a temporary file renamed, so that a reader sees all of it or none.
func writeAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	err = cmp.Or(werr, cerr)
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
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
	// The stamps of cache format 2 (file hashes by size and time) are not
	// used any more.
	os.Remove(filepath.Join(dir, "stamps"))
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
// RESPBODY_CACHE is "off", when there is no user cache directory, and when
// RESPBODY_DEBUG is set (a debug run prints what the analysis does, so it
// must analyze). A relative RESPBODY_CACHE is an error, as a relative
// GOCACHE is to the go command: it would name another folder in each
// directory the tool is run from.
func DefaultCacheDir() (string, error) {
	if os.Getenv("RESPBODY_DEBUG") != "" {
		return "", nil
	}
	switch dir := os.Getenv("RESPBODY_CACHE"); {
	case dir == "off":
		return "", nil
	case dir == "":
		base, err := os.UserCacheDir()
		if err != nil {
			return "", nil
		}
		return filepath.Join(base, "respbody"), nil
	case !filepath.IsAbs(dir):
		return "", fmt.Errorf("RESPBODY_CACHE is not an absolute path (%q): set it to one, or to off", dir)
	default:
		return dir, nil
	}
}
