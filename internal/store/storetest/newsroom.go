package storetest

import (
	"bytes"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testVersions(t *testing.T, open Opener) {
	t.Run("every status of the workflow is stored", func(t *testing.T) {
		s := open(t)
		for _, st := range news.Statuses {
			a := published("status-"+string(st), -time.Hour)
			a.Status = st
			create(t, s, &a)
			got, err := s.Article(t.Context(), a.ID)
			must(t, err)
			assertEqual(t, "status", got.Status, st)
			p := news.Page{Title: "Page", Slug: "page-" + string(st), Status: st}
			must(t, s.CreatePage(t.Context(), &p))
		}
	})
	t.Run("a save names the version it started from", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a := published("versioned", -time.Hour)
		create(t, s, &a)
		assertEqual(t, "version after create", a.Version, 1)

		first, second := a, a
		first.Title = "First editor's title"
		must(t, s.UpdateArticle(ctx, &first))
		assertEqual(t, "version after save", first.Version, 2)

		second.Title = "Second editor's title"
		err := s.UpdateArticle(ctx, &second)
		assertKind(t, err, news.ErrConflict, "stale save")
		got, err := s.Article(ctx, a.ID)
		must(t, err)
		assertEqual(t, "title after refused save", got.Title, "First editor's title")
		assertEqual(t, "version after refused save", got.Version, 2)

		got.Version = 0 // jobs and imports skip the check
		got.Title = "Job's title"
		must(t, s.UpdateArticle(ctx, &got))
		assertEqual(t, "version after unchecked save", got.Version, 3)

		missing := published("missing", 0)
		missing.ID, missing.Version = a.ID+100, 1
		assertKind(t, s.UpdateArticle(ctx, &missing), news.ErrNotFound, "missing article")
	})
}

func testRevisions(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	w := newWorld(t, s)
	u := createUser(t, s, "rev@example.org", "Rev Writer", news.RoleAuthor)
	a := withTerms(published("revised", -time.Hour), cats(w.news, w.economy), w.oil, w.gas)
	a.Authors, a.Image = []news.Author{w.leyla, w.tural}, &w.photo
	a.Source = news.Attribution{Kind: news.Reprint, Publication: "Elsewhere", URL: "https://example.org/x"}
	a.SEOTitle, a.Standfirst = "SEO", "Dek"
	create(t, s, &a)

	t.Run("a revision keeps every editable field with relations by id", func(t *testing.T) {
		must(t, s.AddRevision(ctx, news.Revision{ArticleID: a.ID, Version: 1, CreatedAt: now, UserID: u.ID, UserName: u.Name, Note: "Created", Article: a}))
		got, err := s.Revision(ctx, a.ID, 1)
		must(t, err)
		assertEqual(t, "user", []any{got.UserID, got.UserName, got.Note, got.CreatedAt.Unix()}, []any{u.ID, u.Name, "Created", now.Unix()})
		g := got.Article
		assertEqual(t, "fields", []any{g.ID, g.Title, g.Slug, g.Standfirst, g.Body, g.Status, g.PublishedAt.Unix(), g.SEOTitle, g.Source},
			[]any{a.ID, a.Title, a.Slug, a.Standfirst, a.Body, a.Status, a.PublishedAt.Unix(), a.SEOTitle, a.Source})
		assertEqual(t, "categories", pluck(g.Categories, func(c news.Category) int64 { return c.ID }), []int64{w.news.ID, w.economy.ID})
		assertEqual(t, "tags", pluck(g.Tags, func(t news.Tag) int64 { return t.ID }), []int64{w.oil.ID, w.gas.ID})
		assertEqual(t, "authors", pluck(g.Authors, func(a news.Author) int64 { return a.ID }), []int64{w.leyla.ID, w.tural.ID})
		assertEqual(t, "image", g.Image.ID, w.photo.ID)
	})
	t.Run("listed newest first; a repeated version is a conflict", func(t *testing.T) {
		b := a
		b.Title = "Second"
		must(t, s.AddRevision(ctx, news.Revision{ArticleID: a.ID, Version: 2, CreatedAt: now.Add(time.Minute), Note: "Autosave", Article: b}))
		assertKind(t, s.AddRevision(ctx, news.Revision{ArticleID: a.ID, Version: 2, Article: b}), news.ErrConflict, "repeated version")
		revs, err := s.Revisions(ctx, a.ID)
		must(t, err)
		assertEqual(t, "versions", []int{revs[0].Version, revs[1].Version}, []int{2, 1})
		assertEqual(t, "newest title", revs[0].Article.Title, "Second")
	})
	t.Run("replace moves the newest revision on", func(t *testing.T) {
		b := a
		b.Title = "Third"
		must(t, s.ReplaceRevision(ctx, news.Revision{ArticleID: a.ID, Version: 3, CreatedAt: now.Add(2 * time.Minute), Note: "Autosave", Article: b}))
		revs, err := s.Revisions(ctx, a.ID)
		must(t, err)
		assertEqual(t, "versions", len(revs), 2)
		assertEqual(t, "newest", []any{revs[0].Version, revs[0].Article.Title}, []any{3, "Third"})
		_, err = s.Revision(ctx, a.ID, 2)
		assertKind(t, err, news.ErrNotFound, "replaced version")
	})
	t.Run("unknown article is invalid; deleting the article removes its history", func(t *testing.T) {
		assertKind(t, s.AddRevision(ctx, news.Revision{ArticleID: a.ID + 99, Version: 1, Article: a}), news.ErrInvalid, "unknown article")
		must(t, s.DeleteArticle(ctx, a.ID))
		revs, err := s.Revisions(ctx, a.ID)
		must(t, err)
		assertEqual(t, "revisions left", len(revs), 0)
	})
}

