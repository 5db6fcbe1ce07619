package postgres

import (
	"context"
	"errors"
	"fmt"
	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Editions returns every edition by position, then code.
func (db *DB) Editions(ctx context.Context) ([]news.Edition, error) {
	var out []news.Edition
	err := db.read(ctx, func(tx querier) error {
		return queryEach(ctx, tx, `SELECT code, name, dir, position, tagline, about FROM editions
			ORDER BY position, code`, nil, func(rows pgx.Rows) error {
			var e news.Edition
			err := rows.Scan(&e.Code, &e.Name, &e.Dir, &e.Position, &e.Tagline, &e.About)
			out = append(out, e)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("editions: %w", err)
	}
	return out, nil
}

// SetEditions replaces every edition.
func (db *DB) SetEditions(ctx context.Context, editions []news.Edition) error {
	if err := store.ValidateEditions(editions); err != nil {
		return fmt.Errorf("set editions: %w", err)
	}
	err := db.write(ctx, func(tx querier) error {
		if _, err := tx.Exec(ctx, `DELETE FROM editions`); err != nil {
			return err
		}
		for _, e := range editions {
			if _, err := tx.Exec(ctx, `INSERT INTO editions (code, name, dir, position, tagline, about)
				VALUES ($1, $2, $3, $4, $5, $6)`, e.Code, e.Name, e.Dir, e.Position, e.Tagline, e.About); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set editions: %w", err)
	}
	return nil
}

// CategoryNames returns every section's names in other editions.
func (db *DB) CategoryNames(ctx context.Context) ([]news.CategoryName, error) {
	var out []news.CategoryName
	err := db.read(ctx, func(tx querier) error {
		return queryEach(ctx, tx, `SELECT category_id, lang, name, description FROM category_names
			ORDER BY category_id, lang`, nil, func(rows pgx.Rows) error {
			var n news.CategoryName
			err := rows.Scan(&n.CategoryID, &n.Lang, &n.Name, &n.Description)
			out = append(out, n)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("category names: %w", err)
	}
	return out, nil
}

// SetCategoryNames replaces the names of category id in other editions.
func (db *DB) SetCategoryNames(ctx context.Context, id int64, names []news.CategoryName) error {
	names, err := store.CleanCategoryNames(names)
	if err != nil {
		return fmt.Errorf("set names of category %d: %w", id, err)
	}
	err = db.write(ctx, func(tx querier) error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM categories WHERE id = $1`, id).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return news.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM category_names WHERE category_id = $1`, id); err != nil {
			return err
		}
		for _, n := range names {
			if _, err := tx.Exec(ctx, `INSERT INTO category_names (category_id, lang, name, description)
				VALUES ($1, $2, $3, $4)`, id, n.Lang, n.Name, n.Description); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set names of category %d: %w", id, err)
	}
	return nil
}
