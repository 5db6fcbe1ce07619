package admin

import (
	"net/http"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

// base is what every signed-in newsroom page shows around its content:
// the title, who is signed in, the navigation they may use, and a notice
// left by the previous action. Page structs embed it.
type base struct {
	Title  string
	User   news.User
	Nav    []navLink
	Notice string // a one-line confirmation, e.g. "Saved."
	Error  string // a one-line problem with what was asked
}

type navLink struct {
	Label   string
	URL     string
	Current bool
}

// sections lists the newsroom's areas in menu order with the action that
// opens each; a role that may not take the action does not see the link
// (and the server refuses the pages anyway).
var sections = []struct {
	label, url string
	action     newsroom.Action
}{
	{"Dashboard", "/admin/", newsroom.ViewDashboard},
	{"Articles", "/admin/articles/", newsroom.WriteArticle},
	{"Wire", "/admin/wire/", newsroom.ReadWire},
	{"Media", "/admin/media/", newsroom.UploadMedia},
	{"Sections", "/admin/categories/", newsroom.ManageCategories},
	{"Topics", "/admin/tags/", newsroom.ManageTags},
	{"Authors", "/admin/authors/", newsroom.ManageAuthors},
	{"Pages", "/admin/pages/", newsroom.ManagePages},
	{"Menus", "/admin/menus/", newsroom.ManageMenus},
	{"Useful links", "/admin/banners/", newsroom.ManageBanners},
	{"Settings", "/admin/settings", newsroom.ManageSettings},
	{"Editions", "/admin/editions", newsroom.ManageSettings},
	{"Staff", "/admin/users/", newsroom.ManageUsers},
	{"Audit log", "/admin/audit", newsroom.ViewAuditLog},
	{"Subscribers", "/admin/subscribers/", newsroom.ViewSubscribers},
	{"Integrations", "/admin/integrations/", newsroom.ManageAPIKeys},
	{"Your account", "/admin/account", newsroom.EditOwnProfile},
}

// page returns the frame of a signed-in page. The link whose address is
// the longest prefix of the request's path is marked current.
func (a *Admin) page(r *http.Request, title string) base {
	u := currentUser(r.Context())
	b := base{Title: title, User: u, Notice: noticeText(r.URL.Query().Get("done"))}
	best := -1
	for _, s := range sections {
		if !newsroom.Allowed(u.Role, s.action, true) {
			continue
		}
		b.Nav = append(b.Nav, navLink{Label: s.label, URL: s.url})
		if strings.HasPrefix(r.URL.Path, s.url) && (best < 0 || len(s.url) > len(b.Nav[best].URL)) {
			best = len(b.Nav) - 1
		}
	}
	if best >= 0 {
		b.Nav[best].Current = true
	}
	return b
}

// notices are the confirmations a redirect after a POST may ask for with
// ?done=KEY. Only known keys show, so a crafted link cannot put words on
// a newsroom page.
var notices = map[string]string{
	"saved":       "Saved.",
	"created":     "Created.",
	"deleted":     "Deleted.",
	"published":   "Published.",
	"scheduled":   "Scheduled.",
	"submitted":   "Submitted for review.",
	"unpublished": "Unpublished.",
	"restored":    "Restored.",
	"uploaded":    "Uploaded.",
	"merged":      "Merged.",
	"moved":       "Moved.",
	"translating": "Translation started: the original is beside the editor.",
	// Staff and accounts.
	"disabled":         "Disabled: their sessions have ended.",
	"enabled":          "Enabled.",
	"signed-out":       "Signed out everywhere.",
	"password-changed": "Password changed: your other sessions have ended.",
	"session-ended":    "Session ended.",
	"totp-off":         "Two-factor sign-in is off.",
	"revoked":          "Revoked: the key no longer works.",
	"resent":           "Queued to be sent again.",
	"poll-soon":        "The source will be polled within a minute.",
}

// noticeText returns the confirmation for key, or nothing for an unknown one.
func noticeText(key string) string { return notices[key] }

// Pages lists the pattern of every newsroom route that answers a browser
// with an HTML page. The standards test checks one page of each, and
// TestPagesListsEveryHTMLRoute fails when a GET route is added without
// being listed here, so new pages cannot escape the checks.
var Pages = []string{
	"/admin/{$}",
	"/admin/login",
	"/admin/login/code",
	"/admin/setup",
	"/admin/articles/{$}",
	"/admin/articles/new",
	"/admin/articles/{id}/{$}",
	"/admin/articles/{id}/revisions",
	"/admin/articles/{id}/diff",
	"/admin/media/{$}",
	"/admin/media/{id}",
	"/admin/categories/{$}",
	"/admin/categories/new",
	"/admin/categories/{id}",
	"/admin/tags/{$}",
	"/admin/tags/{id}",
	"/admin/authors/{$}",
	"/admin/authors/new",
	"/admin/authors/{id}",
	"/admin/pages/{$}",
	"/admin/pages/new",
	"/admin/pages/{id}",
	"/admin/menus/{$}",
	"/admin/menus/{name}",
	"/admin/banners/{$}",
	"/admin/settings",
	"/admin/editions",
	"/admin/users/{$}",
	"/admin/users/{id}",
	"/admin/account",
	"/admin/account/totp",
	"/admin/audit",
	"/admin/subscribers/{$}",
	"/admin/integrations/{$}",
	"/admin/integrations/webhooks/{id}",
	"/admin/wire/{$}",
	"/admin/wire/sources/{$}",
	"/admin/wire/sources/{id}",
}
