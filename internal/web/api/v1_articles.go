package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

// articleJSON is an article as /api/v1/ shows it.
func articleJSON(a news.Article) object {
	ids := func(n int, id func(int) int64) []int64 {
		out := make([]int64, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	var image any
	if a.Image != nil && a.Image.ID != 0 {
		image = a.Image.ID
	}
	return object{
		{"id", a.ID}, {"version", a.Version}, {"status", a.Status}, {"title", a.Title}, {"slug", a.Slug},
		{"standfirst", a.Standfirst}, {"body", a.Body}, {"word_count", a.WordCount},
		{"published_at", timeOrNil(a.PublishedAt)}, {"updated_at", timeOrNil(a.UpdatedAt)}, {"created_at", timeOrNil(a.CreatedAt)},
		{"category_ids", ids(len(a.Categories), func(i int) int64 { return a.Categories[i].ID })},
		{"tag_ids", ids(len(a.Tags), func(i int) int64 { return a.Tags[i].ID })},
		{"author_ids", ids(len(a.Authors), func(i int) int64 { return a.Authors[i].ID })},
		{"image_id", image}, {"seo_title", a.SEOTitle}, {"seo_description", a.SEODescription},
		// lang is the edition's code, empty for the default language;
		// articles with the same translation_group translate each other.
		{"lang", a.Lang}, {"translation_group", a.TranslationGroup},
	}
}

// articleETag is the article's version, which the newsroom checks on save.
func articleETag(a news.Article) string { return fmt.Sprintf(`"v%d"`, a.Version) }

// articleInput is what a client sends to create or change an article.
// Fields left out keep their value (or are empty for a new article).
type articleInput struct {
	Title          *string    `json:"title"`
	Slug           *string    `json:"slug"`
	Standfirst     *string    `json:"standfirst"`
	Body           *string    `json:"body"`
	PublishedAt    *time.Time `json:"published_at"`
	CategoryIDs    *[]int64   `json:"category_ids"`
	TagIDs         *[]int64   `json:"tag_ids"`
	AuthorIDs      *[]int64   `json:"author_ids"`
	ImageID        *int64     `json:"image_id"`
	SEOTitle       *string    `json:"seo_title"`
	SEODescription *string    `json:"seo_description"`
	// Lang, on create only, is the new article's edition.
	Lang *string `json:"lang"`
	// Step, on create only, moves the new article along the workflow at once.
	Step string `json:"step"`
}

// apply writes the fields given over a.
func (in articleInput) apply(a news.Article) news.Article {
	str := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	str(&a.Title, in.Title)
	str(&a.Slug, in.Slug)
	str(&a.Standfirst, in.Standfirst)
	str(&a.Body, in.Body)
	str(&a.SEOTitle, in.SEOTitle)
	str(&a.SEODescription, in.SEODescription)
	str(&a.Lang, in.Lang)
	if in.PublishedAt != nil {
		a.PublishedAt = in.PublishedAt.UTC().Truncate(time.Second)
	}
	if in.CategoryIDs != nil {
		a.Categories = nil
		for _, id := range *in.CategoryIDs {
			a.Categories = append(a.Categories, news.Category{ID: id})
		}
	}
	if in.TagIDs != nil {
		a.Tags = nil
		for _, id := range *in.TagIDs {
			a.Tags = append(a.Tags, news.Tag{ID: id})
		}
	}
	if in.AuthorIDs != nil {
		a.Authors = nil
		for _, id := range *in.AuthorIDs {
			a.Authors = append(a.Authors, news.Author{ID: id})
		}
	}
	if in.ImageID != nil {
		a.Image = nil
		if *in.ImageID != 0 {
			a.Image = &news.Image{ID: *in.ImageID}
		}
	}
	return a
}

var steps = map[string]newsroom.Step{
	"": newsroom.StepSave, "submit": newsroom.StepSubmit, "publish": newsroom.StepPublish,
	"schedule": newsroom.StepSchedule, "unpublish": newsroom.StepUnpublish, "draft": newsroom.StepDraft,
}

func parseStep(s string) (newsroom.Step, error) {
	step, ok := steps[s]
	if !ok {
		return "", apiErr(http.StatusUnprocessableEntity, "invalid", "Unknown step "+strconv.Quote(s)+"; use submit, publish, schedule, unpublish or draft.")
	}
	return step, nil
}

// listArticles walks every article by id, whatever its status: the API
// is the newsroom's, not the readers'.
func (a *API) listArticles(w http.ResponseWriter, r *http.Request, _ caller) error {
	after, err := decodeCursor(r)
	if err != nil {
		return err
	}
	size, err := pageSize(r)
	if err != nil {
		return err
	}
	arts, err := a.store.ArticlesAfter(r.Context(), after, size+1)
	if err != nil {
		return err
	}
	more := len(arts) > size
	arts = arts[:min(len(arts), size)]
	items := make([]any, len(arts))
	var last int64
	for i, art := range arts {
		items[i], last = articleJSON(art), art.ID
	}
	return writeList(w, items, last, more)
}

func (a *API) getArticle(w http.ResponseWriter, r *http.Request, _ caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	art, err := a.store.Article(r.Context(), id)
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, articleETag(art), articleJSON(art))
}

// createArticle writes a draft through the newsroom, as the token's
// owner, and takes the step asked for.
func (a *API) createArticle(w http.ResponseWriter, r *http.Request, c caller) error {
	var in articleInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	step, err := parseStep(in.Step)
	if err != nil {
		return err
	}
	saved, err := a.newsroom.Save(r.Context(), c.user, in.apply(news.Article{}), step, "")
	if err != nil {
		return err
	}
	a.audit(r, c, "article.create", "article", saved.ID, saved.Title, string(saved.Status))
	w.Header().Set("Location", fmt.Sprintf("/api/v1/articles/%d", saved.ID))
	return writeObject(w, http.StatusCreated, articleETag(saved), articleJSON(saved))
}

// currentArticle loads the article an update names and checks If-Match
// against its version.
func (a *API) currentArticle(r *http.Request) (news.Article, error) {
	id, err := pathID(r)
	if err != nil {
		return news.Article{}, err
	}
	cur, err := a.store.Article(r.Context(), id)
	if err != nil {
		return news.Article{}, err
	}
	return cur, requireMatch(r, articleETag(cur))
}

func (a *API) updateArticle(w http.ResponseWriter, r *http.Request, c caller) error {
	cur, err := a.currentArticle(r)
	if err != nil {
		return err
	}
	var in articleInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if in.Step != "" {
		return apiErr(http.StatusUnprocessableEntity, "invalid", "Move an existing article with POST …/transitions.")
	}
	saved, err := a.newsroom.Save(r.Context(), c.user, in.apply(cur), newsroom.StepSave, "")
	if err != nil {
		return err
	}
	a.audit(r, c, "article.save", "article", saved.ID, saved.Title, fmt.Sprintf("version %d", saved.Version))
	return writeObject(w, http.StatusOK, articleETag(saved), articleJSON(saved))
}

// transitionArticle takes a workflow step: submit, publish, schedule,
// unpublish or draft.
func (a *API) transitionArticle(w http.ResponseWriter, r *http.Request, c caller) error {
	cur, err := a.currentArticle(r)
	if err != nil {
		return err
	}
	var in struct {
		Step string `json:"step"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	step, err := parseStep(in.Step)
	if err != nil || step == newsroom.StepSave {
		return apiErr(http.StatusUnprocessableEntity, "invalid", "Name the step: submit, publish, schedule, unpublish or draft.")
	}
	saved, err := a.newsroom.Save(r.Context(), c.user, cur, step, "")
	if err != nil {
		return err
	}
	a.audit(r, c, "article."+in.Step, "article", saved.ID, saved.Title, fmt.Sprintf("version %d, %s", saved.Version, saved.Status))
	return writeObject(w, http.StatusOK, articleETag(saved), articleJSON(saved))
}

func (a *API) deleteArticle(w http.ResponseWriter, r *http.Request, c caller) error {
	cur, err := a.currentArticle(r)
	if err != nil {
		return err
	}
	if err := a.newsroom.Delete(r.Context(), c.user, cur.ID); err != nil {
		return err
	}
	a.audit(r, c, "article.deleted", "article", cur.ID, cur.Title, "")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// audit records an article change made through the API. The newsroom
// saves articles in a transaction of its own, with their revision; the
// entry follows it, as the newsroom pages' do.
func (a *API) audit(r *http.Request, c caller, action, kind string, id int64, title, detail string) {
	e := news.AuditEntry{At: a.now().UTC().Truncate(time.Second), UserID: c.user.ID, UserName: c.user.Name, Action: action,
		SubjectKind: kind, SubjectID: id, SubjectTitle: title, Detail: string(c.via()) + "; " + detail}
	if err := a.store.RecordAudit(r.Context(), &e); err != nil {
		a.log.ErrorContext(r.Context(), "audit entry not written", "action", action, "err", err)
	}
}
