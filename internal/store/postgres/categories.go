package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

const categoryColumns = `c.id, c.parent_id, c.name, c.slug, c.description, c.position`

// CreateCategory stores a new category and sets its ID, keeping a
// non-zero one. A taken id, or a slug taken by a sibling, is
// news.ErrConflict; an unknown parent is news.ErrInvalid.
func (db *DB) CreateCategory(ctx context.Context, c *news.Category) error {
	if err := errors.Join(checkNewID(c.ID), validateCategory(c)); err != nil {
		return fmt.Errorf("create category %q: %w", c.Slug, err)
	}
	var id int64
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO categories
			(id, parent_id, name, slug, description, position) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('categories', 'id'))), $2, $3, $4, $5, $6)
			RETURNING id`,
			idArg(c.ID), idArg(c.ParentID), c.Name, c.Slug, c.Description, c.Position).Scan(&id)
		if err != nil || c.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "categories", id)
	})
	if err != nil {
		return fmt.Errorf("create category %q: %w", c.Slug, err)
	}
	c.ID = id
	return nil
}

// UpdateCategory renames or moves a category. Moving it under itself or
// one of its descendants is news.ErrInvalid, since the tree would lose
// the branch.
func (db *DB) UpdateCategory(ctx context.Context, c *news.Category) error {
	if err := validateCategory(c); err != nil {
		return fmt.Errorf("update category %d: %w", c.ID, err)
	}
	err := db.write(ctx, func(q querier) error {
		if err := checkNoCycle(ctx, q, c.ID, c.ParentID); err != nil {
			return err
		}
		return rowsAffected(q.Exec(ctx, `UPDATE categories
			SET parent_id = $1, name = $2, slug = $3, description = $4, position = $5
			WHERE id = $6`,
			idArg(c.ParentID), c.Name, c.Slug, c.Description, c.Position, c.ID))
	})
	if err != nil {
		return fmt.Errorf("update category %d: %w", c.ID, err)
	}
	return nil
}

func validateCategory(c *news.Category) error {
	switch {
	case c.Name == "":
		return invalid("empty name")
	case c.Slug == "":
		return invalid("empty slug")
	case c.ID != 0 && c.ParentID == c.ID:
		return invalid("category is its own parent")
	}
	return nil
}

// checkNoCycle walks up from the new parent; meeting id on the way means
// the move would hang the category below itself. UNION, not UNION ALL,
// stops the walk should the stored tree already hold a cycle.
//
// Two moves checked at once could each pass and together make a cycle
// (A under B, B under A), so category writes wait for each other from
// here to commit: the lock conflicts with itself and with writes, not
// with reads. Moves are rare edits; SQLite serialises all writes anyway.
func checkNoCycle(ctx context.Context, q querier, id, parentID int64) error {
	if parentID == 0 {
		return nil
	}
	if _, err := q.Exec(ctx, `LOCK TABLE categories IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return err
	}
	var cycle bool
	err := q.QueryRow(ctx, `WITH RECURSIVE up(id) AS (
			SELECT $1::bigint
			UNION
			SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id
			WHERE c.parent_id IS NOT NULL
		)
		SELECT EXISTS (SELECT 1 FROM up WHERE id = $2)`, parentID, id).Scan(&cycle)
	if err != nil {
		return err
	}
	if cycle {
		return invalid("category %d cannot move under its own descendant %d", id, parentID)
	}
	return nil
}

// DeleteCategory removes a category. Its children move up to its parent,
// and articles that had it as primary category get their next one as
// primary, so that no article is left without a primary while it has
// categories.
func (db *DB) DeleteCategory(ctx context.Context, id int64) error {
	err := db.write(ctx, func(q querier) error {
		var parent *int64
		// FOR UPDATE keeps a concurrent move of this category from
		// changing the parent its children are about to get.
		err := q.QueryRow(ctx, `SELECT parent_id FROM categories WHERE id = $1 FOR UPDATE`, id).Scan(&parent)
		if errors.Is(err, pgx.ErrNoRows) {
			return news.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := q.Exec(ctx,
			`UPDATE categories SET parent_id = $1 WHERE parent_id = $2`, parent, id); err != nil {
			return fmt.Errorf("move children up: %w", err)
		}
		if _, err := q.Exec(ctx, `UPDATE article_categories ac SET position = ac.position - 1
			FROM article_categories d
			WHERE d.category_id = $1 AND d.article_id = ac.article_id AND ac.position > d.position`, id); err != nil {
			return fmt.Errorf("close position gaps: %w", err)
		}
		// The category's own links go by cascade.
		_, err = q.Exec(ctx, `DELETE FROM categories WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete category %d: %w", id, err)
	}
	return nil
}

// AllCategories returns every category, top-level ones first, then by
// parent, position and name. Names compare byte by byte (COLLATE "C"),
// as SQLite's default collation does, so that both backends give one
// order whatever the database's locale.
func (db *DB) AllCategories(ctx context.Context) ([]news.Category, error) {
	var cats []news.Category
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+categoryColumns+` FROM categories c
			ORDER BY coalesce(c.parent_id, 0), c.position, c.name COLLATE "C", c.id`, nil,
			func(rows pgx.Rows) error {
				c, err := scanCategory(rows)
				cats = append(cats, c)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("all categories: %w", err)
	}
	return cats, nil
}

// scanCategory reads categoryColumns after any leading destinations.
func scanCategory(s scanner, lead ...any) (news.Category, error) {
	var c news.Category
	var parent *int64
	err := s.Scan(append(lead, &c.ID, &parent, &c.Name, &c.Slug, &c.Description, &c.Position)...)
	if parent != nil {
		c.ParentID = *parent
	}
	return c, err
}
