package news

import (
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"
)

// WireSource is another outlet's feed the newsroom follows: its items
// arrive in the wire inbox, from which editors reprint or translate.
type WireSource struct {
	ID       int64
	Name     string // shown with each item, and the publication of a reprint
	FeedURL  string
	Language string // BCP 47 code of what the outlet writes in, e.g. "az"
	// Interval is how often the feed is asked for new items.
	Interval  time.Duration
	CreatedAt time.Time
	Poll      WirePoll
}

// Bounds of a source's polling interval: more often than every five
// minutes is rude to the outlet; less often than daily is not news.
const (
	MinWireInterval = 5 * time.Minute
	MaxWireInterval = 24 * time.Hour
)

// WirePoll is what the poller remembers of a source between polls.
type WirePoll struct {
	// ETag and LastModified are the validators of the last full answer,
	// sent back so that an unchanged feed costs the outlet a 304.
	ETag         string
	LastModified string
	LastPolledAt time.Time // zero before the first poll
	LastOKAt     time.Time // the last poll that succeeded
	NextPollAt   time.Time // zero: due now
	// Failures counts polls that failed in a row; it sets the backoff
	// and goes back to zero on success.
	Failures  int
	LastError string
}

// WireItem is one story read from a source's feed.
type WireItem struct {
	ID       int64
	SourceID int64
	GUID     string // the feed's id for the item, or its link
	URL      string
	Title    string
	Summary  string // plain text
	Author   string
	Language string // the source's, when the item was read
	// PublishedAt is the feed's date for the item, or when it was read
	// when the feed gave none.
	PublishedAt time.Time
	FetchedAt   time.Time
	Seen        bool
	// DuplicateOf is the id of the first item with the same address or
	// title, from any source; zero for an item seen first.
	DuplicateOf int64
}

// Validate checks what an editor typed for a source and says what is wrong
// in sentences; none means it may be stored.
func (s WireSource) Validate() []string {
	var problems []string
	if strings.TrimSpace(s.Name) == "" {
		problems = append(problems, "Give the source a name.")
	}
	if u, err := url.Parse(s.FeedURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		problems = append(problems, "The feed address must be a full http:// or https:// address, without a user name.")
	}
	if s.Language != "" && !languageCode(s.Language) {
		problems = append(problems, "The language must be a code such as en, az or pt-BR.")
	}
	if s.Interval < MinWireInterval || s.Interval > MaxWireInterval {
		problems = append(problems, "Poll between every 5 minutes and once a day.")
	}
	return problems
}

// languageCode accepts the shape of a BCP 47 tag: letters, then parts of
// letters and digits joined by hyphens.
func languageCode(s string) bool {
	parts := strings.Split(s, "-")
	for i, p := range parts {
		if len(p) == 0 || len(p) > 8 || (i == 0 && len(p) < 2) {
			return false
		}
		for _, r := range p {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || (i > 0 && r >= '0' && r <= '9')) {
				return false
			}
		}
	}
	return true
}

// WireURLKey is the form of an item's address that two sources giving
// the same story agree on: scheme and host in lower case, no default
// port, no fragment, no utm_* tracking parameters, the rest of the query
// sorted, no trailing slash. "" for what is not a web address.
func WireURLKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	port := u.Port()
	if port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		if !strings.HasPrefix(strings.ToLower(k), "utm_") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var query []string
	for _, k := range keys {
		vals := q[k]
		sort.Strings(vals)
		for _, v := range vals {
			query = append(query, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	// http and https give the same story: the key leaves the scheme out.
	key := host + strings.TrimRight(u.EscapedPath(), "/")
	if len(query) > 0 {
		key += "?" + strings.Join(query, "&")
	}
	return key
}

// minTitleKeyWords is the fewest words a title needs before titles alone
// mark a duplicate: "Live updates" or "Editorial" head different stories.
const minTitleKeyWords = 4

// WireTitleKey is a title folded so that copies of one headline match:
// lower case, punctuation and symbols dropped, runs of white space made
// one space. "" for titles too short to tell stories apart.
func WireTitleKey(title string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(title) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			// A hyphen or slash joins words as a space would.
			space = true
		}
	}
	key := b.String()
	if len(strings.Fields(key)) < minTitleKeyWords {
		return ""
	}
	return key
}

// WireSearchText is what a keyword filter looks in: the title and summary
// in lower case, folded in Go so that both databases match alike in every
// script.
func WireSearchText(it WireItem) string {
	return strings.ToLower(it.Title + "\n" + it.Summary)
}
