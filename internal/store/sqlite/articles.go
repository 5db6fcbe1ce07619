package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
)

const articleColumns = `a.id, a.title, a.slug, a.standfirst, a.body, a.word_count, a.status,
	a.published_at, a.updated_at, a.created_at, a.image_id,
	a.source_kind, a.source_publication, a.source_url, a.source_language,
	a.source_translator, a.source_original_author, a.source_note, a.source_canonical,
	a.seo_title, a.seo_description, a.version,
	a.lang, a.translation_group, a.translated_from, a.translator_id`

// CreateArticle stores a new article with its relations and sets its ID
// (keeping a non-zero one), and its CreatedAt when the caller left it zero
// (an importer keeps the original's).
func (db *DB) CreateArticle(ctx context.Context, a *news.Article) error {
	if err := errors.Join(checkNewID(a.ID), validateArticle(a), checkNewVersion(a.Version)); err != nil {
		return fmt.Errorf("create article %q: %w", a.Slug, err)
	}
	version := max(a.Version, 1)
	created := a.CreatedAt
	if created.IsZero() {
		created = now()
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO articles (
				title, slug, standfirst, body, word_count, status,
				published_at, updated_at, image_id,
				source_kind, source_publication, source_url, source_language,
				source_translator, source_original_author, source_note, source_canonical,
				seo_title, seo_description,
				lang, translation_group, translated_from, translator_id, created_at, id, version
			) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			append(articleArgs(a), created.Unix(), idOrNull(a.ID), version)...)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := writeArticleLinks(ctx, tx, id, a, true); err != nil {
			return err
		}
		return db.indexNewArticle(ctx, tx, id)
	})
	if err != nil {
		return fmt.Errorf("create article %q: %w", a.Slug, err)
	}
	a.ID, a.CreatedAt, a.Version = id, created, version
	return nil
}

