package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO articles (
				title, slug, standfirst, body, word_count, status,
				published_at, updated_at, image_id,
				source_kind, source_publication, source_url, source_language,
				source_translator, source_original_author, source_note, source_canonical,
				seo_title, seo_description,
				lang, translation_group, translated_from, translator_id, created_at, id, version
			) OVERRIDING SYSTEM VALUE
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
				coalesce($25, nextval(pg_get_serial_sequence('articles', 'id'))), $26)
			RETURNING id`,
			append(articleArgs(a), timeArg(created), idArg(a.ID), version)...).Scan(&id)
		if err != nil {
			return err
		}
		if a.ID != 0 {
			if err := advanceIdentity(ctx, q, "articles", id); err != nil {
				return err
			}
		}
		if err := writeArticleLinks(ctx, q, id, a, false); err != nil {
			return err
		}
		return indexArticles(ctx, q, id)
	})
	if err != nil {
		return fmt.Errorf("create article %q: %w", a.Slug, err)
	}
	a.ID, a.CreatedAt, a.Version = id, created.UTC().Truncate(time.Second), version
	return nil
}

// UpdateArticle replaces every stored field and relation of a.ID except
// CreatedAt, which belongs to the article's history.
func (db *DB) UpdateArticle(ctx context.Context, a *news.Article) error {
	if err := validateArticle(a); err != nil {
		return fmt.Errorf("update article %d: %w", a.ID, err)
	}
	var version int
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `UPDATE articles SET
				title = $1, slug = $2, standfirst = $3, body = $4, word_count = $5, status = $6,
				published_at = $7, updated_at = $8, image_id = $9,
				source_kind = $10, source_publication = $11, source_url = $12, source_language = $13,
				source_translator = $14, source_original_author = $15, source_note = $16, source_canonical = $17,
				seo_title = $18, seo_description = $19,
				lang = $20, translation_group = $21, translated_from = $22, translator_id = $23, version = version + 1
			WHERE id = $24 AND ($25 = 0 OR version = $25)
			RETURNING version`,
			append(articleArgs(a), a.ID, a.Version)...).Scan(&version)
		if errors.Is(err, pgx.ErrNoRows) {
			return staleOrMissing(ctx, q, a.ID)
		}
		if err != nil {
			return err
		}
		if err := writeArticleLinks(ctx, q, a.ID, a, true); err != nil {
			return err
		}
		return indexArticles(ctx, q, a.ID)
	})
	if err != nil {
		return fmt.Errorf("update article %d: %w", a.ID, err)
	}
	a.Version = version
	return nil
}

// staleOrMissing tells why an update matched no row: the article is gone,
// or another save came first.
func staleOrMissing(ctx context.Context, q querier, id int64) error {
	var stored int
	err := q.QueryRow(ctx, `SELECT version FROM articles WHERE id = $1`, id).Scan(&stored)
	if errors.Is(err, pgx.ErrNoRows) {
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
		timeArg(a.PublishedAt), timeArg(a.UpdatedAt), idArg(imageID(a.Image)),
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

// DeleteArticle removes an article; its links and its search index entry
// go with it by cascade.
func (db *DB) DeleteArticle(ctx context.Context, id int64) error {
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `DELETE FROM articles WHERE id = $1`, id))
	})
	if err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	return nil
}

// Article returns one article with its relations.
func (db *DB) Article(ctx context.Context, id int64) (news.Article, error) {
	a, err := db.oneArticle(ctx, `a.id = $1`, id)
	if err != nil {
		return news.Article{}, fmt.Errorf("article %d: %w", id, err)
	}
	return a, nil
}

// ArticleBySlug returns the article with the given slug, whatever its
// status: visibility is decided above the store.
func (db *DB) ArticleBySlug(ctx context.Context, slug string) (news.Article, error) {
	a, err := db.oneArticle(ctx, `a.slug = $1`, slug)
	if err != nil {
		return news.Article{}, fmt.Errorf("article %q: %w", slug, err)
	}
	return a, nil
}

func (db *DB) oneArticle(ctx context.Context, where string, arg any) (news.Article, error) {
	var arts []news.Article
	err := db.read(ctx, func(q querier) error {
		var err error
		arts, err = queryArticles(ctx, q, `SELECT `+articleColumns+` FROM articles a WHERE `+where, arg)
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
// relations of all the articles it found in one batch.
func queryArticles(ctx context.Context, q querier, query string, args ...any) ([]news.Article, error) {
	var arts []news.Article
	err := queryEach(ctx, q, query, args, func(rows pgx.Rows) error {
		a, err := scanArticle(rows)
		arts = append(arts, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := loadArticleRelations(ctx, q, arts); err != nil {
		return nil, err
	}
	return arts, nil
}

// scanArticle reads articleColumns. The image is a stand-in holding only
// its id until loadArticleRelations fills it in.
func scanArticle(s scanner) (news.Article, error) {
	var a news.Article
	var status, kind string
	var published, updated, created *time.Time
	var image *int64
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
	a.PublishedAt, a.UpdatedAt, a.CreatedAt = timeOf(published), timeOf(updated), timeOf(created)
	a.Image = imageRef(image)
	return a, nil
}
