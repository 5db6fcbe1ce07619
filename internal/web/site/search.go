package site

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
)

const (
	// searchPerPage is how many results a search page lists.
	searchPerPage = 10
	// instantResults is how many results the header's dropdown shows:
	// enough to find a story by its title, few enough to fit a phone.
	instantResults = 8
	// maxQueryRunes matches the search boxes' maxlength; longer input is
	// cut before it is echoed or parsed.
	maxQueryRunes = 200
	// searchTimeout bounds one search, so that a pathological query
	// cannot hold a database connection for long.
	searchTimeout = 5 * time.Second
	// instantCacheControl lets browsers and proxies reuse a dropdown
	// answer while a reader types and deletes, and keeps it fresh enough
	// that a story published a minute ago shows up.
	instantCacheControl = "public, max-age=60"
)

// searchPage is the results page, with its filters and, when nothing
// matched, suggestions.
type searchPage struct {
	basePage
	Query       string // as the reader typed it, echoed into the form
	Searched    bool   // the query held words to look for
	Results     []searchResult
	Summary     string // "12 results", for the status line
	Truncated   bool
	First       int // the position of the first result shown
	LastPageURL string
	Pagination  pagination
	Filters     searchFilters
	Suggestions []link // sections to browse when nothing matched
	Latest      []card
}

// searchResult is one found article. Title and Snippet are spans that the
// template escapes one by one, adding <mark> around matches itself.
type searchResult struct {
	Title    search.Snippet
	URL      string
	Snippet  search.Snippet
	Category *link
	Date     dateView
	Authors  []link
	Image    *imageView
}

// searchFilters are the form's filter controls with the reader's choices.
type searchFilters struct {
	Categories []option
	Tags       []option
	Authors    []option
	From, To   string // YYYY-MM-DD, only when valid
	Active     bool
	// ClearURL searches for the same words without any filter.
	ClearURL string
}

// option is one choice of a <select>.
type option struct {
	Value    string
	Label    string
	Selected bool
}

// searchForm is what the reader asked for, read leniently: unknown or
// malformed values are dropped rather than refused, so that an edited or
// truncated address still gives a page.
type searchForm struct {
	Query    string
	Category string // path, e.g. "news/economy"
	Tag      string // slug
	Author   string // slug
	From, To string
	Page     int
	// prefix is the edition's ("/az"), which the form's links keep.
	prefix string
}

func readSearchForm(r *http.Request) searchForm {
	v := r.URL.Query()
	f := searchForm{
		prefix:   editionPrefix(r.Context()),
		Query:    cleanParam(v.Get("q"), maxQueryRunes),
		Category: cleanParam(v.Get("category"), 200),
		Tag:      cleanParam(v.Get("tag"), news.MaxSlugLength),
		Author:   cleanParam(v.Get("author"), news.MaxSlugLength),
		From:     cleanParam(v.Get("from"), 10),
		To:       cleanParam(v.Get("to"), 10),
		Page:     1,
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		f.Page = min(n, store.SearchRankWindow/searchPerPage)
	}
	return f
}

// cleanParam makes a query parameter safe to echo and to parse: valid
// UTF-8 of at most n runes, without surrounding space.
func cleanParam(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n])
	}
	return strings.TrimSpace(s)
}

// values returns the form as query parameters, leaving out empty ones,
// for pagination and filter links.
func (f searchForm) values() url.Values {
	v := url.Values{}
	for _, p := range [][2]string{{"q", f.Query}, {"category", f.Category}, {"tag", f.Tag},
		{"author", f.Author}, {"from", f.From}, {"to", f.To}} {
		if p[1] != "" {
			v.Set(p[0], p[1])
		}
	}
	return v
}

func (f searchForm) pageURL(n int) string {
	q := f.pageQuery(n)
	if q == "" {
		return f.prefix + "/search"
	}
	return f.prefix + "/search?" + q
}

// pageQuery is the query string of page n of the search, its parameters
// in one order.
func (f searchForm) pageQuery(n int) string {
	v := f.values()
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return v.Encode()
}

