package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
)

const tagColumns = `t.id, t.name, t.slug, t.description`

// CreateTag stores a new tag and sets its ID, keeping a non-zero one.
func (db *DB) CreateTag(ctx context.Context, t *news.Tag) error {
	if err := errors.Join(checkNewID(t.ID), validateTag(t)); err != nil {
		return fmt.Errorf("create tag %q: %w", t.Slug, err)
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO tags (id, name, slug, description) VALUES (?, ?, ?, ?)`,
			idOrNull(t.ID), t.Name, t.Slug, t.Description)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		var oldName string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM tags WHERE id = ?`, t.ID).Scan(&oldName); err != nil {
			return err
		}
		err := rowsAffected(tx.ExecContext(ctx,
			`UPDATE tags SET name = ?, slug = ?, description = ? WHERE id = ?`,
			t.Name, t.Slug, t.Description, t.ID))
		if err != nil {
			return err
		}
		// Tag names are searchable: the articles' entries are refreshed
		// from the queue, after the rename (see queueRenamed).
		return queueRenamed(ctx, tx, "article_tags", "tag_id", t.ID, oldName, t.Name)
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		// The articles' search entries lose the tag's name from the queue.
		if err := queueLinked(ctx, tx, "article_tags", "tag_id", id); err != nil {
			return err
		}
		return rowsAffected(tx.ExecContext(ctx, `DELETE FROM tags WHERE id = ?`, id))
	})
	if err != nil {
		return fmt.Errorf("delete tag %d: %w", id, err)
	}
	return nil
}

// TagBySlug returns the tag with the given slug.
func (db *DB) TagBySlug(ctx context.Context, slug string) (news.Tag, error) {
	var t news.Tag
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = scanTag(tx.QueryRowContext(ctx, `SELECT `+tagColumns+` FROM tags t WHERE t.slug = ?`, slug))
		return err
	})
	if err != nil {
		return news.Tag{}, fmt.Errorf("tag %q: %w", slug, err)
	}
	return t, nil
}

// AllTags returns every tag ordered by name.
func (db *DB) AllTags(ctx context.Context) ([]news.Tag, error) {
	var tags []news.Tag
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+tagColumns+` FROM tags t ORDER BY t.name COLLATE NOCASE, t.id`, nil,
			func(rows *sql.Rows) error {
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		var found int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tags WHERE id IN (?, ?)`, from, into).Scan(&found); err != nil {
			return err
		}
		if found != 2 {
			return news.ErrNotFound
		}
		// The articles' search entries take the new name from the queue.
		if err := queueLinked(ctx, tx, "article_tags", "tag_id", from); err != nil {
			return err
		}
		// The target takes the source's place, so the article's tag order
		// reads as before.
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_tags (article_id, tag_id, position)
			SELECT article_id, ?, position FROM article_tags
			WHERE tag_id = ? AND article_id NOT IN (SELECT article_id FROM article_tags WHERE tag_id = ?)`,
			into, from, into); err != nil {
			return err
		}
		return rowsAffected(tx.ExecContext(ctx, `DELETE FROM tags WHERE id = ?`, from))
	})
	if err != nil {
		return fmt.Errorf("merge tag %d into %d: %w", from, into, err)
	}
	return nil
}

// TagArticleCounts returns the number of articles carrying each tag.
func (db *DB) TagArticleCounts(ctx context.Context) (map[int64]int, error) {
	counts := map[int64]int{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id`, nil,
			func(rows *sql.Rows) error {
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
