package wpimport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

type backend struct {
	name string
	open func(t testing.TB) store.Store
}

var backends = []backend{
	{"SQLite", func(t testing.TB) store.Store {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}},
	{"PostgreSQL", func(t testing.TB) store.Store {
		db, err := postgres.Open(context.Background(), pgtest.NewSchema(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}},
}

// each runs test against every backend.
func each(t *testing.T, test func(t *testing.T, s store.Store)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { test(t, b.open(t)) })
	}
}

var importTime = time.Date(2024, 3, 20, 12, 0, 0, 0, time.UTC)

func fixture(name string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return os.Open(filepath.Join("testdata", name)) }
}

func runImport(t *testing.T, s store.Store, file string, o Options) *Report {
	t.Helper()
	r, err := tryImport(t, s, file, o)
	if err != nil {
		t.Fatalf("import %s: %v", file, err)
	}
	return r
}

func tryImport(t *testing.T, s store.Store, file string, o Options) (*Report, error) {
	t.Helper()
	o.Now = func() time.Time { return importTime }
	imp := &Importer{Store: s, Options: o}
	if o.UploadsDir != "" {
		folder, err := media.NewFolder(filepath.Join(t.TempDir(), "media"))
		if err != nil {
			t.Fatal(err)
		}
		imp.Library = &media.Library{Storage: folder}
	}
	return imp.Run(t.Context(), fixture(file))
}

func article(t *testing.T, s store.Store, slug string) news.Article {
	t.Helper()
	a, err := s.ArticleBySlug(t.Context(), slug)
	if err != nil {
		t.Fatalf("article %s: %v", slug, err)
	}
	return a
}

func redirectTo(t *testing.T, s store.Store, from string) news.Redirect {
	t.Helper()
	r, err := s.Redirect(t.Context(), from)
	if err != nil {
		t.Errorf("redirect from %s: %v", from, err)
	}
	return r
}