// search serves /search?q=: the results page, never indexed by search
// engines (an endless space of pages with nothing of their own).
func (s *Site) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	form := readSearchForm(r)
	base, err := s.base(r)
	if err != nil {
		return err
	}
	c := base.chrome
	d := searchDeps(c, s.now())
	page := searchPage{basePage: base, Query: form.Query}
	page.NoIndex = true
	page.Canonical = base.BaseURL + "/search"
	page.Title = s.theme.T(page.Lang, "Search")
	if form.Query != "" {
		page.Title = s.theme.T(page.Lang, "Search results for “{{.Query}}”", "Query", form.Query)
	}
	filter, err := s.fillSearchFilters(ctx, c, &form, &page.Filters)
	if err != nil {
		return err
	}
	q := search.Parse(form.Query)
	page.Searched = !q.IsZero()
	if page.Searched {
		filter.Limit, filter.Offset = searchPerPage, (form.Page-1)*searchPerPage
		res, err := s.runSearch(ctx, q, filter)
		if err != nil {
			return err
		}
		page.Results = make([]searchResult, len(res.Hits))
		for i, h := range res.Hits {
			page.Results[i] = c.searchResult(h, q)
			d.cards([]news.Article{h.Article})
		}
		if res.Total > 0 {
			page.Summary, page.Truncated = s.resultCount(page.Lang, res.Total), res.Truncated
		}
		page.First = filter.Offset + 1
		pages := (res.Total + searchPerPage - 1) / searchPerPage
		page.Pagination = searchPagination(form, min(form.Page, max(pages, 1)), pages)
		page.PrevURL, page.NextURL = page.Pagination.PrevURL, page.Pagination.NextURL
		page.LastPageURL = form.pageURL(pages)
		if form.Page > 1 {
			page.Title += " – " + s.theme.T(page.Lang, "Page {{.N}}", "N", form.Page)
		}
	}
	if len(page.Results) == 0 {
		for _, cat := range c.tree.Roots() {
			page.Suggestions = append(page.Suggestions, link{Label: cat.Name, URL: c.categoryPath(cat.ID)})
		}
		if page.Latest, err = s.latestCards(ctx, c, 6, 0, d); err != nil {
			return err
		}
	}
	return s.renderCached(w, r, "search", page, d)
}

// searchDeps are the keys of a search page beyond its results' own: any
// visible article's words (store.KeyArticles) can change what a search
// finds, and the filters list every topic and author. A rename's
// re-index, drained in the background, logs no key of its own (the
// articles do not change), so a search page is also kept for no longer
// than searchPageLife.
func searchDeps(c chrome, now time.Time) *deps {
	d := &deps{expires: now.Add(searchPageLife)}
	d.chrome(c)
	d.add(store.KeyArticles, store.KeyTags, store.KeyAuthors)
	return d
}

// searchPageLife bounds how long a search page is kept: how long after a
// rename's re-index has drained a search can still show what it found
// before.
const searchPageLife = time.Minute

// SearchQuery is the page cache's Config.Query: the query string of a
// search page, its parameters read as the page reads them (readSearchForm)
// and written in one order, so that the same search is one page however
// it is spelled and parameters the page ignores make no new ones. Other
// addresses with a query go past the cache.
func SearchQuery(r *http.Request) (string, bool) {
	path := r.URL.Path
	if path != "/search" {
		if !strings.HasSuffix(path, "/search") {
			return "", false
		}
		if m := editionSegment.FindStringSubmatch(path); m == nil || m[2] != "/search" {
			return "", false
		}
	}
	f := readSearchForm(r)
	return f.pageQuery(f.Page), true
}

// runSearch runs one search with a deadline of its own.
func (s *Site) runSearch(ctx context.Context, q search.Query, f store.SearchFilter) (store.SearchResult, error) {
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	f.VisibleAt, f.Langs = s.now(), langsOf(ctx)
	return s.store.SearchArticles(ctx, q, f)
}

// fillSearchFilters builds the filter controls and turns the reader's
// choices into a store filter. Choices that name nothing known are
// dropped from form, so that links made from it stay clean.
func (s *Site) fillSearchFilters(ctx context.Context, c chrome, form *searchForm, out *searchFilters) (store.SearchFilter, error) {
	var f store.SearchFilter
	if cat, ok := c.tree.ByPath(form.Category); ok && form.Category != "" {
		f.CategoryIDs = c.tree.Descendants(cat.ID)
	} else {
		form.Category = ""
	}
	var walk func(cats []news.Category, depth int)
	walk = func(cats []news.Category, depth int) {
		for _, cat := range cats {
			path := c.tree.Path(cat.ID)
			out.Categories = append(out.Categories, option{
				Value: path, Label: strings.Repeat("– ", depth) + cat.Name, Selected: path == form.Category,
			})
			if depth < 4 {
				walk(c.tree.Children(cat.ID), depth+1)
			}
		}
	}
	walk(c.tree.Roots(), 0)

	tags, err := s.store.AllTags(ctx)
	if err != nil {
		return f, err
	}
	found := false
	for _, t := range tags {
		selected := t.Slug == form.Tag
		if selected {
			f.TagID, found = t.ID, true
		}
		out.Tags = append(out.Tags, option{Value: t.Slug, Label: t.Name, Selected: selected})
	}
	if !found {
		form.Tag = ""
	}
	authors, err := s.store.AllAuthors(ctx)
	if err != nil {
		return f, err
	}
	found = false
	for _, au := range authors {
		selected := au.Slug == form.Author
		if selected {
			f.AuthorID, found = au.ID, true
		}
		out.Authors = append(out.Authors, option{Value: au.Slug, Label: au.Name, Selected: selected})
	}
	if !found {
		form.Author = ""
	}

	// Dates are days in the publication's time zone; "to" includes its
	// whole day.
	if d, err := time.ParseInLocation(time.DateOnly, form.From, c.loc); err == nil {
		f.From = d
	} else {
		form.From = ""
	}
	if d, err := time.ParseInLocation(time.DateOnly, form.To, c.loc); err == nil {
		f.To = d.AddDate(0, 0, 1)
	} else {
		form.To = ""
	}
	out.From, out.To = form.From, form.To
	out.Active = form.Category != "" || form.Tag != "" || form.Author != "" || form.From != "" || form.To != ""
	out.ClearURL = searchForm{Query: form.Query, prefix: form.prefix}.pageURL(1)
	return f, nil
}

