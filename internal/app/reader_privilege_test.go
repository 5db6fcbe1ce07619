package app_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/web/site"
)

// readerState is everything of one reader's that another reader must
// neither read nor change.
type readerState struct {
	Email, Name, PasswordHash string
	Verified, HistoryOff      bool
	Saved, History            []int64
	Follows                   []news.Follow
	Digest                    bool
	Alerts                    []int64
	Subscribed, Confirmed     bool
}

func stateOf(t *testing.T, s *readerSite, id int64) readerState {
	t.Helper()
	ctx := t.Context()
	r, err := s.main.Store.Reader(ctx, id)
	must(t, err)
	st := readerState{Email: r.Email, Name: r.Name, PasswordHash: r.PasswordHash, Verified: r.Verified(), HistoryOff: r.HistoryOff}
	saved, err := s.main.Store.SavedList(ctx, id)
	must(t, err)
	for _, a := range saved {
		st.Saved = append(st.Saved, a.ArticleID)
	}
	hist, err := s.main.Store.History(ctx, id)
	must(t, err)
	for _, h := range hist {
		st.History = append(st.History, h.ArticleID)
	}
	st.Follows, err = s.main.Store.Follows(ctx, id)
	must(t, err)
	if sub, err := s.main.Store.SubscriberByEmail(ctx, r.Email); err == nil {
		st.Subscribed, st.Confirmed, st.Digest, st.Alerts = true, sub.Confirmed(), sub.Digest, sub.AlertCategoryIDs
	}
	slices.Sort(st.Saved)
	slices.Sort(st.History)
	slices.Sort(st.Alerts)
	return st
}

// pressLink posts a mailed link's token as its page's button does, from
// browser c, whoever that is.
func (s *readerSite) pressLink(c *http.Client, link string) *http.Response {
	s.t.Helper()
	u, err := url.Parse(link)
	if err != nil || link == "" {
		s.t.Fatalf("no link: %q", link)
	}
	resp, _ := s.do(c, "POST", "/account/link", url.Values{"t": {u.Query().Get("t")}, "p": {u.Query().Get("p")}})
	return resp
}

// signedInAs reads whose account c's cookie opens: the address on the
// account page, or "" when it opens none.
func (s *readerSite) signedInAs(c *http.Client) string {
	s.t.Helper()
	resp, body := s.do(c, "GET", "/account/data.json", nil)
	if resp.StatusCode != http.StatusOK {
		return ""
	}
	var data struct{ Account struct{ Email string } }
	if err := json.Unmarshal([]byte(body), &data); err != nil {
		s.t.Fatalf("data.json: %v", err)
	}
	return data.Account.Email
}

