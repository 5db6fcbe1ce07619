package app_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/mail/mailtest"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/web/site"
)

// readerSite is a publication of its own whose mail goes to a real SMTP
// server in the test process, with a few published articles.
type readerSite struct {
	*newsroomSite
	smtp    *mailtest.Server
	section news.Category
	topic   news.Tag
	author  news.Author
	// articles are published an hour apart, the newest first.
	articles []news.Article
}

const readerPassword = "a reader's long password"

func newReaderSite(t *testing.T) *readerSite {
	t.Helper()
	smtp := mailtest.Start(t)
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Mail = config.Mail{Host: smtp.Host, Port: smtp.Port, TLS: "none", From: "news@harbour.example"}
	m, err := app.Open(context.Background(), cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	s := &readerSite{newsroomSite: &newsroomSite{t: t, cfg: cfg, srv: srv, main: m}, smtp: smtp}
	ctx := t.Context()
	must(t, m.Store.SaveSettings(ctx, news.Settings{Name: "Harbour Herald", BaseURL: srv.URL, TimeZone: "Asia/Baku", Language: "en"}))
	s.section = news.Category{Name: "Port", Slug: "port"}
	must(t, m.Store.CreateCategory(ctx, &s.section))
	s.topic = news.Tag{Name: "Ferries", Slug: "ferries"}
	must(t, m.Store.CreateTag(ctx, &s.topic))
	s.author = news.Author{Name: "Eda Writer", Slug: "eda-writer"}
	must(t, m.Store.CreateAuthor(ctx, &s.author))
	now := time.Now().UTC().Truncate(time.Second)
	for i, title := range []string{"Cranes return to the harbour", "Night ferry timetable", "Dock workers vote", "Old lighthouse reopens"} {
		a := news.Article{
			Title: title, Slug: news.Slugify(title), Standfirst: "What " + strings.ToLower(title) + " means.",
			Body: "<p>Text.</p>", WordCount: 1, Status: news.StatusPublished, PublishedAt: now.Add(-time.Duration(i+1) * time.Hour),
			Categories: []news.Category{s.section}, Authors: []news.Author{s.author},
		}
		if i == 1 {
			a.Tags = []news.Tag{s.topic}
			a.Categories = nil
			a.Authors = nil
		}
		must(t, m.Store.CreateArticle(ctx, &a))
		s.articles = append(s.articles, a)
	}
	return s
}

func (s *readerSite) path(a news.Article) string {
	loc, _ := time.LoadLocation("Asia/Baku")
	return news.ArticlePath(a, loc)
}

// follow opens a mailed link's page and presses its button, as a reader
// does; it returns the answer to the press.
func (s *readerSite) follow(b *http.Client, link string) (*http.Response, string) {
	s.t.Helper()
	u, err := url.Parse(link)
	if err != nil || link == "" {
		s.t.Fatalf("no link to follow: %q", link)
	}
	resp, body := s.do(b, "GET", u.RequestURI(), nil)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s: %d", u.RequestURI(), resp.StatusCode)
	}
	form := parseHTML(s.t, body).Find("main form").First()
	values := url.Values{}
	form.Find("input[type=hidden]").Each(func(_ int, in *goquery.Selection) {
		values.Set(in.AttrOr("name", ""), in.AttrOr("value", ""))
	})
	return s.do(b, "POST", form.AttrOr("action", ""), values)
}

// signUp opens a verified account and returns a browser signed in to it.
func (s *readerSite) signUp(email, name string) *http.Client {
	s.t.Helper()
	b := s.browser()
	before := len(s.smtp.To(email))
	if resp, body := s.do(b, "POST", "/signup/", url.Values{"email": {email}, "password": {readerPassword}, "name": {name}}); resp.StatusCode != http.StatusOK {
		s.t.Fatalf("sign-up: %d %s", resp.StatusCode, body)
	}
	msg := s.smtp.Last(s.t, email, before+1)
	resp, _ := s.follow(b, msg.Link(s.srv.URL+"/account/link"))
	if resp.StatusCode != http.StatusSeeOther {
		s.t.Fatalf("verification link: %d", resp.StatusCode)
	}
	return b
}

func readerCookie(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == site.ReaderCookie {
			return c
		}
	}
	return nil
}

