package admin

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
)

// Two-factor sign-in with TOTP (RFC 6238).
//
// Enrolment: /admin/account/totp makes a pending secret, shows it as text
// and as a QR code (a PNG at its own address, since the CSP allows images
// only from this site), and switches it on once a valid code comes back;
// ten recovery codes are then shown, once.
//
// Sign-in: when the password is right and TOTP is on, login stores a
// challenge (a short-lived row, not a session, that grants nothing) and
// gives the browser its token in a cookie of its own; the code step
// spends the challenge and only then starts a session, with a new token.

// challengeCookie holds the token of a sign-in waiting for its code.
const challengeCookie = "masthead_signin"

// challengeLife is how long a person has to type the code.
const challengeLife = 5 * time.Minute

type codePage struct {
	Title   string
	Message string
}

type totpSetupPage struct {
	base
	Secret string // grouped in fours for reading
	URL    string // the otpauth address, for apps on the same device
}

// issuer is the name authenticator apps list the code under.
func (a *Admin) issuer(r *http.Request) string {
	if s, err := a.store.Settings(r.Context()); err == nil && s.Name != "" {
		return s.Name
	}
	return "Masthead"
}

// askForCode is login's second step for accounts with TOTP on. The
// account limiter is not reset yet: guesses at the code count against the
// same limits as guesses at the password.
func (a *Admin) askForCode(w http.ResponseWriter, r *http.Request, u news.User, next string) error {
	token, id, err := auth.NewToken()
	if err != nil {
		return err
	}
	now := a.now().UTC().Truncate(time.Second)
	c := news.SignInChallenge{ID: id, UserID: u.ID, Next: next, CreatedAt: now, ExpiresAt: now.Add(challengeLife)}
	if err := a.store.CreateSignInChallenge(r.Context(), c); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: challengeCookie, Value: token, Path: "/admin/", MaxAge: int(challengeLife.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r),
	})
	http.Redirect(w, r, "/admin/login/code", http.StatusSeeOther)
	return nil
}

// pendingChallenge returns the request's sign-in challenge and its
// account, or ok false when there is none (expired, used, disabled).
func (a *Admin) pendingChallenge(r *http.Request) (news.SignInChallenge, news.User, bool, error) {
	ck, err := r.Cookie(challengeCookie)
	if err != nil || ck.Value == "" {
		return news.SignInChallenge{}, news.User{}, false, nil
	}
	c, err := a.store.SignInChallenge(r.Context(), auth.TokenID(ck.Value), a.now())
	if errors.Is(err, news.ErrNotFound) {
		return c, news.User{}, false, nil
	}
	if err != nil {
		return c, news.User{}, false, err
	}
	u, err := a.store.User(r.Context(), c.UserID)
	if errors.Is(err, news.ErrNotFound) || (err == nil && (u.Disabled || !u.TwoFactor)) {
		return c, u, false, nil
	}
	return c, u, err == nil, err
}

const challengeOver = "Your sign-in has expired. Please sign in again."

func (a *Admin) codeForm(w http.ResponseWriter, r *http.Request) error {
	_, _, ok, err := a.pendingChallenge(r)
	if err != nil {
		return err
	}
	if !ok {
		return a.render(w, http.StatusOK, "login.html", loginPage{Title: "Sign in", Next: "/admin/", Message: challengeOver})
	}
	return a.render(w, http.StatusOK, "login_code.html", codePage{Title: "Sign-in code"})
}