// TestReadersCannotReachEachOthersAccounts: reader A, signed in, cannot
// read, change or delete anything of reader B's — saved articles,
// follows, history, subscription, data export, address, password,
// sessions — through any reader route (walked from the router, so new
// ones are covered), with B's ids and address in every parameter, by
// replaying B's spent mailed links, by forging B's one-click unsubscribe
// token from A's own, or by planting guessed cookies.
func TestReadersCannotReachEachOthersAccounts(t *testing.T) {
	s := newReaderSite(t)
	ctx := t.Context()
	const (
		bName     = "Bertha Quillfeather"
		bEmail    = "bertha.private@example.org"
		bNewEmail = "bertha.moved@example.org"
		bPassword = "bertha's own long secret"
	)
	s.signUp(bEmail, bName)
	a := s.signUp("alex@example.org", "Alex")
	bVerify := s.smtp.Last(t, bEmail, 1).Link(s.srv.URL + "/account/link")

	// B's one-time links, each spent by B and then replayed by A: none
	// opens B's account in A's browser or changes anything.
	replay := func(what, link string) {
		t.Helper()
		if resp := s.pressLink(a, link); resp.StatusCode != http.StatusGone || readerCookie(resp) != nil {
			t.Errorf("A replaying B's spent %s link: %d, cookie %v", what, resp.StatusCode, readerCookie(resp))
		}
		if who := s.signedInAs(a); who != "alex@example.org" {
			t.Errorf("after replaying B's %s link, A's browser opens %q", what, who)
		}
	}
	replay("verification", bVerify)

	s.do(s.browser(), "POST", "/signin/link", url.Values{"email": {bEmail}})
	signIn := s.smtp.Last(t, bEmail, 2).Link(s.srv.URL + "/account/link")
	if resp := s.pressLink(s.browser(), signIn); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("B's sign-in link: %d", resp.StatusCode)
	}
	replay("sign-in", signIn)

	s.do(s.browser(), "POST", "/signin/lost", url.Values{"email": {bEmail}})
	reset := s.smtp.Last(t, bEmail, 3).Link(s.srv.URL + "/account/reset")
	resetToken := strings.TrimPrefix(reset, s.srv.URL+"/account/reset?t=")
	b := s.browser() // a reset ends B's other sessions; this browser gets the new one
	if resp, _ := s.do(b, "POST", "/account/reset", url.Values{"t": {resetToken}, "password": {bPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("B's reset: %d", resp.StatusCode)
	}
	if resp, _ := s.do(a, "POST", "/account/reset", url.Values{"t": {resetToken}, "password": {"alex chose this one"}}); resp.StatusCode != http.StatusUnprocessableEntity || readerCookie(resp) != nil {
		t.Errorf("A replaying B's spent reset link: %d", resp.StatusCode)
	}

	if resp, body := s.do(b, "POST", "/account/email", url.Values{"email": {bNewEmail}, "current": {bPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("B's address change: %d %s", resp.StatusCode, notice(body))
	}
	change := s.smtp.Last(t, bNewEmail, 1).Link(s.srv.URL + "/account/link")
	if resp := s.pressLink(b, change); resp.StatusCode >= 400 {
		t.Fatalf("B's address change link: %d", resp.StatusCode)
	}
	replay("address change", change)

	// B's newsletter: subscribed from the public form and confirmed by
	// link, then the choices set from the account.
	s.do(s.browser(), "POST", "/newsletter/", url.Values{"email": {bNewEmail}, "digest": {"on"}})
	confirm := s.smtp.Last(t, bNewEmail, 2).Link(s.srv.URL + "/account/link")
	if resp := s.pressLink(s.browser(), confirm); resp.StatusCode >= 400 {
		t.Fatalf("B's subscription link: %d", resp.StatusCode)
	}
	replay("subscription", confirm)
	s.do(b, "POST", "/account/newsletter", url.Values{"digest": {"on"}, "section": {itoa(s.section.ID)}})
	s.do(b, "POST", "/account/saved", url.Values{"article": {itoa(s.articles[2].ID)}, "action": {"save"}})
	s.do(b, "POST", "/account/follow", url.Values{"kind": {"tag"}, "id": {itoa(s.topic.ID)}, "action": {"follow"}})
	s.do(b, "GET", s.path(s.articles[3]), nil)
	s.do(b, "POST", "/account/name", url.Values{"name": {bName}})

	bID := readerID(t, s, bNewEmail)
	before := stateOf(t, s, bID)
	if before.Email != bNewEmail || !before.Confirmed || len(before.Saved) != 1 || len(before.Follows) != 1 || len(before.History) != 1 || len(before.Alerts) != 1 {
		t.Fatalf("B's account is not set up as the test needs: %+v", before)
	}
	bSub, err := s.main.Store.SubscriberByEmail(ctx, bNewEmail)
	must(t, err)

	// A's own subscription, and B's token forged from A's: B's id with
	// A's signature, and A's token with B's id swapped in.
	s.do(a, "POST", "/account/newsletter", url.Values{"digest": {"on"}})
	aSub, err := s.main.Store.SubscriberByEmail(ctx, "alex@example.org")
	must(t, err)
	key, err := mail.UnsubscribeKey(ctx, s.main.Store)
	must(t, err)
	aToken, _ := base64.RawURLEncoding.DecodeString(mail.UnsubscribeToken(key, aSub))
	bIDBytes, _ := base64.RawURLEncoding.DecodeString(mail.UnsubscribeToken(key, news.Subscriber{ID: bSub.ID}))
	forged := base64.RawURLEncoding.EncodeToString(append(bIDBytes[:8:8], aToken[8:]...))

	// Every reader route, GET and POST, from A's browser, with B in every
	// parameter a handler might read.
	ids := []string{itoa(bID), itoa(bSub.ID), itoa(s.topic.ID), itoa(s.articles[2].ID)}
	var gets, posts, last []string
	for _, r := range s.main.Routes() {
		method, path, ok := strings.Cut(r, " ")
		if !ok || strings.HasPrefix(path, "/admin") || strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/ghost/") ||
			strings.HasPrefix(path, "/assets/") || strings.HasPrefix(path, "/media/") {
			continue
		}
		switch {
		case method == "GET":
			gets = append(gets, path)
		case method == "POST" && (path == "/account/delete" || path == "/signout"):
			last = append(last, path) // A's own account goes last
		case method == "POST":
			posts = append(posts, path)
		}
	}
	if !slices.Contains(posts, "/account/saved") || !slices.Contains(gets, "/account/data.json") || len(posts) < 12 {
		t.Fatalf("the route walk found too few reader routes: GET %v POST %v", gets, posts)
	}
	leaks := func(where, body string, names ...string) {
		t.Helper()
		for _, n := range names {
			if strings.Contains(strings.ToLower(body), strings.ToLower(n)) {
				t.Errorf("%s shows A B's %q", where, n)
			}
		}
	}
	requests := 0
	for _, p := range gets {
		for _, id := range ids {
			q := url.Values{"reader": {id}, "reader_id": {id}, "id": {id}, "user": {id}, "account": {id}, "subscriber": {id}, "t": {forged}}
			target := wildcardsTo(p, id) + "?" + q.Encode()
			resp, body := s.do(a, "GET", target, nil)
			requests++
			leaks("GET "+target, body, bName, bEmail, bNewEmail)
			if resp.StatusCode >= 500 {
				t.Errorf("GET %s: %d", target, resp.StatusCode)
			}
		}
	}
	for _, p := range append(posts, last...) {
		for _, id := range ids {
			for _, action := range []string{"unsave", "unfollow", "clear", "off", "delete", "save"} {
				form := url.Values{
					"reader": {id}, "reader_id": {id}, "id": {id}, "user": {id}, "account": {id}, "subscriber": {id},
					"article": {id}, "kind": {"tag"}, "action": {action}, "record": {"off"},
					"email": {bNewEmail}, "name": {"Renamed by A"}, "current": {readerPassword}, "password": {"alex's replacement password"},
					"confirm": {"delete"}, "digest": {""}, "section": {itoa(s.section.ID + 1000)},
					"t": {forged}, "p": {"signin"}, "next": {"/account/"},
				}
				resp, body := s.do(a, "POST", wildcardsTo(p, id), form)
				requests++
				leaks("POST "+p, body, bName)
				if resp.StatusCode >= 500 {
					t.Errorf("POST %s (%s, %s): %d", p, id, action, resp.StatusCode)
				}
			}
		}
	}
	if resp, _ := s.do(s.browser(), "POST", mail.UnsubscribePath, url.Values{"t": {forged}}); resp.StatusCode < 400 {
		t.Errorf("a forged unsubscribe token was accepted: %d", resp.StatusCode)
	}

	// Guessed and planted cookies open no account.
	u, _ := url.Parse(s.srv.URL)
	for _, v := range []string{itoa(bID), bNewEmail, "1", "", strings.Repeat("A", 43)} {
		c := s.browser()
		c.Jar.SetCookies(u, []*http.Cookie{{Name: site.ReaderCookie, Value: v}})
		if who := s.signedInAs(c); who != "" {
			t.Errorf("a planted cookie %q opens %q", v, who)
		}
		_, body := s.do(c, "GET", "/account/", nil)
		leaks("GET /account/ with cookie "+v, body, bName, bNewEmail)
	}
	t.Logf("%d requests from A's browser over %d GET and %d POST reader routes", requests, len(gets), len(posts)+len(last))

	// B's account is as B left it, and B is still signed in.
	if after := stateOf(t, s, bID); !reflect.DeepEqual(after, before) {
		t.Errorf("B's account changed:\nbefore %+v\nafter  %+v", before, after)
	}
	if who := s.signedInAs(b); who != bNewEmail {
		t.Errorf("B's browser opens %q after A's attempts", who)
	}
	// Checked on the stored hash: A's failed sign-ins as B have tripped
	// the sign-in limits of this client (every request here comes from
	// one address), as they should.
	if ok, err := auth.VerifyPassword(bPassword, stateOf(t, s, bID).PasswordHash); !ok || err != nil {
		t.Errorf("B's password no longer matches: %v", err)
	}
	_, body := s.do(b, "GET", "/account/", nil)
	if !strings.Contains(body, bName) {
		t.Error("B's account page does not show B's name")
	}
}
