package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
)

// contentView is what building Content API objects needs for one
// request: the publication's address and zone, and Ghost's view of its
// taxonomy, in which sections and topics are both tags.
type contentView struct {
	base     string
	loc      *time.Location
	now      time.Time
	settings news.Settings
	tree     *news.CategoryTree
	cats     []news.Category
	tags     []news.Tag
	catSlug  map[int64]string // a section's slug as a Ghost tag
	tagSlug  map[int64]string // a topic's slug as a Ghost tag
	bySlug   map[string]taxon // the other way
}

// taxon is a Ghost tag: a section or a topic.
type taxon struct {
	section bool
	id      int64
}

func (a *API) view(r *http.Request) (*contentView, error) {
	ctx := r.Context()
	settings, err := a.store.Settings(ctx)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return nil, err
	}
	cats, err := a.store.AllCategories(ctx)
	if err != nil {
		return nil, err
	}
	tags, err := a.store.AllTags(ctx)
	if err != nil {
		return nil, err
	}
	v := &contentView{base: baseURL(settings, r), loc: settings.Location(), now: a.now().UTC(), settings: settings,
		tree: news.NewCategoryTree(cats), cats: cats, tags: tags,
		catSlug: map[int64]string{}, tagSlug: map[int64]string{}, bySlug: map[string]taxon{}}
	v.nameTaxonomy()
	return v, nil
}

// nameTaxonomy gives every section and topic a Ghost tag slug, unique as
// Ghost's are. A section keeps its slug unless a section elsewhere in the
// tree has the same one, when its path (news-economy) is used; a topic
// keeps its slug unless a section has it, when it gets "-topic" added.
func (v *contentView) nameTaxonomy() {
	seen := map[string]int{}
	for _, c := range v.cats {
		seen[c.Slug]++
	}
	for _, c := range v.cats {
		slug := c.Slug
		if seen[slug] > 1 {
			slug = strings.ReplaceAll(v.tree.Path(c.ID), "/", "-")
		}
		v.catSlug[c.ID] = slug
		v.bySlug[slug] = taxon{section: true, id: c.ID}
	}
	for _, t := range v.tags {
		slug := t.Slug
		if _, taken := v.bySlug[slug]; taken {
			slug += "-topic"
		}
		v.tagSlug[t.ID] = slug
		v.bySlug[slug] = taxon{id: t.ID}
	}
}

// ghostTime is how Ghost writes times: UTC with milliseconds and offset.
func ghostTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000-07:00")
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (v *contentView) imageURL(img *news.Image) any {
	if img == nil || img.Path == "" {
		return nil
	}
	return v.base + "/media/" + img.Path
}

func imageAlt(img *news.Image) any {
	if img == nil {
		return nil
	}
	return nullable(img.Alt)
}

func imageCaption(img *news.Image) any {
	if img == nil {
		return nil
	}
	return nullable(img.Caption)
}

// sectionTag is a section as a Ghost tag.
func (v *contentView) sectionTag(c news.Category) object {
	return v.tagObject(ghostID(kindCategory, c.ID), c.Name, v.catSlug[c.ID], c.Description, "/category/"+v.tree.Path(c.ID)+"/")
}

// topicTag is a topic as a Ghost tag.
func (v *contentView) topicTag(t news.Tag) object {
	return v.tagObject(ghostID(kindTag, t.ID), t.Name, v.tagSlug[t.ID], t.Description, "/tag/"+t.Slug+"/")
}

func (v *contentView) tagObject(id, name, slug, description, path string) object {
	return object{
		{"id", id}, {"name", name}, {"slug", slug}, {"description", nullable(description)},
		{"feature_image", nil}, {"visibility", "public"},
		{"og_image", nil}, {"og_title", nil}, {"og_description", nil},
		{"twitter_image", nil}, {"twitter_title", nil}, {"twitter_description", nil},
		{"meta_title", nil}, {"meta_description", nil},
		{"codeinjection_head", nil}, {"codeinjection_foot", nil},
		{"canonical_url", nil}, {"accent_color", nil}, {"url", v.base + path},
	}
}

