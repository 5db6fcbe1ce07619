package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// changedBy runs write and returns the kinds ChangesSince names for it,
// checking that the version went up.
func changedBy(t *testing.T, s store.Store, write func() error) []store.ChangeKind {
	t.Helper()
	ctx := t.Context()
	before, _, err := s.ChangesSince(ctx, 0)
	must(t, err)
	must(t, write())
	after, kinds, err := s.ChangesSince(ctx, before)
	must(t, err)
	if after <= before {
		t.Fatalf("version stayed at %d after a write", before)
	}
	slices.Sort(kinds)
	return kinds
}

func testChanges(t *testing.T, open Opener) {
	t.Run("each reader-visible write raises the version and names its kind", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		v, kinds, err := s.ChangesSince(ctx, 0)
		must(t, err)
		if v != 0 || len(kinds) != 0 {
			t.Fatalf("a new store is at version %d with %v, want 0 and none", v, kinds)
		}
		img := photo()
		cat := news.Category{Name: "News", Slug: "news"}
		tag := news.Tag{Name: "Oil", Slug: "oil"}
		au := news.Author{Name: "Leyla", Slug: "leyla"}
		art := published("story", -time.Hour)
		page := news.Page{Title: "About", Slug: "about", Body: "<p>x</p>", Status: news.StatusPublished}
		cases := []struct {
			what  string
			write func() error
			want  store.ChangeKind
		}{
			{"CreateImage", func() error { return s.CreateImage(ctx, &img) }, store.ChangeImages},
			{"CreateCategory", func() error { return s.CreateCategory(ctx, &cat) }, store.ChangeCategories},
			{"CreateTag", func() error { return s.CreateTag(ctx, &tag) }, store.ChangeTags},
			{"CreateAuthor", func() error { return s.CreateAuthor(ctx, &au) }, store.ChangeAuthors},
			{"CreateArticle", func() error { return s.CreateArticle(ctx, &art) }, store.ChangeArticles},
			{"CreatePage", func() error { return s.CreatePage(ctx, &page) }, store.ChangePages},
			{"SetMenu", func() error {
				return s.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Home", URL: "/"}})
			}, store.ChangeMenus},
			{"SetBanners", func() error {
				return s.SetBanners(ctx, []news.Banner{{Title: "Archive", URL: "/archive/"}})
			}, store.ChangeBanners},
			{"SaveSettings", func() error { return s.SaveSettings(ctx, news.Settings{Name: "Daily"}) }, store.ChangeSettings},
			{"DeleteTag", func() error { return s.DeleteTag(ctx, tag.ID) }, store.ChangeTags},
		}
		for _, c := range cases {
			kinds := changedBy(t, s, c.write)
			if !slices.Contains(kinds, c.want) {
				t.Errorf("%s changed %v, want %s among them", c.what, kinds, c.want)
			}
			if c.want != store.ChangeArticles && slices.Contains(kinds, store.ChangeArticles) && c.what != "DeleteTag" {
				t.Errorf("%s changed %v: articles were not written", c.what, kinds)
			}
		}
		// An article with relations is one kind, however many rows it takes.
		linked := withTerms(published("linked", -time.Minute), cats(cat), tag)
		linked.Tags = nil
		kinds = changedBy(t, s, func() error { return s.CreateArticle(ctx, &linked) })
		if !slices.Equal(kinds, []store.ChangeKind{store.ChangeArticles}) {
			t.Errorf("CreateArticle with a category changed %v, want only articles", kinds)
		}
		_, all, err := s.ChangesSince(ctx, 0)
		must(t, err)
		if len(all) != 9 {
			t.Errorf("since 0: %v, want all nine kinds", all)
		}
	})

	t.Run("writes readers never see, and failed writes, leave the version alone", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		must(t, s.SaveSettings(ctx, news.Settings{Name: "Daily"}))
		before, _, err := s.ChangesSince(ctx, 0)
		must(t, err)
		createUser(t, s, "chief@example.org", "Chief", news.RoleAdministrator)
		must(t, s.RecordFailure(ctx, "test", "k", now))
		if _, err := s.PublishDue(ctx, now); err != nil { // nothing is due
			t.Fatal(err)
		}
		dup := news.Tag{Name: "Oil", Slug: "oil"}
		must(t, s.CreateTag(ctx, &dup))
		after, _, err := s.ChangesSince(ctx, 0)
		must(t, err)
		again := news.Tag{Name: "Oil again", Slug: "oil"}
		if err := s.CreateTag(ctx, &again); !errors.Is(err, news.ErrConflict) {
			t.Fatalf("duplicate tag: %v", err)
		}
		rolled := errors.New("rolled back")
		err = s.Atomic(ctx, func(tx store.Store) error {
			must(t, tx.SetMenu(ctx, news.MenuFooter, []news.MenuItem{{Label: "x", URL: "/x/"}}))
			return rolled
		})
		if !errors.Is(err, rolled) {
			t.Fatal(err)
		}
		last, kinds, err := s.ChangesSince(ctx, after)
		must(t, err)
		if after != before+1 || last != after || len(kinds) != 0 {
			t.Errorf("versions %d → %d → %d (%v): only the tag should have counted", before, after, last, kinds)
		}
	})

	t.Run("a transaction of many writes shows them all at once", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		var mid int64
		err := s.Atomic(ctx, func(tx store.Store) error {
			must(t, tx.SaveSettings(ctx, news.Settings{Name: "Daily"}))
			must(t, tx.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Home", URL: "/"}}))
			var err error
			mid, _, err = s.ChangesSince(ctx, 0) // outside the transaction
			return err
		})
		must(t, err)
		v, kinds, err := s.ChangesSince(ctx, mid)
		must(t, err)
		slices.Sort(kinds)
		if mid != 0 || v == 0 || !slices.Equal(kinds, []store.ChangeKind{store.ChangeMenus, store.ChangeSettings}) {
			t.Errorf("seen from outside: version %d during the transaction, %d after, changed %v", mid, v, kinds)
		}
	})
}
