// Package theme owns the look of the reader site: the embedded default
// templates and static files, the --theme directory that overlays them by
// path, and the content-hashed asset URLs that let browsers cache forever.
package theme

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/web/pagecache"
)

//go:embed templates static i18n
var embedded embed.FS

// Theme is a parsed set of page templates and hashed static assets.
type Theme struct {
	// pages holds each page template once per catalogue language, with
	// the translation functions bound to it.
	pages      map[string]map[string]*template.Template
	catalogues map[string]*catalogue
	assets     map[string]*asset // by logical name, e.g. "site.css"
	hashed     map[string]string
	// loaded is when the theme was read: the Last-Modified of its files,
	// which embedding leaves without times of their own.
	loaded time.Time
	// custom is set when an operator's directory is laid over the
	// built-in theme.
	custom bool
}

type asset struct {
	name    string
	hashed  string // e.g. "site.3f9a1c2b7d.css"
	body    []byte
	ctype   string
	version string
	// gzip and brotli hold the compressed forms once made (in the
	// background at start-up, so that start-up does not wait for them).
	gzip, brotli atomic.Pointer[[]byte]
}

// Load parses the default theme with dir, when not empty, laid over it:
// a file at the same relative path in dir replaces the embedded one.
func Load(dir string, funcs template.FuncMap) (*Theme, error) {
	var files fs.FS = mustSub(embedded, ".")
	if dir != "" {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("theme directory: %w", err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("theme directory %s is not a directory", dir)
		}
		// os.Root keeps a theme's symlinks from reaching outside its folder.
		root, err := os.OpenRoot(dir)
		if err != nil {
			return nil, fmt.Errorf("theme directory: %w", err)
		}
		files = overlay{top: root.FS(), base: files}
	}
	t := &Theme{assets: map[string]*asset{}, hashed: map[string]string{}, loaded: time.Now().UTC().Truncate(time.Second), custom: dir != ""}
	if err := t.loadAssets(files); err != nil {
		return nil, err
	}
	if err := t.loadCatalogues(files); err != nil {
		return nil, err
	}
	all := template.FuncMap{"asset": t.AssetURL}
	for k, v := range t.funcsFor(DefaultLanguage) {
		all[k] = v
	}
	for k, v := range funcs {
		all[k] = v
	}
	if err := t.loadPages(files, all); err != nil {
		return nil, err
	}
	go t.compressAssets()
	return t, nil
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// loadPages parses every templates/pages/*.html together with the shared
// layout and partials, so each page is one self-contained template set.
func (t *Theme) loadPages(files fs.FS, funcs template.FuncMap) error {
	shared, err := globAll(files, "templates/layout/*.html")
	if err != nil {
		return err
	}
	pages, err := globAll(files, "templates/pages/*.html")
	if err != nil {
		return err
	}
	if len(pages) == 0 {
		return errors.New("theme has no templates/pages/*.html")
	}
	base := template.New("").Funcs(funcs)
	for _, name := range shared {
		if err := parseFile(base, files, name); err != nil {
			return err
		}
	}
	t.pages = map[string]map[string]*template.Template{}
	for _, name := range pages {
		page, err := base.Clone()
		if err != nil {
			return err
		}
		if err := parseFile(page, files, name); err != nil {
			return err
		}
		byLang := map[string]*template.Template{}
		for lang := range t.catalogues {
			clone, err := page.Clone()
			if err != nil {
				return err
			}
			byLang[lang] = clone.Funcs(t.funcsFor(lang))
		}
		t.pages[strings.TrimSuffix(path.Base(name), ".html")] = byLang
	}
	return nil
}

func parseFile(into *template.Template, files fs.FS, name string) error {
	b, err := fs.ReadFile(files, name)
	if err != nil {
		return err
	}
	if _, err := into.New(path.Base(name)).Parse(string(b)); err != nil {
		return fmt.Errorf("theme template %s: %w", name, err)
	}
	return nil
}

// globAll is fs.Glob over an overlay: names from both layers, once each.
func globAll(files fs.FS, pattern string) ([]string, error) {
	layers := []fs.FS{files}
	if o, ok := files.(overlay); ok {
		layers = []fs.FS{o.base, o.top}
	}
	var names []string
	for _, layer := range layers {
		found, err := fs.Glob(layer, pattern)
		if err != nil {
			return nil, err
		}
		names = append(names, found...)
	}
	sort.Strings(names)
	out := names[:0]
	for i, n := range names {
		if i == 0 || names[i-1] != n {
			out = append(out, n)
		}
	}
	return out, nil
}

func (t *Theme) loadAssets(files fs.FS) error {
	names, err := globAll(files, "static/*")
	if err != nil {
		return err
	}
	for _, name := range names {
		body, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		switch path.Ext(name) {
		case ".js":
			body = minified("text/javascript", body)
		case ".css":
			body = minified("text/css", body)
		}
		sum := sha256.Sum256(body)
		version := hex.EncodeToString(sum[:5])
		base := path.Base(name)
		ext := path.Ext(base)
		a := &asset{
			name:    base,
			hashed:  strings.TrimSuffix(base, ext) + "." + version + ext,
			body:    body,
			ctype:   mime.TypeByExtension(ext),
			version: version,
		}
		if a.ctype == "" {
			a.ctype = http.DetectContentType(body)
		}
		t.assets[base] = a
		t.hashed[a.hashed] = base
	}
	return nil
}

// AssetPrefix is where static assets are served.
const AssetPrefix = "/assets/"

// AssetURL returns the content-hashed address of a static file, so a
// changed file gets a new address and an unchanged one stays cached.
func (t *Theme) AssetURL(name string) (string, error) {
	a, ok := t.assets[name]
	if !ok {
		return "", fmt.Errorf("theme has no static file %q", name)
	}
	return AssetPrefix + a.hashed, nil
}

// AssetSize returns the size in bytes of a static file.
func (t *Theme) AssetSize(name string) int {
	return len(t.assets[name].body)
}

// Render executes the named page template into a buffer, so that a
// failing template never sends half a page.
//
// The page's language, when data has one (a Language method), picks the
// catalogue its words come from.
func (t *Theme) Render(name string, data any) ([]byte, error) {
	page, err := t.page(name, data)
	if err != nil {
		return nil, err
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := page.ExecuteTemplate(buf, name+".html", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	// A copy of the exact size: the page cache keeps pages for long, and
	// a buffer grown by doubling holds up to twice the page.
	return bytes.Clone(buf.Bytes()), nil
}

// langOnly is a bare language code standing for a page's data.
type langOnly string

func (l langOnly) Language() string { return string(l) }

// page is the named page's template set in the catalogue of data's
// language (its Language method), or the default language's.
func (t *Theme) page(name string, data any) (*template.Template, error) {
	byLang, ok := t.pages[name]
	if !ok {
		return nil, fmt.Errorf("theme has no page template %q", name)
	}
	lang := DefaultLanguage
	if l, ok := data.(interface{ Language() string }); ok {
		lang = t.catalogueFor(l.Language()).lang
	}
	return byLang[lang], nil
}

// renderBuffers are reused between renders, so that a page is written
// into a buffer already grown to a page's size instead of one grown
// from nothing (a dozen allocations and copies per page).
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer bounds the buffers kept for reuse: one huge page must
// not pin its buffer.
const maxPooledBuffer = 1 << 20

func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledBuffer {
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}

// RenderPart executes one named template of a page's set, such as a part
// of the page the page cache renders again on its own, in the words of
// the language lang (the page's).
func (t *Theme) RenderPart(page, name, lang string, data any) ([]byte, error) {
	set, err := t.page(page, langOnly(lang))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("render %s of %s: %w", name, page, err)
	}
	return buf.Bytes(), nil
}

// Custom reports whether an operator's directory is laid over the
// built-in theme: its templates may read anything a page holds.
func (t *Theme) Custom() bool { return t.custom }

// Has reports whether the theme has a page template of that name.
func (t *Theme) Has(name string) bool {
	_, ok := t.pages[name]
	return ok
}

// ServeAsset serves a static file by its hashed name with a year-long
// immutable cache, or by its plain name with a short one (for links from
// outside, such as a favicon). Unknown names are 404. A reader who accepts
// brotli or gzip gets the file compressed once made; validators (the
// content hash, the load time) answer 304.
func (t *Theme) ServeAsset(w http.ResponseWriter, r *http.Request, file string) {
	cache := "public, max-age=31536000, immutable"
	name, ok := t.hashed[file]
	if !ok {
		name, cache = file, "public, max-age=300"
	}
	a, ok := t.assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag, body, encoding := `"`+a.version+`"`, a.body, ""
	gz, br := pagecache.AcceptsEncodings(r)
	if p := a.brotli.Load(); br && p != nil {
		body, encoding = *p, "br"
	} else if p := a.gzip.Load(); gz && p != nil {
		body, encoding = *p, "gzip"
	}
	if encoding != "" {
		etag = `"` + a.version + "-" + encoding + `"`
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", cache)
	h.Set("ETag", etag)
	h.Set("Last-Modified", t.loaded.Format(http.TimeFormat))
	h.Set("Vary", "Accept-Encoding")
	if pagecache.NotModified(r, t.loaded, `"`+a.version+`"`, `"`+a.version+`-br"`, `"`+a.version+`-gzip"`) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if encoding != "" {
		h.Set("Content-Encoding", encoding)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body) //nolint:errcheck // a failed write means the reader left
	}
}

// compressAssets makes the gzip and brotli forms of the text assets, at
// brotli's highest level: done once, in the background, for files every
// reader fetches.
func (t *Theme) compressAssets() {
	for _, a := range t.assets {
		if !compressible(a.ctype) || len(a.body) < 512 {
			continue
		}
		gz := pagecache.GzipBytes(a.body)
		a.gzip.Store(&gz)
		br := pagecache.BrotliBytes(a.body, 11)
		a.brotli.Store(&br)
	}
}

// compressible reports whether a type is text that compression shrinks;
// pictures and fonts are compressed already.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "xml") || strings.HasPrefix(ctype, "image/svg")
}

// overlay reads a file from top when it has it, otherwise from base.
type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	return o.base.Open(name)
}
