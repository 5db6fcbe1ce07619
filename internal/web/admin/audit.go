package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

// Audit entries are written in one of two ways.
//
// auditIn writes inside the caller's transaction, for every change to
// data: the entry commits with the change or neither does, so the log
// never misses a change nor tells of one that did not happen. A failure
// to write it fails the request, as any failed write does.
//
// audit writes on its own, for events that change nothing else (a
// failed sign-in, a sign-out). It never fails the request: refusing a
// sign-out because the log is unwritable would help nobody. A failure is
// logged at error level instead.

// auditEntry describes what actor did, from the address of r.
func (a *Admin) auditEntry(r *http.Request, actor news.User, action, kind string, id int64, title, detail string) news.AuditEntry {
	return news.AuditEntry{
		At: a.now().UTC().Truncate(time.Second), UserID: actor.ID, UserName: clip(actor.Name, 254),
		Action: action, SubjectKind: kind, SubjectID: id, SubjectTitle: clip(title, 200),
		IP: clientAddress(r), Detail: clip(detail, 500),
	}
}

// clip shortens s to at most n bytes without splitting a character:
// PostgreSQL refuses text that is not valid UTF-8.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// auditIn records, inside tx, what the signed-in user did.
func (a *Admin) auditIn(tx store.Store, r *http.Request, action, kind string, id int64, title, detail string) error {
	e := a.auditEntry(r, currentUser(r.Context()), action, kind, id, title, detail)
	return tx.RecordAudit(r.Context(), &e)
}

// audit records an event that changed nothing else; see above.
func (a *Admin) audit(r *http.Request, actor news.User, action, kind string, id int64, title, detail string) {
	e := a.auditEntry(r, actor, action, kind, id, title, detail)
	if err := a.store.RecordAudit(r.Context(), &e); err != nil {
		a.log.ErrorContext(r.Context(), "audit entry not written", "action", action, "user", actor.ID, "err", err)
	}
}

// auditPageSize is how many entries one page of the log shows.
const auditPageSize = 50

// auditFamilies are the action prefixes offered as filters.
var auditFamilies = []string{"signin.", "signout", "setup", "user.", "account.", "totp.", "article.", "settings.", "apikey.", "webhook."}

type auditPage struct {
	base
	People   []news.User
	Families []string
	UserID   int64
	Action   string
	Entries  []auditRow
	OlderURL string
}

type auditRow struct {
	When, Who, Action, Subject, IP, Detail string
}

// auditLog shows the log to those who may read it, newest first, by
// person and action, a page at a time.
func (a *Admin) auditLog(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := store.AuditFilter{Limit: auditPageSize, ActionPrefix: strings.TrimSpace(q.Get("action"))}
	f.UserID, _ = strconv.ParseInt(q.Get("user"), 10, 64)
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	entries, err := a.store.AuditLog(ctx, f)
	if err != nil {
		return err
	}
	people, err := a.store.AllUsers(ctx)
	if err != nil {
		return err
	}
	page := auditPage{base: a.page(r, "Audit log"), People: people, Families: auditFamilies, UserID: f.UserID, Action: f.ActionPrefix}
	loc := a.location(r)
	for _, e := range entries {
		row := auditRow{When: e.At.In(loc).Format("2 Jan 2006 15:04:05"), Who: e.UserName, Action: e.Action, IP: e.IP, Detail: e.Detail}
		if e.SubjectKind != "" {
			row.Subject = e.SubjectKind + " " + strconv.FormatInt(e.SubjectID, 10)
			if e.SubjectTitle != "" {
				row.Subject = e.SubjectKind + " “" + e.SubjectTitle + "”"
			}
		}
		if row.Who == "" {
			row.Who = "—"
		}
		page.Entries = append(page.Entries, row)
	}
	if len(entries) == auditPageSize {
		older := url.Values{"before": {strconv.FormatInt(entries[len(entries)-1].ID, 10)}}
		if f.UserID != 0 {
			older.Set("user", strconv.FormatInt(f.UserID, 10))
		}
		if f.ActionPrefix != "" {
			older.Set("action", f.ActionPrefix)
		}
		page.OlderURL = "/admin/audit?" + older.Encode()
	}
	return a.render(w, http.StatusOK, "audit.html", page)
}

// permitted lets a request through only when the signed-in user's role
// may take action on anyone's behalf; the server refuses the rest with
// 403, whether or not the page links there.
func (a *Admin) permitted(action newsroom.Action, h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !newsroom.Allowed(currentUser(r.Context()).Role, action, false) {
			return news.ErrForbidden
		}
		return h(w, r)
	}
}
