package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/nql"
	"github.com/mastheadhq/masthead/internal/store"
)

// visiblePages are the static pages readers may see now.
func (a *API) visiblePages(ctx context.Context, v *contentView) ([]news.Page, error) {
	all, err := a.store.AllPages(ctx)
	if err != nil {
		return nil, err
	}
	var out []news.Page
	for _, p := range all {
		if p.Status == news.StatusPublished && !p.PublishedAt.After(v.now) {
			out = append(out, p)
		}
	}
	return out, nil
}

func pageRecord(p news.Page) nql.Record {
	return func(field string) []any {
		switch field {
		case "id":
			return []any{ghostID(kindPage, p.ID)}
		case "uuid":
			return []any{ghostUUID(kindPage, p.ID)}
		case "slug":
			return []any{p.Slug}
		case "title":
			return []any{p.Title}
		case "status":
			return []any{"published"}
		case "visibility":
			return []any{"public"}
		case "featured":
			return []any{false}
		case "type":
			return []any{"page"}
		case "published_at", "created_at":
			return []any{p.PublishedAt}
		case "updated_at":
			return []any{pageUpdatedAt(p)}
		}
		return nil
	}
}

func (a *API) browsePages(ctx context.Context, v *contentView, q ghostQuery) ([]object, int, error) {
	pages, err := a.visiblePages(ctx, v)
	if err != nil {
		return nil, 0, err
	}
	recs := make([]record, len(pages))
	for i, p := range pages {
		recs[i] = record{values: pageRecord(p), build: func() object { return v.page(p, q) }}
	}
	return finish(q, recs, v)
}

// finish filters, orders and pages records and builds the page's objects.
func finish(q ghostQuery, recs []record, v *contentView) ([]object, int, error) {
	recs = q.matching(recs, v.now)
	sortRecords(recs, q.order)
	var items []object
	for _, rec := range q.window(recs) {
		items = append(items, q.shape(rec.build()))
	}
	return items, len(recs), nil
}

func taxonRecord(id, slug, name, description string) nql.Record {
	return func(field string) []any {
		switch field {
		case "id":
			return []any{id}
		case "slug":
			return []any{slug}
		case "name":
			return []any{name}
		case "description":
			return []any{description}
		case "visibility":
			return []any{"public"}
		}
		return nil
	}
}

// tagRecords are every section, in tree order, then every topic.
func (v *contentView) tagRecords(withCount func(object, store.ArticleFilter) object) []record {
	var recs []record
	for _, c := range v.cats {
		recs = append(recs, record{values: taxonRecord(ghostID(kindCategory, c.ID), v.catSlug[c.ID], c.Name, c.Description),
			build: func() object { return withCount(v.sectionTag(c), store.ArticleFilter{CategoryIDs: []int64{c.ID}}) }})
	}
	for _, t := range v.tags {
		recs = append(recs, record{values: taxonRecord(ghostID(kindTag, t.ID), v.tagSlug[t.ID], t.Name, t.Description),
			build: func() object { return withCount(v.topicTag(t), store.ArticleFilter{TagID: t.ID}) }})
	}
	return recs
}

// counter adds count.posts to an object when the query includes it: the
// number of visible articles f selects. Errors are kept for the caller.
type counter struct {
	a   *API
	ctx context.Context
	v   *contentView
	q   ghostQuery
	err error
}

func (c *counter) add(o object, f store.ArticleFilter) object {
	if !c.q.include["count.posts"] || c.err != nil {
		return o
	}
	f.VisibleAt = c.v.now
	n, err := c.a.store.CountArticles(c.ctx, f)
	c.err = err
	o.set("count", object{{"posts", n}})
	return o
}

func (a *API) browseTags(ctx context.Context, v *contentView, q ghostQuery) ([]object, int, error) {
	c := &counter{a: a, ctx: ctx, v: v, q: q}
	items, total, _ := finish(q, v.tagRecords(c.add), v)
	return items, total, c.err
}

func authorRecord(au news.Author) nql.Record {
	return func(field string) []any {
		switch field {
		case "id":
			return []any{ghostID(kindAuthor, au.ID)}
		case "slug":
			return []any{au.Slug}
		case "name":
			return []any{au.Name}
		case "website":
			for _, l := range au.Links {
				if strings.EqualFold(l.Network, "website") {
					return []any{l.URL}
				}
			}
		}
		return nil
	}
}

