package dbcopy

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// batchSize is how many articles or images are read, and written, at a
// time: enough that round trips cost little, few enough that memory stays
// small whatever the size of the archive. Tests make it small, to cross
// batch boundaries with a small publication.
var batchSize = 1000

// aggregates lists what a publication is made of, in the order it is
// copied: every record after the records its ids point at (images before
// the authors, articles, banners and settings that show them; categories,
// tags and authors before the articles filed under them). Each aggregate
// is one entry, expressed in the store's own methods.
//
// Adding an aggregate to the store means adding one entry here, after the aggregates it refers to,
// with a way to count, walk, write and checksum its records; its Create
// method must keep a given id, as store.Store asks. Copy, the
// verification and the re-run check pick it up from the list.
func aggregates() []step {
	return []step{
		images,
		categories,
		tags,
		authors,
		users,
		articles,
		pages,
		menus,
		banners,
		settings,
		editions,
		categoryNames,
		revisions,
		drafts,
		redirects,
		importMappings,
		twoFactors,
		audit,
		secrets,
		readers,
		savedArticles,
		follows,
		history,
		subscribers,
		mailings,
		sends,
		apiKeys,
		webhooks,
		deliveries,
		wireSources,
		wireItems,
	}
}

// step is an aggregate with its record type hidden, so that aggregates of
// different types sit in one ordered list.
type step interface {
	name() string
	// count counts st's records cheaply.
	count(ctx context.Context, st store.Store) (int, error)
	// copy writes every record of from into to and returns the tally of
	// what it read from from. progress gets the running count.
	copy(ctx context.Context, from, to store.Store, progress func(n int)) (tally, error)
	// tally reads every record of st.
	tally(ctx context.Context, st store.Store, progress func(n int)) (tally, error)
}

// tally is the number of records of an aggregate and their checksum.
type tally struct {
	n   int
	sum checksum
}

// aggregate is one kind of record, in terms of the store's methods.
type aggregate[T any] struct {
	label string
	// size counts st's records, with a query where the store has one.
	size func(ctx context.Context, st store.Store) (int, error)
	// each calls fn with every record st holds, a batch at a time, in an
	// order that depends on the records alone (their ids, mostly), so
	// that two stores holding the same records give them in the same
	// order whatever their backends, and checksums compare.
	each func(ctx context.Context, st store.Store, fn func([]T) error) error
	// write stores a batch in to as it is, ids included.
	write func(ctx context.Context, to store.Store, batch []T) error
	// digest adds a record to a checksum: every field that must survive
	// the copy, and none that a store assigns anew.
	digest func(d *digest, r T)
	// records, when set, is how many records r counts as: a menu is
	// walked and written whole, but counted by its items.
	records func(r T) int
}

func (a aggregate[T]) name() string { return a.label }

func (a aggregate[T]) count(ctx context.Context, st store.Store) (int, error) {
	return a.size(ctx, st)
}

func (a aggregate[T]) copy(ctx context.Context, from, to store.Store, progress func(int)) (tally, error) {
	return a.walk(ctx, from, progress, func(batch []T) error { return a.write(ctx, to, batch) })
}

func (a aggregate[T]) tally(ctx context.Context, st store.Store, progress func(int)) (tally, error) {
	return a.walk(ctx, st, progress, nil)
}

// walk reads every record of st, hands each batch to also (when not nil)
// and tallies it. progress is told after every batch, and once at the
// end when there was nothing, so that every aggregate is reported.
func (a aggregate[T]) walk(ctx context.Context, st store.Store, progress func(int), also func([]T) error) (tally, error) {
	d := newDigest()
	n := 0
	err := a.each(ctx, st, func(batch []T) error {
		if also != nil {
			if err := also(batch); err != nil {
				return err
			}
		}
		for _, r := range batch {
			a.digest(d, r)
			if a.records != nil {
				n += a.records(r)
			} else {
				n++
			}
		}
		progress(n)
		return nil
	})
	if err != nil {
		return tally{}, err
	}
	if n == 0 {
		progress(0)
	}
	return tally{n: n, sum: d.sum()}, nil
}

// countOf counts by walking, for aggregates small enough to be read whole
// and with no count of their own in the store.
func countOf[T any](each func(context.Context, store.Store, func([]T) error) error) func(context.Context, store.Store) (int, error) {
	return func(ctx context.Context, st store.Store) (int, error) {
		n := 0
		err := each(ctx, st, func(batch []T) error {
			n += len(batch)
			return nil
		})
		return n, err
	}
}

// byID sorts records by id, the one order two stores agree on.
func byID[T any](records []T, id func(T) int64) []T {
	slices.SortFunc(records, func(a, b T) int { return cmp.Compare(id(a), id(b)) })
	return records
}

