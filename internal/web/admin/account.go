package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

type accountPage struct {
	base
	Name     string
	Sessions []sessionRow
	TOTP     news.TOTP // zero when two-factor sign-in is off
}

type sessionRow struct {
	Ref      string // a prefix of the session id, enough to name it in a form
	Device   string
	IP       string
	Started  string
	LastSeen string
	Current  bool
}

// sessionRefLength is how much of a session id the account page names it
// by: the page need not carry whole ids, and 16 hex digits among one
// person's few sessions cannot collide by chance.
const sessionRefLength = 16

// currentSessionID is the store id of the request's own session.
func currentSessionID(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return ""
	}
	return auth.TokenID(c.Value)
}

// account shows the signed-in person's own account: name, password,
// browsers signed in, and two-factor sign-in.
func (a *Admin) account(w http.ResponseWriter, r *http.Request) error {
	return a.renderAccount(w, r, http.StatusOK, "", "")
}

func (a *Admin) renderAccount(w http.ResponseWriter, r *http.Request, status int, name, problem string) error {
	ctx := r.Context()
	u := currentUser(ctx)
	sessions, err := a.store.UserSessions(ctx, u.ID, a.now())
	if err != nil {
		return err
	}
	page := accountPage{base: a.page(r, "Your account"), Name: u.Name}
	page.Error = problem
	if name != "" {
		page.Name = name
	}
	if t, err := a.store.TOTP(ctx, u.ID); err == nil && t.Enabled {
		page.TOTP = t
	} else if err != nil && !errors.Is(err, news.ErrNotFound) {
		return err
	}
	loc, current := a.location(r), currentSessionID(r)
	for _, s := range sessions {
		page.Sessions = append(page.Sessions, sessionRow{
			Ref: s.ID[:min(sessionRefLength, len(s.ID))], Device: describeDevice(s.UserAgent), IP: s.IP,
			Started: when(s.CreatedAt, loc), LastSeen: when(s.LastSeenAt, loc), Current: s.ID == current,
		})
	}
	return a.render(w, status, "account.html", page)
}

// describeDevice turns a User-Agent into words a person recognises; the
// whole string means little to most people.
func describeDevice(ua string) string {
	browser, system := "", ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	for _, s := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, s.token) {
			system = s.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "" || system != "":
		return browser + system
	case ua == "":
		return "Unknown device"
	}
	return truncate(ua, 60)
}

// renameAccount changes the signed-in person's own name.
func (a *Admin) renameAccount(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSpace(r.FormValue("name"))
	if name == "" || len(name) > 200 {
		return a.renderAccount(w, r, http.StatusUnprocessableEntity, "", "Enter your name (at most 200 characters).")
	}
	err := a.store.Atomic(r.Context(), func(tx store.Store) error {
		u, err := tx.User(r.Context(), currentUser(r.Context()).ID)
		if err != nil {
			return err
		}
		old := u.Name
		u.Name, u.UpdatedAt = name, a.now()
		if err := tx.UpdateUser(r.Context(), &u); err != nil {
			return err
		}
		return a.auditIn(tx, r, "account.name", "user", u.ID, u.Name, "was "+old)
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/account?done=saved", http.StatusSeeOther)
	return nil
}

// changeOwnPassword needs the current password, so that a browser left
// open cannot be used to take the account over, and ends every other
// session: whoever knew the old password is signed out.
func (a *Admin) changeOwnPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := currentUser(ctx)
	if ok, blocked, err := a.recheckPassword(r, me, r.FormValue("current")); err != nil {
		return err
	} else if !ok {
		if blocked {
			return a.renderAccount(w, r, http.StatusTooManyRequests, "", "Too many attempts. Wait a few minutes and try again.")
		}
		return a.renderAccount(w, r, http.StatusUnprocessableEntity, "", "Your current password is not right.")
	}
	password := r.FormValue("password")
	switch {
	case auth.CheckPasswordRules(password) != nil:
		return a.renderAccount(w, r, http.StatusUnprocessableEntity, "", auth.CheckPasswordRules(password).Error()+".")
	case password != r.FormValue("confirm"):
		return a.renderAccount(w, r, http.StatusUnprocessableEntity, "", "The new password and its confirmation differ.")
	}
	hash, err := auth.HashPassword(password, a.params)
	if err != nil {
		return err
	}
	current := currentSessionID(r)
	err = a.store.Atomic(ctx, func(tx store.Store) error {
		u, err := tx.User(ctx, me.ID)
		if err != nil {
			return err
		}
		u.PasswordHash, u.UpdatedAt = hash, a.now()
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		ended, err := a.endSessionsBut(tx, r, u.ID, current)
		if err != nil {
			return err
		}
		return a.auditIn(tx, r, "account.password", "user", u.ID, u.Name, plural(ended, "other session")+" ended")
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/account?done=password-changed", http.StatusSeeOther)
	return nil
}

// endSessionsBut ends every session of a user except keep.
func (a *Admin) endSessionsBut(tx store.Store, r *http.Request, userID int64, keep string) (int, error) {
	sessions, err := tx.UserSessions(r.Context(), userID, a.now())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range sessions {
		if s.ID == keep {
			continue
		}
		if err := tx.DeleteSession(r.Context(), s.ID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// endOwnSession signs one of the person's own browsers out, by the
// reference the account page gave it.
func (a *Admin) endOwnSession(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := currentUser(ctx)
	ref := r.FormValue("session")
	if len(ref) != sessionRefLength {
		return news.ErrNotFound
	}
	sessions, err := a.store.UserSessions(ctx, me.ID, a.now())
	if err != nil {
		return err
	}
	var target news.Session
	for _, s := range sessions {
		if strings.HasPrefix(s.ID, ref) {
			target = s
		}
	}
	if target.ID == "" {
		// Already ended: the browser shows the list as it now is.
		http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
		return nil
	}
	err = a.store.Atomic(ctx, func(tx store.Store) error {
		if err := tx.DeleteSession(ctx, target.ID); err != nil {
			return err
		}
		return a.auditIn(tx, r, "signout.session", "user", me.ID, me.Name, describeDevice(target.UserAgent)+" at "+target.IP)
	})
	if err != nil {
		return err
	}
	if target.ID == currentSessionID(r) {
		clearSessionCookie(w, r)
		http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/admin/account?done=session-ended", http.StatusSeeOther)
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
