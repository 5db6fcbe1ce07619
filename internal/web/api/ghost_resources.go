package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/nql"
	"github.com/mastheadhq/masthead/internal/store"
)

// The fields each resource's filter and order may name. They are the
// fields Ghost's own filters are used with; a filter naming any other is
// refused with a 400 before anything is read.
var (
	postRules = resourceRules{name: "posts", filterFields: set(
		"id", "uuid", "slug", "title", "status", "visibility", "featured", "type",
		"published_at", "updated_at", "created_at", "custom_excerpt", "reading_time",
		"tag", "tags", "tags.slug", "tags.id", "tags.name", "primary_tag", "primary_tag.slug", "primary_tag.id",
		"author", "authors", "authors.slug", "authors.id", "authors.name", "primary_author", "primary_author.slug", "primary_author.id"),
		defaultOrder: []orderKey{{"published_at", true}, {"id", true}}}
	pageRules = resourceRules{name: "pages", filterFields: set(
		"id", "uuid", "slug", "title", "status", "visibility", "featured", "type",
		"published_at", "updated_at", "created_at"),
		defaultOrder: []orderKey{{"published_at", true}, {"id", true}}}
	tagRules = resourceRules{name: "tags", filterFields: set("id", "slug", "name", "visibility", "description"),
		defaultOrder: []orderKey{{"name", false}}}
	authorRules = resourceRules{name: "authors", filterFields: set("id", "slug", "name", "website", "location"),
		defaultOrder: []orderKey{{"name", false}}}
)

// singular names a resource's item in Ghost's not-found messages.
var singular = map[string]string{"posts": "Post", "pages": "Page", "tags": "Tag", "authors": "Author"}

func rulesFor(resource string) resourceRules {
	switch resource {
	case "posts":
		return postRules
	case "pages":
		return pageRules
	case "tags":
		return tagRules
	}
	return authorRules
}

func writeJSON(w http.ResponseWriter, status int, body any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(body)
}

// writeBrowse answers a browse: the resource's list and Ghost's meta.
func writeBrowse(w http.ResponseWriter, resource string, items []object, pagination object) error {
	if items == nil {
		items = []object{}
	}
	return writeJSON(w, http.StatusOK, object{{resource, items}, {"meta", object{{"pagination", pagination}}}})
}

// writeRead answers a read: a list of one and no meta, which Ghost's
// client turns into the object itself.
func writeRead(w http.ResponseWriter, resource string, item object) error {
	return writeJSON(w, http.StatusOK, object{{resource, []object{item}}})
}

func (a *API) browse(resource string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := parseGhostQuery(r, rulesFor(resource))
		if err != nil {
			return err
		}
		v, err := a.view(r)
		if err != nil {
			return err
		}
		var items []object
		var total int
		switch resource {
		case "posts":
			items, total, err = a.browsePosts(r.Context(), v, q)
		case "pages":
			items, total, err = a.browsePages(r.Context(), v, q)
		case "tags":
			items, total, err = a.browseTags(r.Context(), v, q)
		default:
			items, total, err = a.browseAuthors(r.Context(), v, q)
		}
		if err != nil {
			return err
		}
		return writeBrowse(w, resource, items, q.pagination(total))
	}
}

