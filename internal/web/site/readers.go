package site

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/readers"
	"github.com/mastheadhq/masthead/internal/web"
)

// ReaderCookie holds a signed-in reader's session token. It is set only
// when a reader signs in and deleted when they sign out, so that a page
// cache can serve everyone without it the same page, and pass requests
// that carry it through both ways (never answered from it, never stored
// in it): only those pages are personal, and they are sent "private,
// no-store".
const ReaderCookie = "masthead_reader"

type readerKey struct{}

// currentReader returns the reader the request's cookie signs in, once
// per request.
func (s *Site) currentReader(r *http.Request) (news.Reader, bool, error) {
	if v, ok := r.Context().Value(readerKey{}).(*news.Reader); ok {
		return *v, v.ID != 0, nil
	}
	c, err := r.Cookie(ReaderCookie)
	if s.readers == nil || err != nil || c.Value == "" {
		return news.Reader{}, false, nil
	}
	return s.readers.SessionReader(r.Context(), c.Value)
}

// withReader resolves the reader once and keeps it in the request.
func (s *Site) withReader(r *http.Request) (*http.Request, news.Reader, bool, error) {
	rd, ok, err := s.currentReader(r)
	if err != nil {
		return r, rd, false, err
	}
	return r.WithContext(context.WithValue(r.Context(), readerKey{}, &rd)), rd, ok, nil
}

func (s *Site) readerView(r *http.Request) (*readerView, error) {
	rd, ok, err := s.currentReader(r)
	if err != nil || !ok {
		return nil, err
	}
	return &readerView{ID: rd.ID, Name: rd.Name, Email: rd.Email}, nil
}

// signedInReader wraps a page only signed-in readers have: others are
// sent to sign in and brought back.
func (s *Site) signedInReader(h func(w http.ResponseWriter, r *http.Request, rd news.Reader) error) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if s.readers == nil {
			return notFound("reader accounts")
		}
		r, rd, ok, err := s.withReader(r)
		if err != nil {
			return err
		}
		if !ok {
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = r.Referer()
				if u, err := url.Parse(next); err == nil {
					next = u.RequestURI()
				}
			}
			http.Redirect(w, r, "/signin/?next="+url.QueryEscape(localPath(next)), http.StatusSeeOther)
			return nil
		}
		w.Header().Set("Cache-Control", "private, no-store")
		return h(w, r, rd)
	})
}

// readerPages wraps the pages of the account flows, which say nothing
// personal but must never be cached: they carry forms and messages.
func (s *Site) readerPage(h handlerFunc) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if s.readers == nil {
			return notFound("reader accounts")
		}
		w.Header().Set("Cache-Control", "no-store")
		return h(w, r)
	})
}

func (s *Site) origin(r *http.Request, base basePage) readers.Origin {
	return readers.Origin{Site: base.Site.Name, BaseURL: base.BaseURL, Client: web.ClientAddr(r)}
}

func (s *Site) setReaderCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: ReaderCookie, Value: token, Path: "/", MaxAge: int(readers.SessionMaxLife.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r),
	})
}

func clearReaderCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: ReaderCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r)})
}

// problemText turns a refusal into words for the reader; other errors
// are returned to become the error page.
func problemText(err error) (string, error) {
	var p readers.Problem
	switch {
	case err == nil:
		return "", nil
	case errors.As(err, &p):
		return string(p), nil
	case errors.Is(err, readers.ErrTooMany):
		return "Too many attempts. Wait a few minutes and try again.", nil
	case errors.Is(err, readers.ErrLinkInvalid):
		return "This link is not valid any more: it was used already, or it expired. Ask for a new one.", nil
	}
	return "", err
}

// signIn shows the sign-in page: password, or a link by email.
func (s *Site) signIn(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	page := signInPage{basePage: base, Next: localPath(r.FormValue("next"))}
	page.Title, page.NoIndex = "Sign in", true
	if base.Reader != nil {
		http.Redirect(w, r, "/account/", http.StatusSeeOther)
		return nil
	}
	return s.render(w, "signin", page)
}

