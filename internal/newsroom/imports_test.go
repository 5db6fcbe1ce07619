package newsroom_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

// TestImportedBodiesAreCleanedWhereverTheyWereCleaned imports one article
// with its raw body and one with a body cleaned beforehand (as the
// WordPress import does beside its writer): both are stored sanitised and
// counted, and a raw body beside a cleaned one is never read.
func TestImportedBodiesAreCleanedWhereverTheyWereCleaned(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	raw := `<p onclick="steal()">Ferries sail <script>alert(1)</script>again today.</p>`
	for _, tt := range []struct {
		slug  string
		write func(a news.Article) (news.Article, error)
	}{
		{"raw", func(a news.Article) (news.Article, error) {
			return d.nr.ImportArticle(ctx, d.db, newsroom.Importer, a, newsroom.NoteImportedFromWordPress)
		}},
		{"cleaned", func(a news.Article) (news.Article, error) {
			body := newsroom.CleanBody(a.Body)
			a.Body = "<p>never read</p>"
			return d.nr.ImportArticleWithBody(ctx, d.db, newsroom.Importer, a, body, newsroom.NoteImportedFromWordPress)
		}},
	} {
		a := d.story("Ferries sail again " + tt.slug)
		a.Slug, a.Body, a.Status = tt.slug, raw, news.StatusPublished
		a.PublishedAt = d.clock.Add(-time.Hour)
		if _, err := tt.write(a); err != nil {
			t.Fatalf("%s: %v", tt.slug, err)
		}
		got, err := d.db.ArticleBySlug(ctx, tt.slug)
		must(t, err)
		if strings.Contains(got.Body, "script") || strings.Contains(got.Body, "onclick") || strings.Contains(got.Body, "never read") ||
			!strings.Contains(got.Body, "Ferries sail") || got.WordCount != 4 {
			t.Errorf("%s: stored body %q with %d words, want it sanitised with 4", tt.slug, got.Body, got.WordCount)
		}
	}
}
