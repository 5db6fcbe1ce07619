package newsroom_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// desk is a small newsroom on a real SQLite file: a section, a pictured
// image, and one account of each role with a byline.
type desk struct {
	nr                                 *newsroom.Newsroom
	db                                 *sqlite.DB
	clock                              time.Time
	news                               news.Category
	photo, bare                        news.Image
	admin, editor, author, contributor news.User
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := &desk{db: db, clock: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	d.nr = &newsroom.Newsroom{Store: db, Now: func() time.Time { return d.clock }}
	must(t, db.SaveSettings(ctx, news.Settings{Name: "Desk", TimeZone: "Asia/Baku"}))
	d.news = news.Category{Name: "News", Slug: "news"}
	must(t, db.CreateCategory(ctx, &d.news))
	d.photo = news.Image{Path: "p.jpg", MIME: "image/jpeg", Width: 10, Height: 10, Alt: "A harbour at dawn"}
	d.bare = news.Image{Path: "b.jpg", MIME: "image/jpeg", Width: 10, Height: 10}
	must(t, db.CreateImage(ctx, &d.photo))
	must(t, db.CreateImage(ctx, &d.bare))
	d.admin = d.person(t, "Ada Admin", news.RoleAdministrator)
	d.editor = d.person(t, "Eda Editor", news.RoleEditor)
	d.author = d.person(t, "Aut Hor", news.RoleAuthor)
	d.contributor = d.person(t, "Con Tributor", news.RoleContributor)
	return d
}

func (d *desk) person(t *testing.T, name string, role news.Role) news.User {
	t.Helper()
	au := news.Author{Name: name, Slug: news.Slugify(name)}
	must(t, d.db.CreateAuthor(t.Context(), &au))
	u := news.User{Email: news.Slugify(name) + "@example.org", Name: name, Role: role, AuthorID: au.ID}
	must(t, d.db.CreateUser(t.Context(), &u))
	return u
}

// story is a complete article ready to publish, by nobody yet.
func (d *desk) story(title string) news.Article {
	return news.Article{
		Title: title, Standfirst: "A dek.",
		Body:       "<p>Ships came in.</p><p>More ships left.</p>",
		Categories: []news.Category{{ID: d.news.ID}},
		Image:      &news.Image{ID: d.photo.ID},
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestContributorWritesAndSubmitsButCannotPublish(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	in := d.story("Harbour reopens")
	in.Body = `<p>Ships <script>alert(1)</script>came <a href="javascript:alert(1)">in</a>.</p>`
	a, err := d.nr.Save(ctx, d.contributor, in, newsroom.StepSave, "")
	must(t, err)
	if a.Status != news.StatusDraft || a.Slug != "harbour-reopens" || !newsroom.Owns(d.contributor, a) {
		t.Fatalf("new article: status %s, slug %q, authors %v", a.Status, a.Slug, a.Authors)
	}
	if strings.Contains(a.Body, "script") || strings.Contains(a.Body, "javascript:") || a.WordCount != 3 {
		t.Errorf("body not sanitised or counted: %q, %d words", a.Body, a.WordCount)
	}

	a.Title = "Harbour reopens after storm"
	_, err = d.nr.Save(ctx, d.contributor, a, newsroom.StepPublish, "")
	if !errors.Is(err, news.ErrForbidden) {
		t.Fatalf("contributor publishing: %v, want forbidden", err)
	}
	sub, err := d.nr.Save(ctx, d.contributor, a, newsroom.StepSubmit, "")
	must(t, err)
	if sub.Status != news.StatusReview || sub.Title != "Harbour reopens after storm" {
		t.Fatalf("after submit: %s %q", sub.Status, sub.Title)
	}
	if _, err := d.nr.Save(ctx, d.author, sub, newsroom.StepSave, ""); !errors.Is(err, news.ErrForbidden) {
		t.Errorf("another author editing a contributor's piece: %v, want forbidden", err)
	}

	pub, err := d.nr.Save(ctx, d.editor, sub, newsroom.StepPublish, "")
	must(t, err)
	if pub.Status != news.StatusPublished || !pub.PublishedAt.Equal(d.clock) {
		t.Fatalf("after publish: %s at %v", pub.Status, pub.PublishedAt)
	}
	if _, err := d.nr.Save(ctx, d.contributor, pub, newsroom.StepSave, ""); !errors.Is(err, news.ErrForbidden) {
		t.Errorf("contributor editing the published piece: %v, want forbidden", err)
	}
	revs, err := d.db.Revisions(ctx, a.ID)
	must(t, err)
	var notes []string
	for _, r := range revs {
		notes = append(notes, r.UserName+": "+r.Note)
	}
	want := "Eda Editor: Published|Con Tributor: Submitted for review|Con Tributor: "
	if strings.Join(notes, "|") != want {
		t.Errorf("history = %q, want %q", strings.Join(notes, "|"), want)
	}
}

func TestPublishingNeedsAPicturedCompleteArticle(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	in := d.story("Bare")
	in.Image = &news.Image{ID: d.bare.ID}
	in.Categories = nil
	a, err := d.nr.Save(ctx, d.author, in, newsroom.StepSave, "")
	must(t, err)
	_, err = d.nr.Save(ctx, d.author, a, newsroom.StepPublish, "")
	var pe *newsroom.ProblemError
	if !errors.As(err, &pe) {
		t.Fatalf("publishing without alt text or section: %v", err)
	}
	if got := pe.Error(); !strings.Contains(got, "alt text") || !strings.Contains(got, "section") {
		t.Errorf("problems = %q", got)
	}
	still, err := d.db.Article(ctx, a.ID)
	must(t, err)
	if still.Status != news.StatusDraft || still.Version != a.Version {
		t.Errorf("refused publish changed the article: %s v%d", still.Status, still.Version)
	}
}

func TestScheduleNeedsAFutureTime(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	a, err := d.nr.Save(ctx, d.author, d.story("Later"), newsroom.StepSave, "")
	must(t, err)
	a.PublishedAt = d.clock.Add(-time.Minute)
	if _, err := d.nr.Save(ctx, d.author, a, newsroom.StepSchedule, ""); !errors.Is(err, news.ErrInvalid) {
		t.Fatalf("scheduling in the past: %v", err)
	}
	a.PublishedAt = d.clock.Add(time.Hour)
	s, err := d.nr.Save(ctx, d.author, a, newsroom.StepSchedule, "")
	must(t, err)
	if s.Status != news.StatusScheduled {
		t.Fatalf("status %s", s.Status)
	}
	due, err := d.db.PublishDue(ctx, d.clock.Add(2*time.Hour))
	must(t, err)
	if len(due) != 1 || due[0].ID != a.ID {
		t.Errorf("due = %v", due)
	}
}

func TestStaleSaveIsRefusedAndKept(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	a, err := d.nr.Save(ctx, d.editor, d.story("Two hands"), newsroom.StepSave, "")
	must(t, err)

	mine, theirs := a, a
	mine.Body = "<p>Version by the editor.</p>"
	theirs.Body = "<p>Version by the admin.</p>"
	_, err = d.nr.Save(ctx, d.admin, theirs, newsroom.StepSave, "")
	must(t, err)
	_, err = d.nr.Save(ctx, d.editor, mine, newsroom.StepSave, "")
	var ce *newsroom.ConflictError
	if !errors.As(err, &ce) || ce.By != "Ada Admin" || ce.Version != a.Version+1 {
		t.Fatalf("stale save: %v", err)
	}
	stored, err := d.db.Article(ctx, a.ID)
	must(t, err)
	if stored.Body != "<p>Version by the admin.</p>" {
		t.Errorf("stored body = %q: the stale save overwrote it", stored.Body)
	}
	kept, err := d.db.Draft(ctx, a.ID, d.editor.ID)
	must(t, err)
	if kept.Article.Body != "<p>Version by the editor.</p>" || kept.BaseVersion != a.Version {
		t.Errorf("kept draft = %q from v%d", kept.Article.Body, kept.BaseVersion)
	}
}

func TestAutosave(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	a, saved, err := d.nr.Autosave(ctx, d.author, news.Article{Body: "<p>First words</p>"})
	must(t, err)
	if !saved || a.ID == 0 || a.Title != "Untitled draft" {
		t.Fatalf("autosave of a new piece: saved=%v %+v", saved, a)
	}
	for _, body := range []string{"<p>First words and more</p>", "<p>First words and more still</p>"} {
		d.clock = d.clock.Add(time.Minute)
		a.Body = body
		a, saved, err = d.nr.Autosave(ctx, d.author, a)
		must(t, err)
		if !saved {
			t.Fatal("draft autosave did not save the article")
		}
	}
	revs, err := d.db.Revisions(ctx, a.ID)
	must(t, err)
	if len(revs) != 1 || revs[0].Article.Body != "<p>First words and more still</p>" {
		t.Errorf("autosaves in one sitting make %d revisions, newest %q", len(revs), revs[0].Article.Body)
	}

	a.Title, a.Categories, a.Image = "Now live", []news.Category{{ID: d.news.ID}}, &news.Image{ID: d.photo.ID}
	a, err = d.nr.Save(ctx, d.author, a, newsroom.StepPublish, "")
	must(t, err)
	edit := a
	edit.Body = "<p>Half an edit</p>"
	_, saved, err = d.nr.Autosave(ctx, d.author, edit)
	must(t, err)
	live, err := d.db.Article(ctx, a.ID)
	must(t, err)
	if saved || live.Body == "<p>Half an edit</p>" {
		t.Errorf("autosave changed a live article: saved=%v body %q", saved, live.Body)
	}
	kept, err := d.db.Draft(ctx, a.ID, d.author.ID)
	must(t, err)
	if kept.Article.Body != "<p>Half an edit</p>" {
		t.Errorf("unsaved edit of a live article = %q", kept.Article.Body)
	}
}

func TestRestoreAndRedirectAfterSlugChange(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	a, err := d.nr.Save(ctx, d.editor, d.story("Original title"), newsroom.StepPublish, "")
	must(t, err)
	oldPath := news.ArticlePath(a, mustLoc(t, "Asia/Baku"))
	a.Title, a.Slug = "New title", "new-title"
	b, err := d.nr.Save(ctx, d.editor, a, newsroom.StepSave, "")
	must(t, err)
	r, err := d.db.Redirect(ctx, oldPath)
	must(t, err)
	if r.ArticleID != a.ID {
		t.Fatalf("redirect from %s = %+v", oldPath, r)
	}
	if b.UpdatedAt.IsZero() {
		t.Error("a retitled live article shows no update time")
	}

	c, err := d.nr.Restore(ctx, d.editor, a.ID, 1, b.Version)
	must(t, err)
	if c.Title != "Original title" || c.Slug != "original-title" || c.Status != news.StatusPublished {
		t.Errorf("restored: %q %q %s", c.Title, c.Slug, c.Status)
	}
	if _, err := d.db.Redirect(ctx, oldPath); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("the restored address still redirects: %v", err)
	}
	if r, err := d.db.Redirect(ctx, news.ArticlePath(b, mustLoc(t, "Asia/Baku"))); err != nil || r.ArticleID != a.ID {
		t.Errorf("the intermediate address does not redirect: %+v %v", r, err)
	}
}

func TestSlugTakenIsAProblemNotAConflict(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	_, err := d.nr.Save(ctx, d.author, d.story("Same"), newsroom.StepSave, "")
	must(t, err)
	_, err = d.nr.Save(ctx, d.author, d.story("Same"), newsroom.StepSave, "")
	var pe *newsroom.ProblemError
	if !errors.As(err, &pe) || !strings.Contains(pe.Error(), "taken") {
		t.Fatalf("second article with the same slug: %v", err)
	}
}

func TestPreviewLinks(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	exp := d.clock.Add(time.Hour)
	path, err := newsroom.PreviewPath(ctx, d.db, 7, exp)
	must(t, err)
	if !strings.HasPrefix(path, "/preview/7/?exp=") {
		t.Fatalf("path %q", path)
	}
	q := path[strings.Index(path, "?")+1:]
	vals := map[string]string{}
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		vals[k] = v
	}
	must(t, newsroom.CheckPreview(ctx, d.db, 7, vals["exp"], vals["sig"], d.clock))
	for name, check := range map[string]error{
		"other article": newsroom.CheckPreview(ctx, d.db, 8, vals["exp"], vals["sig"], d.clock),
		"later expiry":  newsroom.CheckPreview(ctx, d.db, 7, vals["exp"]+"0", vals["sig"], d.clock),
		"expired":       newsroom.CheckPreview(ctx, d.db, 7, vals["exp"], vals["sig"], exp.Add(time.Second)),
		"no signature":  newsroom.CheckPreview(ctx, d.db, 7, vals["exp"], "", d.clock),
	} {
		if !errors.Is(check, news.ErrNotFound) {
			t.Errorf("%s: %v, want refused", name, check)
		}
	}
}

func mustLoc(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	must(t, err)
	return loc
}
