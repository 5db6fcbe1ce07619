package admin

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

// articleEdit opens an article in the editor. With ?draft=mine it loads
// the writer's unsaved changes instead of the saved version.
func (a *Admin) articleEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	art, err := a.editableArticle(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("draft") == "mine" {
		d, err := a.store.Draft(ctx, art.ID, currentUser(ctx).ID)
		if err != nil {
			return err
		}
		d.Article.Status, d.Article.Version = art.Status, d.BaseVersion
		art = d.Article
	}
	page, err := a.editorPage(r, art, "Edit article")
	if err != nil {
		return err
	}
	return a.render(w, http.StatusOK, "article_edit.html", page)
}

// editableArticle loads the article of the request's path if the user may
// edit it.
func (a *Admin) editableArticle(r *http.Request) (news.Article, error) {
	id, err := articleID(r)
	if err != nil {
		return news.Article{}, err
	}
	art, err := a.store.Article(r.Context(), id)
	if err != nil {
		return news.Article{}, err
	}
	u := currentUser(r.Context())
	if !newsroom.Allowed(u.Role, newsroom.EditArticle, newsroom.Owns(u, art)) {
		return news.Article{}, news.ErrForbidden
	}
	return art, nil
}

type revisionsPage struct {
	base
	Article   news.Article
	Revisions []revisionRow
}

type revisionRow struct {
	Version int
	When    string
	By      string
	Note    string
	Title   string
	Words   int
	Current bool
}

func (a *Admin) articleRevisions(w http.ResponseWriter, r *http.Request) error {
	art, err := a.editableArticle(r)
	if err != nil {
		return err
	}
	revs, err := a.store.Revisions(r.Context(), art.ID)
	if err != nil {
		return err
	}
	loc := a.location(r)
	page := revisionsPage{base: a.page(r, "History of "+art.Title), Article: art}
	page.Nav = markCurrent(page.Nav, "/admin/articles/")
	for _, rev := range revs {
		page.Revisions = append(page.Revisions, revisionRow{
			Version: rev.Version, When: rev.CreatedAt.In(loc).Format("2 Jan 2006 15:04:05"),
			By: rev.UserName, Note: rev.Note, Title: rev.Article.Title, Words: rev.Article.WordCount,
			Current: rev.Version == art.Version,
		})
	}
	return a.render(w, http.StatusOK, "revisions.html", page)
}

type diffPage struct {
	base
	Article  news.Article
	From, To int
	Fields   []fieldDiff
}

// fieldDiff is one changed field of an article between two versions.
type fieldDiff struct {
	Label string
	Text  []newsroom.Paragraph // word diff, for text fields
}

// articleDiff compares two versions of an article field by field.
func (a *Admin) articleDiff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	art, err := a.editableArticle(r)
	if err != nil {
		return err
	}
	from, _ := strconv.Atoi(r.URL.Query().Get("from"))
	to, _ := strconv.Atoi(r.URL.Query().Get("to"))
	older, err := a.store.Revision(ctx, art.ID, from)
	if err != nil {
		return err
	}
	newer, err := a.store.Revision(ctx, art.ID, to)
	if err != nil {
		return err
	}
	page := diffPage{base: a.page(r, fmt.Sprintf("Changes from version %d to %d", from, to)), Article: art, From: from, To: to}
	page.Nav = markCurrent(page.Nav, "/admin/articles/")
	names, err := a.namer(r)
	if err != nil {
		return err
	}
	loc := a.location(r)
	o, n := older.Article, newer.Article
	for _, f := range []struct {
		label      string
		old, new   string
		paragraphs bool
	}{
		{"Title", o.Title, n.Title, false},
		{"Standfirst", o.Standfirst, n.Standfirst, false},
		{"Text", newsroom.BlocksText(o.Body), newsroom.BlocksText(n.Body), true},
		{"Address", o.Slug, n.Slug, false},
		{"Status", string(o.Status), string(n.Status), false},
		{"Publication time", timeText(o.PublishedAt, loc), timeText(n.PublishedAt, loc), false},
		{"Sections", names.categories(o.Categories), names.categories(n.Categories), false},
		{"Topics", names.tags(o.Tags), names.tags(n.Tags), false},
		{"Authors", names.authors(o.Authors), names.authors(n.Authors), false},
		{"Featured image", imageText(o.Image), imageText(n.Image), false},
		{"SEO title", o.SEOTitle, n.SEOTitle, false},
		{"SEO description", o.SEODescription, n.SEODescription, false},
		{"Attribution", sourceText(o.Source), sourceText(n.Source), false},
	} {
		old, new := f.old, f.new
		if !f.paragraphs {
			old, new = strings.ReplaceAll(old, "\n", " "), strings.ReplaceAll(new, "\n", " ")
		}
		d := newsroom.WordDiff(old, new)
		if newsroom.Changed(d) {
			page.Fields = append(page.Fields, fieldDiff{Label: f.label, Text: d})
		}
	}
	return a.render(w, http.StatusOK, "diff.html", page)
}

// articleRestore saves an earlier version as the newest.
func (a *Admin) articleRestore(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	art, err := a.editableArticle(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.FormValue("version"))
	base, _ := strconv.Atoi(r.FormValue("base"))
	restored, err := a.newsroom.Restore(ctx, currentUser(ctx), art.ID, version, base)
	if err == nil {
		a.audit(r, currentUser(ctx), "article.restored", "article", art.ID, restored.Title, fmt.Sprintf("version %d restored as %d", version, restored.Version))
	}
	if msg, ok := saveProblem(err); ok {
		page, perr := a.editorPage(r, art, "Edit article")
		if perr != nil {
			return perr
		}
		page.Error = strings.Replace(msg, "Not saved", "Not restored", 1)
		return a.render(w, http.StatusConflict, "article_edit.html", page)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/articles/%d/?done=restored", art.ID), http.StatusSeeOther)
	return nil
}