func (c chrome) searchResult(h store.SearchHit, q search.Query) searchResult {
	a := h.Article
	res := searchResult{
		Title: search.Highlight(a.Title, q), URL: articlePath(a, c.loc), Snippet: h.Snippet,
		Date: c.dateIn(a.PublishedAt), Image: imageFor(a.Image, 320, sizesThumb, true),
	}
	if pc, ok := a.PrimaryCategory(); ok {
		res.Category = &link{Label: c.sectionName(pc), URL: c.categoryPath(pc.ID)}
	}
	for _, au := range a.Authors {
		res.Authors = append(res.Authors, link{Label: au.Name, URL: c.authorPath(au)})
	}
	return res
}

// resultCount says how many articles matched, in words.
// resultCount says how many results there are in the page's language;
// English keeps its thousands separators.
func (s *Site) resultCount(lang string, n int) string {
	if lang == "en" || lang == "" {
		return resultCount(n)
	}
	return s.theme.Plural(lang, "{{.Count}} results", n)
}

func resultCount(n int) string {
	if n == 1 {
		return "1 result"
	}
	return thousands(n) + " results"
}

// thousands writes n with comma separators: 1,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// searchPagination lists the result pages around n, keeping the query
// and filters in every link.
func searchPagination(form searchForm, n, pages int) pagination {
	p := pagination{Page: n, Pages: pages}
	if n > 1 {
		p.PrevURL = form.pageURL(n - 1)
	}
	if n < pages {
		p.NextURL = form.pageURL(n + 1)
	}
	if pages <= 1 {
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
		p.Links = append(p.Links, pageLink{Number: i, URL: form.pageURL(i), Current: i == n})
		last = i
	}
	return p
}

// instantResult is one entry of the search box's dropdown.
type instantResult struct {
	Title    string `json:"title"`
	URL      string `json:"url"`
	Section  string `json:"section,omitempty"`
	Date     string `json:"date"`     // as pages show it, in the publication's zone
	DateTime string `json:"datetime"` // ISO 8601, for <time datetime>
	Image    string `json:"image,omitempty"`
}

// instantResponse is the body of /search.json.
type instantResponse struct {
	Query string `json:"query"`
	Total int    `json:"total"`
	More  string `json:"more"` // the full results page
	// MoreLabel and Status are the dropdown's words in the edition's
	// language: the link to the full results, and what a screen reader
	// announces.
	MoreLabel string          `json:"more_label"`
	Status    string          `json:"status"`
	Results   []instantResult `json:"results"`
}

// instant fills the dropdown's answer to form in the edition of c.
func (s *Site) instant(ctx context.Context, c chrome, form searchForm, resp *instantResponse) error {
	lang := c.edition.Code
	resp.Status = s.theme.T(lang, "No results")
	q := search.Parse(form.Query)
	if q.IsZero() {
		return nil
	}
	res, err := s.runSearch(ctx, q, store.SearchFilter{Limit: instantResults, NoSnippets: true})
	if err != nil {
		return err
	}
	resp.Total = res.Total
	resp.MoreLabel = s.theme.T(lang, "All results for “{{.Query}}”", "Query", form.Query)
	if res.Total > 0 {
		resp.Status = s.resultCount(lang, res.Total)
	}
	for _, h := range res.Hits {
		a := h.Article
		d := c.dateIn(a.PublishedAt)
		item := instantResult{Title: a.Title, URL: articlePath(a, c.loc), Date: d.Text, DateTime: d.ISO}
		if pc, ok := a.PrimaryCategory(); ok {
			item.Section = c.sectionName(pc)
		}
		if img := imageFor(a.Image, 160, "", true); img != nil {
			item.Image = img.Src
		}
		resp.Results = append(resp.Results, item)
	}
	return nil
}

// searchJSON serves /search.json?q=, the dropdown under the header's
// search box: at most instantResults titles with their section, date and
// thumbnail.
func (s *Site) searchJSON(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	form := readSearchForm(r)
	resp := instantResponse{Query: form.Query, More: searchForm{Query: form.Query, prefix: form.prefix}.pageURL(1), Results: []instantResult{}}
	c, err := s.chromeFor(ctx)
	if err == nil {
		err = s.instant(ctx, c, form, &resp)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return
		}
		s.log.ErrorContext(ctx, "instant search failed", "err", err)
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"error":"search is unavailable just now","results":[]}`)) //nolint:errcheck // the reader left
		return
	}
	h.Set("Cache-Control", instantCacheControl)
	json.NewEncoder(w).Encode(resp) //nolint:errcheck // the reader left
}
