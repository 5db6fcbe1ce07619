package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/web"
)

// sessionCookie holds a staff member's session token.
const sessionCookie = "masthead_session"

// touchEvery limits session writes to one a minute per browser.
const touchEvery = time.Minute

type ctxKey int

const userKey ctxKey = iota

// currentUser returns the signed-in staff member of a request that passed
// through signedIn.
func currentUser(ctx context.Context) news.User {
	u, _ := ctx.Value(userKey).(news.User)
	return u
}

// signedIn lets only signed-in, enabled staff through; others are sent to
// the sign-in page and brought back afterwards.
func (a *Admin) signedIn(h handlerFunc) http.Handler {
	return a.handle(func(w http.ResponseWriter, r *http.Request) error {
		u, ok, err := a.sessionUser(r)
		if err != nil {
			return err
		}
		if !ok {
			http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), userKey, u)))
	})
}

func (a *Admin) sessionUser(r *http.Request) (news.User, bool, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return news.User{}, false, nil
	}
	ctx, now := r.Context(), a.now()
	s, err := a.store.Session(ctx, auth.TokenID(c.Value), now)
	if errors.Is(err, news.ErrNotFound) {
		return news.User{}, false, nil
	}
	if err != nil {
		return news.User{}, false, err
	}
	u, err := a.store.User(ctx, s.UserID)
	if errors.Is(err, news.ErrNotFound) || (err == nil && u.Disabled) {
		return news.User{}, false, nil
	}
	if err != nil {
		return news.User{}, false, err
	}
	if now.Sub(s.LastSeenAt) > touchEvery {
		expires := minTime(now.Add(auth.SessionIdle), s.CreatedAt.Add(auth.SessionMaxLife))
		if err := a.store.TouchSession(ctx, s.ID, now, expires); err != nil {
			return news.User{}, false, err
		}
	}
	return u, true, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// startSession signs u in with a brand-new token, so that a token planted
// before sign-in (session fixation) is worthless.
func (a *Admin) startSession(w http.ResponseWriter, r *http.Request, u news.User) error {
	token, id, err := auth.NewToken()
	if err != nil {
		return err
	}
	now := a.now().UTC().Truncate(time.Second)
	s := news.Session{
		ID: id, UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(auth.SessionIdle),
		UserAgent: truncate(r.UserAgent(), 256), IP: web.ClientAddr(r),
	}
	if err := a.store.CreateSession(r.Context(), s); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(auth.SessionMaxLife.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r),
	})
	u.LastSignInAt = now
	return a.store.UpdateUser(r.Context(), &u)
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r)})
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