func TestReaderSignUpVerifiesTheAddressThenSignsIn(t *testing.T) {
	s := newReaderSite(t)
	b := s.browser()
	resp, body := s.do(b, "POST", "/signup/", url.Values{"email": {"Aysel@Example.org"}, "password": {readerPassword}, "name": {"Aysel"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "We have sent a link to aysel@example.org") {
		t.Fatalf("sign-up answered %d: %s", resp.StatusCode, body)
	}
	if readerCookie(resp) != nil {
		t.Error("sign-up set the reader cookie before the address was confirmed")
	}
	// Before the link is followed, the password does not sign in.
	resp, body = s.do(s.browser(), "POST", "/signin/", url.Values{"email": {"aysel@example.org"}, "password": {readerPassword}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Confirm your email address first") {
		t.Errorf("signing in unconfirmed: %d", resp.StatusCode)
	}
	msgs := s.smtp.WaitFor(t, "aysel@example.org", 2)
	verify := msgs[0]
	if !strings.Contains(verify.Subject(), "Confirm your email address") || verify.Header.Get("From") != `"Harbour Herald" <news@harbour.example>` {
		t.Errorf("verification mail: subject %q from %q", verify.Subject(), verify.Header.Get("From"))
	}
	link := verify.Link(s.srv.URL + "/account/link")
	// Opening the link (as a mail scanner would) spends nothing.
	u, _ := url.Parse(link)
	s.do(s.browser(), "GET", u.RequestURI(), nil)
	resp, _ = s.follow(b, link)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/?done=link" {
		t.Fatalf("following the link: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	c := readerCookie(resp)
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Fatalf("reader cookie after verification: %+v", c)
	}
	if resp, _ := s.follow(s.browser(), link); resp.StatusCode != http.StatusGone {
		t.Errorf("the verification link worked twice: %d", resp.StatusCode)
	}
	resp, body = s.do(b, "GET", "/account/", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(parseHTML(t, body).Find("main").Text(), "aysel@example.org") {
		t.Fatalf("account page: %d", resp.StatusCode)
	}
	if got := parseHTML(t, body).Find(".reader-menu__who").Text(); got != "Signed in as Aysel" {
		t.Errorf("header says %q", got)
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("account page Cache-Control %q", cc)
	}

	// Sign out deletes the cookie; signing in with the password sets it.
	resp, _ = s.do(b, "POST", "/signout", nil)
	if c := readerCookie(resp); c == nil || c.MaxAge >= 0 {
		t.Errorf("sign-out did not delete the cookie: %+v", c)
	}
	if resp, _ := s.do(b, "GET", "/account/", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("account page after sign-out: %d", resp.StatusCode)
	}
	resp, _ = s.do(b, "POST", "/signin/", url.Values{"email": {"AYSEL@example.org"}, "password": {readerPassword}, "next": {"/account/saved/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/saved/" || readerCookie(resp) == nil {
		t.Fatalf("password sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// No cookie for anonymous visits, and the same page for everyone.
	first, firstBody := s.do(s.browser(), "GET", s.path(s.articles[0]), nil)
	_, secondBody := s.do(s.browser(), "GET", s.path(s.articles[0]), nil)
	if len(first.Cookies()) != 0 || firstBody != secondBody || strings.Contains(firstBody, "data-bookmark") {
		t.Errorf("anonymous article pages: cookies %v, identical %v", first.Cookies(), firstBody == secondBody)
	}
}

func TestReaderPasswordlessSignInLinkOpensAnAccount(t *testing.T) {
	s := newReaderSite(t)
	b := s.browser()
	resp, body := s.do(b, "POST", "/signin/link", url.Values{"email": {"new@example.org"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "a link to do so is on its way") {
		t.Fatalf("link request: %d", resp.StatusCode)
	}
	msg := s.smtp.Last(t, "new@example.org", 1)
	resp, _ = s.follow(b, msg.Link(s.srv.URL+"/account/link"))
	if resp.StatusCode != http.StatusSeeOther || readerCookie(resp) == nil {
		t.Fatalf("following the sign-in link: %d", resp.StatusCode)
	}
	r, err := s.main.Store.ReaderByEmail(t.Context(), "new@example.org")
	if err != nil || !r.Verified() || r.PasswordHash != "" {
		t.Errorf("account opened by link: %+v, %v", r, err)
	}
	// A known address gets a sign-in link for its account.
	s.do(s.browser(), "POST", "/signin/link", url.Values{"email": {"new@example.org"}})
	again := s.smtp.Last(t, "new@example.org", 2)
	if !strings.Contains(again.Text, "Here is your link to sign in") {
		t.Errorf("second link mail: %q", again.Text)
	}
}

func TestReaderPasswordResetLinkWorksOnce(t *testing.T) {
	s := newReaderSite(t)
	s.signUp("reset@example.org", "")
	other := s.signUp("other@example.org", "") // another browser session of the same site
	_ = other
	b := s.browser()
	resp, body := s.do(b, "POST", "/signin/lost", url.Values{"email": {"reset@example.org"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "for 30 minutes") {
		t.Fatalf("reset request: %d", resp.StatusCode)
	}
	msg := s.smtp.Last(t, "reset@example.org", 2)
	link := msg.Link(s.srv.URL + "/account/reset")
	if !strings.Contains(msg.Text, "for 30 minutes") || link == "" {
		t.Fatalf("reset mail: %q", msg.Text)
	}
	token := strings.TrimPrefix(link, s.srv.URL+"/account/reset?t=")
	if resp, body := s.do(b, "GET", "/account/reset?t="+token, nil); resp.StatusCode != http.StatusOK || parseHTML(t, body).Find(`main input[name=password]`).Length() != 1 {
		t.Fatalf("reset page: %d", resp.StatusCode)
	}
	// A password that breaks the rules keeps the link usable.
	if resp, _ := s.do(b, "POST", "/account/reset", url.Values{"t": {token}, "password": {"short"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("short password: %d", resp.StatusCode)
	}
	resp, _ = s.do(b, "POST", "/account/reset", url.Values{"t": {token}, "password": {"a brand new password"}})
	if resp.StatusCode != http.StatusSeeOther || readerCookie(resp) == nil {
		t.Fatalf("reset: %d", resp.StatusCode)
	}
	resp, body = s.do(s.browser(), "POST", "/account/reset", url.Values{"t": {token}, "password": {"another new password"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not valid any more") {
		t.Errorf("the reset link worked twice: %d", resp.StatusCode)
	}
	if resp, _ := s.do(s.browser(), "POST", "/signin/", url.Values{"email": {"reset@example.org"}, "password": {readerPassword}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old password still signs in: %d", resp.StatusCode)
	}
	if resp, _ := s.do(s.browser(), "POST", "/signin/", url.Values{"email": {"reset@example.org"}, "password": {"a brand new password"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password does not sign in: %d", resp.StatusCode)
	}
}

// TestReaderAnswersDoNotTellWhetherAnAddressHasAnAccount compares the
// answers for an address with an account and one without, for every form
// that takes an address; both also queue one message or none alike.
func TestReaderAnswersDoNotTellWhetherAnAddressHasAnAccount(t *testing.T) {
	s := newReaderSite(t)
	s.signUp("known@example.org", "Known")
	for _, form := range []struct {
		path   string
		values url.Values
	}{
		{"/signup/", url.Values{"password": {readerPassword}}},
		{"/signin/", url.Values{"password": {"not the password at all"}}},
		{"/signin/lost", url.Values{}},
		{"/signin/link", url.Values{}},
		{"/newsletter/", url.Values{"digest": {"on"}}},
	} {
		answer := func(email string) (int, string) {
			v := url.Values{"email": {email}}
			for k, vs := range form.values {
				v[k] = vs
			}
			resp, body := s.do(s.browser(), "POST", form.path, v)
			// The address typed is shown back; the rest must not differ.
			main := parseHTML(t, body).Find("main").Text()
			return resp.StatusCode, strings.ReplaceAll(main, email, "ADDRESS")
		}
		knownStatus, known := answer("known@example.org")
		unknownStatus, unknown := answer("nobody@example.org")
		if knownStatus != unknownStatus || known != unknown {
			t.Errorf("POST %s: %d %q for a known address, %d %q for an unknown one", form.path, knownStatus, known, unknownStatus, unknown)
		}
	}
	// Sign-up for the known address told its owner by mail.
	if msgs := s.smtp.To("known@example.org"); !slices.ContainsFunc(msgs, func(m mailtest.Message) bool { return strings.Contains(m.Subject(), "You already have an account") }) {
		t.Error("the owner of the known address was not told of the second sign-up")
	}
}

func TestReaderSignInIsRateLimited(t *testing.T) {
	s := newReaderSite(t)
	s.signUp("limit@example.org", "")
	b := s.browser()
	for i := range 5 {
		if resp, _ := s.do(b, "POST", "/signin/", url.Values{"email": {"limit@example.org"}, "password": {"wrong password " + itoa(int64(i))}}); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, resp.StatusCode)
		}
	}
	resp, body := s.do(b, "POST", "/signin/", url.Values{"email": {"limit@example.org"}, "password": {readerPassword}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many attempts") || readerCookie(resp) != nil {
		t.Errorf("the right password after five wrong ones: %d", resp.StatusCode)
	}
	// Mail-sending forms are limited per client as well.
	var last int
	for i := range 12 {
		resp, _ := s.do(b, "POST", "/signin/lost", url.Values{"email": {"someone" + itoa(int64(i)) + "@example.org"}})
		last = resp.StatusCode
	}
	if last != http.StatusUnprocessableEntity {
		t.Errorf("the twelfth reset request from one client: %d, want a refusal", last)
	}
}

func TestSavedArticlesFollowsForYouAndHistory(t *testing.T) {
	s := newReaderSite(t)
	b := s.signUp("keen@example.org", "Keen")
	ctx := t.Context()
	lead, ferry := s.articles[0], s.articles[1]

	// Save from the article page: its button, then the form post.
	resp, body := s.do(b, "GET", s.path(lead), nil)
	doc := parseHTML(t, body)
	button := doc.Find(".article__save form[data-bookmark] button")
	if resp.StatusCode != http.StatusOK || button.AttrOr("aria-pressed", "") != "false" || button.AttrOr("value", "") != "save" {
		t.Fatalf("article page's Save button: %d %q", resp.StatusCode, button.AttrOr("aria-pressed", ""))
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("a signed-in reader's article page is cacheable by others: %q", cc)
	}
	resp, _ = s.do(b, "POST", "/account/saved", url.Values{"article": {itoa(lead.ID)}, "action": {"save"}, "next": {s.path(lead)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != s.path(lead) {
		t.Fatalf("save: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// And as the script does it: JSON back.
	req, _ := http.NewRequest("POST", s.srv.URL+"/account/saved", strings.NewReader(url.Values{"article": {itoa(ferry.ID)}, "action": {"save"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	jr, err := b.Do(req)
	must(t, err)
	var saved struct{ Saved bool }
	must(t, json.NewDecoder(jr.Body).Decode(&saved))
	jr.Body.Close()
	if !saved.Saved {
		t.Error("the JSON answer does not say saved")
	}
	_, body = s.do(b, "GET", "/account/saved/", nil)
	titles := parseHTML(t, body).Find("main .card__title").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if !slices.Equal(titles, []string{ferry.Title, lead.Title}) {
		t.Errorf("Saved page lists %q", titles)
	}
	if p := parseHTML(t, body).Find(`main .card form[data-bookmark] button[aria-pressed="true"]`).Length(); p != 2 {
		t.Errorf("%d saved cards show as saved", p)
	}
	s.do(b, "POST", "/account/saved", url.Values{"article": {itoa(ferry.ID)}, "action": {"unsave"}, "next": {"/"}})
	if list, _ := s.main.Store.SavedList(ctx, readerID(t, s, "keen@example.org")); len(list) != 1 {
		t.Errorf("after unsaving, %d saved", len(list))
	}
	// Anyone without the cookie cannot save.
	if resp, _ := s.do(s.browser(), "POST", "/account/saved", url.Values{"article": {itoa(ferry.ID)}}); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin/") {
		t.Errorf("saving signed out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// History: the article page visited above was recorded.
	_, body = s.do(b, "GET", "/account/history/", nil)
	if got := parseHTML(t, body).Find("main .card__title").Text(); got != lead.Title {
		t.Errorf("history lists %q", got)
	}
	s.do(b, "POST", "/account/history", url.Values{"action": {"clear"}, "record": {"off"}})
	if h, _ := s.main.Store.History(ctx, readerID(t, s, "keen@example.org")); len(h) != 0 {
		t.Errorf("history after clearing: %v", h)
	}
	s.do(b, "POST", "/account/history", url.Values{"action": {"off"}, "record": {"off"}})
	s.do(b, "GET", s.path(ferry), nil)
	if h, _ := s.main.Store.History(ctx, readerID(t, s, "keen@example.org")); len(h) != 0 {
		t.Errorf("history recorded while switched off: %v", h)
	}

	// Follow a topic from its page; For you shows its articles.
	_, body = s.do(b, "GET", "/tag/ferries/", nil)
	follow := parseHTML(t, body).Find(`form[action="/account/follow"] button`)
	if follow.AttrOr("value", "") != "follow" {
		t.Fatalf("topic page's Follow button: %q", follow.AttrOr("value", ""))
	}
	resp, _ = s.do(b, "POST", "/account/follow", url.Values{"kind": {"tag"}, "id": {itoa(s.topic.ID)}, "action": {"follow"}, "next": {"/tag/ferries/"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("follow: %d", resp.StatusCode)
	}
	s.do(b, "POST", "/account/follow", url.Values{"kind": {"author"}, "id": {itoa(s.author.ID)}, "action": {"follow"}})
	_, body = s.do(b, "GET", "/account/for-you/", nil)
	got := parseHTML(t, body).Find("main .card__title").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	want := []string{s.articles[0].Title, s.articles[1].Title, s.articles[2].Title, s.articles[3].Title}
	if !slices.Equal(got, want) {
		t.Errorf("For you lists %q, want %q", got, want)
	}
	s.do(b, "POST", "/account/follow", url.Values{"kind": {"author"}, "id": {itoa(s.author.ID)}, "action": {"unfollow"}})
	_, body = s.do(b, "GET", "/account/for-you/", nil)
	if got := parseHTML(t, body).Find("main .card__title").Text(); got != ferry.Title {
		t.Errorf("For you after unfollowing the author: %q", got)
	}
	if resp, _ := s.do(b, "POST", "/account/follow", url.Values{"kind": {"tag"}, "id": {"99999"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("following an unknown topic: %d", resp.StatusCode)
	}
}

func readerID(t *testing.T, s *readerSite, email string) int64 {
	t.Helper()
	r, err := s.main.Store.ReaderByEmail(t.Context(), email)
	must(t, err)
	return r.ID
}

func TestNewsletterSubscribeConfirmDigestAndOneClickUnsubscribe(t *testing.T) {
	s := newReaderSite(t)
	ctx := t.Context()
	resp, body := s.do(s.browser(), "POST", "/newsletter/", url.Values{"email": {"Digest@Example.org"}, "digest": {"on"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "follow the link we have sent to digest@example.org") {
		t.Fatalf("subscribe: %d", resp.StatusCode)
	}
	confirm := s.smtp.Last(t, "digest@example.org", 1)
	if !strings.Contains(confirm.Text, "the daily digest") {
		t.Errorf("confirmation mail: %q", confirm.Text)
	}
	sub, err := s.main.Store.SubscriberByEmail(ctx, "digest@example.org")
	if err != nil || sub.Confirmed() {
		t.Fatalf("before confirming: %+v, %v", sub, err)
	}
	resp, body = s.follow(s.browser(), confirm.Link(s.srv.URL+"/account/link"))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Your subscription is confirmed") {
		t.Fatalf("confirming: %d", resp.StatusCode)
	}

	// The digest of a day lists what was published since the last one.
	loc, _ := time.LoadLocation("Asia/Baku")
	now := time.Now().In(loc)
	period := now.Format(time.DateOnly)
	cutoff := time.Date(now.Year(), now.Month(), now.Day(), now.Hour(), now.Minute(), 0, 0, loc)
	_, err = s.main.Store.StartMailing(ctx, news.Mailing{Name: "digest:0000-previous", Cutoff: s.articles[2].PublishedAt})
	must(t, err)
	must(t, s.main.Newsletter.SendDigest(ctx, period, cutoff.Hour(), cutoff.Minute()))
	digest := s.smtp.Last(t, "digest@example.org", 2)
	if want := "Harbour Herald – " + cutoff.Format("Monday, 2 January 2006"); digest.Subject() != want {
		t.Errorf("digest subject %q, want %q", digest.Subject(), want)
	}
	for _, part := range []struct{ name, text string }{{"text", digest.Text}, {"HTML", digest.HTML}} {
		for _, a := range s.articles[:2] {
			if !strings.Contains(part.text, a.Title) || !strings.Contains(part.text, s.srv.URL+s.path(a)) {
				t.Errorf("the digest's %s part lacks %q or its link", part.name, a.Title)
			}
		}
		for _, a := range s.articles[2:] {
			if strings.Contains(part.text, a.Title) {
				t.Errorf("the digest's %s part lists %q, published before the last digest", part.name, a.Title)
			}
		}
	}
	if !strings.Contains(digest.HTML, `<table role="presentation"`) || !strings.Contains(digest.HTML, `style="`) {
		t.Error("the HTML part is not a table layout with inline styles")
	}
	unsubscribe := s.srv.URL + "/newsletter/unsubscribe?t="
	list := digest.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(list, "<"+unsubscribe) || !strings.HasSuffix(list, ">") {
		t.Errorf("List-Unsubscribe: %q", list)
	}
	if got := digest.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post: %q", got)
	}
	link := strings.Trim(list, "<>")
	if !strings.Contains(digest.Text, link) || !strings.Contains(digest.HTML, link) {
		t.Error("the message's own unsubscribe link is not in both parts")
	}
	// The day's digest is not sent twice.
	must(t, s.main.Newsletter.SendDigest(ctx, period, cutoff.Hour(), cutoff.Minute()))
	time.Sleep(100 * time.Millisecond)
	if n := len(s.smtp.To("digest@example.org")); n != 2 {
		t.Errorf("%d messages after running the day's digest again, want 2", n)
	}

	// One click, as a mail provider sends it from its own site: a POST
	// with no cookie and a foreign origin.
	oneClick := func(target string) *http.Response {
		req, _ := http.NewRequest("POST", target, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://mail.provider.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := client.Do(req)
		must(t, err)
		resp.Body.Close()
		return resp
	}
	forged := unsubscribe + "AAAAAAAAAAE" + strings.Repeat("A", 21)
	if resp := oneClick(forged); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a forged token: %d", resp.StatusCode)
	}
	if _, err := s.main.Store.SubscriberByEmail(ctx, "digest@example.org"); err != nil {
		t.Fatal("a forged token unsubscribed the reader")
	}
	for i := range 2 {
		if resp := oneClick(link); resp.StatusCode != http.StatusOK {
			t.Errorf("one-click unsubscribe, try %d: %d", i+1, resp.StatusCode)
		}
	}
	if _, err := s.main.Store.SubscriberByEmail(ctx, "digest@example.org"); err == nil {
		t.Error("still subscribed after one-click unsubscribe")
	}
}

func TestReaderDataDownloadAndDeletion(t *testing.T) {
	s := newReaderSite(t)
	b := s.signUp("leaving@example.org", "Leaving")
	ctx := t.Context()
	id := readerID(t, s, "leaving@example.org")
	s.do(b, "POST", "/account/saved", url.Values{"article": {itoa(s.articles[0].ID)}})
	s.do(b, "GET", s.path(s.articles[1]), nil)
	s.do(b, "POST", "/account/follow", url.Values{"kind": {"category"}, "id": {itoa(s.section.ID)}})
	resp, _ := s.do(b, "POST", "/account/newsletter", url.Values{"digest": {"on"}, "section": {itoa(s.section.ID)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("newsletter choices: %d", resp.StatusCode)
	}

	resp, body := s.do(b, "GET", "/account/data.json", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("data download: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	var data struct {
		Account struct {
			Email, Name string
		}
		Subscription struct {
			DailyDigest   bool     `json:"daily_digest"`
			SectionAlerts []string `json:"section_alerts"`
		}
		Saved   []struct{ Title, URL string } `json:"saved_articles"`
		Follows []struct{ Kind, Name string }
		History []struct{ Title string } `json:"reading_history"`
	}
	must(t, json.Unmarshal([]byte(body), &data))
	if data.Account.Email != "leaving@example.org" || data.Account.Name != "Leaving" || !data.Subscription.DailyDigest ||
		!slices.Equal(data.Subscription.SectionAlerts, []string{"Port"}) || len(data.Saved) != 1 || data.Saved[0].Title != s.articles[0].Title ||
		data.Saved[0].URL != s.srv.URL+s.path(s.articles[0]) || len(data.Follows) != 1 || data.Follows[0].Name != "Port" ||
		len(data.History) != 1 || data.History[0].Title != s.articles[1].Title {
		t.Errorf("downloaded data: %s", body)
	}

	if resp, _ := s.do(b, "POST", "/account/delete", url.Values{"current": {readerPassword}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("deletion without ticking the box: %d", resp.StatusCode)
	}
	if resp, _ := s.do(b, "POST", "/account/delete", url.Values{"current": {"not my password"}, "confirm": {"delete"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("deletion with a wrong password: %d", resp.StatusCode)
	}
	resp, _ = s.do(b, "POST", "/account/delete", url.Values{"current": {readerPassword}, "confirm": {"delete"}})
	if c := readerCookie(resp); resp.StatusCode != http.StatusOK || c == nil || c.MaxAge >= 0 {
		t.Fatalf("deletion: %d, cookie %+v", resp.StatusCode, c)
	}
	if _, err := s.main.Store.Reader(ctx, id); err == nil {
		t.Error("the account is still there")
	}
	if _, err := s.main.Store.SubscriberByEmail(ctx, "leaving@example.org"); err == nil {
		t.Error("the subscription is still there")
	}
	saved, _ := s.main.Store.SavedList(ctx, id)
	hist, _ := s.main.Store.History(ctx, id)
	follows, _ := s.main.Store.Follows(ctx, id)
	if len(saved)+len(hist)+len(follows) != 0 {
		t.Errorf("left behind: %d saved, %d read, %d follows", len(saved), len(hist), len(follows))
	}
	if resp, _ := s.do(b, "GET", "/account/", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("account page after deletion: %d", resp.StatusCode)
	}
}

// TestReaderFieldsAreEscapedInTheNewsroomAndTheExport: names and addresses
// readers type reach staff screens and spreadsheets.
func TestReaderFieldsAreEscapedInTheNewsroomAndTheExport(t *testing.T) {
	s := newReaderSite(t)
	const evilName = `<img src=x onerror=alert(1)>`
	b := s.signUp("evil@example.org", evilName)
	s.do(b, "POST", "/account/newsletter", url.Values{"digest": {"on"}})
	formula := s.signUp("formula@example.org", `=HYPERLINK("https://evil.example","x")`)
	s.do(formula, "POST", "/account/newsletter", url.Values{"digest": {"on"}})

	_, body := s.do(b, "GET", "/account/", nil)
	if strings.Contains(body, evilName) || parseHTML(t, body).Find("img[onerror]").Length() != 0 {
		t.Error("the account page shows the reader's name unescaped")
	}
	s.createUser("chief@example.org", "Chief", "administrator", "the chief's long password")
	admin := s.signIn("chief@example.org", "the chief's long password")
	resp, body := s.do(admin, "GET", "/admin/subscribers/", nil)
	doc := parseHTML(t, body)
	if resp.StatusCode != http.StatusOK || doc.Find("img[onerror]").Length() != 0 || strings.Contains(body, evilName) {
		t.Errorf("subscriber list: %d, name unescaped", resp.StatusCode)
	}
	if !strings.Contains(doc.Find("table.subscribers").Text(), evilName) {
		t.Error("the subscriber list does not show the name as text")
	}
	if got := doc.Find(`table.figures th:contains("Daily digest") + td`).Text(); got != "2" {
		t.Errorf("figures: %q daily digest subscribers, want 2", got)
	}
	resp, body = s.do(admin, "GET", "/admin/subscribers.csv", nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	must(t, err)
	if len(rows) != 3 || rows[2][0] != "formula@example.org" || rows[2][1] != `'=HYPERLINK("https://evil.example","x")` || rows[1][1] != evilName {
		t.Errorf("CSV rows: %q", rows)
	}
	// Editors see the figures, not the addresses.
	editor := s.signInAs("editor")
	if resp, body := s.do(editor, "GET", "/admin/subscribers/", nil); resp.StatusCode != http.StatusOK || strings.Contains(body, "evil@example.org") {
		t.Errorf("an editor's subscriber page: %d, shows addresses: %v", resp.StatusCode, strings.Contains(body, "evil@example.org"))
	}
	if resp, _ := s.do(editor, "GET", "/admin/subscribers.csv", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an editor's CSV export: %d", resp.StatusCode)
	}
}

// testLogger discards logs, or prints them with MASTHEAD_TEST_LOG=1.
func testLogger() *slog.Logger {
	if os.Getenv("MASTHEAD_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
