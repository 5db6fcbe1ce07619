package api

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func pageJSON(p news.Page) object {
	return object{{"id", p.ID}, {"title", p.Title}, {"slug", p.Slug}, {"body", p.Body}, {"status", p.Status},
		{"published_at", timeOrNil(p.PublishedAt)}, {"updated_at", timeOrNil(p.UpdatedAt)}}
}

func categoryJSON(c news.Category) object {
	return object{{"id", c.ID}, {"parent_id", c.ParentID}, {"name", c.Name}, {"slug", c.Slug},
		{"description", c.Description}, {"position", c.Position}}
}

func tagJSON(t news.Tag) object {
	return object{{"id", t.ID}, {"name", t.Name}, {"slug", t.Slug}, {"description", t.Description}}
}

func authorJSON(au news.Author) object {
	links := make([]object, len(au.Links))
	for i, l := range au.Links {
		links[i] = object{{"network", l.Network}, {"url", l.URL}}
	}
	var avatar any
	if au.Avatar != nil && au.Avatar.ID != 0 {
		avatar = au.Avatar.ID
	}
	return object{{"id", au.ID}, {"name", au.Name}, {"slug", au.Slug}, {"bio", au.Bio}, {"avatar_id", avatar}, {"links", links}}
}

// listOf answers a list kept whole in memory (pages, sections, topics,
// authors: hundreds or thousands, not millions), walked by id.
func listOf[T any](w http.ResponseWriter, r *http.Request, all []T, id func(T) int64, show func(T) object) error {
	slices.SortFunc(all, func(x, y T) int { return int(id(x) - id(y)) })
	page, more, err := pageOf(r, all, id)
	if err != nil {
		return err
	}
	items := make([]any, len(page))
	var last int64
	for i, x := range page {
		items[i], last = show(x), id(x)
	}
	return writeList(w, items, last, more)
}

// findByID picks the object the address names from a list.
func findByID[T any](r *http.Request, all []T, id func(T) int64) (T, error) {
	var zero T
	want, err := pathID(r)
	if err != nil {
		return zero, err
	}
	for _, x := range all {
		if id(x) == want {
			return x, nil
		}
	}
	return zero, news.ErrNotFound
}

func pageID(p news.Page) int64         { return p.ID }
func categoryID(c news.Category) int64 { return c.ID }
func tagID(t news.Tag) int64           { return t.ID }
func authorID(au news.Author) int64    { return au.ID }

// Pages.

type pageInput struct {
	Title       *string      `json:"title"`
	Slug        *string      `json:"slug"`
	Body        *string      `json:"body"`
	Status      *news.Status `json:"status"`
	PublishedAt *time.Time   `json:"published_at"`
}

func (in pageInput) apply(p news.Page) news.Page {
	setIf(&p.Title, in.Title)
	setIf(&p.Slug, in.Slug)
	setIf(&p.Body, in.Body)
	setIf(&p.Status, in.Status)
	if in.PublishedAt != nil {
		p.PublishedAt = in.PublishedAt.UTC().Truncate(time.Second)
	}
	return p
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

func (a *API) listPages(w http.ResponseWriter, r *http.Request, _ caller) error {
	all, err := a.store.AllPages(r.Context())
	if err != nil {
		return err
	}
	return listOf(w, r, all, pageID, pageJSON)
}

func (a *API) findPage(r *http.Request) (news.Page, error) {
	all, err := a.store.AllPages(r.Context())
	if err != nil {
		return news.Page{}, err
	}
	return findByID(r, all, pageID)
}

func (a *API) getPage(w http.ResponseWriter, r *http.Request, _ caller) error {
	p, err := a.findPage(r)
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, etagOf(pageJSON(p)), pageJSON(p))
}

func (a *API) createPage(w http.ResponseWriter, r *http.Request, c caller) error {
	var in pageInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	p, err := a.newsroom.SavePage(r.Context(), c.user, c.via(), in.apply(news.Page{}))
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/pages/%d", p.ID))
	return writeObject(w, http.StatusCreated, etagOf(pageJSON(p)), pageJSON(p))
}

