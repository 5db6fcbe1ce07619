package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/storejson"
)

const authorColumns = `au.id, au.name, au.slug, au.bio, au.email, au.avatar_id, au.links`

// CreateAuthor stores a new author and sets its ID, keeping a non-zero
// one. An unknown avatar image is news.ErrInvalid.
func (db *DB) CreateAuthor(ctx context.Context, a *news.Author) error {
	if err := errors.Join(checkNewID(a.ID), validateAuthor(a)); err != nil {
		return fmt.Errorf("create author %q: %w", a.Slug, err)
	}
	var id int64
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO authors
			(id, name, slug, bio, email, avatar_id, links) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('authors', 'id'))), $2, $3, $4, $5, $6, $7)
			RETURNING id`,
			idArg(a.ID), a.Name, a.Slug, a.Bio, a.Email, idArg(imageID(a.Avatar)), storejson.Links(a.Links)).Scan(&id)
		if err != nil || a.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "authors", id)
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
	err := db.write(ctx, func(q querier) error {
		var oldName string
		// See lockForReindex for why FOR UPDATE.
		err := q.QueryRow(ctx, `SELECT name FROM authors WHERE id = $1 FOR UPDATE`, a.ID).Scan(&oldName)
		if err != nil {
			return err
		}
		_, err = q.Exec(ctx, `UPDATE authors
			SET name = $1, slug = $2, bio = $3, email = $4, avatar_id = $5, links = $6
			WHERE id = $7`,
			a.Name, a.Slug, a.Bio, a.Email, idArg(imageID(a.Avatar)), storejson.Links(a.Links), a.ID)
		if err != nil {
			return err
		}
		// Bylines are searchable: the articles' entries are refreshed
		// from the queue, after the rename (see queueRenamed).
		return queueRenamed(ctx, q, "article_authors", "author_id", a.ID, oldName, a.Name)
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
	err := db.write(ctx, func(q querier) error {
		if err := lockForReindex(ctx, q, "authors", id); err != nil {
			return err
		}
		// The articles' search entries lose the name from the queue.
		if err := queueLinked(ctx, q, "article_authors", "author_id", id); err != nil {
			return err
		}
		return rowsAffected(q.Exec(ctx, `DELETE FROM authors WHERE id = $1`, id))
	})
	if err != nil {
		return fmt.Errorf("delete author %d: %w", id, err)
	}
	return nil
}

// Author returns one author with their avatar.
func (db *DB) Author(ctx context.Context, id int64) (news.Author, error) {
	a, err := db.oneAuthor(ctx, `au.id = $1`, id)
	if err != nil {
		return news.Author{}, fmt.Errorf("author %d: %w", id, err)
	}
	return a, nil
}

// AuthorBySlug returns the author with the given slug.
func (db *DB) AuthorBySlug(ctx context.Context, slug string) (news.Author, error) {
	a, err := db.oneAuthor(ctx, `au.slug = $1`, slug)
	if err != nil {
		return news.Author{}, fmt.Errorf("author %q: %w", slug, err)
	}
	return a, nil
}

func (db *DB) oneAuthor(ctx context.Context, where string, arg any) (news.Author, error) {
	var authors []news.Author
	err := db.read(ctx, func(q querier) error {
		var err error
		authors, err = queryAuthors(ctx, q, `SELECT `+authorColumns+` FROM authors au WHERE `+where, arg)
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

// AllAuthors returns every author ordered by name, the way AllTags
// orders tags.
func (db *DB) AllAuthors(ctx context.Context) ([]news.Author, error) {
	var authors []news.Author
	err := db.read(ctx, func(q querier) error {
		var err error
		authors, err = queryAuthors(ctx, q,
			`SELECT `+authorColumns+` FROM authors au ORDER BY lower(au.name COLLATE "C"), au.id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("all authors: %w", err)
	}
	return authors, nil
}

// queryAuthors runs a query over authorColumns and loads the avatars in
// one more query.
func queryAuthors(ctx context.Context, q querier, query string, args ...any) ([]news.Author, error) {
	var authors []news.Author
	err := queryEach(ctx, q, query, args, func(rows pgx.Rows) error {
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
	images, err := loadImages(ctx, q, ids)
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
	var avatar *int64
	var links string
	if err := s.Scan(append(lead, &a.ID, &a.Name, &a.Slug, &a.Bio, &a.Email, &avatar, &links)...); err != nil {
		return news.Author{}, err
	}
	a.Avatar = imageRef(avatar)
	var err error
	if a.Links, err = storejson.DecodeLinks(links); err != nil {
		return news.Author{}, fmt.Errorf("author %d links: %w", a.ID, err)
	}
	return a, nil
}
