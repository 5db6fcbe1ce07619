package admin

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

// subscriberListSize is how many of the newest subscriptions the page
// lists; the CSV export has them all.
const subscriberListSize = 100

type subscribersPage struct {
	base
	Counts    store.SubscriberCounts
	Readers   int
	MayExport bool
	Rows      []subscriberRow
	More      bool
}

type subscriberRow struct {
	Email     string
	Reader    string // the account's display name, if the subscription has one
	Digest    bool
	Alerts    string
	Confirmed string
	Since     string
}

// subscribers shows the newsletter's figures to editors and
// administrators, and the list itself to those who may export it.
func (a *Admin) subscribers(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page := subscribersPage{base: a.page(r, "Subscribers"), MayExport: newsroom.Allowed(currentUser(ctx).Role, newsroom.ExportSubscribers, false)}
	var err error
	if page.Counts, err = a.store.CountSubscribers(ctx); err != nil {
		return err
	}
	if page.Readers, err = a.store.CountReaders(ctx); err != nil {
		return err
	}
	if page.MayExport {
		loc := a.location(r)
		names, err := a.categoryNames(r)
		if err != nil {
			return err
		}
		err = a.eachSubscriber(r, func(s news.Subscriber, reader string) bool {
			if len(page.Rows) == subscriberListSize {
				page.More = true
				return false
			}
			page.Rows = append(page.Rows, subscriberRowOf(s, reader, names, loc))
			return true
		})
		if err != nil {
			return err
		}
	}
	return a.render(w, http.StatusOK, "subscribers.html", page)
}

func subscriberRowOf(s news.Subscriber, reader string, names map[int64]string, loc *time.Location) subscriberRow {
	row := subscriberRow{Email: s.Email, Reader: reader, Digest: s.Digest, Since: s.CreatedAt.In(loc).Format("2006-01-02")}
	if s.Confirmed() {
		row.Confirmed = s.ConfirmedAt.In(loc).Format("2006-01-02 15:04")
	}
	var alerts []string
	for _, id := range s.AlertCategoryIDs {
		alerts = append(alerts, names[id])
	}
	row.Alerts = strings.Join(alerts, "; ")
	return row
}

func (a *Admin) categoryNames(r *http.Request) (map[int64]string, error) {
	cats, err := a.store.AllCategories(r.Context())
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(cats))
	for _, c := range cats {
		names[c.ID] = c.Name
	}
	return names, nil
}

// eachSubscriber walks every subscription by id, a page at a time, with
// the name of its reader account, until fn returns false.
func (a *Admin) eachSubscriber(r *http.Request, fn func(news.Subscriber, string) bool) error {
	var after int64
	for {
		page, err := a.store.SubscribersAfter(r.Context(), after, 500)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, s := range page {
			name := ""
			if s.ReaderID != 0 {
				if rd, err := a.store.Reader(r.Context(), s.ReaderID); err == nil {
					name = rd.Name
				}
			}
			if !fn(s, name) {
				return nil
			}
		}
		after = page[len(page)-1].ID
	}
}

// subscribersCSV exports every subscription. Cells a spreadsheet would
// take for a formula are prefixed with a quote: readers choose their own
// names, and "=HYPERLINK(…)" must arrive as text.
func (a *Admin) subscribersCSV(w http.ResponseWriter, r *http.Request) error {
	names, err := a.categoryNames(r)
	if err != nil {
		return err
	}
	loc := a.location(r)
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="subscribers.csv"`)
	h.Set("Cache-Control", "no-store")
	out := csv.NewWriter(w)
	out.Write([]string{"email", "name", "daily_digest", "section_alerts", "confirmed_at", "subscribed_on"}) //nolint:errcheck // checked by Flush
	err = a.eachSubscriber(r, func(s news.Subscriber, reader string) bool {
		row := subscriberRowOf(s, reader, names, loc)
		out.Write(safeCells(row.Email, row.Reader, strconv.FormatBool(row.Digest), row.Alerts, row.Confirmed, row.Since)) //nolint:errcheck
		return true
	})
	if err != nil {
		return err
	}
	out.Flush()
	return out.Error()
}

// safeCells defuses cells that spreadsheets read as formulas (OWASP's
// CSV injection advice): a leading =, +, -, @, tab or carriage return
// gets a quote in front.
func safeCells(cells ...string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}
