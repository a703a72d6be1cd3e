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
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/respbody/respbody/internal/vetroute"
)

// The cache holds, for each package analyzed, its facts and findings (or
// the analyzer's error), in a file named by the package's key. The key
// hashes the tool's identity, the go command's version and target, the
// package's ID and directory, its source files' names and contents
// (fileHashes), and the keys of the packages it imports. A
// package's facts depend on its dependencies' facts, not only on their
// export data, hence the keys of the dependencies: an edit anywhere below a
// package gives it a new key, as an edit gives go vet's actions new IDs.
// The key is computed from the files, not from the go command's build IDs,
// so that a run whose roots are all cached needs no export data, and so
// compiles nothing.

// cacheVersion changes when the layout of an entry, or of a key, does.
const cacheVersion = "listroute 2"

// trimAge is how long an entry unused stays in the cache.
const trimAge = 5 * 24 * time.Hour

// An entry is what the cache holds for one package.
type entry struct {
	Facts map[string][]byte
	Diags []vetroute.Diagnostic
	Err   string
}

// cacheKeys returns the key of each package, or none where the files of a
// package or of one of its dependencies cannot be read. target names the
// go command's version and target platform.
func cacheKeys(opts *Options, pkgs []*pkg, target string) map[*pkg]string {
	keys := make(map[*pkg]string)
	if opts.CacheDir == "" || opts.ToolID == "" {
		return keys
	}
	files := fileHashes(pkgs, opts.CacheDir)
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
		fmt.Fprintf(h, "%s\ntool %s\ntarget %s\nid %s\ndir %s\nfiles %s\n", cacheVersion, opts.ToolID, target, p.ID, p.Dir, files[p])
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

// fileHashes hashes each package's source files (GoFiles and CgoFiles)
// by name and content; "" for a package with a file that cannot be read.
// Reading every file of the graph (std included) on every run would cost
// a re-run half a second on a large module, so, as the go command does,
// the hash of a file is remembered with its size and modification time
// (stamps, kept in the cache directory) and read again only when they
// changed, or when the file was written in the last few seconds: the file
// system's clock may not tell two writes in the same tick apart.
func fileHashes(pkgs []*pkg, cacheDir string) map[*pkg]string {
	st := loadStamps(cacheDir)
	out := make([]string, len(pkgs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				h := sha256.New()
				ok := true
				for _, name := range slices.Concat(pkgs[i].GoFiles, pkgs[i].CgoFiles) {
					sum, err := st.hash(name)
					if err != nil {
						ok = false
						break
					}
					fmt.Fprintf(h, "%s %s\n", name, sum)
				}
				if ok {
					out[i] = hex.EncodeToString(h.Sum(nil))
				}
			}
		}()
	}
	for i := range pkgs {
		next <- i
	}
	close(next)
	wg.Wait()
	st.save()
	m := make(map[*pkg]string, len(pkgs))
	for i, p := range pkgs {
		m[p] = out[i]
	}
	return m
}

// recentWrite is how recent a modification must be for a file's
// remembered hash not to be trusted.
const recentWrite = 3 * time.Second

// A stamp is what identifies a file's content without reading it.
type stamp struct {
	Size    int64
	ModTime int64 // nanoseconds
	Hash    string
}

// stamps remembers the hashes of files, by name.
type stamps struct {
	file    string // "" when there is no cache directory
	recent  time.Time
	mu      sync.Mutex
	m       map[string]stamp
	changed bool
}

// loadStamps reads the stamps kept in dir.
func loadStamps(dir string) *stamps {
	st := &stamps{recent: time.Now().Add(-recentWrite), m: make(map[string]stamp)}
	if dir == "" {
		return st
	}
	st.file = filepath.Join(dir, "stamps")
	if data, err := os.ReadFile(st.file); err == nil {
		if gob.NewDecoder(bytes.NewReader(data)).Decode(&st.m) != nil {
			st.m = make(map[string]stamp)
		}
	}
	return st
}

// hash returns the hash of the file's content.
func (st *stamps) hash(name string) (string, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return "", err
	}
	old := fi.ModTime().Before(st.recent)
	st.mu.Lock()
	s, ok := st.m[name]
	st.mu.Unlock()
	if ok && old && s.Size == fi.Size() && s.ModTime == fi.ModTime().UnixNano() {
		return s.Hash, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if old {
		st.mu.Lock()
		st.m[name] = stamp{fi.Size(), fi.ModTime().UnixNano(), sum}
		st.changed = true
		st.mu.Unlock()
	}
	return sum, nil
}

// save writes the stamps back, if they changed: another run may have
// written its own meanwhile, and the last one wins, which costs only
// hashing again.
func (st *stamps) save() {
	if st.file == "" || !st.changed {
		return
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(st.m) != nil {
		return
	}
	writeAtomic(st.file, buf.Bytes())
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
	writeAtomic(d.entryFile(key), buf.Bytes())
}

// writeAtomic writes data to the file name, creating its folder: through
// a temporary file renamed, so that a reader sees all of it or none. A
// cache that cannot be written costs the next run time, nothing else.
func writeAtomic(name string, data []byte) {
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
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
