package demo_test

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/mastheadhq/masthead/internal/demo"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

var seedTime = time.Date(2026, 5, 20, 9, 30, 0, 0, time.UTC)

type publication struct {
	st       store.Store
	lib      *media.Library
	mediaDir string
}

// newPublication opens an empty SQLite store and media folder in a
// temporary directory.
func newPublication(t testing.TB) publication {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	folder, err := media.NewFolder(filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	lib := &media.Library{Storage: folder, Now: func() time.Time { return seedTime }}
	return publication{st: st, lib: lib, mediaDir: filepath.Join(dir, "media")}
}

func seeded(t *testing.T) publication {
	t.Helper()
	p := newPublication(t)
	if err := demo.Seed(context.Background(), p.st, p.lib, seedTime); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSeed seeds one publication and checks it as a reader and an editor
// would find it.
func TestSeed(t *testing.T) {
	p := seeded(t)
	ctx := context.Background()
	all, err := p.st.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	visible, err := p.st.ListArticles(ctx, store.ArticleFilter{VisibleAt: seedTime})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("publishes at least 64 articles over four months", func(t *testing.T) {
		if len(visible) < 64 {
			t.Fatalf("%d visible articles", len(visible))
		}
		newest, oldest := visible[0].PublishedAt, visible[len(visible)-1].PublishedAt
		if age := seedTime.Sub(newest); age < 0 || age > 24*time.Hour {
			t.Errorf("newest article is %v old, want within the last day", age)
		}
		if age := seedTime.Sub(oldest); age < 90*24*time.Hour || age > 125*24*time.Hour {
			t.Errorf("oldest article is %v old, want about four months", age)
		}
		perWeek := map[int]int{}
		for _, a := range visible {
			perWeek[int(seedTime.Sub(a.PublishedAt).Hours()/24/7)]++
		}
		for week := 0; week < 17; week++ {
			if perWeek[week] < 2 {
				t.Errorf("week %d before now has %d articles, want several", week, perWeek[week])
			}
		}
	})

	t.Run("keeps drafts, scheduled and future-dated articles hidden", func(t *testing.T) {
		hidden := map[string]news.Status{
			"gas-talks-enter-a-decisive-round":                       news.StatusDraft,
			"profile-of-a-ganja-bookshop-that-survived-everything":   news.StatusDraft,
			"what-to-expect-from-baku-energy-week":                   news.StatusScheduled,
			"preview-the-new-season-at-the-opera-and-ballet-theatre": news.StatusPublished,
		}
		if len(all) != len(visible)+len(hidden) {
			t.Errorf("%d articles in all, %d visible; want exactly %d hidden", len(all), len(visible), len(hidden))
		}
		for _, a := range visible {
			if _, ok := hidden[a.Slug]; ok || !a.VisibleAt(seedTime) {
				t.Errorf("%q is visible", a.Slug)
			}
		}
		for slug, status := range hidden {
			a, err := p.st.ArticleBySlug(ctx, slug)
			if err != nil {
				t.Errorf("%s: %v", slug, err)
				continue
			}
			if a.Status != status || a.VisibleAt(seedTime) {
				t.Errorf("%s: status %s, visible %v", slug, a.Status, a.VisibleAt(seedTime))
			}
		}
		if a, _ := p.st.ArticleBySlug(ctx, "what-to-expect-from-baku-energy-week"); !a.PublishedAt.Equal(seedTime.Add(48 * time.Hour)) {
			t.Errorf("scheduled for %v, want two days after now", a.PublishedAt)
		}
	})

	t.Run("gives every article a complete record", func(t *testing.T) {
		for _, a := range all {
			if a.Slug != news.Slugify(a.Title) || a.Standfirst == "" {
				t.Errorf("%q: slug %q, standfirst %q", a.Title, a.Slug, a.Standfirst)
			}
			if a.Image == nil || a.Image.Alt == "" || a.Image.Caption == "" || a.Image.Credit == "" {
				t.Errorf("%s: featured image %+v lacks words", a.Slug, a.Image)
			}
			if len(a.Categories) < 1 || len(a.Tags) < 1 || len(a.Tags) > 4 || len(a.Authors) < 1 || len(a.Authors) > 2 {
				t.Errorf("%s: %d categories, %d tags, %d authors", a.Slug, len(a.Categories), len(a.Tags), len(a.Authors))
			}
			if a.WordCount != render.WordCount(a.Body) || a.WordCount < 300 || a.WordCount > 2600 {
				t.Errorf("%s: word count %d (body has %d)", a.Slug, a.WordCount, render.WordCount(a.Body))
			}
			if a.Body != render.Sanitize(a.Body) {
				t.Errorf("%s: body is not sanitised", a.Slug)
			}
		}
	})

	t.Run("varies article structure", func(t *testing.T) {
		count := map[string]int{}
		tocs := 0
		for _, a := range all {
			for _, sel := range []string{"<h2", "<h3", "<blockquote>", `<blockquote class="pullquote">`, "<ul>", "<ol>", "<figure>"} {
				if strings.Contains(a.Body, sel) {
					count[sel]++
				}
			}
			if _, hs := render.Outline(a.Body); len(hs) >= 3 {
				tocs++
			}
		}
		for sel, n := range count {
			if n < 3 {
				t.Errorf("only %d articles contain %s", n, sel)
			}
		}
		if len(count) != 7 || tocs < 5 {
			t.Errorf("elements found: %v; %d articles with a table of contents", count, tocs)
		}
	})

	t.Run("stores every picture the pages show", func(t *testing.T) {
		keys := map[string]bool{}
		for _, a := range all {
			for _, src := range imageSources(t, a.Body) {
				key, ok := strings.CutPrefix(src, media.URLPrefix)
				if !ok {
					t.Errorf("%s: image %q is not in the media library", a.Slug, src)
				}
				keys[key] = true
			}
			keys[a.Image.Path] = true
			for _, v := range a.Image.Variants {
				keys[v.Path] = true
			}
		}
		authors, _ := p.st.AllAuthors(ctx)
		for _, au := range authors {
			if au.Avatar == nil || au.Avatar.Alt == "" {
				t.Errorf("author %s has no avatar", au.Slug)
				continue
			}
			keys[au.Avatar.Path] = true
		}
		for key := range keys {
			f, err := p.lib.Storage.Open(ctx, key)
			if err != nil {
				t.Errorf("media %s: %v", key, err)
				continue
			}
			f.Close()
		}
	})

	t.Run("credits reprints and translations", func(t *testing.T) {
		kinds := map[news.AttributionKind]int{}
		for _, a := range visible {
			src := a.Source
			kinds[src.Kind]++
			if src.IsZero() {
				continue
			}
			if src.Publication == "" || !strings.HasPrefix(src.URL, "https://") || src.OriginalAuthor == "" || src.Note == "" {
				t.Errorf("%s: incomplete source %+v", a.Slug, src)
			}
			if src.Kind == news.Translation && (src.Translator == "" || (src.Language != "az" && src.Language != "ru")) {
				t.Errorf("%s: translation without translator or language: %+v", a.Slug, src)
			}
		}
		if kinds[news.Reprint] < 6 || kinds[news.Translation] < 6 {
			t.Errorf("%d reprints and %d translations, want at least 6 of each", kinds[news.Reprint], kinds[news.Translation])
		}
	})

	t.Run("includes the reference opinion piece", func(t *testing.T) {
		a, err := p.st.ArticleBySlug(ctx, "french-foreign-policy-breaks-with-its-western-allies")
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := a.PrimaryCategory(); c.Slug != "opinion" || a.Authors[0].Slug != "taras-kuzio" || !strings.Contains(a.Standfirst, "Minsk Group") {
			t.Errorf("category %q, author %q, standfirst %q", c.Slug, a.Authors[0].Slug, a.Standfirst)
		}
	})

	t.Run("builds the reference section tree", func(t *testing.T) {
		cats, err := p.st.AllCategories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tree := news.NewCategoryTree(cats)
		want := []string{"COP29", "Opinion", "News", "Culture", "Diaspora", "Interview", "Science", "Logistics-Transport", "Gender", "History", "Defense", "Karabakh"}
		if got := categoryNames(tree.Roots()); !slices.Equal(got, want) {
			t.Errorf("top-level sections %v, want %v", got, want)
		}
		newsCat, _ := tree.ByPath("news")
		if got := categoryNames(tree.Children(newsCat.ID)); !slices.Equal(got, []string{"Economy", "Energy", "Climate and Ecology"}) {
			t.Errorf("News has %v", got)
		}
		for _, path := range []string{"logistics-transport", "news/climate-and-ecology", "news/economy"} {
			if c, ok := tree.ByPath(path); !ok || c.Description == "" {
				t.Errorf("section %s missing or undescribed", path)
			}
		}
		tags, _ := p.st.AllTags(ctx)
		if len(tags) < 10 || len(tags) > 15 {
			t.Errorf("%d topics, want 10–15", len(tags))
		}
	})

	t.Run("sets up the menus", func(t *testing.T) {
		header := menu(t, p.st, news.MenuHeader)
		wantTop := []string{"Home", "COP29", "Opinion", "News", "Culture", "Diaspora", "Interview", "Science", "Logistics-Transport", "Gender", "History", "Defense", "Karabakh"}
		if got := menuLabels(header); !slices.Equal(got, wantTop) {
			t.Errorf("header %v", got)
		}
		if header[1].URL != "/tag/cop29/" || header[3].URL != "/category/news/" {
			t.Errorf("COP29 → %s, News → %s", header[1].URL, header[3].URL)
		}
		sub := header[3].Children
		if got := menuLabels(sub); !slices.Equal(got, []string{"Economy", "Energy", "Climate and Ecology"}) || sub[2].URL != "/category/news/climate-and-ecology/" {
			t.Errorf("News submenu %+v", sub)
		}
		mobile := menu(t, p.st, news.MenuMobile)
		if len(mobile) != 15 || mobile[0].Label != "News" || mobile[14].URL != "/who-we-are/" || mobile[9].URL != "/category/logistics-transport/" {
			t.Errorf("mobile menu %v", menuLabels(mobile))
		}
		footer := menu(t, p.st, news.MenuFooter)
		if got := menuLabels(footer); !slices.Equal(got, []string{"Privacy Policy", "Terms and Conditions", "Cookies Policy"}) || footer[2].URL != "/cookies-policy/" {
			t.Errorf("footer %v", got)
		}
	})

	t.Run("publishes the static pages", func(t *testing.T) {
		pages, err := p.st.AllPages(ctx)
		if err != nil || len(pages) != 4 {
			t.Fatalf("%d pages, %v", len(pages), err)
		}
		for _, slug := range []string{"privacy-policy", "terms-and-conditions", "cookies-policy", "who-we-are"} {
			pg, err := p.st.PageBySlug(ctx, slug)
			if err != nil || pg.Status != news.StatusPublished || strings.Count(pg.Body, "<h2") < 2 {
				t.Errorf("%s: %v, status %s, %d headings", slug, err, pg.Status, strings.Count(pg.Body, "<h2"))
			}
		}
		privacy, _ := p.st.PageBySlug(ctx, "privacy-policy")
		for _, must := range []string{"consent cookie", "localStorage", "font size", "theme"} {
			if !strings.Contains(privacy.Body, must) {
				t.Errorf("privacy policy does not mention %q", must)
			}
		}
	})

	t.Run("saves the publication's identity", func(t *testing.T) {
		s, err := p.st.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != "Caspian Digest" || s.TimeZone != "Asia/Baku" || s.Language != "en" ||
			s.Copyright != "© 2021–2026 Caspian Digest – Daily Digest" || len(s.Social) != 5 || s.Logo == nil || s.Logo.ID == 0 {
			t.Errorf("settings %+v", s)
		}
		banners, err := p.st.AllBanners(ctx)
		if err != nil || len(banners) != 4 {
			t.Fatalf("%d banners, %v", len(banners), err)
		}
		for _, b := range banners {
			if b.Image == nil || b.Image.Alt == "" || !strings.HasPrefix(b.URL, "https://") {
				t.Errorf("banner %+v", b)
			}
		}
	})

	t.Run("seeds the same publication every time", func(t *testing.T) {
		again, _ := seeded(t).st.ListArticles(ctx, store.ArticleFilter{})
		if len(again) != len(all) {
			t.Fatalf("%d articles, then %d", len(all), len(again))
		}
		for i := range all {
			x, y := all[i], again[i]
			if x.Slug != y.Slug || x.Body != y.Body || !x.PublishedAt.Equal(y.PublishedAt) || x.Image.Path != y.Image.Path {
				t.Errorf("article %d differs: %s at %v, then %s at %v", i, x.Slug, x.PublishedAt, y.Slug, y.PublishedAt)
			}
		}
	})

	t.Run("seeding again changes nothing", func(t *testing.T) {
		before := snapshot(t, p)
		if err := demo.Seed(ctx, p.st, p.lib, seedTime.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if after := snapshot(t, p); after != before {
			t.Errorf("second seed changed %+v into %+v", before, after)
		}
	})
}

func TestSeedLeavesAStoreWithContentAlone(t *testing.T) {
	ctx := context.Background()
	p := newPublication(t)
	tag := news.Tag{Name: "Existing", Slug: "existing"}
	if err := p.st.CreateTag(ctx, &tag); err != nil {
		t.Fatal(err)
	}
	if err := p.st.SaveSettings(ctx, news.Settings{Name: "Existing Paper"}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, p)
	if err := demo.Seed(ctx, p.st, p.lib, seedTime); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, p); after != before {
		t.Errorf("seed changed a store with content: %+v became %+v", before, after)
	}
}

// failingStore is the real store with one fault: the twentieth article it
// is asked to create fails, as a full disk or a crash would.
type failingStore struct {
	store.Store
	articles *int
}

func (f failingStore) Atomic(ctx context.Context, fn func(store.Store) error) error {
	return f.Store.Atomic(ctx, func(tx store.Store) error { return fn(failingStore{tx, f.articles}) })
}

func (f failingStore) CreateArticle(ctx context.Context, a *news.Article) error {
	if *f.articles++; *f.articles == 20 {
		return errors.New("disk full")
	}
	return f.Store.CreateArticle(ctx, a)
}

func TestSeedThatFailsLeavesTheStoreEmpty(t *testing.T) {
	ctx := context.Background()
	p := newPublication(t)
	if err := demo.Seed(ctx, failingStore{p.st, new(int)}, p.lib, seedTime); err == nil {
		t.Fatal("seed succeeded despite the failure")
	}
	if empty, err := p.st.Empty(ctx); err != nil || !empty {
		t.Errorf("after a failed seed the store is empty: %v (%v)", empty, err)
	}
	if images, err := p.st.Image(ctx, 1); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("image records survived the failed seed: %+v, %v", images, err)
	}
}

// summary is what a second seed must not change.
type summary struct {
	articles, authors, tags, pages, headerItems, banners, files int
	name                                                        string
}

func snapshot(t *testing.T, p publication) summary {
	t.Helper()
	ctx := context.Background()
	var s summary
	var err error
	if s.articles, err = p.st.CountArticles(ctx, store.ArticleFilter{}); err != nil {
		t.Fatal(err)
	}
	authors, _ := p.st.AllAuthors(ctx)
	tags, _ := p.st.AllTags(ctx)
	pages, _ := p.st.AllPages(ctx)
	header, _ := p.st.Menu(ctx, news.MenuHeader)
	banners, _ := p.st.AllBanners(ctx)
	settings, _ := p.st.Settings(ctx)
	s.authors, s.tags, s.pages, s.headerItems, s.banners, s.name = len(authors), len(tags), len(pages), len(header), len(banners), settings.Name
	filepath.WalkDir(p.mediaDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			s.files++
		}
		return nil
	})
	return s
}

func menu(t *testing.T, st store.Store, name string) []news.MenuItem {
	t.Helper()
	items, err := st.Menu(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return news.BuildMenu(items)
}

func menuLabels(items []news.MenuItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

func categoryNames(cs []news.Category) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// imageSources returns the src of every img in an HTML fragment, failing
// the test for an image without alt text or dimensions.
func imageSources(t *testing.T, body string) []string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	var srcs []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "img" {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			if attrs["alt"] == "" || attrs["width"] == "" || attrs["height"] == "" {
				t.Errorf("image %v lacks alt text or dimensions", attrs)
			}
			srcs = append(srcs, attrs["src"])
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return srcs
}

// BenchmarkSeed measures a whole demo seed into a fresh SQLite store and
// media folder, which is what the first start of `masthead serve --demo`
// costs.
func BenchmarkSeed(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		p := newPublication(b)
		b.StartTimer()
		if err := demo.Seed(ctx, p.st, p.lib, seedTime); err != nil {
			b.Fatal(err)
		}
	}
}
