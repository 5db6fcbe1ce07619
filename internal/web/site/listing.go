package site

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// perPage is how many articles a section, topic or author page lists.
const perPage = 12

// category serves /category/<path>/ and /category/<path>/page/<n>/,
// listing the section's articles and those of every sub-section, and
// hands /category/<path>/feed/ (and its formats) to categoryFeed.
func (s *Site) category(w http.ResponseWriter, r *http.Request) error {
	rest := r.PathValue("path")
	if rest == "" {
		return notFound("category index")
	}
	if !strings.HasSuffix(rest, "/") {
		// The escaped path: a decoded one may hold "%" or spaces and
		// make a Location header that clients cannot parse.
		http.Redirect(w, r, r.URL.EscapedPath()+"/", http.StatusMovedPermanently)
		return nil
	}
	if catPath, format, ok := splitFeed(strings.TrimSuffix(rest, "/")); ok {
		return s.categoryFeed(w, r, catPath, format)
	}
	catPath, n, err := splitPage(strings.TrimSuffix(rest, "/"))
	if err != nil {
		return err
	}
	base, err := s.base(r)
	if err != nil {
		return err
	}
	c := base.chrome
	cat, ok := c.tree.ByPath(catPath)
	if !ok {
		return notFound("category " + catPath)
	}
	page := listingPage{basePage: base, Kind: "category", Heading: cat.Name, Intro: cat.Description}
	page.Title, page.Description = cat.Name, cat.Description
	for _, sub := range c.tree.Children(cat.ID) {
		page.Subsections = append(page.Subsections, link{Label: sub.Name, URL: c.categoryPath(sub.ID)})
	}
	crumbs := []link{{Label: c.settings.Name, URL: c.prefix + "/"}}
	for _, anc := range c.tree.Ancestors(cat.ID) {
		crumbs = append(crumbs, link{Label: anc.Name, URL: c.categoryPath(anc.ID)})
	}
	page.Breadcrumbs = append(crumbs, link{Label: cat.Name})
	d := &deps{}
	d.categoryLists(c, cat.ID)
	f := store.ArticleFilter{CategoryIDs: c.tree.Descendants(cat.ID)}
	page.Follow = s.followButton(r, base, news.FollowCategory, cat.ID, cat.Name)
	if err := s.fillListing(r, &page, f, c.categoryPath(cat.ID), n, d); err != nil {
		return err
	}
	page.addJSONLD(map[string]any{
		"@context": "https://schema.org", "@type": "CollectionPage",
		"name": cat.Name, "description": cat.Description, "url": page.Canonical,
	})
	return s.renderCached(w, r, "listing", page, d)
}

// splitPage separates a trailing "page/<n>" from a path.
func splitPage(p string) (string, int, error) {
	i := strings.LastIndex(p, "/page/")
	if i < 0 {
		return p, 1, nil
	}
	n, err := pageNumber(p[i+len("/page/"):])
	return p[:i], n, err
}

func pageNumber(s string) (int, error) {
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 100000 || strconv.Itoa(n) != s {
		return 0, notFound("page number " + s)
	}
	return n, nil
}

func (s *Site) tag(w http.ResponseWriter, r *http.Request) error {
	n, err := pageNumber(r.PathValue("n"))
	if err != nil {
		return err
	}
	t, err := s.store.TagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	base, err := s.base(r)
	if err != nil {
		return err
	}
	page := listingPage{basePage: base, Kind: "tag", Heading: t.Name, Intro: t.Description}
	page.Title, page.Description = t.Name, t.Description
	page.Breadcrumbs = []link{{Label: base.Site.Name, URL: base.HomeURL}, {Label: s.theme.T(base.Lang, "Topics")}, {Label: t.Name}}
	page.Follow = s.followButton(r, base, news.FollowTag, t.ID, t.Name)
	d := &deps{}
	d.add(store.TagKey(t.ID), store.TagListKey(t.ID))
	if err := s.fillListing(r, &page, store.ArticleFilter{TagID: t.ID}, base.chrome.tagPath(t), n, d); err != nil {
		return err
	}
	return s.renderCached(w, r, "listing", page, d)
}

