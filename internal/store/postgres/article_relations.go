package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

// linkStatements write all of one relation of an article in a single
// statement each, whatever the number of ids: the array's order becomes
// the position, 0 for the first (for categories, the primary). Links are
// changed in place: clear deletes only those not in the array, and
// insert updates only those whose position moved, so that the change
// triggers log exactly what moved (a save of a story's text does not
// touch its topics' lists).
var linkStatements = []struct{ insert, clear string }{{
	insert: `INSERT INTO article_categories AS l (article_id, category_id, position)
		SELECT $1, u.id, u.n - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS u(id, n)
		ON CONFLICT (article_id, category_id) DO UPDATE SET position = excluded.position
		WHERE l.position <> excluded.position`,
	clear: `DELETE FROM article_categories WHERE article_id = $1 AND NOT (category_id = ANY($2::bigint[]))`,
}, {
	insert: `INSERT INTO article_tags AS l (article_id, tag_id, position)
		SELECT $1, u.id, u.n - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS u(id, n)
		ON CONFLICT (article_id, tag_id) DO UPDATE SET position = excluded.position
		WHERE l.position <> excluded.position`,
	clear: `DELETE FROM article_tags WHERE article_id = $1 AND NOT (tag_id = ANY($2::bigint[]))`,
}, {
	insert: `INSERT INTO article_authors AS l (article_id, author_id, position)
		SELECT $1, u.id, u.n - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS u(id, n)
		ON CONFLICT (article_id, author_id) DO UPDATE SET position = excluded.position
		WHERE l.position <> excluded.position`,
	clear: `DELETE FROM article_authors WHERE article_id = $1 AND NOT (author_id = ANY($2::bigint[]))`,
}}

// writeArticleLinks writes the article's categories, tags and byline with
// their positions, first deleting the links that went when replace is
// set, all in one round trip. Foreign keys turn an unknown id into a
// violation, which translate reports as news.ErrInvalid.
func writeArticleLinks(ctx context.Context, q querier, articleID int64, a *news.Article, replace bool) error {
	ids := [][]int64{categoryIDs(a.Categories), tagIDs(a.Tags), authorIDs(a.Authors)}
	b := &pgx.Batch{}
	for i, l := range linkStatements {
		if replace {
			b.Queue(l.clear, articleID, nonNil(ids[i]))
		}
		if len(ids[i]) > 0 {
			b.Queue(l.insert, articleID, ids[i])
		}
	}
	if b.Len() == 0 {
		return nil
	}
	if err := q.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("link categories %v, tags %v, authors %v: %w", ids[0], ids[1], ids[2], err)
	}
	return nil
}

// nonNil makes an empty array of a nil slice, which pgx would send as
// NULL (and "= ANY(NULL)" is never false).
func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// loadArticleRelations fills in the categories, tags, authors and images
// of arts with one query per kind of relation, whatever len(arts) is, all
// sent in one batch so that they cost a single round trip.
func loadArticleRelations(ctx context.Context, q querier, arts []news.Article) error {
	if len(arts) == 0 {
		return nil
	}
	ids := make([]int64, len(arts))
	var featured []int64
	for i, a := range arts {
		ids[i] = a.ID
		if a.Image != nil {
			featured = append(featured, a.Image.ID)
		}
	}
	cats := make(map[int64][]news.Category)
	tags := make(map[int64][]news.Tag)
	authors := make(map[int64][]news.Author)
	images := make(map[int64]news.Image)

	b := &pgx.Batch{}
	// These lookups by key plan the same whatever the ids, but with an
	// array parameter PostgreSQL keeps re-planning them for each call,
	// which costs more than running them. A generic plan is forced for
	// this batch alone, and the connection's own setting restored after:
	// the list queries before them need plans made for their values.
	// SET LOCAL lasts no longer than the transaction every caller holds.
	b.Queue(`SET LOCAL plan_cache_mode = force_generic_plan`)
	b.Queue(`SELECT ac.article_id, `+categoryColumns+`
		FROM article_categories ac JOIN categories c ON c.id = ac.category_id
		WHERE ac.article_id = ANY($1)
		ORDER BY ac.article_id, ac.position`, ids).Query(func(rows pgx.Rows) error {
		return eachRow(rows, func() error {
			var articleID int64
			c, err := scanCategory(rows, &articleID)
			cats[articleID] = append(cats[articleID], c)
			return err
		})
	})
	b.Queue(`SELECT at.article_id, `+tagColumns+`
		FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id = ANY($1)
		ORDER BY at.article_id, at.position`, ids).Query(func(rows pgx.Rows) error {
		return eachRow(rows, func() error {
			var articleID int64
			t, err := scanTag(rows, &articleID)
			tags[articleID] = append(tags[articleID], t)
			return err
		})
	})
	b.Queue(`SELECT aa.article_id, `+authorColumns+`
		FROM article_authors aa JOIN authors au ON au.id = aa.author_id
		WHERE aa.article_id = ANY($1)
		ORDER BY aa.article_id, aa.position`, ids).Query(func(rows pgx.Rows) error {
		return eachRow(rows, func() error {
			var articleID int64
			au, err := scanAuthor(rows, &articleID)
			authors[articleID] = append(authors[articleID], au)
			return err
		})
	})
	// The featured images and the byline avatars, found through the same
	// links as the query above, so that they need no second round trip.
	// The ids are gathered into one array first: an OR of the two lists
	// would make the images table be scanned whole.
	b.Queue(`SELECT `+imageColumns+` FROM images i
		WHERE i.id = ANY(ARRAY(
			SELECT unnest($1::bigint[])
			UNION
			SELECT au.avatar_id FROM article_authors aa JOIN authors au ON au.id = aa.author_id
			WHERE aa.article_id = ANY($2) AND au.avatar_id IS NOT NULL))`, featured, ids).Query(func(rows pgx.Rows) error {
		return eachRow(rows, func() error {
			img, err := scanImage(rows)
			images[img.ID] = img
			return err
		})
	})
	b.Queue(`SET LOCAL plan_cache_mode TO DEFAULT`)
	if err := q.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("load relations: %w", err)
	}
	for i := range arts {
		a := &arts[i]
		a.Categories, a.Tags = cats[a.ID], tags[a.ID]
		a.Authors = authors[a.ID]
		fillImage(&a.Image, images)
		for j := range a.Authors {
			fillImage(&a.Authors[j].Avatar, images)
		}
	}
	return nil
}

// eachRow calls fn for every row of rows; fn scans from rows itself.
func eachRow(rows pgx.Rows, fn func() error) error {
	for rows.Next() {
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
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
