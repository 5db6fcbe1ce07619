package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

const pageColumns = `p.id, p.title, p.slug, p.body, p.status, p.published_at, p.updated_at`

// CreatePage stores a new page and sets its ID, keeping a non-zero one.
func (db *DB) CreatePage(ctx context.Context, p *news.Page) error {
	if err := errors.Join(checkNewID(p.ID), validatePage(p)); err != nil {
		return fmt.Errorf("create page %q: %w", p.Slug, err)
	}
	var id int64
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO pages
			(id, title, slug, body, status, published_at, updated_at) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('pages', 'id'))), $2, $3, $4, $5, $6, $7)
			RETURNING id`,
			idArg(p.ID), p.Title, p.Slug, p.Body, string(p.Status), timeArg(p.PublishedAt), timeArg(p.UpdatedAt)).Scan(&id)
		if err != nil || p.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "pages", id)
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
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `UPDATE pages
			SET title = $1, slug = $2, body = $3, status = $4, published_at = $5, updated_at = $6
			WHERE id = $7`,
			p.Title, p.Slug, p.Body, string(p.Status), timeArg(p.PublishedAt), timeArg(p.UpdatedAt), p.ID))
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
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `DELETE FROM pages WHERE id = $1`, id))
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
	err := db.readOne(ctx, func(q querier) error {
		var err error
		p, err = scanPage(q.QueryRow(ctx, `SELECT `+pageColumns+` FROM pages p WHERE p.slug = $1`, slug))
		return err
	})
	if err != nil {
		return news.Page{}, fmt.Errorf("page %q: %w", slug, err)
	}
	return p, nil
}

// AllPages returns every page ordered by title, the way AllTags orders
// tags by name.
func (db *DB) AllPages(ctx context.Context) ([]news.Page, error) {
	var pages []news.Page
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+pageColumns+` FROM pages p ORDER BY lower(p.title COLLATE "C"), p.id`, nil,
			func(rows pgx.Rows) error {
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
	var published, updated *time.Time
	err := s.Scan(&p.ID, &p.Title, &p.Slug, &p.Body, &status, &published, &updated)
	p.Status = news.Status(status)
	p.PublishedAt, p.UpdatedAt = timeOf(published), timeOf(updated)
	return p, err
}