func (a *API) updatePage(w http.ResponseWriter, r *http.Request, c caller) error {
	cur, err := a.findPage(r)
	if err != nil {
		return err
	}
	if err := requireMatch(r, etagOf(pageJSON(cur))); err != nil {
		return err
	}
	var in pageInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	p, err := a.newsroom.SavePage(r.Context(), c.user, c.via(), in.apply(cur))
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, etagOf(pageJSON(p)), pageJSON(p))
}

func (a *API) deletePage(w http.ResponseWriter, r *http.Request, c caller) error {
	cur, err := a.findPage(r)
	if err != nil {
		return err
	}
	if err := requireMatch(r, etagOf(pageJSON(cur))); err != nil {
		return err
	}
	if err := a.newsroom.DeletePage(r.Context(), c.user, c.via(), cur); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Categories (sections).

type categoryInput struct {
	ParentID    *int64  `json:"parent_id"`
	Name        *string `json:"name"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
	Position    *int    `json:"position"`
}

func (in categoryInput) apply(c news.Category) news.Category {
	setIf(&c.ParentID, in.ParentID)
	setIf(&c.Name, in.Name)
	setIf(&c.Slug, in.Slug)
	setIf(&c.Description, in.Description)
	setIf(&c.Position, in.Position)
	return c
}

func (a *API) listCategories(w http.ResponseWriter, r *http.Request, _ caller) error {
	all, err := a.store.AllCategories(r.Context())
	if err != nil {
		return err
	}
	return listOf(w, r, all, categoryID, categoryJSON)
}

func (a *API) findCategory(r *http.Request) (news.Category, error) {
	all, err := a.store.AllCategories(r.Context())
	if err != nil {
		return news.Category{}, err
	}
	return findByID(r, all, categoryID)
}

func (a *API) getCategory(w http.ResponseWriter, r *http.Request, _ caller) error {
	c, err := a.findCategory(r)
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, etagOf(categoryJSON(c)), categoryJSON(c))
}

func (a *API) createCategory(w http.ResponseWriter, r *http.Request, c caller) error {
	var in categoryInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	cat, err := a.newsroom.SaveCategory(r.Context(), c.user, c.via(), in.apply(news.Category{}))
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/categories/%d", cat.ID))
	return writeObject(w, http.StatusCreated, etagOf(categoryJSON(cat)), categoryJSON(cat))
}

func (a *API) updateCategory(w http.ResponseWriter, r *http.Request, c caller) error {
	cur, err := a.findCategory(r)
	if err != nil {
		return err
	}
	if err := requireMatch(r, etagOf(categoryJSON(cur))); err != nil {
		return err
	}
	var in categoryInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	cat, err := a.newsroom.SaveCategory(r.Context(), c.user, c.via(), in.apply(cur))
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, etagOf(categoryJSON(cat)), categoryJSON(cat))
}

func (a *API) deleteCategory(w http.ResponseWriter, r *http.Request, c caller) error {
	cur, err := a.findCategory(r)
	if err != nil {
		return err
	}
	if err := requireMatch(r, etagOf(categoryJSON(cur))); err != nil {
		return err
	}
	if err := a.newsroom.DeleteCategory(r.Context(), c.user, c.via(), cur); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Tags (topics).

type tagInput struct {
	Name        *string `json:"name"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
}

func (in tagInput) apply(t news.Tag) news.Tag {
	setIf(&t.Name, in.Name)
	setIf(&t.Slug, in.Slug)
	setIf(&t.Description, in.Description)
	return t
}

func (a *API) listTags(w http.ResponseWriter, r *http.Request, _ caller) error {
	all, err := a.store.AllTags(r.Context())
	if err != nil {
		return err
	}
	return listOf(w, r, all, tagID, tagJSON)
}

func (a *API) findTag(r *http.Request) (news.Tag, error) {
	all, err := a.store.AllTags(r.Context())
	if err != nil {
		return news.Tag{}, err
	}
	return findByID(r, all, tagID)
}

func (a *API) getTag(w http.ResponseWriter, r *http.Request, _ caller) error {
	t, err := a.findTag(r)
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, etagOf(tagJSON(t)), tagJSON(t))
}

