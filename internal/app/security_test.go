package app_test

import (
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
)

// wildcard matches a pattern's {name}, {name...} and {$} segments.
var wildcard = regexp.MustCompile(`\{[^}]*\}`)

// concretePath turns a route pattern's path into an address it serves:
// every wildcard becomes "1", the end marker {$} disappears.
func concretePath(path string) string {
	return wildcard.ReplaceAllStringFunc(path, func(w string) string {
		if w == "{$}" {
			return ""
		}
		return "1"
	})
}

// stateChanging splits the handler's route patterns into the requests
// that may change something: every POST, PUT, PATCH and DELETE route,
// and a POST to each route registered without a method.
func stateChanging(routes []string) []string {
	var out []string
	for _, r := range routes {
		method, path, ok := strings.Cut(r, " ")
		if !ok {
			out = append(out, "POST "+concretePath(r))
			continue
		}
		switch method {
		case "POST", "PUT", "PATCH", "DELETE":
			out = append(out, method+" "+concretePath(path))
		}
	}
	return out
}

// TestEveryStateChangingRouteRefusesCrossSiteRequests walks the router:
// a route added tomorrow is covered without touching this test.
func TestEveryStateChangingRouteRefusesCrossSiteRequests(t *testing.T) {
	n := newNewsroom(t)
	n.createUser("chief@example.org", "Chief", "administrator", "the chief's long password")
	admin := n.signIn("chief@example.org", "the chief's long password")
	ctx := t.Context()
	before, err := n.main.Store.AllUsers(ctx)
	must(t, err)

	requests := stateChanging(n.main.Routes())
	if len(requests) < 40 {
		t.Fatalf("only %d state-changing routes found: the router walk is broken", len(requests))
	}
	base, _ := url.Parse(n.srv.URL)
	exempt := 0
	for _, r := range requests {
		method, path, _ := strings.Cut(r, " ")
		if r == web.CrossSiteExempt {
			// Mail providers POST one-click unsubscribes from their own
			// sites (RFC 8058): checked below instead.
			exempt++
			continue
		}
		form := url.Values{"name": {"Mallory"}, "email": {"mallory@evil.example"}, "role": {"administrator"}, "title": {"Owned"}}
		req, _ := http.NewRequest(method, n.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		for _, c := range admin.Jar.Cookies(base) {
			req.AddCookie(c)
		}
		resp, err := admin.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s from another site, signed in as an administrator: %d, want 403", r, resp.StatusCode)
		}
	}
	after, err := n.main.Store.AllUsers(ctx)
	must(t, err)
	if len(after) != len(before) {
		t.Errorf("cross-site requests changed the staff: %d accounts before, %d after", len(before), len(after))
	}
	if n, err := n.main.Store.CountArticles(ctx, storeFilterAll()); err != nil || n != 0 {
		t.Errorf("cross-site requests made %d articles (%v)", n, err)
	}
	if exempt != 1 {
		t.Errorf("the cross-site exemption %q matched %d routes, want exactly 1", web.CrossSiteExempt, exempt)
	}
	// The exempt route does nothing without a token made by the site: a
	// subscriber's id with a made-up signature changes nothing.
	sub := news.Subscriber{Email: "reader@example.org", Digest: true, ConfirmedAt: time.Now()}
	must(t, n.main.Store.CreateSubscriber(ctx, &sub))
	forged := base64.RawURLEncoding.EncodeToString(append(binary.BigEndian.AppendUint64(nil, uint64(sub.ID)), make([]byte, 16)...))
	for _, token := range []string{"", "forged", forged} {
		req, _ := http.NewRequest("POST", n.srv.URL+web.CrossSiteExempt[len("POST "):]+"?t="+token, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := admin.Do(req)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("cross-site unsubscribe with token %q: %d, want 400", token, resp.StatusCode)
		}
	}
	if _, err := n.main.Store.Subscriber(ctx, sub.ID); err != nil {
		t.Errorf("a forged cross-site unsubscribe removed the subscriber: %v", err)
	}
	// The same session still works from the site itself.
	if resp, _ := n.do(admin, "GET", "/admin/", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the administrator's own dashboard: %d", resp.StatusCode)
	}
}

