package admin

import (
	"errors"
	"fmt"
	"github.com/mastheadhq/masthead/internal/web"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

// articleRoutes registers the article list, the editor and its history.
func (a *Admin) articleRoutes(mux *web.Mux) {
	mux.Handle("GET /admin/articles/{$}", a.signedIn(a.articleList))
	mux.Handle("GET /admin/articles/new", a.signedIn(a.articleNew))
	mux.Handle("POST /admin/articles/{$}", a.signedIn(a.articleCreate))
	mux.Handle("POST /admin/articles/autosave", a.signedIn(a.articleAutosave))
	mux.Handle("GET /admin/articles/{id}/{$}", a.signedIn(a.articleEdit))
	mux.Handle("POST /admin/articles/{id}/{$}", a.signedIn(a.articleSave))
	mux.Handle("POST /admin/articles/{id}/autosave", a.signedIn(a.articleAutosave))
	mux.Handle("POST /admin/articles/{id}/presence", a.signedIn(a.articlePresence))
	mux.Handle("POST /admin/articles/{id}/discard", a.signedIn(a.articleDiscard))
	mux.Handle("POST /admin/articles/{id}/preview", a.signedIn(a.articlePreview))
	mux.Handle("POST /admin/articles/{id}/delete", a.signedIn(a.articleDelete))
	mux.Handle("GET /admin/articles/{id}/revisions", a.signedIn(a.articleRevisions))
	mux.Handle("GET /admin/articles/{id}/diff", a.signedIn(a.articleDiff))
	mux.Handle("POST /admin/articles/{id}/restore", a.signedIn(a.articleRestore))
	mux.HandleFunc("GET /admin/article.js", a.articleScript)
	a.editionRoutes(mux)
}

// listRows is how many articles a page of the list shows.
const listRows = 30

type articleListPage struct {
	base
	Query      string
	Status     news.Status
	AuthorID   int64
	CategoryID int64
	// Editions offers the language filter when there are several.
	Editions   []editionChoice
	Statuses   []news.Status
	Authors    []news.Author
	Categories []categoryOption
	Rows       []articleRow
	Total      int
	PrevURL    string
	NextURL    string
}

type categoryOption struct {
	ID       int64
	Label    string // indented by depth
	Selected bool
}

// articleList lists articles with filters by status, author, section
// and title. Staff who may edit only their own work see only theirs.
func (a *Admin) articleList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := currentUser(ctx)
	if !newsroom.Allowed(u.Role, newsroom.WriteArticle, true) {
		return news.ErrForbidden
	}
	q := r.URL.Query()
	page := articleListPage{base: a.page(r, "Articles"), Statuses: news.Statuses}
	page.Query = strings.TrimSpace(q.Get("q"))
	page.Status = news.Status(q.Get("status"))
	if !page.Status.Valid() {
		page.Status = ""
	}
	page.AuthorID, _ = strconv.ParseInt(q.Get("author"), 10, 64)
	page.CategoryID, _ = strconv.ParseInt(q.Get("category"), 10, 64)
	offset, _ := strconv.Atoi(q.Get("from"))
	offset = max(offset, 0)

	f := store.ArticleFilter{Status: page.Status, AuthorID: page.AuthorID, TitleContains: page.Query}
	if page.CategoryID != 0 {
		f.CategoryIDs = []int64{page.CategoryID}
	}
	lang := strings.TrimSpace(q.Get("lang"))
	editions, err := a.editionChoices(r, lang)
	if err != nil {
		return err
	}
	if len(editions) > 1 {
		for i, e := range editions {
			e.Selected = lang != "" && e.Selected
			editions[i] = e
			if e.Selected {
				f.Langs = []string{e.Code}
				if i == 0 {
					f.Langs = []string{""}
				}
			}
		}
		page.Editions = editions
	}
	if !newsroom.Allowed(u.Role, newsroom.EditArticle, false) {
		f.AuthorID = u.AuthorID
		if u.AuthorID == 0 {
			f.AuthorID = -1
		}
	}
	total, err := a.store.CountArticles(ctx, f)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = listRows, offset
	list, err := a.store.ListArticles(ctx, f)
	if err != nil {
		return err
	}
	loc := a.location(r)
	for _, art := range list {
		page.Rows = append(page.Rows, rowOf(art, loc, a.now()))
	}
	page.Total = total
	if page.Authors, err = a.store.AllAuthors(ctx); err != nil {
		return err
	}
	if page.Categories, err = a.categoryOptions(r, []int64{page.CategoryID}); err != nil {
		return err
	}
	page.PrevURL, page.NextURL = listLinks(r.URL, offset, total)
	return a.render(w, http.StatusOK, "articles.html", page)
}

func listLinks(u *url.URL, offset, total int) (prev, next string) {
	q := u.Query()
	if offset > 0 {
		q.Set("from", strconv.Itoa(max(offset-listRows, 0)))
		prev = "?" + q.Encode()
	}
	if offset+listRows < total {
		q.Set("from", strconv.Itoa(offset+listRows))
		next = "?" + q.Encode()
	}
	return prev, next
}

// categoryOptions lists every section depth-first with its depth shown,
// marking the selected ones.
func (a *Admin) categoryOptions(r *http.Request, selected []int64) ([]categoryOption, error) {
	all, err := a.store.AllCategories(r.Context())
	if err != nil {
		return nil, err
	}
	children := map[int64][]news.Category{}
	for _, c := range all {
		children[c.ParentID] = append(children[c.ParentID], c)
	}
	var out []categoryOption
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, c := range children[parent] {
			opt := categoryOption{ID: c.ID, Label: strings.Repeat("— ", depth) + c.Name}
			for _, id := range selected {
				opt.Selected = opt.Selected || id == c.ID
			}
			out = append(out, opt)
			walk(c.ID, depth+1)
		}
	}
	walk(0, 0)
	return out, nil
}