// articleTags are an article's Ghost tags: its sections, primary first,
// then its topics, so that primary_tag is the main section.
func (v *contentView) articleTags(a news.Article) []object {
	out := make([]object, 0, len(a.Categories)+len(a.Tags))
	for _, c := range a.Categories {
		out = append(out, v.sectionTag(c))
	}
	for _, t := range a.Tags {
		out = append(out, v.topicTag(t))
	}
	return out
}

func (v *contentView) articleTagSlugs(a news.Article) []any {
	out := make([]any, 0, len(a.Categories)+len(a.Tags))
	for _, c := range a.Categories {
		out = append(out, v.catSlug[c.ID])
	}
	for _, t := range a.Tags {
		out = append(out, v.tagSlug[t.ID])
	}
	return out
}

// author is a byline as a Ghost author.
func (v *contentView) author(au news.Author) object {
	var website, facebook, twitter any
	for _, l := range au.Links {
		switch strings.ToLower(l.Network) {
		case "website":
			website = l.URL
		case "facebook":
			facebook = handle(l.URL, "")
		case "x", "twitter":
			twitter = handle(l.URL, "@")
		}
	}
	return object{
		{"id", ghostID(kindAuthor, au.ID)}, {"name", au.Name}, {"slug", au.Slug},
		{"profile_image", v.imageURL(au.Avatar)}, {"cover_image", nil}, {"bio", nullable(au.Bio)},
		{"website", website}, {"location", nil}, {"facebook", facebook}, {"twitter", twitter},
		{"meta_title", nil}, {"meta_description", nil}, {"url", v.base + "/author/" + au.Slug + "/"},
	}
}

// handle is the account name in a profile address, as Ghost keeps
// facebook and twitter: "aze.media", "@azemedia".
func handle(raw, prefix string) any {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	name := strings.Trim(u.Path, "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		return nil
	}
	return prefix + strings.TrimPrefix(name, "@")
}

// article is an article as a Ghost post, with what the query includes.
func (v *contentView) article(a news.Article, q ghostQuery) object {
	o := v.postFields(ghostID(kindPost, a.ID), ghostUUID(kindPost, a.ID), a.Title, a.Slug, a.Body, q)
	o.set("comment_id", fmt.Sprint(a.ID))
	o.set("feature_image", v.imageURL(a.Image))
	o.set("featured", false)
	o.set("visibility", "public")
	o.set("created_at", ghostTime(a.CreatedAt))
	o.set("updated_at", ghostTime(updatedAt(a)))
	o.set("published_at", ghostTime(a.PublishedAt))
	o.set("custom_excerpt", nullable(a.Standfirst))
	o.set("codeinjection_head", nil)
	o.set("codeinjection_foot", nil)
	o.set("custom_template", nil)
	o.set("canonical_url", canonical(a.Source))
	if q.include["tags"] {
		tags := v.articleTags(a)
		o.set("tags", tags)
		o.set("primary_tag", firstObject(tags))
	}
	if q.include["authors"] {
		authors := make([]object, len(a.Authors))
		for i, au := range a.Authors {
			authors[i] = v.author(au)
		}
		o.set("authors", authors)
		o.set("primary_author", firstObject(authors))
	}
	path := news.ArticlePath(a, v.loc)
	lang := a.Lang
	if lang != "" {
		path = "/" + lang + path
	} else if lang = v.settings.Language; lang == "" {
		lang = "en"
	}
	o.set("url", v.base+path)
	// Not a Ghost field: the post's edition, as the site's lang is.
	o.set("lang", lang)
	o.set("excerpt", excerpt(a.Standfirst, a.Body))
	o.set("reading_time", readingTime(a.WordCount))
	o.set("access", true)
	o.set("comments", false)
	v.seoFields(&o, a.SEOTitle, a.SEODescription)
	o.set("email_subject", nil)
	o.set("frontmatter", nil)
	o.set("feature_image_alt", imageAlt(a.Image))
	o.set("feature_image_caption", imageCaption(a.Image))
	return o
}

