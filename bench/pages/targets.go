package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"time"

	"github.com/mastheadhq/masthead/bench/internal/benchdata"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// target is one row of the table: one address requested over and over
// (warm), or many distinct addresses each requested once (cold).
type target struct {
	name  string
	cold  bool
	paths []string
	// expect is text the first page must hold, so that a fast error page
	// is never taken for a fast page.
	expect string
}

// pages is what a size's run requests.
type pages struct {
	warm, cold []target
	// article is the warm article's address, whose bytes the references
	// serve.
	article string
}

// The planted common word (in a quarter of the articles) is the warm
// search: a query with many matches to rank.
var warmSearch = "/search?q=" + url.QueryEscape(benchdata.CommonWord)

// pickPages reads the addresses to request from the database: the first
// top-level section that has sub-sections, the tag with the most
// articles, a typical recent article, and for the cold rows every
// visible article and every invented word, in an order shuffled by seed.
func pickPages(ctx context.Context, dbPath string, seed uint64) (pages, error) {
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return pages{}, err
	}
	defer st.Close()
	settings, err := st.Settings(ctx)
	if err != nil {
		return pages{}, err
	}
	section, sectionPath, err := largestSection(ctx, st)
	if err != nil {
		return pages{}, err
	}
	tag, err := largestTag(ctx, st)
	if err != nil {
		return pages{}, err
	}
	entries, err := visibleArticles(ctx, st)
	if err != nil {
		return pages{}, err
	}
	article, err := typicalArticle(ctx, st, entries)
	if err != nil {
		return pages{}, err
	}
	loc := settings.Location()
	p := pages{article: news.ArticlePath(article, loc)}
	p.warm = []target{
		{name: "home", paths: []string{"/"}, expect: settings.Name},
		{name: "article", paths: []string{p.article}, expect: article.Title},
		{name: "category", paths: []string{sectionPath}, expect: section.Name},
		{name: "tag", paths: []string{"/tag/" + tag.Slug + "/"}, expect: tag.Name},
		{name: "search", paths: []string{warmSearch}, expect: "<mark>"},
		{name: "feed", paths: []string{"/feed/"}, expect: "<rss"},
	}

	rng := rand.New(rand.NewPCG(seed, 0x636f6c64)) // "cold"
	articlePaths := make([]string, len(entries))
	for i, e := range entries {
		articlePaths[i] = news.ArticlePath(news.Article{Slug: e.Slug, PublishedAt: e.PublishedAt}, loc)
	}
	rng.Shuffle(len(articlePaths), func(i, j int) { articlePaths[i], articlePaths[j] = articlePaths[j], articlePaths[i] })
	words := benchdata.NewVocabulary(seed).Invented()
	searchPaths := make([]string, len(words))
	for i, w := range words {
		searchPaths[i] = "/search?q=" + url.QueryEscape(w)
	}
	rng.Shuffle(len(searchPaths), func(i, j int) { searchPaths[i], searchPaths[j] = searchPaths[j], searchPaths[i] })
	p.cold = []target{
		{name: "article", cold: true, paths: articlePaths, expect: "<article"},
		{name: "search", cold: true, paths: searchPaths, expect: "<main"},
	}
	return p, nil
}

// largestSection returns the first top-level section with sub-sections,
// as the front of a newspaper's menu, and its address.
func largestSection(ctx context.Context, st store.Store) (news.Category, string, error) {
	cats, err := st.AllCategories(ctx)
	if err != nil {
		return news.Category{}, "", err
	}
	tree := news.NewCategoryTree(cats)
	for _, root := range tree.Roots() {
		if len(tree.Children(root.ID)) > 0 {
			return root, "/category/" + tree.Path(root.ID) + "/", nil
		}
	}
	return news.Category{}, "", errors.New("no top-level section with sub-sections")
}

// largestTag returns the tag on the most articles.
func largestTag(ctx context.Context, st store.Store) (news.Tag, error) {
	counts, err := st.TagArticleCounts(ctx)
	if err != nil {
		return news.Tag{}, err
	}
	tags, err := st.AllTags(ctx)
	if err != nil {
		return news.Tag{}, err
	}
	var best news.Tag
	for _, t := range tags {
		if counts[t.ID] > counts[best.ID] || (counts[t.ID] == counts[best.ID] && t.ID < best.ID) {
			best = t
		}
	}
	if counts[best.ID] == 0 {
		return news.Tag{}, errors.New("no tag has articles")
	}
	return best, nil
}

// visibleArticles lists every article readers can see, newest first.
func visibleArticles(ctx context.Context, st store.Store) ([]store.ArticleEntry, error) {
	var entries []store.ArticleEntry
	f := store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: time.Now()}}
	err := st.EachArticleEntry(ctx, f, func(e store.ArticleEntry) error {
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, errors.New("no visible articles")
	}
	return entries, nil
}

// typicalArticle returns the newest visible article of a typical length
// (700 to 1,300 words) with a featured image: readers' traffic goes to
// the latest stories, and most stories have a picture.
func typicalArticle(ctx context.Context, st store.Store, newestFirst []store.ArticleEntry) (news.Article, error) {
	for _, e := range newestFirst[:min(len(newestFirst), 500)] {
		a, err := st.Article(ctx, e.ID)
		if err != nil {
			return news.Article{}, err
		}
		if a.Image != nil && a.WordCount >= 700 && a.WordCount <= 1300 {
			return a, nil
		}
	}
	return news.Article{}, fmt.Errorf("none of the newest %d articles has 700 to 1,300 words and an image", min(len(newestFirst), 500))
}
