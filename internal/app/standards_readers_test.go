package app_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web/site"
)

// readerAccountPages are the reader pages no anonymous crawl reaches:
// those a mailed link opens, and those of a signed-in reader (with a saved
// article and a followed section, so that the lists and buttons show).
func readerAccountPages(t *testing.T) []*snapshot {
	t.Helper()
	ctx := t.Context()
	m := demoSite.main
	var pages []*snapshot
	for _, p := range []string{"/account/link?t=x&p=verify", "/account/reset?t=x", "/newsletter/unsubscribe?t=x"} {
		s := fetchSnapshot(t, client, demoSite.srv.URL, "reader", "", p)
		s.kind = readerKind(p, parseHTML(t, string(s.body)))
		pages = append(pages, s)
	}
	r := news.Reader{Email: "standards@example.org", Name: "Standards Reader", VerifiedAt: time.Now()}
	must(t, m.Store.CreateReader(ctx, &r))
	t.Cleanup(func() { m.Store.DeleteReader(ctx, r.ID) })
	token, err := m.Readers.StartSession(ctx, r)
	must(t, err)
	arts, err := m.Store.ListArticles(ctx, store.ArticleFilter{VisibleAt: time.Now(), Limit: 2})
	must(t, err)
	must(t, m.Store.SaveArticle(ctx, r.ID, arts[0].ID, time.Now()))
	must(t, m.Store.RecordReading(ctx, r.ID, arts[1].ID, time.Now()))
	if len(arts[0].Categories) > 0 {
		must(t, m.Store.Follow(ctx, r.ID, news.Follow{Kind: news.FollowCategory, TargetID: arts[0].Categories[0].ID}))
	}
	jar, _ := cookiejar.New(nil)
	base, _ := url.Parse(demoSite.srv.URL)
	jar.SetCookies(base, []*http.Cookie{{Name: site.ReaderCookie, Value: token, Path: "/"}})
	reader := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	settings, err := m.Store.Settings(ctx)
	must(t, err)
	for _, p := range []string{"/account/", "/account/saved/", "/account/for-you/", "/account/history/",
		news.ArticlePath(arts[0], settings.Location())} {
		s := fetchSnapshot(t, reader, demoSite.srv.URL, "reader", "", p)
		s.kind = "signed in " + readerKind(p, parseHTML(t, string(s.body)))
		pages = append(pages, s)
	}
	return pages
}
