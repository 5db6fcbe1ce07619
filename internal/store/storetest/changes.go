package storetest

import (
	"errors"
	"math"
	"slices"
	"strconv"
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

// keysOf runs write and returns the change keys logged for it, checking
// that the log is complete.
func keysOf(t *testing.T, s store.Store, write func() error) []string {
	t.Helper()
	ctx := t.Context()
	before, _, err := s.ChangesSince(ctx, math.MaxInt64)
	must(t, err)
	must(t, write())
	after, _, err := s.ChangesSince(ctx, math.MaxInt64)
	must(t, err)
	keys, complete, err := s.ChangeKeys(ctx, before, after, 1000)
	must(t, err)
	if !complete {
		t.Fatalf("keys from %d to %d: incomplete", before, after)
	}
	return keys
}

// wantKeys fails the test unless got holds every key of want and none of
// unwanted.
func wantKeys(t *testing.T, what string, got []string, want []string, unwanted ...string) {
	t.Helper()
	for _, k := range want {
		if !slices.Contains(got, k) {
			t.Errorf("%s logged %v, want %s among them", what, got, k)
		}
	}
	for _, k := range unwanted {
		if slices.Contains(got, k) {
			t.Errorf("%s logged %v, want no %s", what, got, k)
		}
	}
	if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Errorf("%s: keys %v are not sorted and distinct", what, got)
	}
}

