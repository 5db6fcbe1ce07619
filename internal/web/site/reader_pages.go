package site

import (
	"strconv"

	"github.com/mastheadhq/masthead/internal/news"
)

// readerView is the signed-in reader as pages show them.
type readerView struct {
	ID    int64
	Name  string
	Email string
}

// Label is how the header names the reader.
func (r readerView) Label() string {
	if r.Name != "" {
		return r.Name
	}
	return r.Email
}

// bookmarkView is the Save button of one article.
type bookmarkView struct {
	ArticleID string
	Title     string
	Saved     bool
	Next      string // the page to come back to without JavaScript
}

// followView is the Follow button of a section, topic or author.
type followView struct {
	Kind      string
	ID        string
	Name      string
	Following bool
	Next      string
}

// cardHolder is a page whose article cards may carry Save buttons.
type cardHolder interface {
	readerID() int64
	readerCards() []*card
}

func (p basePage) readerID() int64 {
	if p.Reader == nil {
		return 0
	}
	return p.Reader.ID
}

func cardPointers(lists ...[]card) []*card {
	var out []*card
	for _, l := range lists {
		for i := range l {
			out = append(out, &l[i])
		}
	}
	return out
}

func (p homePage) readerCards() []*card {
	out := cardPointers(p.Latest, p.Opinion)
	if p.Lead != nil {
		out = append(out, p.Lead)
	}
	for _, b := range p.Blocks {
		out = append(out, cardPointers(b.Articles)...)
	}
	return out
}

func (p listingPage) readerCards() []*card { return cardPointers(p.Articles) }
func (p articlePage) readerCards() []*card { return cardPointers(p.Related) }
func (p readingPage) readerCards() []*card { return cardPointers(p.Articles) }

// signUpPage opens an account.
type signUpPage struct {
	basePage
	Problem string
	Email   string
	Name    string
}

// lostPage asks for a reset link.
type lostPage struct {
	basePage
	Problem string
	Email   string
	Minutes int
}

// resetPage sets a new password with a reset link.
type resetPage struct {
	basePage
	Token   string
	Valid   bool
	Problem string
}

// noticePage says what happened, or asks to confirm with one button
// what a mailed link does (a link opened by a mail scanner must not act).
type noticePage struct {
	basePage
	Heading string
	Text    string
	Problem string
	Form    *noticeForm
	Links   []link
}

type noticeForm struct {
	Action string
	Fields []formField
	Button string
}

type formField struct{ Name, Value string }

// accountPage is the reader's own account.
type accountPage struct {
	basePage
	Account     news.Reader
	HasPassword bool
	Notice      string
	Problem     string
	Subscribed  bool
	Confirmed   bool
	Digest      bool
	Alerts      []choiceView // sections to tick for alerts
	Follows     []followRow
	ResetMins   int
}

// choiceView is a section to tick for alerts.
type choiceView struct {
	ID      string
	Name    string
	Depth   int
	Checked bool
}

type followRow struct {
	Kind string
	ID   string
	Name string
	URL  string
}

// readingPage is one of the reader's lists: saved, for you, history.
type readingPage struct {
	basePage
	Kind      string // "saved", "for-you" or "history"
	Heading   string
	Intro     string
	Empty     string
	Articles  []card
	Older     string
	Newer     string
	HistoryOn bool
}

// newsletterPage offers every choice of the newsletter.
type newsletterPage struct {
	basePage
	Problem string
	Email   string
	Digest  bool
	Alerts  []choiceView
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }
