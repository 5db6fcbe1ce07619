package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

const tagColumns = `t.id, t.name, t.slug, t.description`

// CreateTag stores a new tag and sets its ID, keeping a non-zero one.
func (db *DB) CreateTag(ctx context.Context, t *news.Tag) error {
	if err := errors.Join(checkNewID(t.ID), validateTag(t)); err != nil {
		return fmt.Errorf("create tag %q: %w", t.Slug, err)
	}
	var id int64
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO tags (id, name, slug, description) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('tags', 'id'))), $2, $3, $4)
			RETURNING id`,
			idArg(t.ID), t.Name, t.Slug, t.Description).Scan(&id)
		if err != nil || t.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "tags", id)
	})
	if err != nil {
		return fmt.Errorf("create tag %q: %w", t.Slug, err)
	}
	t.ID = id
	return nil
}

// UpdateTag replaces the stored fields of t.ID.
func (db *DB) UpdateTag(ctx context.Context, t *news.Tag) error {
	if err := validateTag(t); err != nil {
		return fmt.Errorf("update tag %d: %w", t.ID, err)
	}
	err := db.write(ctx, func(q querier) error {
		var oldName string
		// See lockForReindex for why FOR UPDATE.
		err := q.QueryRow(ctx, `SELECT name FROM tags WHERE id = $1 FOR UPDATE`, t.ID).Scan(&oldName)
		if err != nil {
			return err
		}
		_, err = q.Exec(ctx, `UPDATE tags SET name = $1, slug = $2, description = $3 WHERE id = $4`,
			t.Name, t.Slug, t.Description, t.ID)
		if err != nil {
			return err
		}
		// Tag names are searchable: the articles' entries are refreshed
		// from the queue, after the rename (see queueRenamed).
		return queueRenamed(ctx, q, "article_tags", "tag_id", t.ID, oldName, t.Name)
	})
	if err != nil {
		return fmt.Errorf("update tag %d: %w", t.ID, err)
	}
	return nil
}

func validateTag(t *news.Tag) error {
	switch {
	case t.Name == "":
		return invalid("empty name")
	case t.Slug == "":
		return invalid("empty slug")
	}
	return nil
}

// DeleteTag removes a tag; articles simply lose it.
func (db *DB) DeleteTag(ctx context.Context, id int64) error {
	err := db.write(ctx, func(q querier) error {
		if err := lockForReindex(ctx, q, "tags", id); err != nil {
			return err
		}
		// The articles' search entries lose the tag's name from the queue.
		if err := queueLinked(ctx, q, "article_tags", "tag_id", id); err != nil {
			return err
		}
		return rowsAffected(q.Exec(ctx, `DELETE FROM tags WHERE id = $1`, id))
	})
	if err != nil {
		return fmt.Errorf("delete tag %d: %w", id, err)
	}
	return nil
}

// TagBySlug returns the tag with the given slug.
func (db *DB) TagBySlug(ctx context.Context, slug string) (news.Tag, error) {
	var t news.Tag
	err := db.readOne(ctx, func(q querier) error {
		var err error
		t, err = scanTag(q.QueryRow(ctx, `SELECT `+tagColumns+` FROM tags t WHERE t.slug = $1`, slug))
		return err
	})
	if err != nil {
		return news.Tag{}, fmt.Errorf("tag %q: %w", slug, err)
	}
	return t, nil
}

// AllTags returns every tag ordered by name, ignoring the case of ASCII
// letters only: exactly SQLite's COLLATE NOCASE, which both backends must
// agree on whatever the database's locale. lower() under the "C"
// collation folds ASCII alone, and its result compares byte by byte.
// Authors and pages sort the same way.
func (db *DB) AllTags(ctx context.Context) ([]news.Tag, error) {
	var tags []news.Tag
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+tagColumns+` FROM tags t ORDER BY lower(t.name COLLATE "C"), t.id`, nil,
			func(rows pgx.Rows) error {
				t, err := scanTag(rows)
				tags = append(tags, t)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("all tags: %w", err)
	}
	return tags, nil
}

// scanTag reads tagColumns after any leading destinations.
func scanTag(s scanner, lead ...any) (news.Tag, error) {
	var t news.Tag
	err := s.Scan(append(lead, &t.ID, &t.Name, &t.Slug, &t.Description)...)
	return t, err
}

// MergeTags moves every article of tag from to tag into and deletes from.
func (db *DB) MergeTags(ctx context.Context, from, into int64) error {
	if from == into {
		return fmt.Errorf("merge tag %d into itself: %w", from, invalid("a tag cannot be merged into itself"))
	}
	err := db.write(ctx, func(q querier) error {
		// Both rows are locked, in id order so that two merges cannot
		// deadlock, for the reason lockForReindex gives.
		var found int
		err := q.QueryRow(ctx, `SELECT count(*) FROM (
				SELECT id FROM tags WHERE id IN ($1, $2) ORDER BY id FOR UPDATE
			) locked`, from, into).Scan(&found)
		if err != nil {
			return err
		}
		if found != 2 {
			return news.ErrNotFound
		}
		// The articles' search entries take the new name from the queue.
		if err := queueLinked(ctx, q, "article_tags", "tag_id", from); err != nil {
			return err
		}
		// The target takes the source's place, so the article's tag order
		// reads as before.
		if _, err := q.Exec(ctx, `INSERT INTO article_tags (article_id, tag_id, position)
			SELECT article_id, $1, position FROM article_tags WHERE tag_id = $2
			ON CONFLICT (article_id, tag_id) DO NOTHING`, into, from); err != nil {
			return err
		}
		return rowsAffected(q.Exec(ctx, `DELETE FROM tags WHERE id = $1`, from))
	})
	if err != nil {
		return fmt.Errorf("merge tag %d into %d: %w", from, into, err)
	}
	return nil
}

// TagArticleCounts returns the number of articles carrying each tag.
func (db *DB) TagArticleCounts(ctx context.Context) (map[int64]int, error) {
	counts := map[int64]int{}
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id`, nil,
			func(rows pgx.Rows) error {
				var id int64
				var n int
				err := rows.Scan(&id, &n)
				counts[id] = n
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("tag article counts: %w", err)
	}
	return counts, nil
}