func TestImportSite(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		ctx := t.Context()
		report := runImport(t, s, "site.xml", Options{})

		port := article(t, s, "port-expansion-approved")
		if port.Status != news.StatusPublished || !port.PublishedAt.Equal(time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC)) ||
			!port.UpdatedAt.Equal(time.Date(2024, 3, 6, 5, 0, 0, 0, time.UTC)) {
			t.Errorf("port article: status %s, published %v, updated %v", port.Status, port.PublishedAt, port.UpdatedAt)
		}
		if port.Standfirst != "The council voted seven to two for a new quay." ||
			!strings.HasPrefix(port.Body, "<p>The city council approved the expansion of the old port on Tuesday, by seven votes to two.</p>") {
			t.Errorf("standfirst %q, body %q", port.Standfirst, port.Body)
		}
		var cats, tags []string
		for _, c := range port.Categories {
			cats = append(cats, c.Slug)
		}
		for _, tg := range port.Tags {
			tags = append(tags, tg.Slug)
		}
		if !slices.Equal(cats, []string{"economy", "news"}) || !slices.Equal(tags, []string{"cop29", "oil"}) {
			t.Errorf("categories %v (the most specific first), tags %v", cats, tags)
		}
		if len(port.Authors) != 1 || port.Authors[0].Name != "Leyla Aliyeva" || port.Authors[0].Slug != "leyla" {
			t.Errorf("authors %+v", port.Authors)
		}
		img := port.Image
		if img == nil || img.Alt != "Fishing boats at dawn in Baku harbour" || img.Caption != "Boats leave before sunrise." ||
			img.Credit != "Photo: Aysel Hasanova" || img.Width != 1200 || img.Height != 800 ||
			img.Path != "https://harbour.example/wp-content/uploads/2024/03/harbour-at-dawn.jpg" {
			t.Errorf("featured image %+v", img)
		}
		revs, err := s.Revisions(ctx, port.ID)
		if err != nil || len(revs) != 1 || revs[0].Note != newsroom.NoteImportedFromWordPress {
			t.Errorf("revisions %+v, %v", revs, err)
		}

		for slug, want := range map[string]news.Status{
			"budget-talks-continue": news.StatusDraft, "ferry-timetable-changes": news.StatusReview,
			"harbour-festival-programme": news.StatusScheduled, "internal-memo-on-the-port": news.StatusUnpublished,
			"theatre-reopens": news.StatusPublished, "derby-ends-level": news.StatusPublished,
		} {
			if a := article(t, s, slug); a.Status != want {
				t.Errorf("%s is %s, want %s", slug, a.Status, want)
			}
		}
		if a := article(t, s, "harbour-festival-programme"); !a.PublishedAt.Equal(time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)) {
			t.Errorf("scheduled for %v", a.PublishedAt)
		}
		if _, err := s.ArticleBySlug(ctx, "old-story"); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("trashed post imported: %v", err)
		}
		n, _ := s.CountArticles(ctx, store.ArticleFilter{})
		if n != 7 {
			t.Errorf("%d articles, want 7", n)
		}

		theatre := article(t, s, "theatre-reopens")
		if !strings.Contains(theatre.Body, "<h2>A new stage</h2>") || strings.Contains(theatre.Body, "wp:") {
			t.Errorf("block content %q", theatre.Body)
		}
		if theatre.Categories[0].Slug != "kultura" || theatre.Categories[0].Name != "Культура" || theatre.Authors[0].Slug != "tural-h" {
			t.Errorf("theatre: category %+v, author %+v", theatre.Categories[0], theatre.Authors[0])
		}
		economyUnderNews(t, s)

		team, err := s.PageBySlug(ctx, "team")
		if err != nil || team.Status != news.StatusPublished || team.Title != "Our team" {
			t.Errorf("page team %+v, %v", team, err)
		}
		if adv, err := s.PageBySlug(ctx, "advertise"); err != nil || adv.Status != news.StatusDraft {
			t.Errorf("page advertise %+v, %v", adv, err)
		}

		users, err := s.AllUsers(ctx)
		if err != nil || len(users) != 3 {
			t.Fatalf("users %+v, %v", users, err)
		}
		for _, u := range users {
			if !u.MustResetPassword || u.PasswordHash != "" || u.Role != news.RoleContributor || u.AuthorID == 0 {
				t.Errorf("staff account %+v: want contributor, no password, must reset, with a byline", u)
			}
		}

		// Every address WordPress answered redirects.
		for from, articleSlug := range map[string]string{
			"/?p=101": "port-expansion-approved", "/?p=102": "budget-talks-continue",
			"/2024/03/05/port-expansion-approved/harbour-at-dawn/": "port-expansion-approved",
			"/?attachment_id=100": "port-expansion-approved",
		} {
			if r := redirectTo(t, s, from); r.ArticleID != article(t, s, articleSlug).ID {
				t.Errorf("%s redirects to %+v, want article %s", from, r, articleSlug)
			}
		}
		for from, target := range map[string]string{
			"/about/team/": "/team/", "/?page_id=111": "/team/", "/?page_id=110": "/about/",
			"/category/культура/": "/category/kultura/", "/category/культура/feed/": "/category/kultura/feed/",
			"/?cat=6": "/category/news/economy/", "/?tag=cop29": "/tag/cop29/",
			"/author/anna_k/": "/author/anna-k/", "/author/anna_k/feed/": "/author/anna-k/feed/", "/?author=3": "/author/tural-h/",
			"/2024/03/05/port-expansion-approved/feed/": "/feed/", "/?feed=rss2": "/feed/",
		} {
			if r := redirectTo(t, s, from); r.Target != target {
				t.Errorf("%s redirects to %+v, want %s", from, r, target)
			}
		}
		// Addresses that are the same in Masthead need none.
		for _, same := range []string{"/2024/03/05/port-expansion-approved/", "/category/news/economy/", "/tag/oil/", "/author/leyla/", "/about/"} {
			if r, err := s.Redirect(ctx, same); err == nil {
				t.Errorf("%s redirects to %+v, but it is the new address itself", same, r)
			}
		}

		if report.Comments != 3 || report.ApprovedComments != 2 {
			t.Errorf("comments %d (%d approved)", report.Comments, report.ApprovedComments)
		}
		var reasons []string
		for _, sk := range report.Skipped {
			reasons = append(reasons, sk.Type+" "+sk.Reason)
		}
		for _, want := range []string{"post in WordPress's trash", "nav_menu_item navigation menus", "wp_block WordPress's own data", "attachment not a picture (.pdf)", "term terms of the taxonomy \"post_format\""} {
			if !slices.ContainsFunc(reasons, func(r string) bool { return strings.HasPrefix(r, want) }) {
				t.Errorf("skipped %q lacks %q", reasons, want)
			}
		}
		if k := report.Kinds["article"]; k == nil || k.Created != 7 || k.ByStatus["published"] != 3 {
			t.Errorf("article counts %+v", k)
		}
		var out strings.Builder
		report.WriteTo(&out)
		for _, want := range []string{"Imported the WordPress site harbour.example", "article", "3 (2 approved) not imported", "redirects", "in WordPress's trash",
			"Private posts and pages are imported unpublished"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("report lacks %q:\n%s", want, out.String())
			}
		}
	})
}

