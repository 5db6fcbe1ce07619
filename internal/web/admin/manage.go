package admin

import (
	"errors"
	"fmt"
	"github.com/mastheadhq/masthead/internal/web"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

// manageRoutes registers the pages that keep the publication's structure:
// sections, topics, authors, static pages, menus, useful links and
// settings. Every handler checks its permission itself, for GET as for
// POST, so that a hidden link is never the only guard.
func (a *Admin) manageRoutes(mux *web.Mux) {
	mux.Handle("GET /admin/categories/{$}", a.signedIn(a.categoryList))
	mux.Handle("GET /admin/categories/new", a.signedIn(a.categoryNew))
	mux.Handle("POST /admin/categories/new", a.signedIn(a.categoryCreate))
	mux.Handle("GET /admin/categories/{id}", a.signedIn(a.categoryEdit))
	mux.Handle("POST /admin/categories/{id}", a.signedIn(a.categoryUpdate))
	mux.Handle("POST /admin/categories/{id}/move", a.signedIn(a.categoryMove))
	mux.Handle("POST /admin/categories/{id}/delete", a.signedIn(a.categoryDelete))

	mux.Handle("GET /admin/tags/{$}", a.signedIn(a.tagList))
	mux.Handle("POST /admin/tags/new", a.signedIn(a.tagCreate))
	mux.Handle("GET /admin/tags/{id}", a.signedIn(a.tagEdit))
	mux.Handle("POST /admin/tags/{id}", a.signedIn(a.tagUpdate))
	mux.Handle("POST /admin/tags/{id}/merge", a.signedIn(a.tagMerge))
	mux.Handle("POST /admin/tags/{id}/delete", a.signedIn(a.tagDelete))
	mux.Handle("GET /admin/tags.json", a.signedIn(a.tagLookup))
	mux.Handle("POST /admin/tags.json", a.signedIn(a.tagEnsure))

	mux.Handle("GET /admin/authors/{$}", a.signedIn(a.authorList))
	mux.Handle("GET /admin/authors/new", a.signedIn(a.authorNew))
	mux.Handle("POST /admin/authors/new", a.signedIn(a.authorCreate))
	mux.Handle("GET /admin/authors/{id}", a.signedIn(a.authorEdit))
	mux.Handle("POST /admin/authors/{id}", a.signedIn(a.authorUpdate))
	mux.Handle("POST /admin/authors/{id}/delete", a.signedIn(a.authorDelete))
	mux.Handle("GET /admin/authors.json", a.signedIn(a.authorLookup))

	mux.Handle("GET /admin/pages/{$}", a.signedIn(a.pageList))
	mux.Handle("GET /admin/pages/new", a.signedIn(a.pageNew))
	mux.Handle("POST /admin/pages/new", a.signedIn(a.pageCreate))
	mux.Handle("GET /admin/pages/{id}", a.signedIn(a.pageEdit))
	mux.Handle("POST /admin/pages/{id}", a.signedIn(a.pageUpdate))
	mux.Handle("POST /admin/pages/{id}/delete", a.signedIn(a.pageDelete))

	mux.Handle("GET /admin/menus/{$}", a.signedIn(a.menuList))
	mux.Handle("GET /admin/menus/{name}", a.signedIn(a.menuEdit))
	mux.Handle("POST /admin/menus/{name}", a.signedIn(a.menuUpdate))

	mux.Handle("GET /admin/banners/{$}", a.signedIn(a.bannerEdit))
	mux.Handle("POST /admin/banners/{$}", a.signedIn(a.bannerUpdate))

	mux.Handle("GET /admin/settings", a.signedIn(a.settingsEdit))
	mux.Handle("POST /admin/settings", a.signedIn(a.settingsUpdate))
}

// allow refuses the request unless the signed-in staff member may take
// action on anyone's content.
func mayManage(r *http.Request, action newsroom.Action) error {
	if !newsroom.Allowed(currentUser(r.Context()).Role, action, false) {
		return fmt.Errorf("%s: %w", action, news.ErrForbidden)
	}
	return nil
}

// pathID reads the {id} of the address; a malformed one names nothing.
func manageID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("id %q: %w", r.PathValue("id"), news.ErrNotFound)
	}
	return id, nil
}

// field returns a posted value without surrounding white space.
func formText(r *http.Request, name string) string {
	return strings.TrimSpace(r.PostFormValue(name))
}

