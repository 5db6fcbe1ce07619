package wpimport

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

// pageStatus is the Masthead status of a WordPress page's. Pages are
// never reviewed or scheduled in Masthead: a page due in the future is
// published with its date, and shows from then.
func pageStatus(it Item) news.Status {
	if it.Password != "" && it.Status != "draft" && it.Status != "pending" {
		return news.StatusUnpublished
	}
	switch it.Status {
	case "publish", "future":
		return news.StatusPublished
	case "private":
		return news.StatusUnpublished
	}
	return news.StatusDraft
}

func (imp *Importer) loadPages(ctx context.Context) error {
	pages, err := imp.s.AllPages(ctx)
	if err != nil {
		return err
	}
	imp.pages = map[int64]news.Page{}
	for _, p := range pages {
		imp.pages[p.ID] = p
	}
	return nil
}

// page imports a WordPress page as a static page, in one transaction with
// its mapping row and redirects. Masthead's pages live at /slug/, so a
// child page (/about/team/) moves to its own slug and its old address
// redirects.
func (imp *Importer) page(ctx context.Context, it Item) error {
	imp.countComments(it)
	if !importable(it.Status) {
		imp.report.skip(it, statusSkipReason(it.Status))
		return nil
	}
	key := strconv.FormatInt(it.ID, 10)
	hash := imp.itemHash(it)
	m, found, err := imp.mapping(ctx, "page", key)
	if err != nil {
		return err
	}
	var cur news.Page
	if found {
		var ok bool
		if cur, ok = imp.pages[m.TargetID]; !ok {
			imp.report.skip(it, "deleted in Masthead after an earlier import; not brought back")
			return nil
		}
		if m.Hash == hash {
			imp.report.count("page", unchanged, string(cur.Status))
			return nil
		}
		// Pages keep no revisions: a change after the import shows in
		// their time of update.
		if cur.UpdatedAt.After(m.ImportedAt) {
			imp.report.count("page", kept, string(cur.Status))
			return nil
		}
	}
	body, err := imp.convert(ctx, it.Content)
	if err != nil {
		return err
	}
	imp.notePrivate(it)
	p := news.Page{ID: cur.ID, Title: title(it, body), Body: body, Status: pageStatus(it)}
	p.PublishedAt, p.UpdatedAt, _ = imp.dates(it)
	if p.Status == news.StatusPublished && p.PublishedAt.IsZero() {
		p.PublishedAt = p.UpdatedAt
	}
	p.Slug = imp.pageSlug(it, p.Title, cur.ID)
	err = imp.s.Atomic(ctx, func(s store.Store) error {
		saved, err := imp.newsroom.ImportPage(ctx, s, newsroom.Importer, p)
		if err != nil {
			return err
		}
		p = saved
		if err := imp.remember(ctx, s, "page", key, p.ID, hash); err != nil {
			return err
		}
		return imp.pageRedirects(ctx, s, it, p)
	})
	if err != nil {
		return err
	}
	imp.pages[p.ID] = p
	outcome := created
	if found {
		outcome = updated
	}
	imp.report.count("page", outcome, string(p.Status))
	return nil
}

// pageSlug keeps the page's slug where it is free and not one the site
// serves itself.
func (imp *Importer) pageSlug(it Item, title string, id int64) string {
	slug := mastheadSlug(it.Name, title, "page-"+strconv.FormatInt(it.ID, 10))
	if slices.Contains(newsroom.ReservedPageSlugs, slug) {
		slug += "-page"
	}
	for _, other := range imp.pages {
		if other.Slug == slug && other.ID != id {
			return slug + "-" + strconv.FormatInt(it.ID, 10)
		}
	}
	return slug
}

func (imp *Importer) pageRedirects(ctx context.Context, s store.Store, it Item, p news.Page) error {
	target := "/" + p.Slug + "/"
	froms := []string{imp.queryPath("page_id", strconv.FormatInt(it.ID, 10))}
	link, pretty := imp.oldPath(it.Link)
	if pretty {
		froms = append(froms, link)
	}
	for _, from := range froms {
		if err := imp.redirect(ctx, s, news.Redirect{Path: from, Target: target}); err != nil {
			return err
		}
	}
	if pretty && !strings.Contains(link, "?") {
		if err := imp.redirect(ctx, s, news.Redirect{Path: strings.TrimSuffix(link, "/") + "/feed/", Target: "/feed/"}); err != nil {
			return err
		}
	}
	for _, id := range imp.ix.children[it.ID] {
		if err := imp.attachmentRedirects(ctx, s, imp.ix.Attachments[id], news.Redirect{Target: target}); err != nil {
			return err
		}
	}
	return nil
}