// signInSubmit checks a password. Every failure gives the same words, so
// that the page never tells whether an address has an account.
func (s *Site) signInSubmit(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	page := signInPage{basePage: base, Email: r.PostFormValue("email"), Next: localPath(r.PostFormValue("next"))}
	page.Title, page.NoIndex = "Sign in", true
	rd, err := s.readers.SignIn(r.Context(), s.origin(r, base), r.PostFormValue("email"), r.PostFormValue("password"))
	switch {
	case err == nil:
		token, err := s.readers.StartSession(r.Context(), rd)
		if err != nil {
			return err
		}
		s.setReaderCookie(w, r, token)
		http.Redirect(w, r, page.Next, http.StatusSeeOther)
		return nil
	case errors.Is(err, readers.ErrBadCredentials):
		page.Problem = "Email or password is incorrect."
		return s.renderStatus(w, http.StatusUnauthorized, "signin", page)
	case errors.Is(err, readers.ErrUnverified):
		page.Problem = "Confirm your email address first: we have sent you a new link."
		return s.renderStatus(w, http.StatusForbidden, "signin", page)
	case errors.Is(err, readers.ErrTooMany):
		page.Problem = "Too many attempts. Wait a few minutes and try again."
		return s.renderStatus(w, http.StatusTooManyRequests, "signin", page)
	}
	return err
}

// signInLink mails a sign-in link, and says the same whatever the
// address.
func (s *Site) signInLink(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	err = s.readers.SendSignInLink(r.Context(), s.origin(r, base), r.PostFormValue("email"))
	if text, err := problemText(err); err != nil {
		return err
	} else if text != "" {
		page := signInPage{basePage: base, Email: r.PostFormValue("email"), Problem: text, Next: "/"}
		page.Title, page.NoIndex = "Sign in", true
		return s.renderStatus(w, http.StatusUnprocessableEntity, "signin", page)
	}
	return s.notice(w, base, "Check your email", "If "+cleanEmail(r.PostFormValue("email"))+
		" can sign in here, a link to do so is on its way. It works once, for 15 minutes.", nil)
}

func cleanEmail(raw string) string {
	if e, ok := news.NormalizeEmail(raw); ok {
		return e
	}
	return "that address"
}

func (s *Site) signUp(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	if base.Reader != nil {
		http.Redirect(w, r, "/account/", http.StatusSeeOther)
		return nil
	}
	page := signUpPage{basePage: base}
	page.Title, page.NoIndex = "Create an account", true
	return s.render(w, "signup", page)
}

// signUpSubmit opens an account. The answer is the same for an address
// that already has one (which is told so by mail).
func (s *Site) signUpSubmit(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	err = s.readers.SignUp(r.Context(), s.origin(r, base), r.PostFormValue("email"), r.PostFormValue("password"), r.PostFormValue("name"))
	if text, err := problemText(err); err != nil {
		return err
	} else if text != "" {
		page := signUpPage{basePage: base, Problem: text, Email: r.PostFormValue("email"), Name: r.PostFormValue("name")}
		page.Title, page.NoIndex = "Create an account", true
		return s.renderStatus(w, http.StatusUnprocessableEntity, "signup", page)
	}
	return s.notice(w, base, "Check your email", "We have sent a link to "+cleanEmail(r.PostFormValue("email"))+
		". Follow it to confirm your address and finish creating your account.", nil)
}

func (s *Site) lostPassword(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	page := lostPage{basePage: base, Minutes: int(s.readers.ResetTTL().Minutes())}
	page.Title, page.NoIndex = "Lost your password?", true
	return s.render(w, "lost", page)
}

