package site

import (
	"errors"
	"html/template"
	"net/http"
	"path"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
)

func (s *Site) staticPage(w http.ResponseWriter, r *http.Request, slug string) error {
	p, err := s.store.PageBySlug(r.Context(), slug)
	if err != nil {
		return err
	}
	if p.Status != news.StatusPublished || p.PublishedAt.After(s.now()) {
		return notFound("page " + slug)
	}
	base, err := s.base(r)
	if err != nil {
		return err
	}
	page := staticPage{basePage: base, Heading: p.Title, Body: template.HTML(p.Body), Updated: base.chrome.dateIn(p.UpdatedAt)}
	page.Title = p.Title
	page.Breadcrumbs = []link{{Label: base.Site.Name, URL: "/"}, {Label: p.Title}}
	d := &deps{}
	d.chrome(base.chrome)
	d.add(store.PageKey(p.ID))
	return s.renderCached(w, r, "page", page, d)
}

// consent records the reader's answer to the privacy notice, for readers
// without JavaScript (the script sets the same cookie itself), and sends
// them back where they were.
func (s *Site) consent(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{
		Name: consentCookie, Value: consentValue(r.FormValue("choice")), Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r),
	})
	http.Redirect(w, r, localPath(r.FormValue("next")), http.StatusSeeOther)
	return nil
}

// consentValue is the cookie's value for the button pressed: "1" for
// Accept, "0" for Refuse. Either hides the notice; nothing on the site
// sets other cookies or loads trackers either way, so the value is kept
// only for whatever a publication's theme or a later feature may need.
// A form without a choice (from a page cached before Refuse existed)
// counts as Accept, the only button it had.
func consentValue(choice string) string {
	if choice == "refuse" {
		return "0"
	}
	return "1"
}

// localPath returns p when it is a path on this site, and "/" otherwise,
// so that no parameter can send a reader to another site.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n\t") {
		return "/"
	}
	return p
}

// asset serves theme files by their hashed names.
func (s *Site) asset(w http.ResponseWriter, r *http.Request) {
	s.theme.ServeAsset(w, r, r.PathValue("file"))
}

// mediaFile serves an uploaded file. Keys are content-addressed, so the
// file under a key never changes and may be cached for a year.
func (s *Site) mediaFile(w http.ResponseWriter, r *http.Request) error {
	f, err := s.media.Open(r.Context(), r.PathValue("key"))
	if err != nil {
		if errors.Is(err, news.ErrInvalid) {
			return notFound("media " + r.PathValue("key"))
		}
		return err
	}
	defer f.Close()
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	// Every file here is a picture whose type was read from its content at
	// upload, and its key's extension says which. Originals are kept byte
	// for byte, so one may also be valid as HTML or script (a polyglot):
	// an image type, nosniff and a sandbox with no sources make sure a
	// browser only ever treats it as a picture, even when opened directly.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors 'none'")
	if mime, ok := mediaTypes[path.Ext(r.PathValue("key"))]; ok {
		h.Set("Content-Type", mime)
	} else {
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Content-Disposition", "attachment")
	}
	http.ServeContent(w, r, r.PathValue("key"), f.ModTime(), f)
	return nil
}

// mediaTypes are the types media files are served with, by extension:
// fixed here rather than taken from the system's MIME table, which
// differs between machines.
var mediaTypes = map[string]string{
	".jpg":  "image/jpeg",
	".png":  "image/png",
	".gif":  "image/gif",
	".webp": "image/webp",
}