func economyUnderNews(t *testing.T, s store.Store) {
	t.Helper()
	cats, err := s.AllCategories(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	tree := news.NewCategoryTree(cats)
	for _, c := range cats {
		if c.Slug == "economy" && tree.Path(c.ID) != "news/economy" {
			t.Errorf("economy at %q, want under news", tree.Path(c.ID))
		}
	}
}

// tally counts every kind of record an import writes.
type tally struct {
	articles, pages, categories, tags, authors, users, images, redirects, mappings, revisions int
}

func count(t *testing.T, s store.Store) tally {
	t.Helper()
	ctx := t.Context()
	var c tally
	var err error
	must := func(e error) {
		if e != nil && err == nil {
			err = e
		}
	}
	var n int
	n, e := s.CountArticles(ctx, store.ArticleFilter{})
	c.articles = n
	must(e)
	pages, e := s.AllPages(ctx)
	c.pages = len(pages)
	must(e)
	cats, e := s.AllCategories(ctx)
	c.categories = len(cats)
	must(e)
	tags, e := s.AllTags(ctx)
	c.tags = len(tags)
	must(e)
	authors, e := s.AllAuthors(ctx)
	c.authors = len(authors)
	must(e)
	c.users, e = s.CountUsers(ctx)
	must(e)
	c.images, e = s.CountImages(ctx)
	must(e)
	c.redirects, e = s.CountRedirects(ctx)
	must(e)
	c.mappings, e = s.CountImportMappings(ctx)
	must(e)
	all, e := s.ArticlesAfter(ctx, 0, 1000)
	must(e)
	for _, a := range all {
		revs, e := s.Revisions(ctx, a.ID)
		must(e)
		c.revisions += len(revs)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestImportAgainChangesNothing(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		runImport(t, s, "site.xml", Options{})
		first := count(t, s)
		again := runImport(t, s, "site.xml", Options{})
		if second := count(t, s); second != first {
			t.Errorf("after a second import %+v, after the first %+v", second, first)
		}
		if k := again.Kinds["article"]; k.Created+k.Updated != 0 || k.Unchanged != 7 {
			t.Errorf("second run articles %+v, want all unchanged", k)
		}
		if again.Redirects != 0 {
			t.Errorf("second run made %d redirects", again.Redirects)
		}
	})
}

func TestNewerExportUpdatesAndAdds(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		runImport(t, s, "site.xml", Options{})
		before := count(t, s)
		r := runImport(t, s, "site-newer.xml", Options{})
		after := count(t, s)
		if after.articles != before.articles+1 || after.tags != before.tags+1 || after.revisions != before.revisions+2 {
			t.Errorf("after the newer export %+v, before %+v: want one article, one tag and two revisions more", after, before)
		}
		port := article(t, s, "port-expansion-approved")
		if !strings.Contains(port.Body, "<p>The first contract was signed on Friday.</p>") || len(port.Tags) != 3 || port.Image.Caption != "Boats leave the harbour before sunrise." {
			t.Errorf("updated article: body %q, tags %+v, image %+v", port.Body, port.Tags, port.Image)
		}
		if port.Version != 2 {
			t.Errorf("version %d, want 2", port.Version)
		}
		if k := r.Kinds["article"]; k.Created != 1 || k.Updated != 1 || k.Unchanged != 6 {
			t.Errorf("article counts %+v", k)
		}
		if k := r.Kinds["image"]; k.Updated != 1 {
			t.Errorf("image counts %+v", k)
		}
	})
}

