package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
)

// archiveSpan is how far back the published articles reach: long enough
// for archives and pagination to have something to show.
const archiveSpan = 120 * 24 * time.Hour

func (s *seeder) createArticles(ctx context.Context) error {
	comp := &composer{r: s.r}
	for _, p := range features {
		comp.figures = append(comp.figures, figure{name: p.name, img: *s.art.features[p.name]})
	}
	step := archiveSpan / time.Duration(len(stories))
	for i, st := range stories {
		// The newest lands a few hours before now, so the front page always
		// has something from today.
		age := 2*time.Hour + time.Duration(i)*step + time.Duration(s.r.Int64N(int64(step/3)))
		published := s.now.Add(-age).Truncate(time.Minute)
		if err := s.create(ctx, comp, st, news.StatusPublished, published, s.revised(published)); err != nil {
			return err
		}
	}
	for i, st := range drafts {
		edited := s.now.Add(-time.Duration(5+i*20) * time.Hour).Truncate(time.Minute)
		if err := s.create(ctx, comp, st, news.StatusDraft, time.Time{}, edited); err != nil {
			return err
		}
	}
	goLive := s.now.Add(48 * time.Hour).Truncate(time.Minute)
	if err := s.create(ctx, comp, scheduled, news.StatusScheduled, goLive, s.now.Truncate(time.Minute)); err != nil {
		return err
	}
	premiere := s.now.Add(72 * time.Hour).Truncate(time.Minute)
	return s.create(ctx, comp, futureDated, news.StatusPublished, premiere, premiere)
}

// revised gives about one article in four a later correction or update,
// never later than now.
func (s *seeder) revised(published time.Time) time.Time {
	if s.r.IntN(4) != 0 {
		return published
	}
	updated := published.Add(2*time.Hour + time.Duration(s.r.Int64N(int64(72*time.Hour)))).Truncate(time.Minute)
	if updated.After(s.now) {
		return published
	}
	return updated
}

func (s *seeder) create(ctx context.Context, comp *composer, st story, status news.Status, published, updated time.Time) error {
	a, err := s.article(comp, st)
	if err != nil {
		return fmt.Errorf("%q: %w", st.title, err)
	}
	a.Status, a.PublishedAt, a.UpdatedAt = status, published, updated
	a.Source = s.attribution(st, published)
	if err := s.st.CreateArticle(ctx, &a); err != nil {
		return fmt.Errorf("%q: %w", st.title, err)
	}
	return nil
}

// article builds everything but the dates and the source from a story.
func (s *seeder) article(comp *composer, st story) (news.Article, error) {
	body := frenchBody
	if st.title != frenchTitle {
		body = comp.body(st, st.pic)
	}
	body = render.Sanitize(body)
	a := news.Article{
		Title: st.title, Slug: news.Slugify(st.title), Standfirst: st.dek,
		Body: body, WordCount: render.WordCount(body),
		Image: s.art.features[st.pic],
	}
	if a.Image == nil {
		return a, fmt.Errorf("no picture %q", st.pic)
	}
	for _, path := range []string{st.section, st.also} {
		if path == "" {
			continue
		}
		c, ok := s.categories[path]
		if !ok {
			return a, fmt.Errorf("no section %q", path)
		}
		a.Categories = append(a.Categories, c)
	}
	for _, name := range st.tags {
		t, ok := s.tags[news.Slugify(name)]
		if !ok {
			return a, fmt.Errorf("no topic %q", name)
		}
		a.Tags = append(a.Tags, t)
	}
	for _, slug := range st.by {
		au, ok := s.authors[slug]
		if !ok {
			return a, fmt.Errorf("no author %q", slug)
		}
		a.Authors = append(a.Authors, au)
	}
	return a, nil
}

// attribution credits the original of a reprint or translation, at an
// address on the (invented) original outlet dated shortly before ours.
func (s *seeder) attribution(st story, published time.Time) news.Attribution {
	o := st.via
	if o == nil {
		return news.Attribution{}
	}
	if published.IsZero() {
		published = s.now
	}
	url := fmt.Sprintf("https://%s/%s/%s/", o.domain, published.AddDate(0, 0, -2).Format("2006/01"), news.Slugify(st.title))
	a := news.Attribution{Kind: o.kind, Publication: o.publication, URL: url}
	switch o.kind {
	case news.Reprint:
		a.OriginalAuthor = s.authors[st.by[0]].Name
		a.Note = "Republished with the permission of " + o.publication + "."
	case news.Translation:
		a.Language, a.Translator, a.OriginalAuthor = o.language, o.translator, o.author
		a.Note = "Translated and published with the permission of " + o.publication + "."
	}
	return a
}