func TestNoOpenRedirects(t *testing.T) {
	n := newNewsroom(t)
	n.createUser("chief@example.org", "Chief", "administrator", "the chief's long password")
	for _, next := range []string{
		"//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
		"javascript:alert(1)", "/admin/\r\nLocation: https://evil.example", "http:evil.example", "/%2F%2Fevil.example",
	} {
		b := n.browser()
		resp, _ := n.do(b, "POST", "/admin/login", url.Values{"email": {"chief@example.org"}, "password": {"the chief's long password"}, "next": {next}})
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !localRedirect(loc) {
			t.Errorf("sign-in with next=%q: %d to %q", next, resp.StatusCode, loc)
		}
		resp, _ = n.do(n.browser(), "POST", "/consent", url.Values{"next": {next}})
		if loc := resp.Header.Get("Location"); !localRedirect(loc) {
			t.Errorf("consent with next=%q: %d to %q", next, resp.StatusCode, loc)
		}
	}
}

// localRedirect reports whether a Location stays on this site.
func localRedirect(loc string) bool {
	u, err := url.Parse(loc)
	return err == nil && u.Scheme == "" && u.Host == "" && strings.HasPrefix(loc, "/") &&
		!strings.HasPrefix(loc, "//") && !strings.Contains(loc, "\\")
}

func TestRolesCannotReachPastTheirRights(t *testing.T) {
	d := newDesk(t)
	form := d.editorForm(d.editor, "/admin/articles/new")
	form.Set("title", "Editor's piece")
	id := d.save(d.editor, "/admin/articles/", form, "saved")
	path := "/admin/articles/" + itoa(id) + "/"

	// A contributor can neither read, save, restore, preview nor delete
	// someone else's article, whatever the form says.
	for _, r := range []struct{ method, path string }{
		{"GET", path}, {"POST", path}, {"GET", path + "revisions"}, {"GET", path + "diff?from=1&to=1"},
		{"POST", path + "restore"}, {"POST", path + "preview"}, {"POST", path + "delete"}, {"POST", path + "autosave"},
	} {
		body := url.Values{"title": {"Taken over"}, "version": {"1"}, "step": {"publish"}, "version_": {"1"}}
		var f url.Values
		if r.method == "POST" {
			f = body
		}
		if resp, _ := d.do(d.contributor, r.method, r.path, f); resp.StatusCode != http.StatusForbidden {
			t.Errorf("contributor %s %s: %d, want 403", r.method, r.path, resp.StatusCode)
		}
	}
	art, err := d.main.Store.Article(t.Context(), id)
	must(t, err)
	if art.Title != "Editor's piece" || art.Status != news.StatusDraft {
		t.Errorf("after the contributor's attempts: %q %s", art.Title, art.Status)
	}
	// Staff management and settings are for administrators only.
	for _, p := range []string{"/admin/users/", "/admin/settings", "/admin/audit"} {
		if resp, _ := d.do(d.editor, "GET", p, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor GET %s: %d, want 403", p, resp.StatusCode)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func storeFilterAll() store.ArticleFilter { return store.ArticleFilter{} }

// TestReservedPageSlugsCoverTheRoutes keeps static pages off the paths
// the site serves itself: a page at /account/ could never be reached.
func TestReservedPageSlugsCoverTheRoutes(t *testing.T) {
	for _, pattern := range demoSite.main.Routes() {
		path := pattern
		if _, p, ok := strings.Cut(pattern, " "); ok {
			path = p
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
		// A file (/robots.txt) cannot clash with a page at /robots/.
		if first == "" || strings.HasPrefix(first, "{") || strings.Contains(first, ".") {
			continue
		}
		if !slices.Contains(newsroom.ReservedPageSlugs, first) {
			t.Errorf("route %q: %q is not a reserved page slug", pattern, first)
		}
	}
}
