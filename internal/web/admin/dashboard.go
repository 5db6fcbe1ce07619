package admin

import (
	"fmt"
	"net/http"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

// dashboardRows is how many recent articles the dashboard lists.
const dashboardRows = 25

type dashboardPage struct {
	base
	OwnOnly  bool // the list shows only the user's own articles
	Counts   []statusCount
	Articles []articleRow
}

type statusCount struct {
	Status news.Status
	Count  int
}

type articleRow struct {
	Title   string
	Status  news.Status
	When    string
	Authors string
	URL     string // the reader address, for published articles
	Edit    string // the editor's address
}

// dashboard lists recent articles by status. Staff who may edit only
// their own work see only their own articles.
func (a *Admin) dashboard(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	if !newsroom.Allowed(u.Role, newsroom.ViewDashboard, true) {
		return news.ErrForbidden
	}
	page := dashboardPage{base: a.page(r, "Dashboard")}
	var f store.ArticleFilter
	if !newsroom.Allowed(u.Role, newsroom.EditArticle, false) {
		page.OwnOnly = true
		f.AuthorID = u.AuthorID
		if u.AuthorID == 0 {
			f.AuthorID = -1 // no byline yet: nothing is theirs
		}
	}
	settings, err := a.store.Settings(r.Context())
	if err != nil && err != news.ErrNotFound {
		settings = news.Settings{}
	}
	loc := settings.Location()
	for _, st := range news.Statuses {
		cf := f
		cf.Status = st
		n, err := a.store.CountArticles(r.Context(), cf)
		if err != nil {
			return err
		}
		page.Counts = append(page.Counts, statusCount{Status: st, Count: n})
	}
	f.Limit = dashboardRows
	list, err := a.store.ListArticles(r.Context(), f)
	if err != nil {
		return err
	}
	for _, art := range list {
		page.Articles = append(page.Articles, rowOf(art, loc, a.now()))
	}
	return a.render(w, http.StatusOK, "dashboard.html", page)
}

func rowOf(art news.Article, loc *time.Location, now time.Time) articleRow {
	row := articleRow{Title: art.Title, Status: art.Status, Edit: fmt.Sprintf("/admin/articles/%d/", art.ID)}
	if !art.PublishedAt.IsZero() {
		row.When = art.PublishedAt.In(loc).Format("2 Jan 2006 15:04")
	}
	for i, au := range art.Authors {
		if i > 0 {
			row.Authors += ", "
		}
		row.Authors += au.Name
	}
	if art.VisibleAt(now) {
		row.URL = news.ArticlePath(art, loc)
	}
	return row
}
