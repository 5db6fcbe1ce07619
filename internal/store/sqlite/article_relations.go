package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
)

// writeArticleLinks writes the article's categories, tags and byline
// with their positions. Foreign keys turn an unknown id into a
// constraint error, which translate reports as news.ErrInvalid.
//
// Links are changed in place: only those that went are deleted, only new
// ones inserted and only moved ones updated, so that the change triggers
// log exactly what moved (an unchanged topic's list is not touched by a
// save of a story's text). An article just created has no links to
// delete, so none is looked for.
func writeArticleLinks(ctx context.Context, tx *sql.Tx, articleID int64, a *news.Article, created bool) error {
	links := []struct {
		table, column string
		ids           []int64
	}{
		{"article_categories", "category_id", categoryIDs(a.Categories)},
		{"article_tags", "tag_id", tagIDs(a.Tags)},
		{"article_authors", "author_id", authorIDs(a.Authors)},
	}
	for _, l := range links {
		if !created {
			if err := deleteOtherLinks(ctx, tx, l.table, l.column, articleID, l.ids); err != nil {
				return fmt.Errorf("unlink %s: %w", l.column, err)
			}
		}
		if err := upsertLinks(ctx, tx, l.table, l.column, articleID, l.ids); err != nil {
			return fmt.Errorf("link %s %v: %w", l.column, l.ids, err)
		}
	}
	return nil
}

// deleteOtherLinks deletes the article's links of one relation to ids
// not in keep. Table and column come from writeArticleLinks, never from
// input.
func deleteOtherLinks(ctx context.Context, tx *sql.Tx, table, column string, articleID int64, keep []int64) error {
	q := fmt.Sprintf("DELETE FROM %s WHERE article_id = ?", table)
	args := []any{articleID}
	if len(keep) > 0 {
		q += fmt.Sprintf(" AND %s NOT IN (?%s)", column, strings.Repeat(", ?", len(keep)-1))
		for _, id := range keep {
			args = append(args, id)
		}
	}
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// upsertLinks writes all of one relation in a single statement, leaving
// rows that already hold the right position untouched.
func upsertLinks(ctx context.Context, tx *sql.Tx, table, column string, articleID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var q strings.Builder
	fmt.Fprintf(&q, "INSERT INTO %s (article_id, %s, position) VALUES ", table, column)
	args := make([]any, 0, 3*len(ids))
	for i, id := range ids {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?)")
		args = append(args, articleID, id, i)
	}
	fmt.Fprintf(&q, " ON CONFLICT (article_id, %[1]s) DO UPDATE SET position = excluded.position WHERE %[2]s.position <> excluded.position", column, table)
	_, err := tx.ExecContext(ctx, q.String(), args...)
	return err
}

// loadArticleRelations fills in the categories, tags, authors and images
// of arts with one query per kind of relation, whatever len(arts) is.
func loadArticleRelations(ctx context.Context, tx *sql.Tx, arts []news.Article) error {
	return loadRelations(ctx, tx, arts, len(arts))
}

// loadCardRelations loads what teasers show (store.AsTeaser): no tags, no
// avatars; one query fewer and fewer pictures for a list of them.
func loadCardRelations(ctx context.Context, tx *sql.Tx, arts []news.Article) error {
	return loadRelations(ctx, tx, arts, 0)
}

// loadRelations loads the relations of arts: all of them for the first
// whole (an article page's article), a teaser's for the rest (its cards).
func loadRelations(ctx context.Context, tx *sql.Tx, arts []news.Article, whole int) error {
	if len(arts) == 0 {
		return nil
	}
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	cats, err := categoriesOf(ctx, tx, ids)
	if err != nil {
		return fmt.Errorf("load categories: %w", err)
	}
	var tags map[int64][]news.Tag
	if whole > 0 {
		if tags, err = tagsOf(ctx, tx, ids[:whole]); err != nil {
			return fmt.Errorf("load tags: %w", err)
		}
	}
	authors, err := authorsOf(ctx, tx, ids)
	if err != nil {
		return fmt.Errorf("load authors: %w", err)
	}
	images, err := loadImages(ctx, tx, imageIDsOf(arts, authors, whole))
	if err != nil {
		return fmt.Errorf("load images: %w", err)
	}
	for i := range arts {
		a := &arts[i]
		a.Categories, a.Tags = cats[a.ID], tags[a.ID]
		fillImage(&a.Image, images)
		a.Authors = authors[a.ID]
		for j := range a.Authors {
			if i < whole {
				fillImage(&a.Authors[j].Avatar, images)
			} else {
				a.Authors[j].Avatar = nil // teasers show no avatars
			}
		}
	}
	return nil
}

// imageIDsOf collects the featured images and the byline avatars of the
// first whole articles, so that all of them load in one query.
func imageIDsOf(arts []news.Article, authors map[int64][]news.Author, whole int) []int64 {
	var ids []int64
	for i, a := range arts {
		ids = append(ids, imageID(a.Image))
		if i < whole {
			for _, au := range authors[a.ID] {
				ids = append(ids, imageID(au.Avatar))
			}
		}
	}
	return ids
}

func categoriesOf(ctx context.Context, tx *sql.Tx, articleIDs []int64) (map[int64][]news.Category, error) {
	out := make(map[int64][]news.Category)
	err := inChunks(articleIDs, func(in string, args []any) error {
		return queryEach(ctx, tx, `SELECT ac.article_id, `+categoryColumns+`
			FROM article_categories ac JOIN categories c ON c.id = ac.category_id
			WHERE ac.article_id IN (`+in+`)
			ORDER BY ac.article_id, ac.position`, args,
			func(rows *sql.Rows) error {
				var articleID int64
				c, err := scanCategory(rows, &articleID)
				out[articleID] = append(out[articleID], c)
				return err
			})
	})
	return out, err
}

func tagsOf(ctx context.Context, tx *sql.Tx, articleIDs []int64) (map[int64][]news.Tag, error) {
	out := make(map[int64][]news.Tag)
	err := inChunks(articleIDs, func(in string, args []any) error {
		return queryEach(ctx, tx, `SELECT at.article_id, `+tagColumns+`
			FROM article_tags at JOIN tags t ON t.id = at.tag_id
			WHERE at.article_id IN (`+in+`)
			ORDER BY at.article_id, at.position`, args,
			func(rows *sql.Rows) error {
				var articleID int64
				t, err := scanTag(rows, &articleID)
				out[articleID] = append(out[articleID], t)
				return err
			})
	})
	return out, err
}

// authorsOf returns each article's byline in order, avatars still as
// stand-ins.
func authorsOf(ctx context.Context, tx *sql.Tx, articleIDs []int64) (map[int64][]news.Author, error) {
	out := make(map[int64][]news.Author)
	err := inChunks(articleIDs, func(in string, args []any) error {
		return queryEach(ctx, tx, `SELECT aa.article_id, `+authorColumns+`
			FROM article_authors aa JOIN authors au ON au.id = aa.author_id
			WHERE aa.article_id IN (`+in+`)
			ORDER BY aa.article_id, aa.position`, args,
			func(rows *sql.Rows) error {
				var articleID int64
				au, err := scanAuthor(rows, &articleID)
				out[articleID] = append(out[articleID], au)
				return err
			})
	})
	return out, err
}

func categoryIDs(cs []news.Category) []int64 {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

func tagIDs(ts []news.Tag) []int64 {
	ids := make([]int64, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	return ids
}

func authorIDs(as []news.Author) []int64 {
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	return ids
}
