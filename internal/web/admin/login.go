package admin

import (
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
)

type loginPage struct {
	Title   string
	Email   string
	Next    string
	Message string
}

// badSignIn is the one answer to every failed sign-in, so that the page
// never tells whether an address has an account.
const badSignIn = "Email or password is incorrect."

func (a *Admin) loginForm(w http.ResponseWriter, r *http.Request) error {
	n, err := a.store.CountUsers(r.Context())
	if err != nil {
		return err
	}
	if n == 0 {
		http.Redirect(w, r, "/admin/setup", http.StatusSeeOther)
		return nil
	}
	return a.render(w, http.StatusOK, "login.html", loginPage{Title: "Sign in", Next: localPath(r.FormValue("next"))})
}

func (a *Admin) login(w http.ResponseWriter, r *http.Request) error {
	email, _ := news.NormalizeEmail(r.FormValue("email"))
	page := loginPage{Title: "Sign in", Email: r.FormValue("email"), Next: localPath(r.FormValue("next"))}
	client := web.ClientAddr(r)
	if client == "" {
		client = "unknown"
	}
	blocked, err := a.signInBlocked(r, email, client)
	if err != nil {
		return err
	}
	if blocked {
		page.Message = "Too many attempts. Wait a few minutes and try again."
		return a.render(w, http.StatusTooManyRequests, "login.html", page)
	}
	u, ok, err := a.checkPassword(r, email, r.FormValue("password"))
	if err != nil {
		return err
	}
	if !ok {
		if err := a.signInFailed(r, email, client); err != nil {
			return err
		}
		a.recordSignInFailure(r, r.FormValue("email"))
		page.Message = badSignIn
		return a.render(w, http.StatusUnauthorized, "login.html", page)
	}
	if u.TwoFactor {
		return a.askForCode(w, r, u, page.Next)
	}
	if email != "" {
		if err := a.accounts.Reset(r.Context(), email); err != nil {
			return err
		}
	}
	if err := a.startSession(w, r, u); err != nil {
		return err
	}
	a.audit(r, u, "signin.success", "user", u.ID, u.Name, "")
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
	return nil
}

// signInBlocked reports whether the account or the client address has
// used up its failed sign-ins. An empty email (the form left blank) has
// no account to limit; the client limit still applies.
func (a *Admin) signInBlocked(r *http.Request, email, client string) (bool, error) {
	if email != "" {
		blocked, _, err := a.accounts.Blocked(r.Context(), email)
		if err != nil || blocked {
			return blocked, err
		}
	}
	blocked, _, err := a.clients.Blocked(r.Context(), client)
	return blocked, err
}

func (a *Admin) signInFailed(r *http.Request, email, client string) error {
	if email != "" {
		if err := a.accounts.Fail(r.Context(), email); err != nil {
			return err
		}
	}
	return a.clients.Fail(r.Context(), client)
}

var (
	dummyOnce sync.Once
	dummyHash string
)

// checkPassword verifies a sign-in. An unknown address still costs one
// hash, so that timing does not reveal which addresses have accounts.
func (a *Admin) checkPassword(r *http.Request, email, password string) (news.User, bool, error) {
	u, err := a.store.UserByEmail(r.Context(), email)
	if errors.Is(err, news.ErrNotFound) || (err == nil && (u.Disabled || u.PasswordHash == "")) {
		dummyOnce.Do(func() { dummyHash, _ = auth.HashPassword("not a real password", a.params) })
		auth.VerifyPassword(password, dummyHash) //nolint:errcheck // only spends the time
		return news.User{}, false, nil
	}
	if err != nil {
		return news.User{}, false, err
	}
	ok, err := auth.VerifyPassword(password, u.PasswordHash)
	if err != nil || !ok {
		return news.User{}, false, nil
	}
	if auth.NeedsRehash(u.PasswordHash, a.params) {
		if h, err := auth.HashPassword(password, a.params); err == nil {
			u.PasswordHash = h
		}
	}
	return u, true, nil
}

func (a *Admin) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := a.store.DeleteSession(r.Context(), auth.TokenID(c.Value)); err != nil {
			return err
		}
	}
	me := currentUser(r.Context())
	a.audit(r, me, "signout", "user", me.ID, me.Name, "")
	clearSessionCookie(w, r)
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	return nil
}

// logoutEverywhere ends every session of the signed-in user: the remedy
// for a lost laptop.
func (a *Admin) logoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	me := currentUser(r.Context())
	n, err := a.store.DeleteUserSessions(r.Context(), me.ID)
	if err != nil {
		return err
	}
	a.audit(r, me, "signout.everywhere", "user", me.ID, me.Name, plural(n, "session")+" ended")
	clearSessionCookie(w, r)
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	return nil
}

// localPath keeps redirects on this site's newsroom.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/admin/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n\t") {
		return "/admin/"
	}
	return p
}

type setupPage struct {
	Title   string
	Email   string
	Name    string
	Message string
}

// setupForm creates the first administrator, and only while there is no
// staff account at all.
func (a *Admin) setupForm(w http.ResponseWriter, r *http.Request) error {
	if n, err := a.store.CountUsers(r.Context()); err != nil || n > 0 {
		if err != nil {
			return err
		}
		return news.ErrNotFound
	}
	return a.render(w, http.StatusOK, "setup.html", setupPage{Title: "Set up your newsroom"})
}

func (a *Admin) setup(w http.ResponseWriter, r *http.Request) error {
	page := setupPage{Title: "Set up your newsroom", Email: r.FormValue("email"), Name: r.FormValue("name")}
	email, ok := news.NormalizeEmail(page.Email)
	name := strings.TrimSpace(page.Name)
	password := r.FormValue("password")
	switch {
	case !ok:
		page.Message = "Enter a valid email address."
	case name == "":
		page.Message = "Enter your name."
	case auth.CheckPasswordRules(password) != nil:
		page.Message = auth.CheckPasswordRules(password).Error() + "."
	}
	if page.Message != "" {
		return a.render(w, http.StatusUnprocessableEntity, "setup.html", page)
	}
	hash, err := auth.HashPassword(password, a.params)
	if err != nil {
		return err
	}
	u := news.User{Email: email, Name: name, Role: news.RoleAdministrator, PasswordHash: hash}
	err = a.store.Atomic(r.Context(), func(tx store.Store) error {
		n, err := tx.CountUsers(r.Context())
		if err != nil {
			return err
		}
		if n > 0 {
			return news.ErrNotFound // set-up is over: someone was first
		}
		if err := tx.CreateUser(r.Context(), &u); err != nil {
			return err
		}
		e := a.auditEntry(r, u, "setup", "user", u.ID, u.Name, "first administrator")
		return tx.RecordAudit(r.Context(), &e)
	})
	if err != nil {
		return err
	}
	if err := a.startSession(w, r, u); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
	return nil
}