func (s *Site) author(w http.ResponseWriter, r *http.Request) error {
	n, err := pageNumber(r.PathValue("n"))
	if err != nil {
		return err
	}
	au, err := s.store.AuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	base, err := s.base(r)
	if err != nil {
		return err
	}
	view := authorViewOf(au)
	page := listingPage{basePage: base, Kind: "author", Heading: au.Name, Author: &view}
	page.Title, page.Description = au.Name, au.Bio
	page.OG.Type = "profile"
	page.Breadcrumbs = []link{{Label: base.Site.Name, URL: base.HomeURL}, {Label: s.theme.T(base.Lang, "Authors")}, {Label: au.Name}}
	page.Follow = s.followButton(r, base, news.FollowAuthor, au.ID, au.Name)
	d := &deps{}
	d.add(store.AuthorKey(au.ID), store.AuthorListKey(au.ID))
	d.image(au.Avatar)
	if err := s.fillListing(r, &page, store.ArticleFilter{AuthorID: au.ID}, base.chrome.authorPath(au), n, d); err != nil {
		return err
	}
	person := map[string]any{"@context": "https://schema.org", "@type": "Person", "name": au.Name, "url": page.BaseURL + authorPath(au), "description": au.Bio}
	var sameAs []string
	for _, l := range au.Links {
		sameAs = append(sameAs, l.URL)
	}
	if len(sameAs) > 0 {
		person["sameAs"] = sameAs
	}
	page.addJSONLD(person)
	return s.renderCached(w, r, "listing", page, d)
}

// numberedPages is how many pages of a listing are numbered before the
// pagination stops counting: an exact count of a large section reads an
// index entry per article, growing with the archive (bench/README.md).
// Beyond it the pagination ends in "…" rather than a last page, and
// "Older" leads on. A variable so that tests can lower it.
var numberedPages = 100

// fillListing loads page n of the filtered articles and the pagination
// around it. A page past the end is not found, except the first page of an
// empty list, which shows that there is nothing yet.
//
// The count stops one article after the numbered pages, or after page n
// when that is further (a reader got there through "Older"), which tells
// whether there are more without counting them.
func (s *Site) fillListing(r *http.Request, page *listingPage, f store.ArticleFilter, path string, n int, d *deps) error {
	f.VisibleAt, f.Langs = s.now(), langsOf(r.Context())
	known := max(numberedPages, n) * perPage
	f.CountLimit = known + 1
	total, err := s.store.CountArticles(r.Context(), f)
	if err != nil {
		return err
	}
	more := total > known
	pages := (min(total, known) + perPage - 1) / perPage
	if n > 1 && n > pages {
		return notFound("page " + strconv.Itoa(n) + " of " + path)
	}
	f.Limit, f.Offset, f.CountLimit = perPage, (n-1)*perPage, 0
	list, err := s.store.ListArticles(r.Context(), f)
	if err != nil {
		return err
	}
	d.chrome(page.chrome)
	d.cards(list)
	page.Articles = page.chrome.cards(list, 640, sizesCard, true)
	page.Pagination = paginate(path, n, pages, more)
	page.PrevURL, page.NextURL = page.Pagination.PrevURL, page.Pagination.NextURL
	page.Canonical = page.BaseURL + pageURL(path, n)
	page.Feeds = listingFeedLinks(page.chrome, page.Heading, path)
	if n > 1 {
		page.Title += " – " + s.theme.T(page.Lang, "Page {{.N}}", "N", n)
	}
	return nil
}

func pageURL(path string, n int) string {
	if n <= 1 {
		return path
	}
	return path + "page/" + strconv.Itoa(n) + "/"
}

// paginate lists the first, last and nearby pages, with gaps between.
// When more is set, pages is only as far as the count went: the list ends
// in a gap after it, and the next page is always there.
func paginate(path string, n, pages int, more bool) pagination {
	p := pagination{Page: n, Pages: pages, More: more}
	if n > 1 {
		p.PrevURL = pageURL(path, n-1)
	}
	if n < pages || more {
		p.NextURL = pageURL(path, n+1)
	}
	if pages <= 1 && !more {
		return p
	}
	last := 0
	for i := 1; i <= pages; i++ {
		if i != 1 && i != pages && (i < n-2 || i > n+2) {
			continue
		}
		if last != 0 && i > last+1 {
			p.Links = append(p.Links, pageLink{Gap: true})
		}
		p.Links = append(p.Links, pageLink{Number: i, URL: pageURL(path, i), Current: i == n})
		last = i
	}
	return p
}
