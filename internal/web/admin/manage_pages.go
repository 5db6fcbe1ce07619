package admin

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
)

// reservedPageSlugs are first path segments the site serves itself: a
// page there could never be reached.
var reservedPageSlugs = []string{"admin", "api", "assets", "author", "category", "feed", "ghost", "healthz",
	"media", "page", "readyz", "search", "signin", "tag"}

// pageStatuses are the states a static page can be in: pages are not
// reviewed or scheduled.
var pageStatuses = []news.Status{news.StatusDraft, news.StatusPublished, news.StatusUnpublished}

type pageListPage struct {
	base
	Pages []pageRow
}

type pageRow struct {
	news.Page
	Updated string
	Live    bool
}

type pageFormPage struct {
	base
	Problems []string
	Page     news.Page
	Statuses []news.Status
	New      bool
}

func (a *Admin) pageList(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManagePages); err != nil {
		return err
	}
	pages, err := a.store.AllPages(r.Context())
	if err != nil {
		return err
	}
	loc := a.publicationZone(r)
	list := pageListPage{base: a.page(r, "Pages")}
	for _, p := range pages {
		row := pageRow{Page: p, Live: p.Status == news.StatusPublished && !p.PublishedAt.After(a.now())}
		if !p.UpdatedAt.IsZero() {
			row.Updated = p.UpdatedAt.In(loc).Format("2 Jan 2006 15:04")
		}
		list.Pages = append(list.Pages, row)
	}
	return a.render(w, http.StatusOK, "manage_pages.html", list)
}

// publicationZone is the publication's time zone, for showing times.
func (a *Admin) publicationZone(r *http.Request) *time.Location {
	s, err := a.store.Settings(r.Context())
	if err != nil {
		return news.Settings{}.Location()
	}
	return s.Location()
}

func (a *Admin) pageNew(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManagePages); err != nil {
		return err
	}
	return a.pageForm(w, r, http.StatusOK, news.Page{Status: news.StatusDraft}, nil)
}

// staticPage loads the page the address names.
func (a *Admin) staticPage(r *http.Request) (news.Page, error) {
	id, err := manageID(r)
	if err != nil {
		return news.Page{}, err
	}
	pages, err := a.store.AllPages(r.Context())
	if err != nil {
		return news.Page{}, err
	}
	for _, p := range pages {
		if p.ID == id {
			return p, nil
		}
	}
	return news.Page{}, news.ErrNotFound
}

func (a *Admin) pageEdit(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManagePages); err != nil {
		return err
	}
	p, err := a.staticPage(r)
	if err != nil {
		return err
	}
	return a.pageForm(w, r, http.StatusOK, p, nil)
}

func (a *Admin) pageForm(w http.ResponseWriter, r *http.Request, status int, p news.Page, probs formProblems) error {
	title := "New page"
	if p.ID != 0 {
		title = "Edit page"
	}
	page := pageFormPage{base: a.page(r, title), Problems: probs, Page: p, Statuses: pageStatuses, New: p.ID == 0}
	return a.render(w, status, "manage_page_form.html", page)
}

// postedPage reads the form over p. The body is sanitised here, like
// every body on its way to the store.
func (a *Admin) postedPage(r *http.Request, p news.Page, probs *formProblems) news.Page {
	p.Title = formText(r, "title")
	if p.Title == "" {
		probs.add("Give the page a title.")
	}
	p.Slug = formSlug(formText(r, "slug"), p.Title, probs)
	if slices.Contains(reservedPageSlugs, p.Slug) {
		probs.add("The address /%s/ belongs to the site itself; choose another slug.", p.Slug)
	}
	p.Body = render.Sanitize(r.PostFormValue("body"))
	st := news.Status(r.PostFormValue("status"))
	known := false
	for _, s := range pageStatuses {
		known = known || s == st
	}
	if !known {
		probs.add("Choose whether the page is a draft, published or unpublished.")
	} else {
		p.Status = st
	}
	now := a.now().UTC().Truncate(time.Second)
	if p.Status == news.StatusPublished && p.PublishedAt.IsZero() {
		p.PublishedAt = now
	}
	p.UpdatedAt = now
	return p
}

func (a *Admin) pageCreate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManagePages); err != nil {
		return err
	}
	var probs formProblems
	p := a.postedPage(r, news.Page{Status: news.StatusDraft}, &probs)
	if len(probs) == 0 {
		if err := storeRefusal(a.writePage(r, &p, "created"), "page", &probs); err != nil {
			return err
		}
	}
	if len(probs) > 0 {
		return a.pageForm(w, r, http.StatusUnprocessableEntity, p, probs)
	}
	redirectDone(w, r, "/admin/pages/"+strconv.FormatInt(p.ID, 10), "created")
	return nil
}

func (a *Admin) pageUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManagePages); err != nil {
		return err
	}
	old, err := a.staticPage(r)
	if err != nil {
		return err
	}
	var probs formProblems
	p := a.postedPage(r, old, &probs)
	if len(probs) == 0 {
		if err := storeRefusal(a.writePage(r, &p, "updated"), "page", &probs); err != nil {
			return err
		}
	}
	if len(probs) > 0 {
		return a.pageForm(w, r, http.StatusUnprocessableEntity, p, probs)
	}
	redirectDone(w, r, "/admin/pages/"+strconv.FormatInt(p.ID, 10), "saved")
	return nil
}

func (a *Admin) pageDelete(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManagePages); err != nil {
		return err
	}
	p, err := a.staticPage(r)
	if err != nil {
		return err
	}
	if err := a.writePage(r, &p, "deleted"); err != nil {
		return err
	}
	redirectDone(w, r, "/admin/pages/", "deleted")
	return nil
}

// writePage creates, updates or deletes a page, as change says, and
// queues the page.changed webhook event in the same transaction.
func (a *Admin) writePage(r *http.Request, p *news.Page, change string) error {
	ctx := r.Context()
	return a.store.Atomic(ctx, func(tx store.Store) error {
		var err error
		switch change {
		case "created":
			err = tx.CreatePage(ctx, p)
		case "updated":
			err = tx.UpdatePage(ctx, p)
		default:
			err = tx.DeletePage(ctx, p.ID)
		}
		if err != nil {
			return err
		}
		return newsroom.QueuePageChanged(ctx, tx, *p, change, a.now())
	})
}
