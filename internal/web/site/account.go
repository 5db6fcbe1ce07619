package site

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/readers"
)

// accountNotices are the confirmations a redirect may ask for with
// ?done=KEY; only these show, so a link cannot put words on the page.
var accountNotices = map[string]string{
	"name":       "Your name is saved.",
	"password":   "Your new password is set. Other browsers signed in to your account were signed out.",
	"email":      "Check your new address: a link to confirm it is on its way. Until you follow it, your account keeps this address.",
	"newsletter": "Your newsletter choices are saved.",
	"history":    "Your reading history setting is saved.",
	"cleared":    "Your reading history is cleared.",
	"link":       "You are signed in.",
}

func (s *Site) account(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	return s.renderAccount(w, r, rd, http.StatusOK, "")
}

func (s *Site) renderAccount(w http.ResponseWriter, r *http.Request, rd news.Reader, status int, problem string) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	page := accountPage{basePage: base, Account: rd, HasPassword: rd.PasswordHash != "", Problem: problem,
		Notice: accountNotices[r.URL.Query().Get("done")], ResetMins: int(s.readers.ResetTTL().Minutes())}
	page.Title, page.NoIndex = "Your account", true
	sub, ok, err := s.readers.Subscription(r.Context(), rd)
	if err != nil {
		return err
	}
	page.Subscribed, page.Confirmed, page.Digest = ok, sub.Confirmed(), sub.Digest
	page.Alerts = sectionChoices(base.chrome, sub.AlertCategoryIDs)
	follows, err := s.readers.Follows(r.Context(), rd)
	if err != nil {
		return err
	}
	for _, f := range follows {
		row := followRow{Kind: string(f.Kind), ID: idText(f.TargetID), Name: f.Name}
		switch f.Kind {
		case news.FollowCategory:
			row.URL = base.chrome.categoryPath(f.TargetID)
		case news.FollowTag:
			row.URL = "/tag/" + f.Slug + "/"
		case news.FollowAuthor:
			row.URL = "/author/" + f.Slug + "/"
		}
		page.Follows = append(page.Follows, row)
	}
	return s.renderStatus(w, status, "account", page)
}

// sectionChoices lists every section, in tree order, ticked when chosen.
func sectionChoices(c chrome, chosen []int64) []choiceView {
	on := map[int64]bool{}
	for _, id := range chosen {
		on[id] = true
	}
	var out []choiceView
	var walk func(ids []news.Category, depth int)
	walk = func(cats []news.Category, depth int) {
		for _, cat := range cats {
			out = append(out, choiceView{ID: idText(cat.ID), Name: cat.Name, Depth: depth, Checked: on[cat.ID]})
			walk(c.tree.Children(cat.ID), depth+1)
		}
	}
	walk(c.tree.Roots(), 0)
	return out
}

// accountResult redirects after a change, or shows the account page with
// the problem.
func (s *Site) accountResult(w http.ResponseWriter, r *http.Request, rd news.Reader, err error, done string) error {
	text, err := problemText(err)
	if err != nil {
		return err
	}
	if text != "" {
		return s.renderAccount(w, r, rd, http.StatusUnprocessableEntity, text)
	}
	http.Redirect(w, r, "/account/?done="+done, http.StatusSeeOther)
	return nil
}

func (s *Site) accountName(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	return s.accountResult(w, r, rd, s.readers.Rename(r.Context(), rd, r.PostFormValue("name")), "name")
}

func (s *Site) accountPassword(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	keep := ""
	if c, err := r.Cookie(ReaderCookie); err == nil {
		keep = c.Value
	}
	err := s.readers.ChangePassword(r.Context(), rd, r.PostFormValue("current"), r.PostFormValue("password"), keep)
	return s.accountResult(w, r, rd, err, "password")
}

func (s *Site) accountEmail(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	err = s.readers.RequestEmailChange(r.Context(), s.origin(r, base), rd, r.PostFormValue("email"), r.PostFormValue("current"))
	return s.accountResult(w, r, rd, err, "email")
}

func (s *Site) accountNewsletter(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	err := s.readers.SetSubscription(r.Context(), rd, choiceOf(r))
	return s.accountResult(w, r, rd, err, "newsletter")
}

func (s *Site) accountHistory(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	if r.PostFormValue("action") == "clear" {
		return s.accountResult(w, r, rd, s.store.ClearHistory(r.Context(), rd.ID), "cleared")
	}
	err := s.readers.SetHistory(r.Context(), rd, r.PostFormValue("record") == "on")
	return s.accountResult(w, r, rd, err, "history")
}