// lostPasswordSubmit mails a reset link when the address has an account;
// the answer does not say whether it has.
func (s *Site) lostPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	err = s.readers.RequestReset(r.Context(), s.origin(r, base), r.PostFormValue("email"))
	if text, err := problemText(err); err != nil {
		return err
	} else if text != "" {
		page := lostPage{basePage: base, Problem: text, Email: r.PostFormValue("email"), Minutes: int(s.readers.ResetTTL().Minutes())}
		page.Title, page.NoIndex = "Lost your password?", true
		return s.renderStatus(w, http.StatusUnprocessableEntity, "lost", page)
	}
	return s.notice(w, base, "Check your email", "If "+cleanEmail(r.PostFormValue("email"))+
		" has an account, a link to set a new password is on its way. It works once, for "+
		strconv.Itoa(int(s.readers.ResetTTL().Minutes()))+" minutes.", nil)
}

func (s *Site) resetForm(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	token := r.URL.Query().Get("t")
	page := resetPage{basePage: base, Token: token, Valid: token != "" && s.readers.CheckResetLink(r.Context(), token)}
	page.Title, page.NoIndex = "Set a new password", true
	if !page.Valid {
		page.Problem, _ = problemText(readers.ErrLinkInvalid)
	}
	return s.render(w, "reset", page)
}

// resetSubmit spends a reset link and signs the reader in with the new
// password.
func (s *Site) resetSubmit(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	token := r.PostFormValue("t")
	rd, err := s.readers.Reset(r.Context(), token, r.PostFormValue("password"))
	if text, err := problemText(err); err != nil {
		return err
	} else if text != "" {
		page := resetPage{basePage: base, Token: token, Valid: !errors.Is(err, readers.ErrLinkInvalid), Problem: text}
		page.Title, page.NoIndex = "Set a new password", true
		return s.renderStatus(w, http.StatusUnprocessableEntity, "reset", page)
	}
	sessionToken, err := s.readers.StartSession(r.Context(), rd)
	if err != nil {
		return err
	}
	s.setReaderCookie(w, r, sessionToken)
	http.Redirect(w, r, "/account/?done=password", http.StatusSeeOther)
	return nil
}

// linkPurposes are the mailed links /account/link takes, with the words
// of the button that follows each.
var linkPurposes = map[news.TokenPurpose][2]string{
	news.TokenVerify:      {"Confirm your address", "Confirm and sign in"},
	news.TokenSignIn:      {"Sign in", "Sign in"},
	news.TokenEmailChange: {"Confirm your new address", "Use this address"},
	news.TokenSubscribe:   {"Confirm your subscription", "Confirm my subscription"},
}

// linkForm shows one button to follow a mailed link: mail scanners open
// links, and must not spend them.
func (s *Site) linkForm(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	words, ok := linkPurposes[news.TokenPurpose(q.Get("p"))]
	if !ok || q.Get("t") == "" {
		return notFound("link purpose")
	}
	return s.notice(w, base, words[0], "", &noticeForm{Action: "/account/link", Button: words[1],
		Fields: []formField{{"t", q.Get("t")}, {"p", q.Get("p")}}})
}

func (s *Site) linkSubmit(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	purpose := news.TokenPurpose(r.PostFormValue("p"))
	res, err := s.readers.UseLink(r.Context(), s.origin(r, base), r.PostFormValue("t"), purpose)
	if text, err := problemText(err); err != nil {
		return err
	} else if text != "" {
		return s.noticeStatus(w, http.StatusGone, base, "This link did not work", text, []link{{Label: "Sign in", URL: "/signin/"}})
	}
	if res.SignIn {
		token, err := s.readers.StartSession(r.Context(), res.Reader)
		if err != nil {
			return err
		}
		s.setReaderCookie(w, r, token)
		http.Redirect(w, r, "/account/?done=link", http.StatusSeeOther)
		return nil
	}
	return s.notice(w, base, "Done", res.Done, nil)
}