func TestNewerExportLeavesEditedArticlesAlone(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		ctx := t.Context()
		runImport(t, s, "site.xml", Options{})
		port := article(t, s, "port-expansion-approved")
		editor := news.User{Email: "desk@harbour.example", Name: "Night Desk", Role: news.RoleEditor}
		if err := s.CreateUser(ctx, &editor); err != nil {
			t.Fatal(err)
		}
		port.Title = "Port expansion approved by council"
		nr := &newsroom.Newsroom{Store: s}
		if _, err := nr.Save(ctx, editor, port, newsroom.StepSave, ""); err != nil {
			t.Fatal(err)
		}
		r := runImport(t, s, "site-newer.xml", Options{})
		got := article(t, s, "port-expansion-approved")
		if got.Title != "Port expansion approved by council" || strings.Contains(got.Body, "first contract") {
			t.Errorf("the editor's version was overwritten: %q / %q", got.Title, got.Body)
		}
		if k := r.Kinds["article"]; k.Kept != 1 {
			t.Errorf("article counts %+v, want one kept", k)
		}
	})
}

func TestDryRunKeepsNothing(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		r := runImport(t, s, "site.xml", Options{DryRun: true})
		if c := count(t, s); c != (tally{}) {
			t.Errorf("after a dry run %+v, want nothing", c)
		}
		if k := r.Kinds["article"]; k == nil || k.Created != 7 || r.Redirects == 0 {
			t.Errorf("dry run report: articles %+v, %d redirects", k, r.Redirects)
		}
		var out strings.Builder
		r.WriteTo(&out)
		if !strings.Contains(out.String(), "Dry run (nothing was kept)") {
			t.Errorf("report does not say it was a dry run:\n%s", out.String())
		}
	})
}

// TestBadFilesChangeNothing imports each broken file into a publication
// that holds an earlier import: the error names the line and every count
// stays as it was.
func TestBadFilesChangeNothing(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		runImport(t, s, "site.xml", Options{})
		before := count(t, s)
		for _, file := range []string{"truncated.xml", "rss-feed.xml", "entity-bomb.xml", "wrong-encoding.xml"} {
			_, err := tryImport(t, s, file, Options{})
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Line == 0 {
				t.Errorf("%s: err = %v, want a FormatError with a line", file, err)
			}
			if after := count(t, s); after != before {
				t.Errorf("%s changed the publication: %+v, was %+v", file, after, before)
			}
		}
	})
}

// TestInterruptedImportCompletes stops an import part way (as a kill
// would, between or inside item transactions) and checks that running it
// again ends where one clean run ends.
func TestInterruptedImportCompletes(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		clean := backends[0].open(t)
		runImport(t, clean, "site.xml", Options{})
		want := count(t, clean)

		ctx, cancel := context.WithCancel(t.Context())
		// Two parts a transaction, so that some commit before the stop.
		imp := &Importer{Store: s, batchItems: 2, Options: Options{Now: func() time.Time { return importTime },
			Progress: func(done, total int) {
				if done == 6 {
					cancel()
				}
			}}}
		_, err := imp.Run(ctx, fixture("site.xml"))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted run: %v", err)
		}
		if mid := count(t, s); mid.articles == 0 || mid.articles == want.articles {
			t.Fatalf("the run was not stopped part way: %+v", mid)
		}
		runImport(t, s, "site.xml", Options{})
		if got := count(t, s); got != want {
			t.Errorf("after finishing %+v, a clean import gives %+v", got, want)
		}
	})
}