func testDraftsAndPresence(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	a := published("drafted", -time.Hour)
	create(t, s, &a)
	amy := createUser(t, s, "amy@example.org", "Amy", news.RoleEditor)
	bob := createUser(t, s, "bob@example.org", "Bob", news.RoleAuthor)

	t.Run("one draft per writer, replaced by the next", func(t *testing.T) {
		_, err := s.Draft(ctx, a.ID, amy.ID)
		assertKind(t, err, news.ErrNotFound, "no draft yet")
		d := a
		d.Body = "<p>Unsaved one.</p>"
		must(t, s.SaveDraft(ctx, news.Draft{ArticleID: a.ID, UserID: amy.ID, BaseVersion: 1, SavedAt: now, Article: d}))
		d.Body = "<p>Unsaved two.</p>"
		must(t, s.SaveDraft(ctx, news.Draft{ArticleID: a.ID, UserID: amy.ID, BaseVersion: 1, SavedAt: now.Add(time.Second), Article: d}))
		got, err := s.Draft(ctx, a.ID, amy.ID)
		must(t, err)
		assertEqual(t, "draft", []any{got.Article.Body, got.BaseVersion, got.SavedAt.Unix()}, []any{"<p>Unsaved two.</p>", 1, now.Unix() + 1})
		_, err = s.Draft(ctx, a.ID, bob.ID)
		assertKind(t, err, news.ErrNotFound, "other writer's draft")
		must(t, s.DeleteDraft(ctx, a.ID, amy.ID))
		must(t, s.DeleteDraft(ctx, a.ID, amy.ID))
		_, err = s.Draft(ctx, a.ID, amy.ID)
		assertKind(t, err, news.ErrNotFound, "deleted draft")
	})
	t.Run("presence lists who was seen recently", func(t *testing.T) {
		must(t, s.TouchPresence(ctx, a.ID, amy.ID, now.Add(-5*time.Minute)))
		must(t, s.TouchPresence(ctx, a.ID, bob.ID, now.Add(-5*time.Minute)))
		must(t, s.TouchPresence(ctx, a.ID, bob.ID, now))
		users, err := s.PresentUsers(ctx, a.ID, now.Add(-time.Minute))
		must(t, err)
		assertEqual(t, "present", pluck(users, func(u news.User) string { return u.Name }), []string{"Bob"})
		must(t, s.TouchPresence(ctx, a.ID, amy.ID, now))
		users, err = s.PresentUsers(ctx, a.ID, now.Add(-time.Minute))
		must(t, err)
		assertEqual(t, "present", pluck(users, func(u news.User) string { return u.Name }), []string{"Amy", "Bob"})
		must(t, s.LeavePresence(ctx, a.ID, bob.ID))
		users, err = s.PresentUsers(ctx, a.ID, now.Add(-time.Minute))
		must(t, err)
		assertEqual(t, "after leaving", pluck(users, func(u news.User) string { return u.Name }), []string{"Amy"})
	})
}