func (s *Site) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(ReaderCookie); err == nil && s.readers != nil {
		if err := s.readers.EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	clearReaderCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// notice renders a page that says one thing, with an optional form.
func (s *Site) notice(w http.ResponseWriter, base basePage, heading, text string, form *noticeForm) error {
	page := noticePage{basePage: base, Heading: heading, Text: text, Form: form}
	page.Title, page.NoIndex = heading, true
	return s.render(w, "notice", page)
}

func (s *Site) noticeStatus(w http.ResponseWriter, status int, base basePage, heading, problem string, links []link) error {
	page := noticePage{basePage: base, Heading: heading, Problem: problem, Links: links}
	page.Title, page.NoIndex = heading, true
	body, err := s.theme.Render("notice", page)
	if err != nil {
		return err
	}
	writeHTML(w, status, body)
	return nil
}

// renderStatus writes a page template with a status other than 200.
func (s *Site) renderStatus(w http.ResponseWriter, status int, name string, page any) error {
	body, err := s.theme.Render(name, page)
	if err != nil {
		return err
	}
	writeHTML(w, status, body)
	return nil
}

// markSaved sets the Save buttons of a signed-in reader's page.
func (s *Site) markSaved(h cardHolder) error {
	cards := h.readerCards()
	if len(cards) == 0 {
		return nil
	}
	ids := make([]int64, len(cards))
	for i, c := range cards {
		ids[i] = c.ID
	}
	ctx := context.Background()
	if b, ok := h.(interface{ requestContext() context.Context }); ok {
		ctx = b.requestContext()
	}
	saved, err := s.store.SavedAmong(ctx, h.readerID(), ids)
	if err != nil {
		return err
	}
	for _, c := range cards {
		c.Bookmark = &bookmarkView{ArticleID: idText(c.ID), Title: c.Title, Saved: saved[c.ID], Next: c.URL}
	}
	return nil
}

func (p basePage) requestContext() context.Context {
	if p.ctx == nil {
		return context.Background()
	}
	return p.ctx
}

// bookmark saves or unsaves an article: a form post that returns to the
// page, or JSON for the script that makes it without a page load.
func (s *Site) bookmark(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	id, err := strconv.ParseInt(r.PostFormValue("article"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("article " + r.PostFormValue("article"))
	}
	save := r.PostFormValue("action") != "unsave"
	if save {
		err = s.readers.Save(r.Context(), rd, id)
	} else {
		err = s.readers.Unsave(r.Context(), rd, id)
	}
	if err != nil {
		return err
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "application/json")
		return json.NewEncoder(w).Encode(map[string]bool{"saved": save})
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// follow follows or unfollows a section, topic or author.
func (s *Site) follow(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	kind := news.FollowKind(r.PostFormValue("kind"))
	if err != nil || id <= 0 || !kind.Valid() {
		return notFound("follow target")
	}
	f := news.Follow{Kind: kind, TargetID: id}
	if r.PostFormValue("action") == "unfollow" {
		err = s.store.Unfollow(r.Context(), rd.ID, f)
	} else {
		err = s.store.Follow(r.Context(), rd.ID, f)
	}
	if errors.Is(err, news.ErrInvalid) {
		return notFound("follow target")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// followButton is the Follow button of a listing, for signed-in readers.
func (s *Site) followButton(r *http.Request, base basePage, kind news.FollowKind, id int64, name string) *followView {
	if base.Reader == nil {
		return nil
	}
	follows, err := s.store.Follows(r.Context(), base.Reader.ID)
	if err != nil {
		s.log.WarnContext(r.Context(), "reader follows", "err", err)
		return nil
	}
	v := &followView{Kind: string(kind), ID: idText(id), Name: name, Next: r.URL.Path}
	for _, f := range follows {
		if f.Kind == kind && f.TargetID == id {
			v.Following = true
		}
	}
	return v
}

// readerArticle gives a signed-in reader's article page its Save button
// and records the visit in their history.
func (s *Site) readerArticle(r *http.Request, page *articlePage, a news.Article) error {
	rd, ok, err := s.currentReader(r)
	if err != nil || !ok {
		return err
	}
	saved, err := s.store.SavedAmong(r.Context(), rd.ID, []int64{a.ID})
	if err != nil {
		return err
	}
	page.Bookmark = &bookmarkView{ArticleID: idText(a.ID), Title: a.Title, Saved: saved[a.ID], Next: r.URL.Path}
	if err := s.readers.Record(r.Context(), rd, a.ID); err != nil {
		s.log.WarnContext(r.Context(), "reading history not recorded", "err", err)
	}
	return nil
}