// checkCode finishes a sign-in with a TOTP code or a recovery code.
func (a *Admin) checkCode(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, u, ok, err := a.pendingChallenge(r)
	if err != nil {
		return err
	}
	if !ok {
		return a.render(w, http.StatusUnauthorized, "login.html", loginPage{Title: "Sign in", Next: "/admin/", Message: challengeOver})
	}
	client := web.ClientAddr(r)
	if client == "" {
		client = "unknown"
	}
	if blocked, err := a.codeGuessesBlocked(r, u.Email, client); err != nil {
		return err
	} else if blocked {
		return a.render(w, http.StatusTooManyRequests, "login_code.html", codePage{Title: "Sign-in code", Message: "Too many attempts. Wait a few minutes and try again."})
	}
	how, problem, err := a.spendCode(r, u, r.FormValue("code"))
	if err != nil {
		return err
	}
	if problem != "" {
		if err := a.codeGuessFailed(r, u.Email, client); err != nil {
			return err
		}
		a.audit(r, u, "signin.failure", "user", u.ID, u.Name, "wrong second-factor code")
		return a.render(w, http.StatusUnauthorized, "login_code.html", codePage{Title: "Sign-in code", Message: problem})
	}
	if err := a.store.DeleteSignInChallenge(ctx, c.ID, a.now()); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: challengeCookie, Value: "", Path: "/admin/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r)})
	if err := a.codeGuessesReset(r, u.Email); err != nil {
		return err
	}
	if err := a.startSession(w, r, u); err != nil {
		return err
	}
	a.audit(r, u, "signin.success", "user", u.ID, u.Name, how)
	http.Redirect(w, r, localPath(c.Next), http.StatusSeeOther)
	return nil
}

// spendCode accepts a current TOTP code not used before, or an unused
// recovery code, and marks it used. problem is what to tell the person
// when neither fits.
func (a *Admin) spendCode(r *http.Request, u news.User, code string) (how, problem string, err error) {
	const wrong = "That code is not right. Try the newest one from your app."
	ctx := r.Context()
	code = strings.TrimSpace(code)
	if code == "" {
		return "", wrong, nil
	}
	if !looksLikeTOTPCode(code) {
		err := a.store.UseRecoveryCode(ctx, u.ID, auth.RecoveryCodeHash(code), a.now())
		if errors.Is(err, news.ErrNotFound) {
			return "", "That recovery code is not right, or has been used.", nil
		}
		return "with a recovery code", "", err
	}
	t, err := a.store.TOTP(ctx, u.ID)
	if err != nil {
		return "", "", err
	}
	step, ok := auth.CheckTOTP(t.Secret, code, a.now())
	if !ok {
		return "", wrong, nil
	}
	err = a.store.UseTOTPStep(ctx, u.ID, step)
	if errors.Is(err, news.ErrConflict) {
		return "", "That code has been used already. Wait for the next one.", nil
	}
	return "with a TOTP code", "", err
}