func testRedirects(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	a := published("moved", -time.Hour)
	create(t, s, &a)
	_, err := s.Redirect(ctx, "/old/")
	assertKind(t, err, news.ErrNotFound, "no redirect")
	must(t, s.SetRedirect(ctx, news.Redirect{Path: "/2026/01/01/old/", ArticleID: a.ID, CreatedAt: now}))
	must(t, s.SetRedirect(ctx, news.Redirect{Path: "/feed-old/", Target: "/feed/", CreatedAt: now}))
	got, err := s.Redirect(ctx, "/2026/01/01/old/")
	must(t, err)
	assertEqual(t, "article redirect", []any{got.ArticleID, got.Target, got.CreatedAt.Unix()}, []any{a.ID, "", now.Unix()})
	must(t, s.SetRedirect(ctx, news.Redirect{Path: "/2026/01/01/old/", Target: "/elsewhere/"}))
	got, err = s.Redirect(ctx, "/2026/01/01/old/")
	must(t, err)
	assertEqual(t, "replaced redirect", []any{got.ArticleID, got.Target}, []any{int64(0), "/elsewhere/"})
	assertKind(t, s.SetRedirect(ctx, news.Redirect{Path: "no-slash", Target: "/x/"}), news.ErrInvalid, "relative path")
	assertKind(t, s.SetRedirect(ctx, news.Redirect{Path: "/nowhere/"}), news.ErrInvalid, "no target")
	n, err := s.CountRedirects(ctx)
	must(t, err)
	assertEqual(t, "count", n, 2)
	must(t, s.DeleteRedirect(ctx, "/feed-old/"))
	_, err = s.Redirect(ctx, "/feed-old/")
	assertKind(t, err, news.ErrNotFound, "deleted redirect")

	added, err := s.AddRedirect(ctx, news.Redirect{Path: "/?p=7", ArticleID: a.ID, CreatedAt: now})
	must(t, err)
	assertEqual(t, "first add", added, true)
	added, err = s.AddRedirect(ctx, news.Redirect{Path: "/?p=7", ArticleID: a.ID, CreatedAt: now.Add(time.Hour)})
	must(t, err)
	assertEqual(t, "the same redirect again", added, false)
	got, err = s.Redirect(ctx, "/?p=7")
	must(t, err)
	assertEqual(t, "an unchanged redirect keeps its time", got.CreatedAt.Unix(), now.Unix())
	added, err = s.AddRedirect(ctx, news.Redirect{Path: "/?p=7", Target: "/elsewhere/", CreatedAt: now.Add(time.Hour)})
	must(t, err)
	assertEqual(t, "a redirect sent elsewhere", added, true)
	got, err = s.Redirect(ctx, "/?p=7")
	must(t, err)
	assertEqual(t, "changed redirect", []any{got.ArticleID, got.Target, got.CreatedAt.Unix()}, []any{int64(0), "/elsewhere/", now.Add(time.Hour).Unix()})
	added, err = s.AddRedirect(ctx, news.Redirect{Path: "no-slash", Target: "/x/"})
	assertKind(t, err, news.ErrInvalid, "relative path, added")
	assertEqual(t, "refused redirect", added, false)
	must(t, s.DeleteRedirect(ctx, "/?p=7"))

	must(t, s.SetRedirect(ctx, news.Redirect{Path: "/2025/01/01/older/", ArticleID: a.ID}))
	must(t, s.DeleteArticle(ctx, a.ID))
	_, err = s.Redirect(ctx, "/2025/01/01/older/")
	assertKind(t, err, news.ErrNotFound, "redirect of a deleted article")
}

func testSecrets(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	var mu sync.Mutex
	got := map[string]bool{}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			v, err := s.Secret(ctx, "preview", func() []byte { return []byte{byte(i), 1, 2, 3} })
			if err != nil && !errors.Is(err, news.ErrConflict) {
				t.Error(err)
				return
			}
			mu.Lock()
			got[string(v)] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	assertEqual(t, "values seen by concurrent first calls", len(got), 1)
	again, err := s.Secret(ctx, "preview", func() []byte { return []byte("other") })
	must(t, err)
	if !got[string(again)] || bytes.Equal(again, []byte("other")) {
		t.Errorf("secret changed on a later call: %q", again)
	}
	var _ store.Secrets = s
}

// pluck maps each element of xs to one of its fields.
func pluck[T, F any](xs []T, field func(T) F) []F {
	var out []F
	for _, x := range xs {
		out = append(out, field(x))
	}
	return out
}

func testTitleSearch(t *testing.T, open Opener) {
	s := open(t)
	a := published("a", -time.Hour)
	a.Title = "Oil prices rise 50% in Baku"
	b := published("b", -2*time.Hour)
	b.Title = "Gas_pipeline opens"
	c := published("c", -3*time.Hour)
	c.Title = "OIL and water"
	create(t, s, &a, &b, &c)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"oil", []string{"a", "c"}},
		{"50%", []string{"a"}},
		{"%", []string{"a"}},
		{"_", []string{"b"}},
		{"s_p", []string{"b"}},
		{"nothing", nil},
	} {
		got, err := s.ListArticles(t.Context(), store.ArticleFilter{TitleContains: tt.text})
		must(t, err)
		assertSlugs(t, "title contains "+tt.text, got, tt.want...)
	}
}
