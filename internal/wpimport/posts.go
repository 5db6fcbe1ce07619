package wpimport

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
)

// importable reports whether posts and pages of a WordPress status are
// brought in.
func importable(status string) bool {
	switch status {
	case "publish", "future", "draft", "pending", "private":
		return true
	}
	return false
}

func statusSkipReason(status string) string {
	switch status {
	case "trash":
		return "in WordPress's trash"
	case "auto-draft":
		return "an empty draft WordPress made on its own"
	case "inherit":
		return "a revision of another item"
	}
	return "status " + strconv.Quote(status) + " is not imported"
}

// articleStatus is the Masthead status of a WordPress post's.
func articleStatus(it Item) news.Status {
	if it.Password != "" && it.Status != "draft" && it.Status != "pending" {
		// Readers needed a password: it was never public.
		return news.StatusUnpublished
	}
	switch it.Status {
	case "publish":
		return news.StatusPublished
	case "future":
		return news.StatusScheduled
	case "pending":
		return news.StatusReview
	case "private":
		return news.StatusUnpublished
	}
	return news.StatusDraft
}

// itemHash fingerprints what an import reads of an item, leaving out what
// changes between exports without changing the item (its line in the
// file, its comments) and adding what changes the import's output.
func (imp *Importer) itemHash(it Item) string {
	it.Line, it.Comments, it.ApprovedComments = 0, 0, 0
	return hashOf("item", it, imp.mediaMode(), imp.Options.Permalinks)
}

// post imports a WordPress post as an article, in one transaction with
// its mapping row and redirects.
// prep, when not nil, is the work prepare did on it already.
func (imp *Importer) post(ctx context.Context, it Item, prep *prepared) error {
	imp.countComments(it)
	if !importable(it.Status) {
		imp.report.skip(it, statusSkipReason(it.Status))
		return nil
	}
	if prep == nil {
		prep = &prepared{hash: imp.itemHash(it)}
	}
	key := strconv.FormatInt(it.ID, 10)
	hash := prep.hash
	m, found, err := imp.mapping(ctx, "post", key)
	if err != nil {
		return err
	}
	var cur news.Article
	if found {
		cur, err = imp.s.Article(ctx, m.TargetID)
		if errors.Is(err, news.ErrNotFound) {
			imp.report.skip(it, "deleted in Masthead after an earlier import; not brought back")
			return nil
		}
		if err != nil {
			return err
		}
		if m.Hash == hash {
			imp.report.count("article", unchanged, string(cur.Status))
			return nil
		}
		edited, err := newsroom.EditedSinceImport(ctx, imp.s, cur.ID)
		if err != nil {
			return err
		}
		if edited {
			imp.report.count("article", kept, string(cur.Status))
			return nil
		}
	}
	a, err := imp.article(ctx, it, cur.ID, prep)
	if err != nil {
		return err
	}
	imp.notePrivate(it)
	body := prep.clean
	if !prep.converted {
		body = newsroom.CleanBody(a.Body)
	}
	saved, err := imp.saveArticle(ctx, it, a, body, key, hash)
	if err != nil {
		return err
	}
	outcome := created
	if found {
		outcome = updated
	}
	imp.report.count("article", outcome, string(saved.Status))
	return nil
}

// saveArticle writes the article with its mapping row and redirects in
// one transaction. An address another article holds gets the WordPress id
// appended: looking first would read an article per post, and clashes
// are rare.
func (imp *Importer) saveArticle(ctx context.Context, it Item, a news.Article, body newsroom.CleanedBody, key, hash string) (news.Article, error) {
	var saved news.Article
	write := func(s store.Store) error {
		var err error
		saved, err = imp.newsroom.ImportArticleWithBody(ctx, s, newsroom.Importer, a, body, newsroom.NoteImportedFromWordPress)
		if err != nil {
			return err
		}
		if err := imp.remember(ctx, s, "post", key, saved.ID, hash); err != nil {
			return err
		}
		return imp.postRedirects(ctx, s, it, saved)
	}
	err := imp.s.Atomic(ctx, write)
	var problem *newsroom.ProblemError
	if errors.As(err, &problem) {
		other, lookErr := imp.s.ArticleBySlug(ctx, a.Slug)
		if lookErr == nil && other.ID != a.ID {
			a.Slug += "-" + strconv.FormatInt(it.ID, 10)
			err = imp.s.Atomic(ctx, write)
		}
	}
	return saved, err
}

