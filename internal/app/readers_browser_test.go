package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
)

// TestReaderFlowsInABrowser: a reader signs in through the header's
// popup (keyboard and Escape included), saves an article with its Save
// button (the script posts it without a page load), and a visitor
// subscribes to the newsletter from the footer.
func TestReaderFlowsInABrowser(t *testing.T) {
	browser := chromium(t)
	s := newReaderSite(t)
	hash, err := auth.HashPassword(readerPassword, auth.DefaultPasswordParams)
	must(t, err)
	r := news.Reader{Email: "popup@example.org", Name: "Popup Reader", PasswordHash: hash, VerifiedAt: time.Now()}
	must(t, s.main.Store.CreateReader(t.Context(), &r))
	base := s.srv.URL

	t.Run("sign in from the popup and save an article", func(t *testing.T) {
		tab := openTab(t, browser)
		tab.open(base + s.path(s.articles[1]))
		if tab.has(`document.getElementById('signin-dialog').open`) {
			t.Fatal("the sign-in dialog is open before the link is pressed")
		}
		tab.do(chromedp.Click(chromedp.CSS(`[data-signin]`)))
		tab.waitFor(`document.getElementById('signin-dialog').open && document.activeElement.id === 'dialog-email'`, 5*time.Second)
		tab.keys(kb.Escape)
		tab.waitFor(`!document.getElementById('signin-dialog').open && document.activeElement.matches('[data-signin]')`, 5*time.Second)

		// Again, by keyboard: Enter on the focused link opens it.
		tab.keys("\r")
		tab.waitFor(`document.getElementById('signin-dialog').open && document.activeElement.id === 'dialog-email'`, 5*time.Second)
		tab.keys("popup@example.org")
		tab.keys(kb.Tab)
		tab.keys(readerPassword)
		tab.keys("\r")
		tab.waitFor(`document.querySelector('.reader-menu') !== null`, 10*time.Second)
		if got := tab.eval(`location.pathname`); got != s.path(s.articles[1]) {
			t.Errorf("after signing in the reader is on %s, want the article they were reading", got)
		}
		if got := tab.eval(`document.querySelector('.reader-menu__who').textContent`); got != "Signed in as Popup Reader" {
			t.Errorf("header: %q", got)
		}

		tab.do(chromedp.Click(chromedp.CSS(`.article__save button`)))
		tab.waitFor(`document.querySelector('.article__save button').getAttribute('aria-pressed') === 'true'`, 10*time.Second)
		if got := tab.text(`.article__save [data-bookmark-label]`); got != "Saved" {
			t.Errorf("the button says %q after saving", got)
		}
		if tab.eval(`location.pathname`) != s.path(s.articles[1]) {
			t.Error("saving left the page")
		}
		saved, err := s.main.Store.SavedList(t.Context(), r.ID)
		must(t, err)
		if len(saved) != 1 || saved[0].ArticleID != s.articles[1].ID {
			t.Fatalf("saved in the store: %v", saved)
		}
		tab.open(base + "/account/saved/")
		if got := tab.text(`main .card__title`); got != s.articles[1].Title {
			t.Errorf("the Saved page lists %q", got)
		}
		tab.fitsAPhone("the Saved page")
	})

	t.Run("subscribe from the footer", func(t *testing.T) {
		tab := openTab(t, browser)
		tab.open(base + "/")
		tab.do(
			chromedp.ScrollIntoView(chromedp.CSS(`#footer-newsletter-email`)),
			chromedp.SendKeys(chromedp.CSS(`#footer-newsletter-email`), "footer@example.org"),
			chromedp.Click(chromedp.CSS(`.newsletter--footer button[type=submit]`)),
		)
		tab.waitFor(`document.querySelector('main h1') !== null && document.querySelector('main h1').textContent === 'Check your email'`, 10*time.Second)
		msg := s.smtp.Last(t, "footer@example.org", 1)
		if !strings.Contains(msg.Text, "the daily digest") {
			t.Errorf("confirmation mail: %q", msg.Text)
		}
		link := msg.Link(base + "/account/link")
		tab.open(link)
		tab.do(chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
		tab.waitFor(`document.body !== null && document.body.textContent.includes('Your subscription is confirmed')`, 10*time.Second)
		sub, err := s.main.Store.SubscriberByEmail(t.Context(), "footer@example.org")
		if err != nil || !sub.Confirmed() || !sub.Digest {
			t.Errorf("subscription: %+v, %v", sub, err)
		}
	})
}