// UpdateArticle replaces every stored field and relation of a.ID except
// CreatedAt, which belongs to the article's history.
func (db *DB) UpdateArticle(ctx context.Context, a *news.Article) error {
	if err := validateArticle(a); err != nil {
		return fmt.Errorf("update article %d: %w", a.ID, err)
	}
	var version int
	err := db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE articles SET
				title = ?, slug = ?, standfirst = ?, body = ?, word_count = ?, status = ?,
				published_at = ?, updated_at = ?, image_id = ?,
				source_kind = ?, source_publication = ?, source_url = ?, source_language = ?,
				source_translator = ?, source_original_author = ?, source_note = ?, source_canonical = ?,
				seo_title = ?, seo_description = ?,
				lang = ?, translation_group = ?, translated_from = ?, translator_id = ?, version = version + 1
			WHERE id = ? AND (? = 0 OR version = ?)
			RETURNING version`,
			append(articleArgs(a), a.ID, a.Version, a.Version)...).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return staleOrMissing(ctx, tx, a.ID)
		}
		if err != nil {
			return err
		}
		if err := writeArticleLinks(ctx, tx, a.ID, a, false); err != nil {
			return err
		}
		return db.indexArticles(ctx, tx, a.ID)
	})
	if err != nil {
		return fmt.Errorf("update article %d: %w", a.ID, err)
	}
	a.Version = version
	return nil
}

// staleOrMissing tells why an update matched no row: the article is gone,
// or another save came first.
func staleOrMissing(ctx context.Context, tx *sql.Tx, id int64) error {
	var stored int
	err := tx.QueryRowContext(ctx, `SELECT version FROM articles WHERE id = ?`, id).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return news.ErrNotFound
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("%w: version %d was saved since", news.ErrConflict, stored)
}

// articleArgs lists the article's own columns in the order both the
// INSERT and the UPDATE name them.
func articleArgs(a *news.Article) []any {
	return []any{
		a.Title, a.Slug, a.Standfirst, a.Body, a.WordCount, string(a.Status),
		unixOrNull(a.PublishedAt), unixOrNull(a.UpdatedAt), idOrNull(imageID(a.Image)),
		string(a.Source.Kind), a.Source.Publication, a.Source.URL, a.Source.Language,
		a.Source.Translator, a.Source.OriginalAuthor, a.Source.Note, a.Source.Canonical,
		a.SEOTitle, a.SEODescription,
		a.Lang, a.TranslationGroup, a.TranslatedFrom, a.TranslatorID,
	}
}

func validateArticle(a *news.Article) error {
	switch {
	case a.Title == "":
		return invalid("empty title")
	case a.Slug == "":
		return invalid("empty slug")
	case !a.Status.Valid():
		return invalid("unknown status %q", a.Status)
	}
	// A repeated id would otherwise surface as a primary-key conflict,
	// which reads as "someone else got there first".
	if id := firstDuplicate(categoryIDs(a.Categories)); id != 0 {
		return invalid("category %d listed twice", id)
	}
	if id := firstDuplicate(tagIDs(a.Tags)); id != 0 {
		return invalid("tag %d listed twice", id)
	}
	if id := firstDuplicate(authorIDs(a.Authors)); id != 0 {
		return invalid("author %d listed twice", id)
	}
	return nil
}

// DeleteArticle removes an article and its links.
func (db *DB) DeleteArticle(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id))
	})
	if err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	return nil
}

// Article returns one article with its relations.
func (db *DB) Article(ctx context.Context, id int64) (news.Article, error) {
	a, err := db.oneArticle(ctx, `a.id = ?`, id)
	if err != nil {
		return news.Article{}, fmt.Errorf("article %d: %w", id, err)
	}
	return a, nil
}

// ArticleBySlug returns the article with the given slug, whatever its
// status: visibility is decided above the store.
func (db *DB) ArticleBySlug(ctx context.Context, slug string) (news.Article, error) {
	a, err := db.oneArticle(ctx, `a.slug = ?`, slug)
	if err != nil {
		return news.Article{}, fmt.Errorf("article %q: %w", slug, err)
	}
	return a, nil
}

func (db *DB) oneArticle(ctx context.Context, where string, arg any) (news.Article, error) {
	var arts []news.Article
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		arts, err = queryArticles(ctx, tx, `SELECT `+articleColumns+` FROM articles a WHERE `+where, arg)
		return err
	})
	if err != nil {
		return news.Article{}, err
	}
	if len(arts) == 0 {
		return news.Article{}, news.ErrNotFound
	}
	return arts[0], nil
}

// queryArticles runs a query over articleColumns, then loads the
// relations of all the articles it found in one query per kind.
func queryArticles(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]news.Article, error) {
	var arts []news.Article
	err := queryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		a, err := scanArticle(rows)
		arts = append(arts, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := loadArticleRelations(ctx, tx, arts); err != nil {
		return nil, err
	}
	return arts, nil
}

// scanArticle reads articleColumns. The image is a stand-in holding only
// its id until loadArticleRelations fills it in.
func scanArticle(s scanner) (news.Article, error) {
	var a news.Article
	var status, kind string
	var published, updated, created, image sql.NullInt64
	err := s.Scan(&a.ID, &a.Title, &a.Slug, &a.Standfirst, &a.Body, &a.WordCount, &status,
		&published, &updated, &created, &image,
		&kind, &a.Source.Publication, &a.Source.URL, &a.Source.Language,
		&a.Source.Translator, &a.Source.OriginalAuthor, &a.Source.Note, &a.Source.Canonical,
		&a.SEOTitle, &a.SEODescription, &a.Version,
		&a.Lang, &a.TranslationGroup, &a.TranslatedFrom, &a.TranslatorID)
	if err != nil {
		return news.Article{}, err
	}
	a.Status, a.Source.Kind = news.Status(status), news.AttributionKind(kind)
	a.PublishedAt, a.UpdatedAt, a.CreatedAt = timeFromUnix(published), timeFromUnix(updated), timeFromUnix(created)
	a.Image = imageRef(image)
	return a, nil
}