// notePrivate says in the report why items readers never saw are
// unpublished in Masthead.
func (imp *Importer) notePrivate(it Item) {
	switch {
	case it.Status == "private":
		imp.report.advise("Private posts and pages are imported unpublished: only WordPress's signed-in staff saw them.")
	case it.Password != "" && it.Status != "draft" && it.Status != "pending":
		imp.report.advise("Password-protected posts and pages are imported unpublished: Masthead has no passwords for readers.")
	}
}

func (imp *Importer) countComments(it Item) {
	imp.report.Comments += it.Comments
	imp.report.ApprovedComments += it.ApprovedComments
}

// article builds the Masthead article of a post, importing what it needs
// first (authors, terms, pictures), each in a transaction of its own.
func (imp *Importer) article(ctx context.Context, it Item, id int64, prep *prepared) (news.Article, error) {
	body, err := prep.body, error(nil)
	if prep.converted {
		imp.noteConversion(prep.notes)
	} else if body, err = imp.convert(ctx, it.Content); err != nil {
		return news.Article{}, err
	}
	a := news.Article{
		ID: id, Title: title(it, body), Body: body, Status: articleStatus(it),
		Standfirst: strings.TrimSpace(render.PlainText(it.Excerpt)),
	}
	a.PublishedAt, a.UpdatedAt, a.CreatedAt = imp.dates(it)
	a.Slug = mastheadSlug(it.Name, a.Title, "post-"+strconv.FormatInt(it.ID, 10))
	if a.Authors, err = imp.bylines(ctx, it); err != nil {
		return news.Article{}, err
	}
	if a.Categories, a.Tags, err = imp.terms(ctx, it); err != nil {
		return news.Article{}, err
	}
	if a.Image, err = imp.featuredImage(ctx, it); err != nil {
		return news.Article{}, err
	}
	a.SEOTitle, a.SEODescription = seo(it)
	return a, nil
}

// convert turns WordPress content into a Masthead body, pictures it names
// imported first, and notes what could not be converted.
func (imp *Importer) convert(ctx context.Context, content string) (string, error) {
	imp.callbackErr = nil
	body, notes := render.FromWordPress(content, render.WordPressOptions{
		MediaURL: imp.mediaURL(ctx), Attachment: imp.attachmentMedia(ctx),
	})
	if err := imp.callbackErr; err != nil {
		imp.callbackErr = nil
		return "", err
	}
	imp.noteConversion(notes)
	return body, nil
}

// title is the item's title as plain text, or its first words when it
// has none: WordPress allows untitled posts, Masthead does not.
func title(it Item, body string) string {
	if t := strings.TrimSpace(render.PlainText(it.Title)); t != "" {
		return t
	}
	if words := strings.Fields(render.PlainText(body)); len(words) > 0 {
		if len(words) > 8 {
			words = append(words[:8], "…")
		}
		return strings.Join(words, " ")
	}
	return fmt.Sprintf("Untitled (WordPress %s %d)", it.Type, it.ID)
}

// dates returns when the item was published, last changed and made, in
// UTC. WordPress leaves the GMT date empty for drafts never published; a
// published item without one falls back to its local date.
func (imp *Importer) dates(it Item) (published, updated, createdAt time.Time) {
	published = parseGMT(it.PostDateGMT)
	if published.IsZero() && (it.Status == "publish" || it.Status == "future" || it.Status == "private") {
		published = parseGMT(it.PostDate)
	}
	if it.Status == "draft" || it.Status == "pending" {
		published = time.Time{}
	}
	updated = parseGMT(it.ModifiedGMT)
	if updated.Before(published) {
		updated = published
	}
	createdAt = published
	if createdAt.IsZero() {
		createdAt = updated
	}
	if createdAt.IsZero() {
		createdAt = imp.now()
	}
	if updated.IsZero() {
		updated = createdAt
	}
	return published, updated, createdAt
}

func (imp *Importer) bylines(ctx context.Context, it Item) ([]news.Author, error) {
	login := strings.TrimSpace(it.Creator)
	if login == "" {
		return nil, nil
	}
	id, err := imp.author(ctx, login)
	if err != nil {
		return nil, err
	}
	return []news.Author{{ID: id}}, nil
}

