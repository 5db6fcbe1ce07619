package wpimport

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// categoryCache follows the section tree while the import adds to it.
type categoryCache struct {
	byWP map[string]int64 // Masthead category id by WordPress slug
	all  []news.Category
}

func (c *categoryCache) byID(id int64) (news.Category, bool) {
	for _, cat := range c.all {
		if cat.ID == id {
			return cat, true
		}
	}
	return news.Category{}, false
}

func (c *categoryCache) sibling(parent int64, slug string) (news.Category, bool) {
	for _, cat := range c.all {
		if cat.ParentID == parent && cat.Slug == slug {
			return cat, true
		}
	}
	return news.Category{}, false
}

// with returns the categories with c added, or replacing the one of its
// id.
func (c *categoryCache) with(cat news.Category) []news.Category {
	out := slices.Clone(c.all)
	for i := range out {
		if out[i].ID == cat.ID {
			out[i] = cat
			return out
		}
	}
	return append(out, cat)
}

func pathIn(all []news.Category, id int64) string { return news.NewCategoryTree(all).Path(id) }

func (imp *Importer) loadTerms(ctx context.Context) error {
	cats, err := imp.s.AllCategories(ctx)
	if err != nil {
		return err
	}
	imp.cats = &categoryCache{byWP: map[string]int64{}, all: cats}
	imp.tags = map[string]int64{}
	return nil
}

// term imports a category or tag from the export's header; terms of other
// taxonomies (post formats, menus, a plugin's) have no place in Masthead.
func (imp *Importer) term(ctx context.Context, t Term) error {
	switch t.Taxonomy {
	case "category":
		_, err := imp.category(ctx, t.Slug, 0)
		return err
	case "post_tag":
		_, err := imp.tag(ctx, t.Slug, t.Name)
		return err
	}
	imp.report.Skipped = append(imp.report.Skipped, Skip{Type: "term", ID: t.ID, Title: t.Name,
		Reason: "terms of the taxonomy " + strconv.Quote(t.Taxonomy) + " are not imported"})
	return nil
}

// termKey is a term's mapping key: its id, or its slug in WXR 1.0, which
// gives no term ids.
func termKey(id int64, slug string) string {
	if id != 0 {
		return strconv.FormatInt(id, 10)
	}
	return "slug:" + slug
}