// location is the publication's time zone, in which staff read and enter
// times.
func (a *Admin) location(r *http.Request) *time.Location {
	s, err := a.store.Settings(r.Context())
	if err != nil {
		return time.UTC
	}
	return s.Location()
}

func articleID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("article id %q: %w", r.PathValue("id"), news.ErrNotFound)
	}
	return id, nil
}

// articleNew shows an empty editor.
func (a *Admin) articleNew(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	if !newsroom.Allowed(u.Role, newsroom.WriteArticle, true) {
		return news.ErrForbidden
	}
	art := news.Article{Status: news.StatusDraft}
	if u.AuthorID != 0 {
		art.Authors = []news.Author{{ID: u.AuthorID}}
	}
	page, err := a.editorPage(r, art, "New article")
	if err != nil {
		return err
	}
	return a.render(w, http.StatusOK, "article_edit.html", page)
}

// articleCreate stores a new draft and opens it in the editor.
func (a *Admin) articleCreate(w http.ResponseWriter, r *http.Request) error {
	return a.saveFromForm(w, r, 0)
}

func (a *Admin) articleSave(w http.ResponseWriter, r *http.Request) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	return a.saveFromForm(w, r, id)
}

// saveFromForm saves what the editor sent and takes the step its button
// asked for. A refusal shows the editor again with the writer's text and
// the reason; nothing they typed is lost.
func (a *Admin) saveFromForm(w http.ResponseWriter, r *http.Request, id int64) error {
	ctx := r.Context()
	u := currentUser(ctx)
	in, problems, err := a.articleFromForm(r, id)
	if err != nil {
		return err
	}
	step := newsroom.Step(r.FormValue("step"))
	if len(problems) == 0 {
		saved, err := a.newsroom.Save(ctx, u, in, step, "")
		if err == nil {
			a.audit(r, u, "article."+doneKey(step), "article", saved.ID, saved.Title, fmt.Sprintf("version %d, %s", saved.Version, saved.Status))
			http.Redirect(w, r, fmt.Sprintf("/admin/articles/%d/?done=%s", saved.ID, doneKey(step)), http.StatusSeeOther)
			return nil
		}
		msg, ok := saveProblem(err)
		if !ok {
			return err
		}
		problems = append(problems, msg)
	}
	title := "New article"
	if id != 0 {
		title = "Edit article"
	}
	page, err := a.editorPage(r, in, title)
	if err != nil {
		return err
	}
	page.Error = strings.Join(problems, " ")
	return a.render(w, http.StatusUnprocessableEntity, "article_edit.html", page)
}

// saveProblem turns a refusal the writer can act on into words.
func saveProblem(err error) (string, bool) {
	var ce *newsroom.ConflictError
	var pe *newsroom.ProblemError
	switch {
	case errors.As(err, &ce):
		return fmt.Sprintf("Not saved: %s saved a newer version (%d) at %s while you were editing. "+
			"Your text is below and is kept as your unsaved changes; compare it with the saved version "+
			"in History, then save again.", ce.By, ce.Version, ce.At.Format("15:04 MST")), true
	case errors.As(err, &pe):
		return "Not saved: " + pe.Error(), true
	case errors.Is(err, news.ErrInvalid):
		return "Not saved: a section, topic, author or image chosen no longer exists.", true
	}
	return "", false
}

func doneKey(step newsroom.Step) string {
	switch step {
	case newsroom.StepPublish:
		return "published"
	case newsroom.StepSchedule:
		return "scheduled"
	case newsroom.StepSubmit:
		return "submitted"
	case newsroom.StepUnpublish:
		return "unpublished"
	}
	return "saved"
}

// articleDelete removes an article after the form's confirmation.
func (a *Admin) articleDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	u := currentUser(r.Context())
	art, err := a.store.Article(r.Context(), id)
	if err != nil {
		return err
	}
	if err := a.newsroom.Delete(r.Context(), u, id); err != nil {
		return err
	}
	a.audit(r, u, "article.deleted", "article", id, art.Title, "")
	http.Redirect(w, r, "/admin/articles/?done=deleted", http.StatusSeeOther)
	return nil
}

// articlePreview makes a signed link to the article as readers will see
// it, and shows it on the editor.
func (a *Admin) articlePreview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := articleID(r)
	if err != nil {
		return err
	}
	art, err := a.store.Article(ctx, id)
	if err != nil {
		return err
	}
	u := currentUser(ctx)
	if !newsroom.Allowed(u.Role, newsroom.PreviewUnpublished, newsroom.Owns(u, art)) {
		return news.ErrForbidden
	}
	link, err := newsroom.PreviewPath(ctx, a.store, id, a.now().Add(newsroom.PreviewTTL))
	if err != nil {
		return err
	}
	a.audit(r, u, "article.preview-link", "article", id, art.Title, "")
	page, err := a.editorPage(r, art, "Edit article")
	if err != nil {
		return err
	}
	page.PreviewLink = link
	page.PreviewUntil = a.now().Add(newsroom.PreviewTTL).In(a.location(r)).Format("2 Jan 2006 15:04")
	return a.render(w, http.StatusOK, "article_edit.html", page)
}