func (a *API) browseAuthors(ctx context.Context, v *contentView, q ghostQuery) ([]object, int, error) {
	authors, err := a.store.AllAuthors(ctx)
	if err != nil {
		return nil, 0, err
	}
	c := &counter{a: a, ctx: ctx, v: v, q: q}
	recs := make([]record, len(authors))
	for i, au := range authors {
		recs[i] = record{values: authorRecord(au), build: func() object {
			return c.add(v.author(au), store.ArticleFilter{AuthorID: au.ID})
		}}
	}
	items, total, _ := finish(q, recs, v)
	return items, total, c.err
}

// readByID answers /{resource}/{id}/ for one of Ghost's 24-hex ids.
func (a *API) readByID(resource string) func(http.ResponseWriter, *http.Request) error {
	return a.read(resource, func(ctx context.Context, v *contentView, q ghostQuery, r *http.Request) (object, error) {
		kind, id, ok := parseGhostID(r.PathValue("id"))
		if !ok {
			return nil, news.ErrNotFound
		}
		switch {
		case resource == "posts" && kind == kindPost:
			art, err := a.store.Article(ctx, id)
			return a.visibleArticle(v, q, art, err)
		case resource == "pages" && kind == kindPage:
			return a.pageWhere(ctx, v, q, func(p news.Page) bool { return p.ID == id })
		case resource == "tags" && (kind == kindTag || kind == kindCategory):
			return a.tagWhere(ctx, v, q, ghostID(kind, id))
		case resource == "authors" && kind == kindAuthor:
			au, err := a.store.Author(ctx, id)
			if err != nil {
				return nil, err
			}
			c := &counter{a: a, ctx: ctx, v: v, q: q}
			o := c.add(v.author(au), store.ArticleFilter{AuthorID: au.ID})
			return o, c.err
		}
		return nil, news.ErrNotFound
	})
}

// readBySlug answers /{resource}/slug/{slug}/.
func (a *API) readBySlug(resource string) func(http.ResponseWriter, *http.Request) error {
	return a.read(resource, func(ctx context.Context, v *contentView, q ghostQuery, r *http.Request) (object, error) {
		slug := r.PathValue("slug")
		switch resource {
		case "posts":
			art, err := a.store.ArticleBySlug(ctx, slug)
			return a.visibleArticle(v, q, art, err)
		case "pages":
			return a.pageWhere(ctx, v, q, func(p news.Page) bool { return p.Slug == slug })
		case "tags":
			t, ok := v.bySlug[slug]
			if !ok {
				return nil, news.ErrNotFound
			}
			kind := kindTag
			if t.section {
				kind = kindCategory
			}
			return a.tagWhere(ctx, v, q, ghostID(kind, t.id))
		}
		au, err := a.store.AuthorBySlug(ctx, slug)
		if err != nil {
			return nil, err
		}
		c := &counter{a: a, ctx: ctx, v: v, q: q}
		o := c.add(v.author(au), store.ArticleFilter{AuthorID: au.ID})
		return o, c.err
	})
}

type finder func(ctx context.Context, v *contentView, q ghostQuery, r *http.Request) (object, error)

// read runs a finder with the query and view, turning not-found into
// Ghost's message for the resource.
func (a *API) read(resource string, find finder) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := parseGhostQuery(r, rulesFor(resource))
		if err != nil {
			return err
		}
		v, err := a.view(r)
		if err != nil {
			return err
		}
		o, err := find(r.Context(), v, q, r)
		if isNotFound(err) {
			return notFoundError(singular[resource] + " not found.")
		}
		if err != nil {
			return err
		}
		return writeRead(w, resource, q.shape(o))
	}
}

func (a *API) visibleArticle(v *contentView, q ghostQuery, art news.Article, err error) (object, error) {
	if err != nil {
		return nil, err
	}
	if !art.VisibleAt(v.now) {
		return nil, news.ErrNotFound
	}
	return v.article(art, q), nil
}

func (a *API) pageWhere(ctx context.Context, v *contentView, q ghostQuery, match func(news.Page) bool) (object, error) {
	pages, err := a.visiblePages(ctx, v)
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		if match(p) {
			return v.page(p, q), nil
		}
	}
	return nil, news.ErrNotFound
}

func (a *API) tagWhere(ctx context.Context, v *contentView, q ghostQuery, id string) (object, error) {
	c := &counter{a: a, ctx: ctx, v: v, q: q}
	for _, rec := range v.tagRecords(c.add) {
		if rec.values("id")[0] == id {
			o := rec.build()
			return o, c.err
		}
	}
	return nil, news.ErrNotFound
}