// accountData downloads everything kept about the reader as JSON.
func (s *Site) accountData(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	x, err := s.readers.Export(r.Context(), s.origin(r, base), rd)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="my-data.json"`)
	_, err = w.Write(append(b, '\n'))
	return err
}

// accountDelete removes the account and its subscription, and signs out.
func (s *Site) accountDelete(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	if r.PostFormValue("confirm") != "delete" {
		return s.renderAccount(w, r, rd, http.StatusUnprocessableEntity, "Tick the box to confirm that you want your account deleted.")
	}
	if err := s.readers.Delete(r.Context(), rd, r.PostFormValue("current")); err != nil {
		return s.accountResult(w, r, rd, err, "")
	}
	clearReaderCookie(w, r)
	base, err := s.base(r)
	if err != nil {
		return err
	}
	base.Reader = nil
	return s.notice(w, base, "Your account is deleted", "Your account, your saved articles, follows, reading history and newsletter subscription are gone.", nil)
}

// readingPerPage is how many articles a reader's list shows at a time.
const readingPerPage = 24

func pageOf(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 1000 {
		return 1
	}
	return n
}

func (s *Site) readingList(w http.ResponseWriter, r *http.Request, rd news.Reader, kind string) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	n := pageOf(r)
	ctx, now, offset := r.Context(), s.now(), (n-1)*readingPerPage
	page := readingPage{basePage: base, Kind: kind, HistoryOn: !rd.HistoryOff}
	page.NoIndex = true
	var arts []news.Article
	switch kind {
	case "saved":
		page.Heading, page.Empty = "Saved articles", "Nothing saved yet. Press Save on any article to keep it here."
		arts, err = s.store.SavedArticles(ctx, rd.ID, now, readingPerPage+1, offset)
	case "for-you":
		page.Heading, page.Intro = "For you", "The latest from the sections, topics and authors you follow."
		page.Empty = "Follow sections, topics or authors (the Follow button on their pages) to see their latest articles here."
		arts, err = s.readers.ForYou(ctx, rd, now, readingPerPage+1, offset)
	default:
		page.Heading, page.Empty = "Reading history", "No articles read yet."
		if rd.HistoryOff {
			page.Empty = "Reading history is off: the articles you read are not recorded."
		}
		arts, err = s.store.ReadArticles(ctx, rd.ID, now, readingPerPage+1, offset)
	}
	if err != nil {
		return err
	}
	page.Title = page.Heading
	path := "/account/" + kind + "/"
	if len(arts) > readingPerPage {
		arts, page.Older = arts[:readingPerPage], path+"?page="+strconv.Itoa(n+1)
	}
	if n > 1 {
		page.Newer = path + "?page=" + strconv.Itoa(n-1)
	}
	page.Articles = base.chrome.cards(arts, 640, sizesCard, true)
	return s.render(w, "reading", page)
}

func (s *Site) saved(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	return s.readingList(w, r, rd, "saved")
}

func (s *Site) forYou(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	return s.readingList(w, r, rd, "for-you")
}

func (s *Site) history(w http.ResponseWriter, r *http.Request, rd news.Reader) error {
	return s.readingList(w, r, rd, "history")
}

// choiceOf reads the newsletter choices of a form: "digest" and each
// ticked "section".
func choiceOf(r *http.Request) readers.Choice {
	c := readers.Choice{Digest: r.PostFormValue("digest") == "on"}
	for _, v := range r.PostForm["section"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			c.CategoryIDs = append(c.CategoryIDs, id)
		}
	}
	return c
}

// newsletter shows every choice of the newsletter.
func (s *Site) newsletter(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	page := newsletterPage{basePage: base, Digest: true, Alerts: sectionChoices(base.chrome, nil)}
	page.Title = "Newsletter"
	page.Description = "The day's articles by email every morning, and alerts for the sections you choose."
	return s.render(w, "newsletter", page)
}

// subscribe starts a subscription from any of the newsletter forms and
// asks to confirm it by mail. The answer is the same whatever the
// address's state.
func (s *Site) subscribe(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	c := choiceOf(r)
	err = s.readers.Subscribe(r.Context(), s.origin(r, base), r.PostFormValue("email"), c)
	if text, err := problemText(err); err != nil {
		return err
	} else if text != "" {
		chosen := c.CategoryIDs
		page := newsletterPage{basePage: base, Problem: text, Email: r.PostFormValue("email"), Digest: c.Digest, Alerts: sectionChoices(base.chrome, chosen)}
		page.Title, page.NoIndex = "Newsletter", true
		return s.renderStatus(w, http.StatusUnprocessableEntity, "newsletter", page)
	}
	return s.notice(w, base, "Check your email", "To finish subscribing, follow the link we have sent to "+
		cleanEmail(r.PostFormValue("email"))+". Nothing else is sent until you do.", nil)
}

// unsubscribeForm shows the button a reader presses after following the
// link in a newsletter; opening the link alone changes nothing.
func (s *Site) unsubscribeForm(w http.ResponseWriter, r *http.Request) error {
	base, err := s.base(r)
	if err != nil {
		return err
	}
	t := r.URL.Query().Get("t")
	if t == "" {
		return notFound("unsubscribe token")
	}
	return s.notice(w, base, "Unsubscribe", "Stop receiving "+base.Site.Name+"'s newsletter at this address.",
		&noticeForm{Action: "/newsletter/unsubscribe?" + url.Values{"t": {t}}.Encode(), Button: "Unsubscribe"})
}

// unsubscribe ends a subscription by its signed token, in one click:
// this is the List-Unsubscribe-Post target mail providers POST to from
// their own servers, the one route without the cross-origin check. The
// token proves the request; doing it twice is the same as once.
func (s *Site) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("t")
	if token == "" {
		token = r.PostFormValue("t")
	}
	_, err := s.readers.Unsubscribe(r.Context(), token)
	if text, err := problemText(err); err != nil {
		return err
	} else if text != "" {
		base, err := s.base(r)
		if err != nil {
			return err
		}
		return s.noticeStatus(w, http.StatusBadRequest, base, "This link did not work", "This unsubscribe link is not one we sent.", nil)
	}
	base, err := s.base(r)
	if err != nil {
		return err
	}
	return s.notice(w, base, "You are unsubscribed", "This address will receive no more newsletters from "+base.Site.Name+
		". Changed your mind? You can subscribe again at any time.", nil)
}
