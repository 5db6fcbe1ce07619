package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
)

const authorColumns = `au.id, au.name, au.slug, au.bio, au.email, au.avatar_id, au.links`

// CreateAuthor stores a new author and sets its ID, keeping a non-zero
// one. An unknown avatar image is news.ErrInvalid.
func (db *DB) CreateAuthor(ctx context.Context, a *news.Author) error {
	if err := errors.Join(checkNewID(a.ID), validateAuthor(a)); err != nil {
		return fmt.Errorf("create author %q: %w", a.Slug, err)
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		links, err := encodeLinks(a.Links)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO authors
			(id, name, slug, bio, email, avatar_id, links) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			idOrNull(a.ID), a.Name, a.Slug, a.Bio, a.Email, idOrNull(imageID(a.Avatar)), links)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("create author %q: %w", a.Slug, err)
	}
	a.ID = id
	return nil
}

// UpdateAuthor replaces the stored fields of a.ID.
func (db *DB) UpdateAuthor(ctx context.Context, a *news.Author) error {
	if err := validateAuthor(a); err != nil {
		return fmt.Errorf("update author %d: %w", a.ID, err)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		links, err := encodeLinks(a.Links)
		if err != nil {
			return err
		}
		var oldName string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM authors WHERE id = ?`, a.ID).Scan(&oldName); err != nil {
			return err
		}
		err = rowsAffected(tx.ExecContext(ctx, `UPDATE authors
			SET name = ?, slug = ?, bio = ?, email = ?, avatar_id = ?, links = ?
			WHERE id = ?`,
			a.Name, a.Slug, a.Bio, a.Email, idOrNull(imageID(a.Avatar)), links, a.ID))
		if err != nil {
			return err
		}
		// Bylines are searchable: the articles' entries are refreshed
		// from the queue, after the rename (see queueRenamed).
		return queueRenamed(ctx, tx, "article_authors", "author_id", a.ID, oldName, a.Name)
	})
	if err != nil {
		return fmt.Errorf("update author %d: %w", a.ID, err)
	}
	return nil
}

func validateAuthor(a *news.Author) error {
	switch {
	case a.Name == "":
		return invalid("empty name")
	case a.Slug == "":
		return invalid("empty slug")
	}
	return nil
}

// DeleteAuthor removes an author; the articles keep the rest of their
// byline. Whether an author with articles may go is the newsroom's call.
func (db *DB) DeleteAuthor(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		// The articles' search entries lose the name from the queue.
		if err := queueLinked(ctx, tx, "article_authors", "author_id", id); err != nil {
			return err
		}
		return rowsAffected(tx.ExecContext(ctx, `DELETE FROM authors WHERE id = ?`, id))
	})
	if err != nil {
		return fmt.Errorf("delete author %d: %w", id, err)
	}
	return nil
}

// Author returns one author with their avatar.
func (db *DB) Author(ctx context.Context, id int64) (news.Author, error) {
	a, err := db.oneAuthor(ctx, `au.id = ?`, id)
	if err != nil {
		return news.Author{}, fmt.Errorf("author %d: %w", id, err)
	}
	return a, nil
}

// AuthorBySlug returns the author with the given slug.
func (db *DB) AuthorBySlug(ctx context.Context, slug string) (news.Author, error) {
	a, err := db.oneAuthor(ctx, `au.slug = ?`, slug)
	if err != nil {
		return news.Author{}, fmt.Errorf("author %q: %w", slug, err)
	}
	return a, nil
}

func (db *DB) oneAuthor(ctx context.Context, where string, arg any) (news.Author, error) {
	var authors []news.Author
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		authors, err = queryAuthors(ctx, tx, `SELECT `+authorColumns+` FROM authors au WHERE `+where, arg)
		return err
	})
	if err != nil {
		return news.Author{}, err
	}
	if len(authors) == 0 {
		return news.Author{}, news.ErrNotFound
	}
	return authors[0], nil
}

// AllAuthors returns every author ordered by name.
func (db *DB) AllAuthors(ctx context.Context) ([]news.Author, error) {
	var authors []news.Author
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		authors, err = queryAuthors(ctx, tx,
			`SELECT `+authorColumns+` FROM authors au ORDER BY au.name COLLATE NOCASE, au.id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("all authors: %w", err)
	}
	return authors, nil
}

// queryAuthors runs a query over authorColumns and loads the avatars in
// one more query.
func queryAuthors(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]news.Author, error) {
	var authors []news.Author
	err := queryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		a, err := scanAuthor(rows)
		authors = append(authors, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range authors {
		ids = append(ids, imageID(a.Avatar))
	}
	images, err := loadImages(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	for i := range authors {
		fillImage(&authors[i].Avatar, images)
	}
	return authors, nil
}

// scanAuthor reads authorColumns after any leading destinations. The
// avatar is a stand-in holding only its id until fillImage runs.
func scanAuthor(s scanner, lead ...any) (news.Author, error) {
	var a news.Author
	var avatar sql.NullInt64
	var links string
	if err := s.Scan(append(lead, &a.ID, &a.Name, &a.Slug, &a.Bio, &a.Email, &avatar, &links)...); err != nil {
		return news.Author{}, err
	}
	a.Avatar = imageRef(avatar)
	var err error
	if a.Links, err = decodeLinks(links); err != nil {
		return news.Author{}, fmt.Errorf("author %d links: %w", a.ID, err)
	}
	return a, nil
}