// doneAt sends the browser to addr with a confirmation, after a POST, so
// that reloading the page does not repeat the action.
func redirectDone(w http.ResponseWriter, r *http.Request, addr, notice string) {
	u := addr + "?done=" + url.QueryEscape(notice)
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// formProblems collects what is wrong with a submitted form, in words the
// person who filled it in can act on. Nothing is saved while there are any.
type formProblems []string

func (p *formProblems) add(format string, args ...any) {
	*p = append(*p, fmt.Sprintf(format, args...))
}

// slugOf returns the slug a form asks for: the one typed, tidied into
// slug form, or one made from the name when the field is empty.
func formSlug(typed, name string, p *formProblems) string {
	s := typed
	if s == "" {
		s = name
	}
	if !news.ValidSlug(s) {
		s = news.Slugify(s)
	}
	if s == "" {
		p.add("The slug needs at least one letter or digit (the address is made from it).")
	}
	return s
}

// storeProblem turns a refusal by the store into a sentence for the form;
// other errors are not the user's to fix and are returned.
func storeRefusal(err error, what string, p *formProblems) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, news.ErrConflict):
		p.add("Another %s already uses this slug; choose a different one.", what)
		return nil
	case errors.Is(err, news.ErrInvalid):
		p.add("The %s could not be saved as given; check every field.", what)
		return nil
	}
	return err
}

// linkProblem accepts addresses a reader's browser can follow safely: a path
// on this site, or a full http or https address. It returns the problem
// in words, or "".
func linkProblem(raw string) string {
	if raw == "" {
		return "give an address"
	}
	if strings.ContainsAny(raw, " \t\r\n\\") {
		return "an address cannot contain spaces or backslashes"
	}
	if strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "//") {
		if _, err := url.Parse(raw); err != nil {
			return "the address is not well formed"
		}
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "use a path on this site starting with / (such as /about/) or a full address starting with http:// or https://"
	}
	return ""
}

// formImage checks that a typed image id names a picture in the media
// library. An empty field means no picture.
func (a *Admin) formImage(r *http.Request, typed, what string, p *formProblems) *news.Image {
	if typed == "" {
		return nil
	}
	id, err := strconv.ParseInt(typed, 10, 64)
	if err != nil || id <= 0 {
		p.add("%s: the image id must be a number from the media library.", what)
		return nil
	}
	img, err := a.store.Image(r.Context(), id)
	if err != nil {
		p.add("%s: there is no image %d in the media library.", what, id)
		return nil
	}
	return &img
}

// imageID is the id a form shows for an optional image.
func imageIDText(img *news.Image) string {
	if img == nil || img.ID == 0 {
		return ""
	}
	return strconv.FormatInt(img.ID, 10)
}

// socialRow is one line of a social links table in a form.
type socialRow struct {
	N       int // 1-based, for labels
	Network string
	URL     string
}

// socialRows returns the links as form rows, with blank rows to add more.
func socialRows(links []news.SocialLink, blanks int) []socialRow {
	rows := make([]socialRow, 0, len(links)+blanks)
	for _, l := range links {
		rows = append(rows, socialRow{Network: l.Network, URL: l.URL})
	}
	for range blanks {
		rows = append(rows, socialRow{})
	}
	return numberSocialRows(rows)
}

// postedSocialLinks reads the social links table of a form; empty rows are
// dropped, half-filled or unsafe ones are reported as problems.
func postedSocialLinks(r *http.Request, p *formProblems) ([]news.SocialLink, []socialRow) {
	networks, urls := r.PostForm["link_network"], r.PostForm["link_url"]
	var links []news.SocialLink
	var rows []socialRow
	for i := range max(len(networks), len(urls)) {
		row := socialRow{Network: strings.TrimSpace(nthValue(networks, i)), URL: strings.TrimSpace(nthValue(urls, i))}
		rows = append(rows, row)
		if row.Network == "" && row.URL == "" {
			continue
		}
		switch {
		case row.Network == "":
			p.add("Link %d: name the network or site (for example x, facebook or website).", i+1)
		case linkProblem(row.URL) != "" || strings.HasPrefix(row.URL, "/"):
			p.add("Link %d (%s): give the full address, starting with https://.", i+1, row.Network)
		default:
			links = append(links, news.SocialLink{Network: strings.ToLower(row.Network), URL: row.URL})
		}
	}
	return links, numberSocialRows(append(rows, socialRow{}))
}

func numberSocialRows(rows []socialRow) []socialRow {
	for i := range rows {
		rows[i].N = i + 1
	}
	return rows
}

func nthValue(values []string, i int) string {
	if i < len(values) {
		return values[i]
	}
	return ""
}

// sameFold reports whether two names read the same, whatever the case,
// accents or keyboard they were typed on.
func sameFolded(a, b string) bool { return news.Fold(a) == news.Fold(b) }
