package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
)

// textSeed fixes the choices made while composing articles and dating
// them, so that two demos seeded at the same moment are identical.
const textSeed = 1918

// Seed fills an empty store with the Caspian Digest demo publication:
// settings, sections, topics, authors, about seventy articles over the
// four months before now, static pages, menus and banners, with generated
// pictures stored through lib. A store that has any content is left
// untouched. Everything is written in one transaction; picture files are
// stored before it begins, and are harmless if it fails because their keys
// are content-addressed.
func Seed(ctx context.Context, st store.Store, lib *media.Library, now time.Time) error {
	empty, err := st.Empty(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !empty {
		return nil
	}
	art := planArtwork()
	if err := art.store(ctx, lib); err != nil {
		return fmt.Errorf("demo pictures: %w", err)
	}
	err = st.Atomic(ctx, func(tx store.Store) error {
		// Checked again inside the transaction: another process may have
		// seeded while the pictures were being drawn.
		if empty, err := tx.Empty(ctx); err != nil || !empty {
			return err
		}
		s := &seeder{st: tx, art: art, now: now.UTC(), r: rand.New(rand.NewPCG(textSeed, 0))}
		return s.run(ctx)
	})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// seeder writes the demo inside the seeding transaction.
type seeder struct {
	st  store.Store
	art *artwork
	now time.Time
	r   *rand.Rand

	categories map[string]news.Category // by slug path
	tags       map[string]news.Tag      // by slug
	authors    map[string]news.Author   // by slug
}

func (s *seeder) run(ctx context.Context) error {
	steps := []struct {
		what string
		do   func(context.Context) error
	}{
		{"pictures", func(ctx context.Context) error { return s.art.record(ctx, s.st) }},
		{"settings", func(ctx context.Context) error { return s.st.SaveSettings(ctx, settings(s.now, s.art.logo)) }},
		{"sections", s.createCategories},
		{"topics", s.createTags},
		{"authors", s.createAuthors},
		{"articles", s.createArticles},
		{"pages", s.createPages},
		{"menus", s.setMenus},
		{"banners", s.setBanners},
		{"editions", s.createEditions},
	}
	for _, step := range steps {
		if err := step.do(ctx); err != nil {
			return fmt.Errorf("%s: %w", step.what, err)
		}
	}
	return nil
}

func (s *seeder) createCategories(ctx context.Context) error {
	s.categories = map[string]news.Category{}
	var create func(secs []section, parent news.Category, prefix string) error
	create = func(secs []section, parent news.Category, prefix string) error {
		for i, sec := range secs {
			c := news.Category{ParentID: parent.ID, Name: sec.name, Slug: news.Slugify(sec.name), Description: sec.description, Position: i}
			if err := s.st.CreateCategory(ctx, &c); err != nil {
				return err
			}
			s.categories[prefix+c.Slug] = c
			if err := create(sec.children, c, prefix+c.Slug+"/"); err != nil {
				return err
			}
		}
		return nil
	}
	return create(sections, news.Category{}, "")
}

func (s *seeder) createTags(ctx context.Context) error {
	s.tags = map[string]news.Tag{}
	for _, t := range topics {
		t.Slug = news.Slugify(t.Name)
		if err := s.st.CreateTag(ctx, &t); err != nil {
			return err
		}
		s.tags[t.Slug] = t
	}
	return nil
}

func authorSlug(p person) string {
	if p.slug != "" {
		return p.slug
	}
	return news.Slugify(p.name)
}

func (s *seeder) createAuthors(ctx context.Context) error {
	s.authors = map[string]news.Author{}
	for _, p := range people {
		a := news.Author{Name: p.name, Slug: authorSlug(p), Bio: p.bio, Email: p.email, Avatar: s.art.avatars[authorSlug(p)]}
		for _, l := range p.links {
			a.Links = append(a.Links, news.SocialLink{Network: l[0], URL: l[1]})
		}
		if err := s.st.CreateAuthor(ctx, &a); err != nil {
			return err
		}
		s.authors[a.Slug] = a
	}
	return nil
}

func (s *seeder) createPages(ctx context.Context) error {
	opened := s.now.AddDate(0, -4, -3).Truncate(24 * time.Hour)
	for _, sp := range staticPages {
		p := news.Page{Title: sp.title, Slug: sp.slug, Body: render.Sanitize(sp.body), Status: news.StatusPublished,
			PublishedAt: opened, UpdatedAt: opened}
		if err := s.st.CreatePage(ctx, &p); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) setMenus(ctx context.Context) error {
	for name, items := range map[string][]news.MenuItem{
		news.MenuHeader: headerMenu(), news.MenuMobile: mobileMenu(), news.MenuFooter: footerMenu(),
	} {
		if err := s.st.SetMenu(ctx, name, items); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func (s *seeder) setBanners(ctx context.Context) error {
	var bs []news.Banner
	for i, b := range banners {
		bs = append(bs, news.Banner{Title: b.title, URL: b.url, Image: s.art.banners[i], Position: i})
	}
	return s.st.SetBanners(ctx, bs)
}