// browsePosts pages through the visible articles. Without a filter or a
// custom order the database pages them; otherwise the candidates (all
// visible articles, or those of the one section, topic or author the
// filter requires) are filtered and ordered here, and only the page shown
// is read with its text.
func (a *API) browsePosts(ctx context.Context, v *contentView, q ghostQuery) ([]object, int, error) {
	var arts []news.Article
	var total int
	if q.filter == nil && slices.Equal(q.order, postRules.defaultOrder) {
		f := store.ArticleFilter{VisibleAt: v.now}
		n, err := a.store.CountArticles(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		f.Limit, f.Offset = q.limit, q.offset()
		if arts, err = a.store.ListArticles(ctx, f); err != nil {
			return nil, 0, err
		}
		total = n
	} else {
		cands, err := a.postCandidates(ctx, v, q.filter)
		if err != nil {
			return nil, 0, err
		}
		recs := make([]record, len(cands))
		for i, c := range cands {
			recs[i] = record{values: v.articleRecord(c)}
		}
		recs = q.matching(recs, v.now)
		sortRecords(recs, q.order)
		total = len(recs)
		for _, rec := range q.window(recs) {
			art, err := a.store.Article(ctx, rec.values("_id")[0].(int64))
			if err != nil {
				return nil, 0, err
			}
			arts = append(arts, art)
		}
	}
	items := make([]object, len(arts))
	for i, art := range arts {
		items[i] = q.shape(v.article(art, q))
	}
	return items, total, nil
}

// walkBatch is how many articles a full walk holds at once.
const walkBatch = 500

// postCandidates returns the visible articles a filter could match,
// without their text: those of the section, topic or author a top-level
// "+" of the filter requires, or else every visible article.
func (a *API) postCandidates(ctx context.Context, v *contentView, e nql.Expr) ([]news.Article, error) {
	f, none, narrowed := v.narrow(ctx, a.store, e)
	if none {
		return nil, nil
	}
	var out []news.Article
	keep := func(list []news.Article) {
		for _, art := range list {
			if art.VisibleAt(v.now) {
				art.Body = ""
				out = append(out, art)
			}
		}
	}
	if narrowed {
		f.VisibleAt = v.now
		list, err := a.store.ListArticles(ctx, f)
		keep(list)
		return out, err
	}
	for after := int64(0); ; {
		list, err := a.store.ArticlesAfter(ctx, after, walkBatch)
		if err != nil {
			return nil, err
		}
		keep(list)
		if len(list) < walkBatch {
			return out, nil
		}
		after = list[len(list)-1].ID
	}
}

// narrow finds, in the filter's top-level conjunction, an equality on a
// section, topic or author that the store can select by. none reports a
// slug that names nothing, so nothing can match.
func (v *contentView) narrow(ctx context.Context, s store.Store, e nql.Expr) (f store.ArticleFilter, none, ok bool) {
	for _, c := range conjuncts(e) {
		if c.Op != nql.Eq || c.Values[0].Kind != nql.String {
			continue
		}
		slug := c.Values[0].Text
		switch c.Field {
		case "tag", "tags", "tags.slug", "primary_tag", "primary_tag.slug":
			t, found := v.bySlug[slug]
			switch {
			case !found:
				return f, true, false
			case t.section && (c.Field == "primary_tag" || c.Field == "primary_tag.slug"):
				return store.ArticleFilter{PrimaryCategoryIDs: []int64{t.id}}, false, true
			case t.section:
				return store.ArticleFilter{CategoryIDs: []int64{t.id}}, false, true
			case c.Field == "primary_tag" || c.Field == "primary_tag.slug":
				continue
			}
			return store.ArticleFilter{TagID: t.id}, false, true
		case "author", "authors", "authors.slug":
			au, err := s.AuthorBySlug(ctx, slug)
			if err != nil {
				return f, true, false
			}
			return store.ArticleFilter{AuthorID: au.ID}, false, true
		}
	}
	return f, false, false
}

// conjuncts are the comparisons every match must satisfy.
func conjuncts(e nql.Expr) []nql.Compare {
	switch e := e.(type) {
	case nql.And:
		return append(conjuncts(e.Left), conjuncts(e.Right)...)
	case nql.Compare:
		return []nql.Compare{e}
	}
	return nil
}

// articleRecord is what a filter and an order read of an article.
func (v *contentView) articleRecord(art news.Article) nql.Record {
	return func(field string) []any {
		switch field {
		case "_id":
			return []any{art.ID}
		case "id":
			return []any{ghostID(kindPost, art.ID)}
		case "uuid":
			return []any{ghostUUID(kindPost, art.ID)}
		case "slug":
			return []any{art.Slug}
		case "title":
			return []any{art.Title}
		case "status":
			return []any{"published"}
		case "visibility":
			return []any{"public"}
		case "featured":
			return []any{false}
		case "type":
			return []any{"post"}
		case "published_at":
			return []any{art.PublishedAt}
		case "updated_at":
			return []any{updatedAt(art)}
		case "created_at":
			return []any{art.CreatedAt}
		case "custom_excerpt":
			return []any{art.Standfirst}
		case "reading_time":
			return []any{readingTime(art.WordCount)}
		case "tag", "tags", "tags.slug":
			return v.articleTagSlugs(art)
		case "primary_tag", "primary_tag.slug":
			return firstOnly(v.articleTagSlugs(art))
		case "tags.id", "primary_tag.id":
			ids := v.articleTagIDs(art)
			if field == "primary_tag.id" {
				return firstOnly(ids)
			}
			return ids
		case "tags.name":
			var names []any
			for _, c := range art.Categories {
				names = append(names, c.Name)
			}
			for _, t := range art.Tags {
				names = append(names, t.Name)
			}
			return names
		}
		return authorValues(field, art.Authors)
	}
}

func (v *contentView) articleTagIDs(art news.Article) []any {
	var ids []any
	for _, c := range art.Categories {
		ids = append(ids, ghostID(kindCategory, c.ID))
	}
	for _, t := range art.Tags {
		ids = append(ids, ghostID(kindTag, t.ID))
	}
	return ids
}

func authorValues(field string, authors []news.Author) []any {
	var out []any
	for i, au := range authors {
		if i > 0 && (field == "primary_author" || field == "primary_author.slug" || field == "primary_author.id") {
			break
		}
		switch field {
		case "author", "authors", "authors.slug", "primary_author", "primary_author.slug":
			out = append(out, au.Slug)
		case "authors.id", "primary_author.id":
			out = append(out, ghostID(kindAuthor, au.ID))
		case "authors.name":
			out = append(out, au.Name)
		}
	}
	return out
}

func firstOnly(vals []any) []any {
	if len(vals) == 0 {
		return nil
	}
	return vals[:1]
}