func TestImportWithUploads(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		r := runImport(t, s, "site.xml", Options{UploadsDir: "testdata/uploads"})
		img := article(t, s, "port-expansion-approved").Image
		if img == nil || media.IsLinked(img.Path) || len(img.Variants) == 0 || img.Alt != "Fishing boats at dawn in Baku harbour" {
			t.Fatalf("featured image %+v, want a stored picture with variants", img)
		}
		if k := r.Kinds["image"]; k.Created != 1 {
			t.Errorf("image counts %+v", k)
		}
		// The attachment without a parent post that is imported sends its
		// page to the picture; this one's goes to its post.
		if rd := redirectTo(t, s, "/?attachment_id=100"); rd.ArticleID == 0 {
			t.Errorf("attachment page redirects to %+v, want its post", rd)
		}
		imp := &Importer{Store: s, Options: Options{UploadsDir: "testdata/uploads"}}
		folder, _ := media.NewFolder(t.TempDir())
		imp.Library = &media.Library{Storage: folder}
		ix, err := scanFile(fixture("site.xml"))
		if err != nil {
			t.Fatal(err)
		}
		imp.ix, imp.s, imp.report = ix, s, newReport(ix, imp.Options)
		imp.imageIDs, imp.attachmentSkipped = map[int64]int64{}, map[int64]bool{}
		mapURL := imp.mediaURL(t.Context())
		for addr, want := range map[string]string{
			"https://harbour.example/wp-content/uploads/2024/03/harbour-at-dawn-300x200.jpg": "-320w.jpg",
			"https://harbour.example/wp-content/uploads/2024/03/harbour-at-dawn.jpg":         ".jpg",
		} {
			got, ok := mapURL(addr)
			if !ok || !strings.HasPrefix(got, "/media/") || !strings.HasSuffix(got, want) {
				t.Errorf("%s maps to %q (%v), want a /media/ address ending %s", addr, got, ok, want)
			}
		}
		if _, ok := mapURL("https://elsewhere.example/picture.jpg"); ok {
			t.Error("an address outside the uploads was mapped")
		}
	})
}

func TestImportWithMediaBase(t *testing.T) {
	s := backends[0].open(t)
	runImport(t, s, "site.xml", Options{MediaBase: "https://cdn.harbour.example/uploads/"})
	port := article(t, s, "port-expansion-approved")
	if img := port.Image; img == nil || img.Path != "https://cdn.harbour.example/uploads/2024/03/harbour-at-dawn.jpg" {
		t.Errorf("featured image %+v, want it linked below the media base", img)
	}
	// The resized copy stays where WordPress made it, below the base.
	if !strings.Contains(port.Body, `src="https://cdn.harbour.example/uploads/2024/03/harbour-at-dawn-300x200.jpg"`) {
		t.Errorf("body %q, want the picture linked below the media base", port.Body)
	}
}

func TestPermalinkStructureRedirects(t *testing.T) {
	s := backends[0].open(t)
	runImport(t, s, "site.xml", Options{Permalinks: "/%category%/%postname%/"})
	port := article(t, s, "port-expansion-approved")
	// %category% is the whole path, parents first, as WordPress writes it.
	if r, err := s.Redirect(t.Context(), "/economy/port-expansion-approved/"); err == nil {
		t.Errorf("unexpected %+v", r)
	}
	if r := redirectTo(t, s, "/news/economy/port-expansion-approved/"); r.ArticleID != port.ID {
		t.Errorf("permalink redirects to %+v, want the article", r)
	}
	if _, err := tryImport(t, s, "site.xml", Options{Permalinks: "/%nonsense%/"}); err == nil || !strings.Contains(err.Error(), "%nonsense%") {
		t.Errorf("a bad structure: %v", err)
	}
}

func TestImportWXR10(t *testing.T) {
	each(t, func(t *testing.T, s store.Store) {
		runImport(t, s, "wxr-1.0.xml", Options{})
		a := article(t, s, "first-light")
		if len(a.Categories) != 1 || a.Categories[0].Slug != "harbour" || len(a.Tags) != 1 || a.Tags[0].Slug != "boats" || len(a.Authors) != 1 {
			t.Errorf("article %+v", a)
		}
		before := count(t, s)
		runImport(t, s, "wxr-1.0.xml", Options{})
		if after := count(t, s); after != before {
			t.Errorf("re-import of 1.0 changed %+v to %+v", before, after)
		}
	})
}

