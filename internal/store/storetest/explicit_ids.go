package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// idKind is one aggregate whose Create method takes an id from its
// caller, reduced to what the id contract needs: create a record of the
// aggregate, and read one back by id.
type idKind struct {
	name string
	// create stores a record with the given id (zero for the next free
	// one), labelled label, and returns the id it was given.
	create func(ctx context.Context, s store.Store, id int64, label string) (int64, error)
	// label reads back the label of the record with this id.
	label func(ctx context.Context, s store.Store, id int64) (string, error)
}

// idKinds lists every aggregate with a Create method. The labels become
// slugs, paths or names, so that two records never clash on anything but
// their id.
func idKinds() []idKind {
	return []idKind{{
		name: "image",
		create: func(ctx context.Context, s store.Store, id int64, label string) (int64, error) {
			img := news.Image{ID: id, Path: label + ".jpg", MIME: "image/jpeg", CreatedAt: now}
			err := s.CreateImage(ctx, &img)
			return img.ID, err
		},
		label: func(ctx context.Context, s store.Store, id int64) (string, error) {
			img, err := s.Image(ctx, id)
			return strings.TrimSuffix(img.Path, ".jpg"), err
		},
	}, {
		name: "category",
		create: func(ctx context.Context, s store.Store, id int64, label string) (int64, error) {
			c := news.Category{ID: id, Name: label, Slug: label}
			err := s.CreateCategory(ctx, &c)
			return c.ID, err
		},
		label: func(ctx context.Context, s store.Store, id int64) (string, error) {
			all, err := s.AllCategories(ctx)
			i := slices.IndexFunc(all, func(c news.Category) bool { return c.ID == id })
			if err != nil || i < 0 {
				return "", fmt.Errorf("category %d: %w", id, news.ErrNotFound)
			}
			return all[i].Slug, nil
		},
	}, {
		name: "tag",
		create: func(ctx context.Context, s store.Store, id int64, label string) (int64, error) {
			t := news.Tag{ID: id, Name: label, Slug: label}
			err := s.CreateTag(ctx, &t)
			return t.ID, err
		},
		label: func(ctx context.Context, s store.Store, id int64) (string, error) {
			all, err := s.AllTags(ctx)
			i := slices.IndexFunc(all, func(t news.Tag) bool { return t.ID == id })
			if err != nil || i < 0 {
				return "", fmt.Errorf("tag %d: %w", id, news.ErrNotFound)
			}
			return all[i].Slug, nil
		},
	}, {
		name: "author",
		create: func(ctx context.Context, s store.Store, id int64, label string) (int64, error) {
			a := news.Author{ID: id, Name: label, Slug: label}
			err := s.CreateAuthor(ctx, &a)
			return a.ID, err
		},
		label: func(ctx context.Context, s store.Store, id int64) (string, error) {
			a, err := s.Author(ctx, id)
			return a.Slug, err
		},
	}, {
		name: "article",
		create: func(ctx context.Context, s store.Store, id int64, label string) (int64, error) {
			a := published(label, -time.Hour)
			a.ID = id
			err := s.CreateArticle(ctx, &a)
			return a.ID, err
		},
		label: func(ctx context.Context, s store.Store, id int64) (string, error) {
			a, err := s.Article(ctx, id)
			return a.Slug, err
		},
	}, {
		name: "page",
		create: func(ctx context.Context, s store.Store, id int64, label string) (int64, error) {
			p := news.Page{ID: id, Title: label, Slug: label, Status: news.StatusDraft}
			err := s.CreatePage(ctx, &p)
			return p.ID, err
		},
		label: func(ctx context.Context, s store.Store, id int64) (string, error) {
			all, err := s.AllPages(ctx)
			i := slices.IndexFunc(all, func(p news.Page) bool { return p.ID == id })
			if err != nil || i < 0 {
				return "", fmt.Errorf("page %d: %w", id, news.ErrNotFound)
			}
			return all[i].Slug, nil
		},
	}}
}