// page is a static page as a Ghost page.
func (v *contentView) page(p news.Page, q ghostQuery) object {
	o := v.postFields(ghostID(kindPage, p.ID), ghostUUID(kindPage, p.ID), p.Title, p.Slug, p.Body, q)
	o.set("comment_id", fmt.Sprint(p.ID))
	o.set("feature_image", nil)
	o.set("featured", false)
	o.set("visibility", "public")
	o.set("created_at", ghostTime(p.PublishedAt))
	o.set("updated_at", ghostTime(pageUpdatedAt(p)))
	o.set("published_at", ghostTime(p.PublishedAt))
	o.set("custom_excerpt", nil)
	o.set("codeinjection_head", nil)
	o.set("codeinjection_foot", nil)
	o.set("custom_template", nil)
	o.set("canonical_url", nil)
	if q.include["tags"] {
		o.set("tags", []object{})
		o.set("primary_tag", nil)
	}
	if q.include["authors"] {
		o.set("authors", []object{})
		o.set("primary_author", nil)
	}
	o.set("url", v.base+"/"+p.Slug+"/")
	o.set("excerpt", excerpt("", p.Body))
	o.set("reading_time", readingTime(render.WordCount(p.Body)))
	o.set("access", true)
	o.set("comments", false)
	v.seoFields(&o, "", "")
	o.set("email_subject", nil)
	o.set("frontmatter", nil)
	o.set("feature_image_alt", nil)
	o.set("feature_image_caption", nil)
	o.set("show_title_and_feature_image", true)
	return o
}

// postFields starts a post or page: identity and the body in the formats
// asked for (html by default; plaintext on request).
func (v *contentView) postFields(id, uuid, title, slug, body string, q ghostQuery) object {
	o := object{{"id", id}, {"uuid", uuid}, {"title", title}, {"slug", slug}}
	if q.formats["html"] {
		o.set("html", body)
	}
	if q.formats["plaintext"] {
		o.set("plaintext", render.PlainText(body))
	}
	return o
}

func (v *contentView) seoFields(o *object, title, description string) {
	o.set("og_image", nil)
	o.set("og_title", nil)
	o.set("og_description", nil)
	o.set("twitter_image", nil)
	o.set("twitter_title", nil)
	o.set("twitter_description", nil)
	o.set("meta_title", nullable(title))
	o.set("meta_description", nullable(description))
}

func firstObject(list []object) any {
	if len(list) == 0 {
		return nil
	}
	return list[0]
}

// canonical points a reprint or translation at its original when the
// editor chose so, as the article page does.
func canonical(src news.Attribution) any {
	if src.Canonical && !src.IsZero() && src.URL != "" {
		return src.URL
	}
	return nil
}

// excerpt is the standfirst, or the body's opening, as Ghost gives a
// post without a custom excerpt the first 500 characters of its text.
func excerpt(standfirst, body string) string {
	if standfirst != "" {
		return standfirst
	}
	return render.Excerpt(body, 500)
}

// readingTime is Ghost's minutes of reading, which may be 0 for a post
// with almost no text.
func readingTime(words int) int {
	if words == 0 {
		return 0
	}
	return news.ReadingMinutes(words)
}

func updatedAt(a news.Article) time.Time {
	if a.UpdatedAt.IsZero() {
		return a.PublishedAt
	}
	return a.UpdatedAt
}

func pageUpdatedAt(p news.Page) time.Time {
	if p.UpdatedAt.IsZero() {
		return p.PublishedAt
	}
	return p.UpdatedAt
}