func testChangeKeys(t *testing.T, open Opener) {
	t.Run("each write logs the keys of exactly what it touched", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		img := photo()
		must(t, s.CreateImage(ctx, &img))
		cat := news.Category{Name: "News", Slug: "news"}
		must(t, s.CreateCategory(ctx, &cat))
		tag, other := news.Tag{Name: "Oil", Slug: "oil"}, news.Tag{Name: "Gas", Slug: "gas"}
		must(t, s.CreateTag(ctx, &tag))
		must(t, s.CreateTag(ctx, &other))
		au := news.Author{Name: "Leyla", Slug: "leyla"}
		must(t, s.CreateAuthor(ctx, &au))

		art := withTerms(published("story", -time.Hour), cats(cat), tag)
		art.Authors = []news.Author{au}
		lists := []string{store.KeyLatest, store.CategoryListKey(cat.ID), store.TagListKey(tag.ID), store.AuthorListKey(au.ID)}
		got := keysOf(t, s, func() error { return s.CreateArticle(ctx, &art) })
		wantKeys(t, "publishing", got, append([]string{store.ArticleKey(art.ID), store.KeyArticles}, lists...))

		got = keysOf(t, s, func() error {
			art.Title, art.Version = "Corrected", 0
			return s.UpdateArticle(ctx, &art)
		})
		if !slices.Equal(got, []string{store.ArticleKey(art.ID), store.KeyArticles}) {
			t.Errorf("correcting a published story's title logged %v, want only its own key and articles", got)
		}

		got = keysOf(t, s, func() error {
			art.Tags, art.Version = []news.Tag{other}, 0
			return s.UpdateArticle(ctx, &art)
		})
		wantKeys(t, "re-tagging", got, []string{store.ArticleKey(art.ID), store.TagListKey(tag.ID), store.TagListKey(other.ID)},
			store.KeyLatest, store.CategoryListKey(cat.ID))

		got = keysOf(t, s, func() error {
			art.PublishedAt, art.Version = art.PublishedAt.Add(-time.Hour), 0
			return s.UpdateArticle(ctx, &art)
		})
		wantKeys(t, "re-dating", got, []string{store.KeyLatest, store.CategoryListKey(cat.ID), store.TagListKey(other.ID), store.AuthorListKey(au.ID)})

		got = keysOf(t, s, func() error {
			art.Status, art.Version = news.StatusDraft, 0
			return s.UpdateArticle(ctx, &art)
		})
		wantKeys(t, "unpublishing", got, []string{store.KeyLatest, store.KeyArticles, store.CategoryListKey(cat.ID), store.AuthorListKey(au.ID)})

		got = keysOf(t, s, func() error {
			art.Title, art.Tags, art.Version = "Draft again", []news.Tag{tag, other}, 0
			return s.UpdateArticle(ctx, &art)
		})
		if !slices.Equal(got, []string{store.ArticleKey(art.ID)}) {
			t.Errorf("saving a draft logged %v, want only its own key", got)
		}

		live := withTerms(published("live", -time.Minute), cats(cat), tag)
		must(t, s.CreateArticle(ctx, &live))
		got = keysOf(t, s, func() error { return s.DeleteArticle(ctx, live.ID) })
		wantKeys(t, "deleting a published story", got,
			[]string{store.ArticleKey(live.ID), store.KeyLatest, store.KeyArticles, store.CategoryListKey(cat.ID), store.TagListKey(tag.ID)})

		rows := []struct {
			what  string
			write func() error
			want  []string
		}{
			{"UpdateTag", func() error { tag.Name = "Oil prices"; return s.UpdateTag(ctx, &tag) }, []string{store.TagKey(tag.ID), store.KeyTags}},
			{"UpdateAuthor", func() error { au.Bio = "Economy"; return s.UpdateAuthor(ctx, &au) }, []string{store.AuthorKey(au.ID), store.KeyAuthors}},
			{"UpdateImage", func() error { img.Alt = "A street"; return s.UpdateImage(ctx, &img) }, []string{store.ImageKey(img.ID)}},
			{"CreatePage", func() error {
				p := news.Page{ID: 40, Title: "About", Slug: "about", Body: "<p>x</p>", Status: news.StatusPublished}
				return s.CreatePage(ctx, &p)
			}, []string{store.PageKey(40), store.KeyPages}},
			{"UpdateCategory", func() error { cat.Name = "World"; return s.UpdateCategory(ctx, &cat) }, []string{store.KeyChrome}},
			{"SetMenu", func() error {
				return s.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Home", URL: "/"}})
			}, []string{store.KeyChrome}},
			{"SetBanners", func() error { return s.SetBanners(ctx, []news.Banner{{Title: "A", URL: "/a/"}}) }, []string{store.KeyChrome}},
			{"SaveSettings", func() error { return s.SaveSettings(ctx, news.Settings{Name: "Daily"}) }, []string{store.KeyChrome}},
			{"SetRedirect", func() error { return s.SetRedirect(ctx, news.Redirect{Path: "/old/", Target: "/new/"}) }, []string{store.KeyRedirects}},
		}
		for _, r := range rows {
			got := keysOf(t, s, r.write)
			if !slices.Equal(got, r.want) {
				t.Errorf("%s logged %v, want %v", r.what, got, r.want)
			}
		}
		kinds := changedBy(t, s, func() error { return s.DeleteRedirect(ctx, "/old/") })
		if !slices.Equal(kinds, []store.ChangeKind{store.ChangeRedirects}) {
			t.Errorf("DeleteRedirect changed %v, want redirects", kinds)
		}
	})

	t.Run("keys past the limit or before the pruned horizon are incomplete", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		v0, _, err := s.ChangesSince(ctx, math.MaxInt64)
		must(t, err)
		for i := range 3 {
			tg := news.Tag{Name: "T", Slug: "t" + strconv.Itoa(i)}
			must(t, s.CreateTag(ctx, &tg))
		}
		v1, _, err := s.ChangesSince(ctx, math.MaxInt64)
		must(t, err)
		if keys, complete, err := s.ChangeKeys(ctx, v0, v1, 4); err != nil || !complete || len(keys) != 4 {
			t.Errorf("three tags under a limit of 4: %v, %v, %v; want 4 keys, complete", keys, complete, err)
		}
		if _, complete, err := s.ChangeKeys(ctx, v0, v1, 3); err != nil || complete {
			t.Errorf("three tags over a limit of 3: complete %v, %v; want incomplete", complete, err)
		}
		if keys, _, _ := s.ChangeKeys(ctx, v0, v0+1, 100); len(keys) != 2 {
			t.Errorf("up to the first tag: %v, want its two keys", keys)
		}
		must(t, s.PruneChangeKeys(ctx, time.Now().Add(time.Hour)))
		if _, complete, err := s.ChangeKeys(ctx, v0, v1, 100); err != nil || complete {
			t.Errorf("after pruning, keys since %d: complete %v, %v; want incomplete", v0, complete, err)
		}
		if keys, complete, err := s.ChangeKeys(ctx, v1, v1, 100); err != nil || !complete || len(keys) != 0 {
			t.Errorf("after pruning, keys since now: %v, %v, %v; want none, complete", keys, complete, err)
		}
	})
}
