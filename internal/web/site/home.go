package site

import (
	"context"
	"net/http"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Home page shape: one lead story, a column of the latest, a block per
// top-level section and the newest opinion pieces.
const (
	homeLatest       = 8
	homeSectionItems = 4
	homeOpinionItems = 5
	opinionSlug      = "opinion"
)

func (s *Site) home(w http.ResponseWriter, r *http.Request) error {
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && s.queryRedirect(w, r) {
		return nil
	}
	base, err := s.base(r)
	if err != nil {
		return err
	}
	ctx, c := r.Context(), base.chrome
	page := homePage{basePage: base}
	page.Canonical = base.BaseURL + base.HomeURL
	page.Description = c.settings.About
	page.addJSONLD(websiteLD(c))

	d := &deps{}
	d.chrome(c)
	d.add(store.KeyLatest)
	latest, err := s.latestArticles(ctx, editionOf(ctx), homeLatest+1)
	if err != nil {
		return err
	}
	latest = latest[:min(len(latest), homeLatest+1)]
	d.cards(latest)
	if len(latest) > 0 {
		lead := c.card(latest[0], 1024, sizesLead, false)
		page.Lead = &lead
		page.Latest = c.cards(latest[1:], 320, sizesThumb, true)
	}
	for _, root := range c.tree.Roots() {
		block, err := s.sectionBlock(ctx, c, root, d)
		if err != nil {
			return err
		}
		if root.Slug == opinionSlug {
			page.Opinion = block.Articles
			continue
		}
		if len(block.Articles) > 0 {
			page.Blocks = append(page.Blocks, block)
		}
	}
	return s.renderCached(w, r, "home", page, d)
}

func (s *Site) sectionBlock(ctx context.Context, c chrome, cat news.Category, d *deps) (sectionBlock, error) {
	limit := homeSectionItems
	if cat.Slug == opinionSlug {
		limit = homeOpinionItems
	}
	list, err := s.store.ListArticles(ctx, store.ArticleFilter{
		VisibleAt: s.now(), CategoryIDs: c.tree.Descendants(cat.ID), Limit: limit, Langs: []string{c.langFilter()},
	})
	if err != nil {
		return sectionBlock{}, err
	}
	d.categoryLists(c, cat.ID)
	d.cards(list)
	return sectionBlock{Name: cat.Name, URL: c.categoryPath(cat.ID), Articles: c.cards(list, 640, sizesCard, true)}, nil
}

// latestCards lists the newest visible articles, skipping one id; d,
// when not nil, collects what they show.
func (s *Site) latestCards(ctx context.Context, c chrome, n int, except int64, d *deps) ([]card, error) {
	all, err := s.latestArticles(ctx, c.langFilter(), n+1)
	if err != nil {
		return nil, err
	}
	list := make([]news.Article, 0, n)
	for _, a := range all {
		if a.ID != except && len(list) < n {
			list = append(list, a)
		}
	}
	if d != nil {
		d.add(store.KeyLatest)
		d.cards(list)
	}
	return c.cards(list, 320, sizesThumb, true), nil
}

func websiteLD(c chrome) map[string]any {
	org := map[string]any{"@type": "Organization", "name": c.settings.Name, "url": c.baseURL + "/"}
	if src, _, _ := socialImage(c.settings.Logo); src != "" {
		org["logo"] = absoluteURL(c.baseURL, src)
	}
	return map[string]any{
		"@context":  "https://schema.org",
		"@type":     "WebSite",
		"name":      c.settings.Name,
		"url":       c.baseURL + "/",
		"publisher": org,
		"potentialAction": map[string]any{
			"@type":       "SearchAction",
			"target":      c.baseURL + "/search?q={search_term_string}",
			"query-input": "required name=search_term_string",
		},
	}
}