// looksLikeTOTPCode tells an app's six digits from a recovery code
// (eleven characters with a dash).
func looksLikeTOTPCode(code string) bool {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return false
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// The sign-in limiters, in one place: the code step and the password
// check on the account page count failures as the password form does.

func (a *Admin) codeGuessesBlocked(r *http.Request, email, client string) (bool, error) {
	return a.signInBlocked(r, email, client)
}

func (a *Admin) codeGuessFailed(r *http.Request, email, client string) error {
	return a.signInFailed(r, email, client)
}

func (a *Admin) codeGuessesReset(r *http.Request, email string) error {
	return a.accounts.Reset(r.Context(), email)
}

// recheckPassword confirms the signed-in person's password before a
// sensitive change, counting wrong ones against the sign-in limits.
func (a *Admin) recheckPassword(r *http.Request, u news.User, password string) (ok, blocked bool, err error) {
	if blocked, err := a.codeGuessesBlocked(r, u.Email, web.ClientAddr(r)); blocked || err != nil {
		return false, blocked, err
	}
	if ok, _ := auth.VerifyPassword(password, u.PasswordHash); ok {
		return true, false, nil
	}
	return false, false, a.codeGuessFailed(r, u.Email, web.ClientAddr(r))
}

// recordSignInFailure logs a wrong password, or the lockout it caused.
func (a *Admin) recordSignInFailure(r *http.Request, email string) {
	action := "signin.failure"
	if blocked, _, _ := a.accounts.Blocked(r.Context(), strings.ToLower(strings.TrimSpace(email))); blocked {
		action = "signin.lockout"
	}
	a.audit(r, news.User{Name: email}, action, "", 0, "", "wrong email or password")
}

// totpSetup shows the pending secret, making one when there is none, or
// when asked to start again (POST).
func (a *Admin) totpSetup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := currentUser(ctx)
	t, err := a.store.TOTP(ctx, me.ID)
	switch {
	case err == nil && t.Enabled:
		http.Redirect(w, r, "/admin/account", http.StatusSeeOther)
		return nil
	case errors.Is(err, news.ErrNotFound) || r.Method == http.MethodPost:
		if t.Secret, err = auth.NewTOTPSecret(a.issuer(r), me.Email); err != nil {
			return err
		}
		if err := a.store.StartTOTP(ctx, me.ID, t.Secret, a.now()); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	return a.renderTOTPSetup(w, r, http.StatusOK, t.Secret, "")
}

func (a *Admin) renderTOTPSetup(w http.ResponseWriter, r *http.Request, status int, secret, problem string) error {
	page := totpSetupPage{base: a.page(r, "Two-factor sign-in"), URL: auth.TOTPURL(a.issuer(r), currentUser(r.Context()).Email, secret)}
	page.Error = problem
	for i := 0; i < len(secret); i += 4 {
		page.Secret += secret[i:min(i+4, len(secret))] + " "
	}
	page.Secret = strings.TrimSpace(page.Secret)
	return a.render(w, status, "totp_setup.html", page)
}

// totpQRCode serves the QR code of the pending secret. Once TOTP is on the
// secret is never shown again, so there is no image either.
func (a *Admin) totpQRCode(w http.ResponseWriter, r *http.Request) error {
	me := currentUser(r.Context())
	t, err := a.store.TOTP(r.Context(), me.ID)
	if err != nil {
		return err
	}
	if t.Enabled {
		return news.ErrNotFound
	}
	png, err := auth.TOTPQRCode(a.issuer(r), me.Email, t.Secret, 240)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(png)
	return err
}

// enableTOTP switches TOTP on when the code fits the pending secret, and
// shows the recovery codes once.
func (a *Admin) enableTOTP(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := currentUser(ctx)
	t, err := a.store.TOTP(ctx, me.ID)
	if errors.Is(err, news.ErrNotFound) || (err == nil && t.Enabled) {
		http.Redirect(w, r, "/admin/account/totp", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	step, ok := auth.CheckTOTP(t.Secret, r.FormValue("code"), a.now())
	if !ok {
		return a.renderTOTPSetup(w, r, http.StatusUnprocessableEntity, t.Secret, "That code is not right. Check the time on your phone and try the newest code.")
	}
	codes, hashes, err := auth.NewRecoveryCodes(auth.RecoveryCodeCount)
	if err != nil {
		return err
	}
	err = a.store.Atomic(ctx, func(tx store.Store) error {
		if err := tx.EnableTOTP(ctx, me.ID, step, hashes, a.now()); err != nil {
			return err
		}
		return a.auditIn(tx, r, "totp.enable", "user", me.ID, me.Name, "")
	})
	if err != nil {
		return err
	}
	page := shownOncePage{base: a.page(r, "Two-factor sign-in is on"), Heading: "Two-factor sign-in is on",
		Intro: "From now on you sign in with your password and a code from your app. If you lose your phone, " +
			"each of these recovery codes signs you in once. Keep them somewhere safe: they are shown only now.",
		Values: codes, Back: "/admin/account"}
	return a.render(w, http.StatusOK, "shown_once.html", page)
}

// disableTOTP turns two-factor sign-in off; the password is asked again.
func (a *Admin) disableTOTP(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := currentUser(ctx)
	if ok, blocked, err := a.recheckPassword(r, me, r.FormValue("current")); err != nil {
		return err
	} else if !ok {
		status, msg := http.StatusUnprocessableEntity, "Your password is not right: two-factor sign-in stays on."
		if blocked {
			status, msg = http.StatusTooManyRequests, "Too many attempts. Wait a few minutes and try again."
		}
		return a.renderAccount(w, r, status, "", msg)
	}
	err := a.store.Atomic(ctx, func(tx store.Store) error {
		if err := tx.DeleteTOTP(ctx, me.ID); err != nil {
			return err
		}
		return a.auditIn(tx, r, "totp.disable", "user", me.ID, me.Name, "")
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/account?done=totp-off", http.StatusSeeOther)
	return nil
}