// terms returns the post's categories, the primary one first, and tags.
// The primary category is Yoast's choice when the site used it, or else
// the most specific one: editors tick a section and its parent both.
func (imp *Importer) terms(ctx context.Context, it Item) ([]news.Category, []news.Tag, error) {
	var cats []news.Category
	var tags []news.Tag
	primary, _ := it.MetaValue("_yoast_wpseo_primary_category")
	first, deepest, deepestDepth := -1, -1, 0
	for _, t := range it.Terms {
		switch t.Domain {
		case "category":
			id, err := imp.category(ctx, t.Nicename, 0)
			if err != nil {
				return nil, nil, err
			}
			if containsCategory(cats, id) {
				continue
			}
			wp := imp.ix.Categories[t.Nicename]
			if primary != "" && strconv.FormatInt(wp.ID, 10) == primary {
				first = len(cats)
			}
			if depth := strings.Count(imp.wpCategoryPath(t.Nicename), "/"); deepest < 0 || depth > deepestDepth {
				deepest, deepestDepth = len(cats), depth
			}
			cats = append(cats, news.Category{ID: id})
		case "post_tag", "tag":
			id, err := imp.tag(ctx, t.Nicename, t.Name)
			if err != nil {
				return nil, nil, err
			}
			// Two WordPress tags may become one Masthead topic.
			if !slices.ContainsFunc(tags, func(t news.Tag) bool { return t.ID == id }) {
				tags = append(tags, news.Tag{ID: id})
			}
		}
	}
	if first < 0 {
		first = deepest
	}
	if first > 0 {
		cats[0], cats[first] = cats[first], cats[0]
	}
	return cats, tags, nil
}

func containsCategory(cats []news.Category, id int64) bool {
	for _, c := range cats {
		if c.ID == id {
			return true
		}
	}
	return false
}

// featuredImage is the post's _thumbnail_id, imported.
func (imp *Importer) featuredImage(ctx context.Context, it Item) (*news.Image, error) {
	v, ok := it.MetaValue("_thumbnail_id")
	if !ok {
		return nil, nil
	}
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil
	}
	img, err := imp.attachment(ctx, id)
	if errors.Is(err, errNoImage) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &news.Image{ID: img.ID}, nil
}

// seo takes Yoast's title and description when the site set them by hand;
// a title template (%%title%% %%sep%%) means Yoast made it up.
func seo(it Item) (title, description string) {
	if t, ok := it.MetaValue("_yoast_wpseo_title"); ok && !strings.Contains(t, "%%") {
		title = strings.TrimSpace(t)
	}
	if d, ok := it.MetaValue("_yoast_wpseo_metadesc"); ok && !strings.Contains(d, "%%") {
		description = strings.TrimSpace(d)
	}
	return title, description
}

// postRedirects sends every address WordPress answered for the post to
// the article: its permalink, ?p=ID, its address in --permalinks, and the
// pages of its attachments; its comment feed goes to the site's feed.
func (imp *Importer) postRedirects(ctx context.Context, s store.Store, it Item, a news.Article) error {
	newPath := ""
	if !a.PublishedAt.IsZero() {
		newPath = news.ArticlePath(a, imp.loc)
	}
	froms := []string{imp.queryPath("p", strconv.FormatInt(it.ID, 10))}
	link, pretty := imp.oldPath(it.Link)
	if pretty {
		froms = append(froms, link)
	}
	if imp.Options.Permalinks != "" {
		froms = append(froms, imp.permalinkOf(it))
	}
	for _, from := range froms {
		if from == newPath {
			continue
		}
		if err := imp.redirect(ctx, s, news.Redirect{Path: from, ArticleID: a.ID}); err != nil {
			return err
		}
	}
	if pretty && !strings.Contains(link, "?") {
		if err := imp.redirect(ctx, s, news.Redirect{Path: strings.TrimSuffix(link, "/") + "/feed/", Target: "/feed/"}); err != nil {
			return err
		}
	}
	for _, id := range imp.ix.children[it.ID] {
		if err := imp.attachmentRedirects(ctx, s, imp.ix.Attachments[id], news.Redirect{ArticleID: a.ID}); err != nil {
			return err
		}
	}
	return nil
}

// permalinkOf is the post's address in the --permalinks structure.
func (imp *Importer) permalinkOf(it Item) string {
	p := postFields{id: it.ID, local: wpTime(it.PostDate, time.UTC), name: decodeSlug(it.Name)}
	if p.name == "" {
		p.name = strconv.FormatInt(it.ID, 10)
	}
	if a, ok := imp.ix.Authors[it.Creator]; ok {
		p.author = nicename(a.Login)
	} else {
		p.author = nicename(it.Creator)
	}
	p.category = "uncategorized"
	for _, t := range it.Terms {
		if t.Domain == "category" {
			p.category = imp.wpCategoryPath(t.Nicename)
			break
		}
	}
	return permalink(imp.ix.BasePath, imp.Options.Permalinks, p)
}