// decodeSlug turns WordPress's percent-encoded slugs ("%d0%ba…") back into
// the words they spell.
func decodeSlug(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// mastheadSlug makes a Masthead slug from a WordPress one, falling back to
// the name and then to a made-up one.
func mastheadSlug(wpSlug, name, fallback string) string {
	if s := news.Slugify(decodeSlug(wpSlug)); s != "" {
		return s
	}
	if s := news.Slugify(name); s != "" {
		return s
	}
	return fallback
}

// maxCategoryDepth stops a parent loop in a damaged export.
const maxCategoryDepth = 16

// category returns the Masthead id of a WordPress category, importing it
// (and its parents first) when this run has not met it yet.
func (imp *Importer) category(ctx context.Context, wpSlug string, depth int) (int64, error) {
	if id, ok := imp.cats.byWP[wpSlug]; ok {
		return id, nil
	}
	t, ok := imp.ix.Categories[wpSlug]
	if !ok {
		t = Term{Taxonomy: "category", Slug: wpSlug, Name: decodeSlug(wpSlug)}
	}
	var parentID int64
	if t.Parent != "" && t.Parent != t.Slug && depth < maxCategoryDepth {
		var err error
		if parentID, err = imp.category(ctx, t.Parent, depth+1); err != nil {
			return 0, err
		}
	}
	name := strings.TrimSpace(t.Name)
	if name == "" {
		name = decodeSlug(t.Slug)
	}
	key := termKey(t.ID, t.Slug)
	hash := hashOf("category", name, t.Description, t.Parent, t.Slug)
	m, found, err := imp.mapping(ctx, "category", key)
	if err != nil {
		return 0, err
	}
	if found {
		if cur, ok := imp.cats.byID(m.TargetID); ok {
			return cur.ID, imp.updateCategory(ctx, cur, name, t, parentID, key, hash, m.Hash)
		}
	}
	c := news.Category{ParentID: parentID, Name: name, Slug: mastheadSlug(t.Slug, name, "section-"+key), Description: strings.TrimSpace(t.Description)}
	existing, reuse := imp.cats.sibling(parentID, c.Slug)
	err = imp.s.Atomic(ctx, func(s store.Store) error {
		if reuse {
			c = existing
		} else if err := s.CreateCategory(ctx, &c); err != nil {
			return err
		}
		if err := imp.remember(ctx, s, "category", key, c.ID, hash); err != nil {
			return err
		}
		return imp.categoryRedirects(ctx, s, t, pathIn(imp.cats.with(c), c.ID))
	})
	if err != nil {
		return 0, err
	}
	imp.cats.all = imp.cats.with(c)
	imp.report.count("category", created, "")
	imp.cats.byWP[wpSlug] = c.ID
	return c.ID, nil
}

func (imp *Importer) updateCategory(ctx context.Context, cur news.Category, name string, t Term, parentID int64, key, hash, oldHash string) error {
	imp.cats.byWP[t.Slug] = cur.ID
	if hash == oldHash {
		imp.report.count("category", unchanged, "")
		return nil
	}
	next := cur
	next.Name, next.Description, next.ParentID = name, strings.TrimSpace(t.Description), parentID
	all := imp.cats.with(next)
	err := imp.s.Atomic(ctx, func(s store.Store) error {
		if err := s.UpdateCategory(ctx, &next); err != nil {
			return err
		}
		if err := imp.remember(ctx, s, "category", key, cur.ID, hash); err != nil {
			return err
		}
		return imp.categoryRedirects(ctx, s, t, pathIn(all, cur.ID))
	})
	if err != nil {
		return err
	}
	imp.cats.all = all
	imp.report.count("category", updated, "")
	return nil
}

// wpCategoryPath is a category's path in WordPress's addresses, parents
// first: "news/economy".
func (imp *Importer) wpCategoryPath(slug string) string {
	parts := []string{decodeSlug(slug)}
	seen := map[string]bool{slug: true}
	for t, ok := imp.ix.Categories[slug]; ok && t.Parent != "" && !seen[t.Parent]; t, ok = imp.ix.Categories[t.Parent] {
		seen[t.Parent] = true
		parts = append([]string{decodeSlug(t.Parent)}, parts...)
	}
	return strings.Join(parts, "/")
}

func (imp *Importer) categoryRedirects(ctx context.Context, s store.Store, t Term, path string) error {
	target := "/category/" + path + "/"
	old := imp.ix.BasePath + "/category/" + imp.wpCategoryPath(t.Slug) + "/"
	if err := imp.redirectWithFeed(ctx, s, old, target); err != nil {
		return err
	}
	if t.ID != 0 {
		return imp.redirect(ctx, s, news.Redirect{Path: imp.queryPath("cat", strconv.FormatInt(t.ID, 10)), Target: target})
	}
	return nil
}

// tag returns the Masthead id of a WordPress tag, importing it when this
// run has not met it yet. A Masthead tag with the same slug is taken as
// the same topic.
func (imp *Importer) tag(ctx context.Context, wpSlug, itemName string) (int64, error) {
	if id, ok := imp.tags[wpSlug]; ok {
		return id, nil
	}
	t, ok := imp.ix.Tags[wpSlug]
	if !ok {
		t = Term{Taxonomy: "post_tag", Slug: wpSlug, Name: itemName}
	}
	name := strings.TrimSpace(t.Name)
	if name == "" {
		name = decodeSlug(t.Slug)
	}
	key := termKey(t.ID, t.Slug)
	hash := hashOf("tag", name, t.Description, t.Slug)
	m, found, err := imp.mapping(ctx, "tag", key)
	if err != nil {
		return 0, err
	}
	tag := news.Tag{Name: name, Slug: mastheadSlug(t.Slug, name, "topic-"+key), Description: strings.TrimSpace(t.Description)}
	outcome := created
	if found {
		if m.Hash == hash {
			imp.tags[wpSlug] = m.TargetID
			imp.report.count("tag", unchanged, "")
			return m.TargetID, nil
		}
		tag.ID, outcome = m.TargetID, updated
	}
	err = imp.s.Atomic(ctx, func(s store.Store) error {
		if err := imp.saveTag(ctx, s, &tag); err != nil {
			return err
		}
		if err := imp.remember(ctx, s, "tag", key, tag.ID, hash); err != nil {
			return err
		}
		target := "/tag/" + tag.Slug + "/"
		if err := imp.redirectWithFeed(ctx, s, imp.ix.BasePath+"/tag/"+decodeSlug(t.Slug)+"/", target); err != nil {
			return err
		}
		return imp.redirect(ctx, s, news.Redirect{Path: imp.queryPath("tag", decodeSlug(t.Slug)), Target: target})
	})
	if err != nil {
		return 0, err
	}
	imp.report.count("tag", outcome, "")
	imp.tags[wpSlug] = tag.ID
	return tag.ID, nil
}

// saveTag creates the tag, or takes the existing one of that slug; with
// an id (a newer export), it updates the name and description and keeps
// the slug, so that addresses readers know stay.
func (imp *Importer) saveTag(ctx context.Context, s store.Store, t *news.Tag) error {
	if t.ID != 0 {
		cur, err := findTag(ctx, s, t.ID)
		if err != nil {
			return err
		}
		if cur.ID != 0 {
			cur.Name, cur.Description = t.Name, t.Description
			*t = cur
			return s.UpdateTag(ctx, t)
		}
		t.ID = 0 // deleted in Masthead since: make it again
	}
	existing, err := s.TagBySlug(ctx, t.Slug)
	if err == nil {
		*t = existing
		return nil
	}
	if !errors.Is(err, news.ErrNotFound) {
		return err
	}
	return s.CreateTag(ctx, t)
}

func findTag(ctx context.Context, s store.Store, id int64) (news.Tag, error) {
	all, err := s.AllTags(ctx)
	if err != nil {
		return news.Tag{}, err
	}
	for _, t := range all {
		if t.ID == id {
			return t, nil
		}
	}
	return news.Tag{}, nil
}