func TestAuthorWithAnExistingAccountIsLinked(t *testing.T) {
	s := backends[0].open(t)
	ctx := t.Context()
	u := news.User{Email: "leyla@harbour.example", Name: "Leyla A.", Role: news.RoleEditor, PasswordHash: "$argon2id$kept"}
	if err := s.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	runImport(t, s, "site.xml", Options{})
	got, err := s.UserByEmail(ctx, "leyla@harbour.example")
	if err != nil || got.AuthorID == 0 || got.PasswordHash != "$argon2id$kept" || got.Role != news.RoleEditor {
		t.Errorf("existing account %+v, %v: want it linked to the byline and otherwise untouched", got, err)
	}
	if n, _ := s.CountUsers(ctx); n != 3 {
		t.Errorf("%d accounts, want 3", n)
	}
}

func TestTakenSlugGetsTheWordPressID(t *testing.T) {
	s := backends[0].open(t)
	ctx := t.Context()
	mine := news.Article{Title: "Ours", Slug: "port-expansion-approved", Status: news.StatusDraft}
	if err := s.CreateArticle(ctx, &mine); err != nil {
		t.Fatal(err)
	}
	runImport(t, s, "site.xml", Options{})
	imported := article(t, s, "port-expansion-approved-101")
	if imported.Title != "Port expansion approved" {
		t.Errorf("imported %+v", imported)
	}
	if got := article(t, s, "port-expansion-approved"); got.ID != mine.ID || got.Title != "Ours" {
		t.Errorf("the existing article became %+v", got)
	}
	// The old permalink now leads to the imported article.
	if r := redirectTo(t, s, "/2024/03/05/port-expansion-approved/"); r.ArticleID != imported.ID {
		t.Errorf("old permalink redirects to %+v", r)
	}
	before := count(t, s)
	runImport(t, s, "site.xml", Options{})
	if after := count(t, s); after != before {
		t.Errorf("re-run changed %+v to %+v", before, after)
	}
}

// TestPreparedPostsMatchTheWriters imports the same export with the
// posts' database-free work done beside the writer and by the writer
// alone, in each media mode: every article must come out the same, and
// the report must note the same. The picture in the port story loses
// the class naming its attachment, so that only its address tells the
// converter what it is.
func TestPreparedPostsMatchTheWriters(t *testing.T) {
	site, err := os.ReadFile(filepath.Join("testdata", "site.xml"))
	if err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(t.TempDir(), "site.xml")
	if err := os.WriteFile(export, bytes.ReplaceAll(site, []byte(" wp-image-100"), nil), 0o644); err != nil {
		t.Fatal(err)
	}
	modes := map[string]Options{
		"linked at WordPress": {},
		"media base":          {MediaBase: "https://cdn.harbour.example/uploads"},
		"uploads":             {UploadsDir: "testdata/uploads"},
	}
	for name, o := range modes {
		t.Run(name, func(t *testing.T) {
			var bodies [2]map[string]string
			var notes [2]map[string]int
			for i, writerOnly := range []bool{false, true} {
				s := backends[0].open(t)
				o.Now = func() time.Time { return importTime }
				imp := &Importer{Store: s, Options: o, writerOnly: writerOnly}
				if o.UploadsDir != "" {
					folder, err := media.NewFolder(filepath.Join(t.TempDir(), "media"))
					if err != nil {
						t.Fatal(err)
					}
					imp.Library = &media.Library{Storage: folder}
				}
				r, err := imp.Run(t.Context(), func() (io.ReadCloser, error) { return os.Open(export) })
				if err != nil {
					t.Fatal(err)
				}
				all, err := s.ListArticles(t.Context(), store.ArticleFilter{})
				if err != nil {
					t.Fatal(err)
				}
				bodies[i], notes[i] = map[string]string{}, r.Notes
				for _, a := range all {
					bodies[i][a.Slug] = a.Title + "\n" + a.Body
				}
			}
			if len(bodies[0]) == 0 {
				t.Fatal("no articles imported")
			}
			for slug, want := range bodies[1] {
				if got := bodies[0][slug]; got != want {
					t.Errorf("%s: prepared beside the writer\n%s\nby the writer alone\n%s", slug, got, want)
				}
			}
			if len(bodies[0]) != len(bodies[1]) || !maps.Equal(notes[0], notes[1]) {
				t.Errorf("articles %d and %d, notes %v and %v", len(bodies[0]), len(bodies[1]), notes[0], notes[1])
			}
		})
	}
}