// whole hands over a list read in one call as one batch, unless empty.
func whole[T any](fn func([]T) error, records []T, err error) error {
	if err != nil || len(records) == 0 {
		return err
	}
	return fn(records)
}

var images = aggregate[news.Image]{
	label: "images",
	size: func(ctx context.Context, st store.Store) (int, error) {
		return st.CountImages(ctx)
	},
	each: func(ctx context.Context, st store.Store, fn func([]news.Image) error) error {
		for after := int64(0); ; {
			batch, err := st.ImagesAfter(ctx, after, batchSize)
			if err != nil || len(batch) == 0 {
				return err
			}
			if err := fn(batch); err != nil {
				return err
			}
			after = batch[len(batch)-1].ID
		}
	},
	write: func(ctx context.Context, to store.Store, batch []news.Image) error {
		for _, img := range batch {
			if err := to.CreateImage(ctx, &img); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, img news.Image) {
		d.int(img.ID).str(img.Path).str(img.MIME).int(int64(img.Width)).int(int64(img.Height))
		d.str(img.Alt).str(img.Caption).str(img.Credit).time(img.CreatedAt).int(img.UploadedBy)
		d.int(int64(len(img.Variants)))
		for _, v := range img.Variants {
			d.str(v.Path).str(v.MIME).int(int64(v.Width)).int(int64(v.Height)).bool(v.Crop)
		}
	},
}

var categories = aggregate[news.Category]{
	label: "categories",
	size:  countOf(eachCategory),
	each:  eachCategory,
	write: func(ctx context.Context, to store.Store, batch []news.Category) error {
		for _, c := range batch {
			if err := to.CreateCategory(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, c news.Category) {
		d.int(c.ID).int(c.ParentID).str(c.Name).str(c.Slug).str(c.Description).int(int64(c.Position))
	},
}

// eachCategory hands over the whole tree, parents before their children,
// so that every category is written after its parent.
func eachCategory(ctx context.Context, st store.Store, fn func([]news.Category) error) error {
	all, err := st.AllCategories(ctx)
	if err != nil {
		return err
	}
	ordered, err := parentsFirst(all)
	return whole(fn, ordered, err)
}

// parentsFirst orders categories so that each comes after its parent:
// the top level first, then their children, and so on, each level by id.
// Ids alone would not do: a category moved under a newer one has a
// smaller id than its parent. A parent that is not in the list counts as
// the top level here (writing the category then fails loudly); a cycle,
// which the store refuses to make, is an error.
func parentsFirst(cats []news.Category) ([]news.Category, error) {
	byID(cats, func(c news.Category) int64 { return c.ID })
	known := make(map[int64]bool, len(cats))
	for _, c := range cats {
		known[c.ID] = true
	}
	children := make(map[int64][]news.Category)
	for _, c := range cats {
		parent := c.ParentID
		if !known[parent] {
			parent = 0
		}
		children[parent] = append(children[parent], c)
	}
	ordered := make([]news.Category, 0, len(cats))
	ordered = append(ordered, children[0]...)
	for i := 0; i < len(ordered); i++ {
		ordered = append(ordered, children[ordered[i].ID]...)
	}
	if len(ordered) != len(cats) {
		var stuck []int64
		for _, c := range cats {
			if !slices.ContainsFunc(ordered, func(o news.Category) bool { return o.ID == c.ID }) {
				stuck = append(stuck, c.ID)
			}
		}
		return nil, fmt.Errorf("categories %v are their own ancestors: fix the section tree before copying", stuck)
	}
	return ordered, nil
}

var tags = aggregate[news.Tag]{
	label: "tags",
	size:  countOf(eachTag),
	each:  eachTag,
	write: func(ctx context.Context, to store.Store, batch []news.Tag) error {
		for _, t := range batch {
			if err := to.CreateTag(ctx, &t); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, t news.Tag) {
		d.int(t.ID).str(t.Name).str(t.Slug).str(t.Description)
	},
}

func eachTag(ctx context.Context, st store.Store, fn func([]news.Tag) error) error {
	all, err := st.AllTags(ctx)
	return whole(fn, byID(all, func(t news.Tag) int64 { return t.ID }), err)
}

var authors = aggregate[news.Author]{
	label: "authors",
	size:  countOf(eachAuthor),
	each:  eachAuthor,
	write: func(ctx context.Context, to store.Store, batch []news.Author) error {
		for _, a := range batch {
			if err := to.CreateAuthor(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, a news.Author) {
		d.int(a.ID).str(a.Name).str(a.Slug).str(a.Bio).str(a.Email).int(imageID(a.Avatar))
		d.links(a.Links)
	},
}

func eachAuthor(ctx context.Context, st store.Store, fn func([]news.Author) error) error {
	all, err := st.AllAuthors(ctx)
	return whole(fn, byID(all, func(a news.Author) int64 { return a.ID }), err)
}

// users are staff accounts with their password hashes, so that everyone
// signs in to the copy as before. Sessions are not copied: signing in again
// after a move is the safer default.
var users = aggregate[news.User]{
	label: "staff accounts",
	size: func(ctx context.Context, st store.Store) (int, error) {
		return st.CountUsers(ctx)
	},
	each: eachUser,
	write: func(ctx context.Context, to store.Store, batch []news.User) error {
		for _, u := range batch {
			if err := to.CreateUser(ctx, &u); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, u news.User) {
		d.int(u.ID).str(u.Email).str(u.Name).str(string(u.Role)).str(u.PasswordHash).int(u.AuthorID)
		d.bool(u.MustResetPassword).bool(u.Disabled).time(u.CreatedAt).time(u.UpdatedAt).time(u.LastSignInAt)
	},
}

func eachUser(ctx context.Context, st store.Store, fn func([]news.User) error) error {
	all, err := st.AllUsers(ctx)
	return whole(fn, byID(all, func(u news.User) int64 { return u.ID }), err)
}

var articles = aggregate[news.Article]{
	label: "articles",
	size: func(ctx context.Context, st store.Store) (int, error) {
		return st.CountArticles(ctx, store.ArticleFilter{})
	},
	each: func(ctx context.Context, st store.Store, fn func([]news.Article) error) error {
		for after := int64(0); ; {
			batch, err := st.ArticlesAfter(ctx, after, batchSize)
			if err != nil || len(batch) == 0 {
				return err
			}
			if err := fn(batch); err != nil {
				return err
			}
			after = batch[len(batch)-1].ID
		}
	},
	write: func(ctx context.Context, to store.Store, batch []news.Article) error {
		for _, a := range batch {
			if err := to.CreateArticle(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	},
	// Related records count by id, in their order: they are checked
	// whole in their own aggregates.
	digest: func(d *digest, a news.Article) {
		d.int(a.ID).str(a.Title).str(a.Slug).str(a.Standfirst).str(a.Body).int(int64(a.WordCount))
		d.str(string(a.Status)).time(a.PublishedAt).time(a.UpdatedAt).time(a.CreatedAt)
		d.int(int64(len(a.Categories)))
		for _, c := range a.Categories {
			d.int(c.ID)
		}
		d.int(int64(len(a.Tags)))
		for _, t := range a.Tags {
			d.int(t.ID)
		}
		d.int(int64(len(a.Authors)))
		for _, au := range a.Authors {
			d.int(au.ID)
		}
		d.int(imageID(a.Image))
		s := a.Source
		d.str(string(s.Kind)).str(s.Publication).str(s.URL).str(s.Language)
		d.str(s.Translator).str(s.OriginalAuthor).str(s.Note).bool(s.Canonical)
		d.str(a.SEOTitle).str(a.SEODescription).int(int64(a.Version))
		d.str(a.Lang).int(a.TranslationGroup).int(a.TranslatedFrom).int(a.TranslatorID)
	},
}

var pages = aggregate[news.Page]{
	label: "pages",
	size:  countOf(eachPage),
	each:  eachPage,
	write: func(ctx context.Context, to store.Store, batch []news.Page) error {
		for _, p := range batch {
			if err := to.CreatePage(ctx, &p); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, p news.Page) {
		d.int(p.ID).str(p.Title).str(p.Slug).str(p.Body).str(string(p.Status))
		d.time(p.PublishedAt).time(p.UpdatedAt)
	},
}

func eachPage(ctx context.Context, st store.Store, fn func([]news.Page) error) error {
	all, err := st.AllPages(ctx)
	return whole(fn, byID(all, func(p news.Page) int64 { return p.ID }), err)
}

// menu is one named menu with its items as Menu returns them.
type menu struct {
	name  string
	items []news.MenuItem
}

// menus copies every menu by name, counting their items. Item ids are not
// kept: SetMenu assigns them anew, and nothing outside a menu refers to
// them. What is kept, and checked, is each item and its place in the
// tree.
var menus = aggregate[menu]{
	label: "menu items",
	size: func(ctx context.Context, st store.Store) (int, error) {
		n := 0
		err := eachMenu(ctx, st, func(batch []menu) error {
			n += len(batch[0].items)
			return nil
		})
		return n, err
	},
	each: eachMenu,
	write: func(ctx context.Context, to store.Store, batch []menu) error {
		for _, m := range batch {
			if err := to.SetMenu(ctx, m.name, byIndex(m.items)); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, m menu) {
		d.str(m.name).int(int64(len(m.items)))
		for _, it := range byIndex(m.items) {
			d.str(it.Label).str(it.URL).int(int64(it.Position)).int(it.ParentID)
		}
	},
	records: func(m menu) int { return len(m.items) },
}

// eachMenu hands over one menu at a time, by name. A batch is a menu, not
// an item, because SetMenu writes a whole menu; the running count is of
// items, as the report's is.
func eachMenu(ctx context.Context, st store.Store, fn func([]menu) error) error {
	names, err := st.MenuNames(ctx)
	if err != nil {
		return err
	}
	for _, name := range names {
		items, err := st.Menu(ctx, name)
		if err != nil {
			return err
		}
		if err := fn([]menu{{name: name, items: items}}); err != nil {
			return err
		}
	}
	return nil
}

// byIndex turns items as Menu returns them (parents named by stored id)
// into items as SetMenu takes them (parents named by 1-based position in
// the list), keeping their order, so that SetMenu rebuilds the same tree.
// A parent that is not in the list, which the store's cascade rules out,
// makes the item top-level, as news.BuildMenu would show it.
func byIndex(items []news.MenuItem) []news.MenuItem {
	index := make(map[int64]int64, len(items))
	for i, it := range items {
		index[it.ID] = int64(i + 1)
	}
	out := make([]news.MenuItem, len(items))
	for i, it := range items {
		out[i] = news.MenuItem{Label: it.Label, URL: it.URL, Position: it.Position, ParentID: index[it.ParentID]}
	}
	return out
}

// banners are written in one SetBanners, which replaces them all, so
// they are handed over as one batch. Their ids are assigned anew, like
// menu items'; their order is kept.
var banners = aggregate[news.Banner]{
	label: "banners",
	size:  countOf(eachBanner),
	each:  eachBanner,
	write: func(ctx context.Context, to store.Store, batch []news.Banner) error {
		return to.SetBanners(ctx, batch)
	},
	digest: func(d *digest, b news.Banner) {
		d.str(b.Title).str(b.URL).int(imageID(b.Image)).int(int64(b.Position))
	},
}

func eachBanner(ctx context.Context, st store.Store, fn func([]news.Banner) error) error {
	all, err := st.AllBanners(ctx)
	return whole(fn, all, err)
}

// settings are one record, or none before the publication's first save.
var settings = aggregate[news.Settings]{
	label: "settings",
	size:  countOf(eachSettings),
	each:  eachSettings,
	write: func(ctx context.Context, to store.Store, batch []news.Settings) error {
		for _, s := range batch {
			if err := to.SaveSettings(ctx, s); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, s news.Settings) {
		d.str(s.Name).str(s.Tagline).str(s.About).str(s.ContactEmail).str(s.Copyright)
		d.str(s.BaseURL).str(s.Language).str(s.TimeZone).links(s.Social)
		d.int(imageID(s.Logo)).str(s.ConsentText).bool(s.FeedFullText)
	},
}

func eachSettings(ctx context.Context, st store.Store, fn func([]news.Settings) error) error {
	s, err := st.Settings(ctx)
	if errors.Is(err, news.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return fn([]news.Settings{s})
}

func imageID(img *news.Image) int64 {
	if img == nil {
		return 0
	}
	return img.ID
}

// editions are written in one SetEditions, which replaces them all.
var editions = aggregate[news.Edition]{
	label: "editions",
	size:  countOf(eachEdition),
	each:  eachEdition,
	write: func(ctx context.Context, to store.Store, batch []news.Edition) error {
		return to.SetEditions(ctx, batch)
	},
	digest: func(d *digest, e news.Edition) {
		d.str(e.Code).str(e.Name).str(e.Dir).int(int64(e.Position)).str(e.Tagline).str(e.About)
	},
}

func eachEdition(ctx context.Context, st store.Store, fn func([]news.Edition) error) error {
	all, err := st.Editions(ctx)
	return whole(fn, all, err)
}

// categoryNames are read all at once, by category and language, and
// written a category at a time.
var categoryNames = aggregate[news.CategoryName]{
	label: "category names",
	size:  countOf(eachCategoryName),
	each:  eachCategoryName,
	write: func(ctx context.Context, to store.Store, batch []news.CategoryName) error {
		byCategory := map[int64][]news.CategoryName{}
		var order []int64
		for _, n := range batch {
			if _, ok := byCategory[n.CategoryID]; !ok {
				order = append(order, n.CategoryID)
			}
			byCategory[n.CategoryID] = append(byCategory[n.CategoryID], n)
		}
		for _, id := range order {
			if err := to.SetCategoryNames(ctx, id, byCategory[id]); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, n news.CategoryName) {
		d.int(n.CategoryID).str(n.Lang).str(n.Name).str(n.Description)
	},
}

func eachCategoryName(ctx context.Context, st store.Store, fn func([]news.CategoryName) error) error {
	all, err := st.CategoryNames(ctx)
	return whole(fn, all, err)
}
