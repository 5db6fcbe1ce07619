package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
)

const pageColumns = `p.id, p.title, p.slug, p.body, p.status, p.published_at, p.updated_at`

// CreatePage stores a new page and sets its ID, keeping a non-zero one.
func (db *DB) CreatePage(ctx context.Context, p *news.Page) error {
	if err := errors.Join(checkNewID(p.ID), validatePage(p)); err != nil {
		return fmt.Errorf("create page %q: %w", p.Slug, err)
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO pages
			(id, title, slug, body, status, published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			idOrNull(p.ID), p.Title, p.Slug, p.Body, string(p.Status), unixOrNull(p.PublishedAt), unixOrNull(p.UpdatedAt))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("create page %q: %w", p.Slug, err)
	}
	p.ID = id
	return nil
}

// UpdatePage replaces the stored fields of p.ID.
func (db *DB) UpdatePage(ctx context.Context, p *news.Page) error {
	if err := validatePage(p); err != nil {
		return fmt.Errorf("update page %d: %w", p.ID, err)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `UPDATE pages
			SET title = ?, slug = ?, body = ?, status = ?, published_at = ?, updated_at = ?
			WHERE id = ?`,
			p.Title, p.Slug, p.Body, string(p.Status), unixOrNull(p.PublishedAt), unixOrNull(p.UpdatedAt), p.ID))
	})
	if err != nil {
		return fmt.Errorf("update page %d: %w", p.ID, err)
	}
	return nil
}

func validatePage(p *news.Page) error {
	switch {
	case p.Title == "":
		return invalid("empty title")
	case p.Slug == "":
		return invalid("empty slug")
	case !p.Status.Valid():
		return invalid("unknown status %q", p.Status)
	}
	return nil
}

// DeletePage removes a page.
func (db *DB) DeletePage(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `DELETE FROM pages WHERE id = ?`, id))
	})
	if err != nil {
		return fmt.Errorf("delete page %d: %w", id, err)
	}
	return nil
}

// PageBySlug returns the page with the given slug, whatever its status:
// whether readers may see it is decided above the store.
func (db *DB) PageBySlug(ctx context.Context, slug string) (news.Page, error) {
	var p news.Page
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = scanPage(tx.QueryRowContext(ctx, `SELECT `+pageColumns+` FROM pages p WHERE p.slug = ?`, slug))
		return err
	})
	if err != nil {
		return news.Page{}, fmt.Errorf("page %q: %w", slug, err)
	}
	return p, nil
}

// AllPages returns every page ordered by title.
func (db *DB) AllPages(ctx context.Context) ([]news.Page, error) {
	var pages []news.Page
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+pageColumns+` FROM pages p ORDER BY p.title COLLATE NOCASE, p.id`, nil,
			func(rows *sql.Rows) error {
				p, err := scanPage(rows)
				pages = append(pages, p)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("all pages: %w", err)
	}
	return pages, nil
}

func scanPage(s scanner) (news.Page, error) {
	var p news.Page
	var status string
	var published, updated sql.NullInt64
	err := s.Scan(&p.ID, &p.Title, &p.Slug, &p.Body, &status, &published, &updated)
	p.Status = news.Status(status)
	p.PublishedAt, p.UpdatedAt = timeFromUnix(published), timeFromUnix(updated)
	return p, err
}
