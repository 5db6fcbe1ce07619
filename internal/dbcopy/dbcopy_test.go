package dbcopy_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/dbcopy"
	"github.com/mastheadhq/masthead/internal/demo"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
	"github.com/mastheadhq/masthead/internal/store/storetest"
)

var seedTime = time.Date(2026, 5, 20, 9, 30, 0, 0, time.UTC)

// backend opens an empty store of one kind, closed when the test ends.
type backend struct {
	name string
	open func(t testing.TB) store.Store
}

var (
	sqliteBackend = backend{"SQLite", func(t testing.TB) store.Store {
		t.Helper()
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}}
	postgresBackend = backend{"PostgreSQL", func(t testing.TB) store.Store {
		t.Helper()
		db, err := postgres.Open(context.Background(), pgtest.NewSchema(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}}
	backends = []backend{sqliteBackend, postgresBackend}
)

// publication opens a store of the given kind holding the demo
// publication, with the untidiness of a real one added (see untidy).
func publication(t *testing.T, b backend) store.Store {
	t.Helper()
	st := b.open(t)
	folder, err := media.NewFolder(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	lib := &media.Library{Storage: folder, Now: func() time.Time { return seedTime }}
	if err := demo.Seed(t.Context(), st, lib, seedTime); err != nil {
		t.Fatal(err)
	}
	untidy(t, st)
	return st
}

// untidy gives the demo what years of editing give a publication and a
// fresh seed lacks: gaps in the ids, a section moved under a newer one
// (so that its id is below its parent's) and nested three deep, records
// with their optional parts left out, and a menu the theme does not know;
// then what the newsroom and the readers add (see newsroomRecords and
// readerRecords).
func untidy(t *testing.T, st store.Store) {
	t.Helper()
	ctx := t.Context()
	first, err := st.ArticlesAfter(ctx, 0, 3)
	must(t, err)
	must(t, st.DeleteArticle(ctx, first[1].ID))

	all, err := st.AllCategories(ctx)
	must(t, err)
	oldest := slices.MinFunc(all, func(a, b news.Category) int { return int(a.ID - b.ID) })
	newest := slices.MaxFunc(all, func(a, b news.Category) int { return int(a.ID - b.ID) })
	oldest.ParentID = newest.ID
	must(t, st.UpdateCategory(ctx, &oldest))
	deep := news.Category{ParentID: oldest.ID, Name: "Deep", Slug: "deep", Description: "Three levels down."}
	must(t, st.CreateCategory(ctx, &deep))

	spare := news.Tag{Name: "Spare", Slug: "spare"}
	must(t, st.CreateTag(ctx, &spare))
	gone := news.Tag{Name: "Gone", Slug: "gone"}
	must(t, st.CreateTag(ctx, &gone))
	must(t, st.DeleteTag(ctx, gone.ID))
	must(t, st.CreateTag(ctx, &news.Tag{Name: "Last", Slug: "last"}))

	bare := news.Image{Path: "bare.png", MIME: "image/png", CreatedAt: seedTime}
	must(t, st.CreateImage(ctx, &bare))
	anonymous := news.Author{Name: "Anonymous", Slug: "anonymous"}
	must(t, st.CreateAuthor(ctx, &anonymous))
	must(t, st.CreateUser(ctx, &news.User{Email: "chief@example.org", Name: "Chief", Role: news.RoleAdministrator,
		PasswordHash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5", CreatedAt: seedTime, LastSignInAt: seedTime}))
	must(t, st.CreateUser(ctx, &news.User{Email: "stringer@example.org", Name: "Stringer", Role: news.RoleContributor,
		AuthorID: anonymous.ID, MustResetPassword: true, CreatedAt: seedTime}))
	must(t, st.CreatePage(ctx, &news.Page{Title: "Draft page", Slug: "draft-page", Status: news.StatusDraft}))

	draft := news.Article{Title: "Undated draft", Slug: "undated-draft", Status: news.StatusDraft,
		Categories: []news.Category{deep}, Tags: []news.Tag{spare}, Image: &bare,
		Source: news.Attribution{Kind: news.Reprint, Publication: "Elsewhere", URL: "https://elsewhere.example/a", Canonical: true}}
	must(t, st.CreateArticle(ctx, &draft))

	// Children listed before their parents, as SetMenu allows.
	must(t, st.SetMenu(ctx, "social", []news.MenuItem{
		{Label: "Telegram", URL: "https://t.me/x", ParentID: 3, Position: 1},
		{Label: "X", URL: "https://x.com/x", ParentID: 3, Position: 0},
		{Label: "Follow us", Position: 0},
	}))
	newsroomRecords(t, st)
	readerRecords(t, st)
	integrationRecords(t, st)
}

// counts is what a store holds, counted by the store's own methods
// rather than dbcopy's, in the order of the report.
func counts(t *testing.T, st store.Store) []dbcopy.Count {
	t.Helper()
	ctx := t.Context()
	images, err := st.CountImages(ctx)
	must(t, err)
	cats, err := st.AllCategories(ctx)
	must(t, err)
	tags, err := st.AllTags(ctx)
	must(t, err)
	authors, err := st.AllAuthors(ctx)
	must(t, err)
	staff, err := st.AllUsers(ctx)
	must(t, err)
	articles, err := st.CountArticles(ctx, store.ArticleFilter{})
	must(t, err)
	pages, err := st.AllPages(ctx)
	must(t, err)
	items := 0
	names, err := st.MenuNames(ctx)
	must(t, err)
	for _, name := range names {
		menu, err := st.Menu(ctx, name)
		must(t, err)
		items += len(menu)
	}
	banners, err := st.AllBanners(ctx)
	must(t, err)
	editions, err := st.Editions(ctx)
	must(t, err)
	catNames, err := st.CategoryNames(ctx)
	must(t, err)
	settings := 1
	if _, err := st.Settings(ctx); errors.Is(err, news.ErrNotFound) {
		settings = 0
	} else {
		must(t, err)
	}
	return append([]dbcopy.Count{
		{Aggregate: "images", N: images},
		{Aggregate: "categories", N: len(cats)},
		{Aggregate: "tags", N: len(tags)},
		{Aggregate: "authors", N: len(authors)},
		{Aggregate: "staff accounts", N: len(staff)},
		{Aggregate: "articles", N: articles},
		{Aggregate: "pages", N: len(pages)},
		{Aggregate: "menu items", N: items},
		{Aggregate: "banners", N: len(banners)},
		{Aggregate: "settings", N: settings},
		{Aggregate: "editions", N: len(editions)},
		{Aggregate: "category names", N: len(catNames)},
	}, append(append(newsroomCounts(t, st), readerCounts(t, st)...), integrationCounts(t, st)...)...)
}

func assertEmpty(t *testing.T, st store.Store) {
	t.Helper()
	for _, c := range counts(t, st) {
		if c.N != 0 {
			t.Errorf("target holds %d %s, want none", c.N, c.Aggregate)
		}
	}
}

// assertSamePublication compares everything two stores hold, field by
// field, as readers and editors would see it. Menu items and banners are
// compared without their ids, which SetMenu and SetBanners assign anew.
func assertSamePublication(t *testing.T, got, want store.Store) {
	t.Helper()
	ctx := t.Context()
	for after := int64(0); ; {
		g, err := got.ImagesAfter(ctx, after, 50)
		must(t, err)
		w, err := want.ImagesAfter(ctx, after, 50)
		must(t, err)
		storetest.AssertEqual(t, "images", g, w)
		if len(w) == 0 || len(g) != len(w) {
			break
		}
		after = w[len(w)-1].ID
	}
	for after := int64(0); ; {
		g, err := got.ArticlesAfter(ctx, after, 20)
		must(t, err)
		w, err := want.ArticlesAfter(ctx, after, 20)
		must(t, err)
		storetest.AssertEqual(t, "articles", g, w)
		if len(w) == 0 || len(g) != len(w) {
			break
		}
		after = w[len(w)-1].ID
	}
	same(t, "categories", got.AllCategories, want.AllCategories)
	same(t, "tags", got.AllTags, want.AllTags)
	same(t, "authors", got.AllAuthors, want.AllAuthors)
	same(t, "staff accounts", got.AllUsers, want.AllUsers)
	same(t, "pages", got.AllPages, want.AllPages)
	same(t, "settings", got.Settings, want.Settings)
	same(t, "banners", withoutIDs(got.AllBanners), withoutIDs(want.AllBanners))
	same(t, "menu names", got.MenuNames, want.MenuNames)
	names, err := want.MenuNames(ctx)
	must(t, err)
	for _, name := range names {
		same(t, "menu "+name, tree(got, name), tree(want, name))
	}

	// What readers find: the same lists, and the same search results
	// (as sets: each backend ranks in its own way).
	same(t, "visible articles", slugs(got, store.ArticleFilter{VisibleAt: seedTime}),
		slugs(want, store.ArticleFilter{VisibleAt: seedTime}))
	q := store.SearchFilter{VisibleAt: seedTime, Limit: 50}
	same(t, "search", found(got, "energy", q), found(want, "energy", q))
	assertSameNewsroom(t, got, want)
	assertSameReaders(t, got, want)
	assertSameIntegrations(t, got, want)
}

// same reads one thing from both stores and compares it.
func same[T any](t *testing.T, what string, got, want func(context.Context) (T, error)) {
	t.Helper()
	g, err := got(t.Context())
	must(t, err)
	w, err := want(t.Context())
	must(t, err)
	storetest.AssertEqual(t, what, g, w)
}

func withoutIDs(all func(context.Context) ([]news.Banner, error)) func(context.Context) ([]news.Banner, error) {
	return func(ctx context.Context) ([]news.Banner, error) {
		bs, err := all(ctx)
		for i := range bs {
			bs[i].ID = 0
		}
		return bs, err
	}
}

// menuNode is a menu item as readers see it: without the ids SetMenu
// assigns.
type menuNode struct {
	Label, URL string
	Position   int
	Children   []menuNode
}

func tree(st store.Store, name string) func(context.Context) ([]menuNode, error) {
	return func(ctx context.Context) ([]menuNode, error) {
		items, err := st.Menu(ctx, name)
		var nodes func([]news.MenuItem) []menuNode
		nodes = func(items []news.MenuItem) []menuNode {
			out := make([]menuNode, len(items))
			for i, it := range items {
				out[i] = menuNode{it.Label, it.URL, it.Position, nodes(it.Children)}
			}
			return out
		}
		return nodes(news.BuildMenu(items)), err
	}
}

func slugs(st store.Store, f store.ArticleFilter) func(context.Context) ([]string, error) {
	return func(ctx context.Context) ([]string, error) {
		arts, err := st.ListArticles(ctx, f)
		var out []string
		for _, a := range arts {
			out = append(out, a.Slug)
		}
		return out, err
	}
}

func found(st store.Store, query string, f store.SearchFilter) func(context.Context) ([]string, error) {
	return func(ctx context.Context) ([]string, error) {
		res, err := st.SearchArticles(ctx, search.Parse(query), f)
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.Article.Slug)
		}
		slices.Sort(out)
		return out, err
	}
}

// progressLog records the progress calls of a copy.
type progressLog struct{ steps []string }

func (p *progressLog) record(step string, n int) {
	if len(p.steps) == 0 || p.steps[len(p.steps)-1] != step {
		p.steps = append(p.steps, step)
	}
}

func TestCopyBetweenBackends(t *testing.T) {
	for _, from := range backends {
		t.Run("from "+from.name, func(t *testing.T) {
			source := publication(t, from)
			want := counts(t, source)
			for _, to := range backends {
				t.Run("to "+to.name, func(t *testing.T) {
					ctx := t.Context()
					target := to.open(t)
					var progress progressLog
					report, err := dbcopy.Copy(ctx, source, target, progress.record)
					if err != nil {
						t.Fatal(err)
					}
					if report.AlreadyCopied {
						t.Error("a copy into an empty target reports AlreadyCopied")
					}
					storetest.AssertEqual(t, "report", report.Counts, want)
					storetest.AssertEqual(t, "target's counts", counts(t, target), want)
					assertSamePublication(t, target, source)
					var aggregates, verified []string
					for _, c := range want {
						aggregates, verified = append(aggregates, c.Aggregate), append(verified, "verify "+c.Aggregate)
					}
					storetest.AssertEqual(t, "progress steps", progress.steps, append(aggregates, verified...))

					t.Run("running it again changes nothing and says so", func(t *testing.T) {
						again, err := dbcopy.Copy(ctx, source, noWrites{t, target}, nil)
						if err != nil {
							t.Fatal(err)
						}
						if !again.AlreadyCopied {
							t.Error("a second run does not report AlreadyCopied")
						}
						storetest.AssertEqual(t, "report of the second run", again.Counts, want)
						assertSamePublication(t, target, source)
					})

					t.Run("ids handed out after the copy are new ones", func(t *testing.T) {
						assertFreshIDs(t, target, source)
					})
				})
			}
		})
	}
}

// noWrites is a target that fails the test when a copy writes to it,
// which it can only do through Atomic.
type noWrites struct {
	t *testing.T
	store.Store
}

func (n noWrites) Atomic(context.Context, func(store.Store) error) error {
	n.t.Error("the copy opened a write transaction on the target")
	return errors.New("no writes expected")
}

// assertFreshIDs creates one record of every aggregate the normal way
// and checks that none takes an id the copy brought over: PostgreSQL's
// identity sequences must have been moved past them.
func assertFreshIDs(t *testing.T, target, source store.Store) {
	t.Helper()
	ctx := t.Context()
	img := news.Image{Path: "after.jpg", MIME: "image/jpeg"}
	must(t, target.CreateImage(ctx, &img))
	cat := news.Category{Name: "After", Slug: "after"}
	must(t, target.CreateCategory(ctx, &cat))
	tag := news.Tag{Name: "After", Slug: "after"}
	must(t, target.CreateTag(ctx, &tag))
	au := news.Author{Name: "After", Slug: "after"}
	must(t, target.CreateAuthor(ctx, &au))
	a := news.Article{Title: "After", Slug: "after-the-copy", Status: news.StatusDraft}
	must(t, target.CreateArticle(ctx, &a))
	p := news.Page{Title: "After", Slug: "after", Status: news.StatusDraft}
	must(t, target.CreatePage(ctx, &p))

	if _, err := source.Image(ctx, img.ID); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("new image got id %d, which the source uses", img.ID)
	}
	if _, err := source.Article(ctx, a.ID); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("new article got id %d, which the source uses", a.ID)
	}
	if _, err := source.Author(ctx, au.ID); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("new author got id %d, which the source uses", au.ID)
	}
	r := news.Reader{Email: "after@example.org"}
	must(t, target.CreateReader(ctx, &r))
	if _, err := source.Reader(ctx, r.ID); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("new reader got id %d, which the source uses", r.ID)
	}
	sub := news.Subscriber{Email: "after@example.org"}
	must(t, target.CreateSubscriber(ctx, &sub))
	if _, err := source.Subscriber(ctx, sub.ID); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("new subscriber got id %d, which the source uses", sub.ID)
	}
}

