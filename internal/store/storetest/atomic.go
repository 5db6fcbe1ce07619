package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

var errStop = errors.New("stop here")

func testAtomic(t *testing.T, open Opener) {
	t.Run("commits when fn returns nil", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		var a news.Article
		err := s.Atomic(ctx, func(tx store.Store) error {
			c := news.Category{Name: "News", Slug: "news"}
			if err := tx.CreateCategory(ctx, &c); err != nil {
				return err
			}
			a = withTerms(published("inside", -time.Hour), cats(c))
			if err := tx.CreateArticle(ctx, &a); err != nil {
				return err
			}
			got, err := tx.ArticleBySlug(ctx, "inside")
			if err != nil {
				return err
			}
			assertEqual(t, "article read inside the transaction", got, stored(a))
			return nil
		})
		must(t, err)
		got, err := s.ArticleBySlug(ctx, "inside")
		must(t, err)
		assertEqual(t, "article after commit", got, stored(a))
	})

	t.Run("rolls back everything when fn fails", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		var imageID int64
		err := s.Atomic(ctx, func(tx store.Store) error {
			w := newWorld(t, tx)
			imageID = w.photo.ID
			a := fullArticle(w)
			create(t, tx, &a)
			must(t, tx.CreatePage(ctx, &news.Page{Title: "About", Slug: "about", Status: news.StatusDraft}))
			must(t, tx.SaveSettings(ctx, news.Settings{Name: "Gone", Logo: &w.photo}))
			must(t, tx.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Home", URL: "/"}}))
			must(t, tx.SetBanners(ctx, []news.Banner{{Title: "Gone", Image: &w.photo}}))
			return errStop
		})
		if !errors.Is(err, errStop) {
			t.Fatalf("Atomic returned %v, want fn's error", err)
		}
		assertNothingStored(t, s)
		_, err = s.Image(ctx, imageID)
		assertKind(t, err, news.ErrNotFound, "image created in the rolled-back function")
	})

	t.Run("a failing call in the middle leaves nothing", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		err := s.Atomic(ctx, func(tx store.Store) error {
			c := news.Category{Name: "News", Slug: "news"}
			if err := tx.CreateCategory(ctx, &c); err != nil {
				return err
			}
			a := withTerms(published("bad", -time.Hour), cats(c), news.Tag{ID: 9999})
			if err := tx.CreateArticle(ctx, &a); err != nil {
				return err
			}
			t.Error("CreateArticle with an unknown tag succeeded")
			return nil
		})
		assertKind(t, err, news.ErrInvalid, "Atomic")
		assertNothingStored(t, s)
	})

	t.Run("a failed call leaves none of its own writes when fn carries on", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		err := s.Atomic(ctx, func(tx store.Store) error {
			c := news.Category{Name: "News", Slug: "news"}
			must(t, tx.CreateCategory(ctx, &c))
			bad := withTerms(published("bad", -time.Hour), cats(c), news.Tag{ID: 9999})
			assertKind(t, tx.CreateArticle(ctx, &bad), news.ErrInvalid, "CreateArticle with unknown tag")
			good := withTerms(published("good", -2*time.Hour), cats(c))
			return tx.CreateArticle(ctx, &good)
		})
		must(t, err)
		assertList(t, s, store.ArticleFilter{}, "good")
		_, err = s.ArticleBySlug(ctx, "bad")
		assertKind(t, err, news.ErrNotFound, "half-written article")
	})

	t.Run("a failed one-statement call leaves fn's other writes and the transaction usable", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a := published("kept", -time.Hour)
		create(t, s, &a)
		err := s.Atomic(ctx, func(tx store.Store) error {
			must(t, tx.SetRedirect(ctx, news.Redirect{Path: "/before/", ArticleID: a.ID}))
			assertKind(t, tx.SetRedirect(ctx, news.Redirect{Path: "no-slash", Target: "/x/"}), news.ErrInvalid, "relative path")
			added, err := tx.AddRedirect(ctx, news.Redirect{Path: "/nowhere/"})
			assertKind(t, err, news.ErrInvalid, "no target")
			assertEqual(t, "refused redirect added", added, false)
			must(t, tx.AddRevision(ctx, news.Revision{ArticleID: a.ID, Version: 2, Note: "after the failures", Article: a}))
			return tx.SetRedirect(ctx, news.Redirect{Path: "/after/", Target: "/before/"})
		})
		must(t, err)
		n, err := s.CountRedirects(ctx)
		must(t, err)
		assertEqual(t, "redirects stored", n, 2)
		for _, path := range []string{"/before/", "/after/"} {
			_, err := s.Redirect(ctx, path)
			must(t, err)
		}
		revs, err := s.Revisions(ctx, a.ID)
		must(t, err)
		if len(revs) == 0 || revs[0].Note != "after the failures" {
			t.Errorf("revisions after the transaction = %+v, want the one written after the failures first", revs)
		}
	})

	t.Run("nested Atomic joins the outer transaction", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		err := s.Atomic(ctx, func(tx store.Store) error {
			must(t, tx.CreateCategory(ctx, &news.Category{Name: "Outer", Slug: "outer"}))
			must(t, tx.Atomic(ctx, func(inner store.Store) error {
				return inner.CreateCategory(ctx, &news.Category{Name: "Inner", Slug: "inner"})
			}))
			cats, err := tx.AllCategories(ctx)
			must(t, err)
			if len(cats) != 2 {
				t.Errorf("outer sees %d categories after the nested commit, want 2", len(cats))
			}
			return errStop
		})
		if !errors.Is(err, errStop) {
			t.Fatalf("Atomic returned %v, want fn's error", err)
		}
		assertNothingStored(t, s)
	})

	t.Run("a failed nested Atomic undoes only its own writes", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		err := s.Atomic(ctx, func(tx store.Store) error {
			must(t, tx.CreateCategory(ctx, &news.Category{Name: "Outer", Slug: "outer"}))
			err := tx.Atomic(ctx, func(inner store.Store) error {
				must(t, inner.CreateCategory(ctx, &news.Category{Name: "Inner", Slug: "inner"}))
				return errStop
			})
			if !errors.Is(err, errStop) {
				t.Errorf("nested Atomic returned %v, want its fn's error", err)
			}
			return nil
		})
		must(t, err)
		all, err := s.AllCategories(ctx)
		must(t, err)
		if len(all) != 1 || all[0].Slug != "outer" {
			t.Errorf("categories = %+v, want only outer", all)
		}
	})

	t.Run("others do not see the writes before commit", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		err := s.Atomic(ctx, func(tx store.Store) error {
			a := published("pending", -time.Hour)
			must(t, tx.CreateArticle(ctx, &a))
			_, err := s.ArticleBySlug(ctx, "pending")
			assertKind(t, err, news.ErrNotFound, "uncommitted article read from outside")
			return nil
		})
		must(t, err)
		_, err = s.ArticleBySlug(ctx, "pending")
		must(t, err)
	})
}

// assertNothingStored checks that no aggregate holds anything.
func assertNothingStored(t testing.TB, s store.Store) {
	t.Helper()
	ctx := t.Context()
	empty, err := s.Empty(ctx)
	must(t, err)
	if !empty {
		t.Error("store is not Empty")
	}
	assertNoArticles(t, s)
	tags, err := s.AllTags(ctx)
	must(t, err)
	authors, err := s.AllAuthors(ctx)
	must(t, err)
	menu, err := s.Menu(ctx, news.MenuHeader)
	must(t, err)
	banners, err := s.AllBanners(ctx)
	must(t, err)
	if len(tags)+len(authors)+len(menu)+len(banners) != 0 {
		t.Errorf("left behind: %d tags, %d authors, %d menu items, %d banners",
			len(tags), len(authors), len(menu), len(banners))
	}
}