func (a *API) createTag(w http.ResponseWriter, r *http.Request, c caller) error {
	var in tagInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	t, err := a.newsroom.SaveTag(r.Context(), c.user, c.via(), in.apply(news.Tag{}))
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/tags/%d", t.ID))
	return writeObject(w, http.StatusCreated, etagOf(tagJSON(t)), tagJSON(t))
}

func (a *API) updateTag(w http.ResponseWriter, r *http.Request, c caller) error {
	cur, err := a.findTag(r)
	if err != nil {
		return err
	}
	if err := requireMatch(r, etagOf(tagJSON(cur))); err != nil {
		return err
	}
	var in tagInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	t, err := a.newsroom.SaveTag(r.Context(), c.user, c.via(), in.apply(cur))
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, etagOf(tagJSON(t)), tagJSON(t))
}

func (a *API) deleteTag(w http.ResponseWriter, r *http.Request, c caller) error {
	cur, err := a.findTag(r)
	if err != nil {
		return err
	}
	if err := requireMatch(r, etagOf(tagJSON(cur))); err != nil {
		return err
	}
	if err := a.newsroom.DeleteTag(r.Context(), c.user, c.via(), cur); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Authors (bylines).

type linkInput struct {
	Network string `json:"network"`
	URL     string `json:"url"`
}

type authorInput struct {
	Name     *string      `json:"name"`
	Slug     *string      `json:"slug"`
	Bio      *string      `json:"bio"`
	AvatarID *int64       `json:"avatar_id"`
	Links    *[]linkInput `json:"links"`
}

func (in authorInput) apply(au news.Author) news.Author {
	setIf(&au.Name, in.Name)
	setIf(&au.Slug, in.Slug)
	setIf(&au.Bio, in.Bio)
	if in.AvatarID != nil {
		au.Avatar = nil
		if *in.AvatarID != 0 {
			au.Avatar = &news.Image{ID: *in.AvatarID}
		}
	}
	if in.Links != nil {
		au.Links = nil
		for _, l := range *in.Links {
			au.Links = append(au.Links, news.SocialLink{Network: l.Network, URL: l.URL})
		}
	}
	return au
}

func (a *API) listAuthors(w http.ResponseWriter, r *http.Request, _ caller) error {
	all, err := a.store.AllAuthors(r.Context())
	if err != nil {
		return err
	}
	return listOf(w, r, all, authorID, authorJSON)
}

func (a *API) getAuthor(w http.ResponseWriter, r *http.Request, _ caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	au, err := a.store.Author(r.Context(), id)
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, etagOf(authorJSON(au)), authorJSON(au))
}

func (a *API) createAuthor(w http.ResponseWriter, r *http.Request, c caller) error {
	var in authorInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	au, err := a.newsroom.SaveAuthor(r.Context(), c.user, c.via(), in.apply(news.Author{}))
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/authors/%d", au.ID))
	return writeObject(w, http.StatusCreated, etagOf(authorJSON(au)), authorJSON(au))
}

func (a *API) updateAuthor(w http.ResponseWriter, r *http.Request, c caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := a.store.Author(r.Context(), id)
	if err != nil {
		return err
	}
	if err := requireMatch(r, etagOf(authorJSON(cur))); err != nil {
		return err
	}
	var in authorInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	au, err := a.newsroom.SaveAuthor(r.Context(), c.user, c.via(), in.apply(cur))
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, etagOf(authorJSON(au)), authorJSON(au))
}