// With batches far smaller than the publication, every batch boundary
// of the paged aggregates is crossed, and the progress reports count up.
func TestCopyInBatches(t *testing.T) {
	dbcopy.SetBatchSize(t, 7)
	source := publication(t, sqliteBackend)
	target := postgresBackend.open(t)
	var articleCounts []int
	_, err := dbcopy.Copy(t.Context(), source, target, func(step string, n int) {
		if step == "articles" {
			articleCounts = append(articleCounts, n)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	assertSamePublication(t, target, source)
	total, err := source.CountArticles(t.Context(), store.ArticleFilter{})
	must(t, err)
	if len(articleCounts) != (total+6)/7 || articleCounts[0] != 7 || articleCounts[len(articleCounts)-1] != total {
		t.Errorf("article progress %v, want 7, 14, … up to %d", articleCounts, total)
	}
}

// The verification reads the copy back before committing it: a target
// that stores something other than it was given fails the copy, names
// what differs, and keeps nothing.
func TestVerificationRefusesACopyThatDiffers(t *testing.T) {
	source := publication(t, sqliteBackend)
	for _, to := range backends {
		t.Run(to.name, func(t *testing.T) {
			target := to.open(t)
			_, err := dbcopy.Copy(t.Context(), source, garbling{Store: target}, nil)
			if !errors.Is(err, dbcopy.ErrMismatch) {
				t.Fatalf("Copy into a garbling target: %v, want ErrMismatch", err)
			}
			for _, want := range []string{
				"articles: the target's records read back differently", "banners: 4 copied, but the target holds 3",
				"unsaved drafts: the target's records read back differently", "audit log entries: the target's records read back differently",
				"saved articles: the target's records read back differently", "mailing sends: the target's records read back differently",
			} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			assertEmpty(t, target)
		})
	}
}

// garbling is a target that changes one article's title on the way in,
// drops the last banner, and alters drafts, audit entries, the times
// articles were saved and the times mailings were sent.
type garbling struct{ store.Store }

func (g garbling) Atomic(ctx context.Context, fn func(store.Store) error) error {
	return g.Store.Atomic(ctx, func(tx store.Store) error { return fn(garbling{tx}) })
}

func (g garbling) CreateArticle(ctx context.Context, a *news.Article) error {
	if a.Slug == "undated-draft" {
		a.Title = "Changed on the way"
	}
	return g.Store.CreateArticle(ctx, a)
}

func (g garbling) SetBanners(ctx context.Context, banners []news.Banner) error {
	return g.Store.SetBanners(ctx, banners[:len(banners)-1])
}

func (g garbling) SaveDraft(ctx context.Context, d news.Draft) error {
	d.Article.Body += "<p>Garbled</p>"
	return g.Store.SaveDraft(ctx, d)
}

func (g garbling) RecordAudit(ctx context.Context, e *news.AuditEntry) error {
	e.IP = "203.0.113.9"
	return g.Store.RecordAudit(ctx, e)
}

func (g garbling) SaveArticle(ctx context.Context, readerID, articleID int64, at time.Time) error {
	return g.Store.SaveArticle(ctx, readerID, articleID, at.Add(time.Hour))
}

func (g garbling) MarkSent(ctx context.Context, name string, subscriberIDs []int64, at time.Time) error {
	return g.Store.MarkSent(ctx, name, subscriberIDs, at.Add(-time.Second))
}

func TestCopyRefusesATargetWithOtherContent(t *testing.T) {
	source := small(t, sqliteBackend.open(t), "oil")
	for _, to := range backends {
		t.Run(to.name, func(t *testing.T) {
			t.Run("fewer records", func(t *testing.T) {
				target := to.open(t)
				must(t, target.CreateTag(t.Context(), &news.Tag{Name: "Gas", Slug: "gas"}))
				before := counts(t, target)
				_, err := dbcopy.Copy(t.Context(), source, target, nil)
				if !errors.Is(err, dbcopy.ErrTargetNotEmpty) || !strings.Contains(err.Error(), "1 tags (source 2)") {
					t.Errorf("Copy into a target with a tag: %v, want ErrTargetNotEmpty naming the counts", err)
				}
				storetest.AssertEqual(t, "target after the refusal", counts(t, target), before)
			})
			t.Run("as many records, but others", func(t *testing.T) {
				target := small(t, to.open(t), "gas")
				before := counts(t, target)
				_, err := dbcopy.Copy(t.Context(), source, target, nil)
				if !errors.Is(err, dbcopy.ErrTargetNotEmpty) || !strings.Contains(err.Error(), "tags differ") {
					t.Errorf("Copy into a target with other records: %v, want ErrTargetNotEmpty naming tags", err)
				}
				storetest.AssertEqual(t, "target after the refusal", counts(t, target), before)
				if _, err := target.TagBySlug(t.Context(), "oil"); !errors.Is(err, news.ErrNotFound) {
					t.Errorf("the source's tag reached the refused target: %v", err)
				}
			})
		})
	}
}

// small fills st with a tiny publication whose second tag is named name.
func small(t *testing.T, st store.Store, name string) store.Store {
	t.Helper()
	ctx := t.Context()
	img := news.Image{Path: "a.jpg", CreatedAt: seedTime}
	must(t, st.CreateImage(ctx, &img))
	cat := news.Category{Name: "News", Slug: "news"}
	must(t, st.CreateCategory(ctx, &cat))
	first := news.Tag{Name: "Baku", Slug: "baku"}
	must(t, st.CreateTag(ctx, &first))
	second := news.Tag{Name: name, Slug: name}
	must(t, st.CreateTag(ctx, &second))
	a := news.Article{Title: "One", Slug: "one", Status: news.StatusPublished, PublishedAt: seedTime, CreatedAt: seedTime,
		Categories: []news.Category{cat}, Tags: []news.Tag{first, second}, Image: &img}
	must(t, st.CreateArticle(ctx, &a))
	must(t, st.SaveSettings(ctx, news.Settings{Name: "Small", Logo: &img}))
	return st
}

func TestCopyRefusesAnEmptySource(t *testing.T) {
	target := sqliteBackend.open(t)
	_, err := dbcopy.Copy(t.Context(), sqliteBackend.open(t), target, nil)
	if !errors.Is(err, dbcopy.ErrSourceEmpty) {
		t.Errorf("Copy from an empty store: %v, want ErrSourceEmpty", err)
	}
	assertEmpty(t, target)
}

// A copy that fails part of the way leaves the target as it found it,
// empty, and can simply be run again.
func TestFailedCopyLeavesTheTargetEmpty(t *testing.T) {
	source := publication(t, sqliteBackend)
	for _, to := range backends {
		t.Run(to.name, func(t *testing.T) {
			t.Run("cancelled after the articles", func(t *testing.T) {
				target := to.open(t)
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				_, err := dbcopy.Copy(ctx, source, target, func(step string, n int) {
					if step == "articles" {
						cancel()
					}
				})
				if !errors.Is(err, context.Canceled) {
					t.Errorf("cancelled Copy returned %v, want context.Canceled", err)
				}
				assertEmpty(t, target)
				rerun(t, source, target)
			})

			t.Run("a slug taken half-way", func(t *testing.T) {
				target := to.open(t)
				arts, err := source.ArticlesAfter(t.Context(), 0, 40)
				must(t, err)
				taken := arts[len(arts)-1].Slug
				_, err = dbcopy.Copy(t.Context(), source, squatted{Store: target, slug: taken}, nil)
				if !errors.Is(err, news.ErrConflict) || !strings.Contains(err.Error(), taken) {
					t.Errorf("Copy meeting a taken slug returned %v, want news.ErrConflict naming %q", err, taken)
				}
				assertEmpty(t, target)
				rerun(t, source, target)
			})
		})
	}
}

func rerun(t *testing.T, source, target store.Store) {
	t.Helper()
	report, err := dbcopy.Copy(t.Context(), source, target, nil)
	if err != nil {
		t.Fatalf("running the copy again: %v", err)
	}
	if report.AlreadyCopied {
		t.Error("the run after a failed one reports AlreadyCopied")
	}
	assertSamePublication(t, target, source)
}

// squatted is a target into which another writer slips an article with
// the slug of one the copy is about to write, inside the copy's own
// transaction, just before it, so that the copy fails half-way.
type squatted struct {
	store.Store
	slug string
}

func (s squatted) Atomic(ctx context.Context, fn func(store.Store) error) error {
	return s.Store.Atomic(ctx, func(tx store.Store) error {
		return fn(squatted{Store: tx, slug: s.slug})
	})
}

func (s squatted) CreateArticle(ctx context.Context, a *news.Article) error {
	if a.Slug == s.slug {
		squatter := news.Article{Title: "Squatter", Slug: s.slug, Status: news.StatusDraft}
		if err := s.Store.CreateArticle(ctx, &squatter); err != nil {
			return err
		}
	}
	return s.Store.CreateArticle(ctx, a)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