// testExplicitIDs checks the contract that lets a publication move
// between backends with its ids: a non-zero ID given to Create is kept, a
// taken one is a conflict, and ids handed out afterwards are fresh.
func testExplicitIDs(t *testing.T, open Opener) {
	for _, k := range idKinds() {
		t.Run(k.name, func(t *testing.T) {
			t.Run("a given id is kept and reads back", func(t *testing.T) {
				s := open(t)
				ctx := t.Context()
				id, err := k.create(ctx, s, 4242, "given")
				must(t, err)
				if id != 4242 {
					t.Fatalf("create with id 4242 stored id %d", id)
				}
				label, err := k.label(ctx, s, 4242)
				must(t, err)
				if label != "given" {
					t.Errorf("%s 4242 reads back as %q, want %q", k.name, label, "given")
				}
			})

			t.Run("a taken id is a conflict and the first record stays", func(t *testing.T) {
				s := open(t)
				ctx := t.Context()
				_, err := k.create(ctx, s, 4242, "first")
				must(t, err)
				_, err = k.create(ctx, s, 4242, "second")
				assertKind(t, err, news.ErrConflict, "create with a taken id")
				label, err := k.label(ctx, s, 4242)
				must(t, err)
				if label != "first" {
					t.Errorf("%s 4242 reads back as %q after the conflict, want %q", k.name, label, "first")
				}
			})

			t.Run("ids handed out later never collide with given ones", func(t *testing.T) {
				s := open(t)
				ctx := t.Context()
				first, err := k.create(ctx, s, 0, "first")
				must(t, err)
				// The very id the store would hand out next, then one far
				// beyond it.
				taken, err := k.create(ctx, s, first+1, "taken")
				must(t, err)
				high, err := k.create(ctx, s, first+1000, "high")
				must(t, err)
				next, err := k.create(ctx, s, 0, "next")
				must(t, err)
				// An id below the highest, in a gap, is given too.
				gap, err := k.create(ctx, s, first+500, "gap")
				must(t, err)
				last, err := k.create(ctx, s, 0, "last")
				must(t, err)
				ids := []int64{first, taken, high, next, gap, last}
				if taken != first+1 || high != first+1000 || gap != first+500 {
					t.Errorf("given ids came back as %d, %d and %d; want %d, %d and %d",
						taken, high, gap, first+1, first+1000, first+500)
				}
				if next <= 0 || last <= 0 || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
					t.Errorf("ids %v: want six distinct positive ids", ids)
				}
				for i, label := range []string{"first", "taken", "high", "next", "gap", "last"} {
					got, err := k.label(ctx, s, ids[i])
					if err != nil || got != label {
						t.Errorf("%s %d = %q, %v; want %q", k.name, ids[i], got, err, label)
					}
				}
			})

			t.Run("a negative id is invalid", func(t *testing.T) {
				s := open(t)
				_, err := k.create(t.Context(), s, -7, "negative")
				assertKind(t, err, news.ErrInvalid, "create with id -7")
			})

			t.Run("a given id rolled back is free again and ids still work", func(t *testing.T) {
				s := open(t)
				ctx := t.Context()
				err := s.Atomic(ctx, func(tx store.Store) error {
					if _, err := k.create(ctx, tx, 9000, "gone"); err != nil {
						return err
					}
					return errStop
				})
				if !errors.Is(err, errStop) {
					t.Fatalf("Atomic returned %v, want fn's error", err)
				}
				fresh, err := k.create(ctx, s, 0, "fresh")
				must(t, err)
				again, err := k.create(ctx, s, 9000, "again")
				must(t, err)
				if fresh == 9000 || again != 9000 {
					t.Errorf("after the rollback: fresh id %d, given id kept as %d; want not 9000, and 9000", fresh, again)
				}
			})
		})
	}

	t.Run("an article with given ids throughout reads back whole and is searchable", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		img := photo()
		img.ID = 301
		must(t, s.CreateImage(ctx, &img))
		parent := news.Category{ID: 40, Name: "News", Slug: "news"}
		must(t, s.CreateCategory(ctx, &parent))
		// A child with a lower id than its parent, as after a move.
		child := news.Category{ID: 7, ParentID: 40, Name: "Economy", Slug: "economy"}
		must(t, s.CreateCategory(ctx, &child))
		tag := news.Tag{ID: 55, Name: "Oil", Slug: "oil"}
		must(t, s.CreateTag(ctx, &tag))
		author := news.Author{ID: 12, Name: "Leyla Aliyeva", Slug: "leyla-aliyeva", Avatar: &img}
		must(t, s.CreateAuthor(ctx, &author))

		a := fullArticle(&world{photo: img})
		a.ID = 98765
		a.Categories, a.Tags, a.Authors = cats(child, parent), []news.Tag{tag}, []news.Author{author}
		a.CreatedAt = now.Add(-time.Hour)
		must(t, s.CreateArticle(ctx, &a))
		if a.ID != 98765 {
			t.Fatalf("article stored with id %d, want 98765", a.ID)
		}
		got, err := s.Article(ctx, 98765)
		must(t, err)
		assertEqual(t, "Article(98765)", got, stored(a))
		all, err := s.AllCategories(ctx)
		must(t, err)
		assertEqual(t, "AllCategories", all, []news.Category{parent, child})
		assertSearch(t, s, "caspian", store.SearchFilter{}, a.Slug)
		assertSearch(t, s, "caspian", store.SearchFilter{CategoryIDs: []int64{7}, TagID: 55, AuthorID: 12}, a.Slug)
	})
}
