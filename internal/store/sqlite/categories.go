package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO categories
			(id, parent_id, name, slug, description, position) VALUES (?, ?, ?, ?, ?, ?)`,
			idOrNull(c.ID), idOrNull(c.ParentID), c.Name, c.Slug, c.Description, c.Position)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := checkNoCycle(ctx, tx, c.ID, c.ParentID); err != nil {
			return err
		}
		return rowsAffected(tx.ExecContext(ctx, `UPDATE categories
			SET parent_id = ?, name = ?, slug = ?, description = ?, position = ?
			WHERE id = ?`,
			idOrNull(c.ParentID), c.Name, c.Slug, c.Description, c.Position, c.ID))
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
// the move would hang the category below itself.
func checkNoCycle(ctx context.Context, tx *sql.Tx, id, parentID int64) error {
	if parentID == 0 {
		return nil
	}
	var cycle bool
	err := tx.QueryRowContext(ctx, `WITH RECURSIVE up(id) AS (
			SELECT ?
			UNION
			SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id
			WHERE c.parent_id IS NOT NULL
		)
		SELECT EXISTS (SELECT 1 FROM up WHERE id = ?)`, parentID, id).Scan(&cycle)
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		var parent sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT parent_id FROM categories WHERE id = ?`, id).Scan(&parent)
		if errors.Is(err, sql.ErrNoRows) {
			return news.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE categories SET parent_id = ? WHERE parent_id = ?`, parent, id); err != nil {
			return fmt.Errorf("move children up: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE article_categories SET position = position - 1
			WHERE position > (
				SELECT d.position FROM article_categories d
				WHERE d.article_id = article_categories.article_id AND d.category_id = ?
			)`, id); err != nil {
			return fmt.Errorf("close position gaps: %w", err)
		}
		// The articles' search entries name the category among their
		// facets; a later category may be given the same id.
		filed, err := linkedArticles(ctx, tx, "article_categories", "category_id", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_categories WHERE category_id = ?`, id); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM categories WHERE id = ?`, id); err != nil {
			return err
		}
		return db.indexArticles(ctx, tx, filed...)
	})
	if err != nil {
		return fmt.Errorf("delete category %d: %w", id, err)
	}
	return nil
}

// AllCategories returns every category, top-level ones first, then by
// parent, position and name.
func (db *DB) AllCategories(ctx context.Context) ([]news.Category, error) {
	var cats []news.Category
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+categoryColumns+` FROM categories c
			ORDER BY ifnull(c.parent_id, 0), c.position, c.name, c.id`, nil,
			func(rows *sql.Rows) error {
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
	var parent sql.NullInt64
	err := s.Scan(append(lead, &c.ID, &parent, &c.Name, &c.Slug, &c.Description, &c.Position)...)
	c.ParentID = parent.Int64
	return c, err
}
