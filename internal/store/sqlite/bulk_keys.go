package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// A bulk write's change triggers stand aside for the rows it makes
// itself (migration 0019): those above the floors that markBulkRows
// records in bulk_changes as the bulk write starts. logBulkKeys logs
// those rows' keys as one change at the end, the same keys their
// triggers would have logged, so that a cache drops only the pages the
// write touched. Rows that were there before go through their triggers
// as in any write.

// markBulkRows makes the rest of the transaction a bulk write: it records,
// for each table whose triggers stand aside for new rows, the largest id
// (rowid, for editions) it holds now. Everything above is the bulk
// write's own. The redirects flag starts unset.
func markBulkRows(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO bulk_changes
		(id, articles, tags, authors, categories, pages, images, menu_items, banners, settings, editions)
		VALUES (1,
			(SELECT coalesce(max(id), 0) FROM articles),
			(SELECT coalesce(max(id), 0) FROM tags),
			(SELECT coalesce(max(id), 0) FROM authors),
			(SELECT coalesce(max(id), 0) FROM categories),
			(SELECT coalesce(max(id), 0) FROM pages),
			(SELECT coalesce(max(id), 0) FROM images),
			(SELECT coalesce(max(id), 0) FROM menu_items),
			(SELECT coalesce(max(id), 0) FROM banners),
			(SELECT coalesce(max(id), 0) FROM settings),
			(SELECT coalesce(max(rowid), 0) FROM editions))`)
	return err
}

// bulkKinds name, for each kind of change, whether the bulk write made a
// row that the kind's triggers would have counted. An article's links are
// the article's own (a link of an article made before goes through its
// trigger), so the article stands for them; editions count as settings;
// redirects, which have no id, set a flag when any is written. Each is a query over the rows
// above a floor, which a table's id index answers without a scan.
var bulkKinds = []struct {
	kind  string
	query string
}{
	{"articles", `SELECT 1 FROM articles t, bulk_changes b WHERE t.id > b.articles`},
	{"redirects", `SELECT 1 FROM bulk_changes b WHERE b.redirects = 1`},
	{"tags", `SELECT 1 FROM tags t, bulk_changes b WHERE t.id > b.tags`},
	{"authors", `SELECT 1 FROM authors t, bulk_changes b WHERE t.id > b.authors`},
	{"categories", `SELECT 1 FROM categories t, bulk_changes b WHERE t.id > b.categories`},
	{"categories", `SELECT 1 FROM category_names t, bulk_changes b WHERE t.category_id > b.categories`},
	{"pages", `SELECT 1 FROM pages t, bulk_changes b WHERE t.id > b.pages`},
	{"images", `SELECT 1 FROM images t, bulk_changes b WHERE t.id > b.images`},
	{"menus", `SELECT 1 FROM menu_items t, bulk_changes b WHERE t.id > b.menu_items`},
	{"banners", `SELECT 1 FROM banners t, bulk_changes b WHERE t.id > b.banners`},
	{"settings", `SELECT 1 FROM settings t, bulk_changes b WHERE t.id > b.settings`},
	{"settings", `SELECT 1 FROM editions t, bulk_changes b WHERE t.rowid > b.editions`},
}

// bulkKeySorts select the keys of the bulk write's own rows, one sort of
// key each, as the triggers of migration 0019 would log them for the rows
// as they stand at the end of the write (nobody saw them before).
var bulkKeySorts = []string{
	`SELECT 'article:' || t.id AS key FROM articles t, bulk_changes b WHERE t.id > b.articles`,
	`SELECT 'translations:' || t.translation_group AS key FROM articles t, bulk_changes b WHERE t.id > b.articles AND t.translation_group <> 0`,
	// An article that is published, or a link of one, logs the kind key
	// and the lists it joins. CROSS JOIN keeps the walk on the new
	// articles' links: left to itself, the planner walked every published
	// article of the archive.
	`SELECT 'articles' AS key FROM articles t, bulk_changes b WHERE t.id > b.articles AND t.status = 'published' LIMIT 1`,
	`SELECT 'list:latest' AS key FROM articles t, bulk_changes b WHERE t.id > b.articles AND t.status = 'published' LIMIT 1`,
	`SELECT 'list:category:' || l.category_id AS key FROM bulk_changes b CROSS JOIN article_categories l CROSS JOIN articles a
		WHERE l.article_id > b.articles AND a.id = l.article_id AND a.status = 'published'`,
	`SELECT 'list:tag:' || l.tag_id AS key FROM bulk_changes b CROSS JOIN article_tags l CROSS JOIN articles a
		WHERE l.article_id > b.articles AND a.id = l.article_id AND a.status = 'published'`,
	`SELECT 'list:author:' || l.author_id AS key FROM bulk_changes b CROSS JOIN article_authors l CROSS JOIN articles a
		WHERE l.article_id > b.articles AND a.id = l.article_id AND a.status = 'published'`,
	`SELECT 'redirects' AS key FROM bulk_changes b WHERE b.redirects = 1`,
	`SELECT 'tag:' || t.id AS key FROM tags t, bulk_changes b WHERE t.id > b.tags`,
	`SELECT 'tags' AS key FROM tags t, bulk_changes b WHERE t.id > b.tags LIMIT 1`,
	`SELECT 'author:' || t.id AS key FROM authors t, bulk_changes b WHERE t.id > b.authors`,
	`SELECT 'authors' AS key FROM authors t, bulk_changes b WHERE t.id > b.authors LIMIT 1`,
	`SELECT 'page:' || t.id AS key FROM pages t, bulk_changes b WHERE t.id > b.pages`,
	`SELECT 'pages' AS key FROM pages t, bulk_changes b WHERE t.id > b.pages LIMIT 1`,
	`SELECT 'image:' || t.id AS key FROM images t, bulk_changes b WHERE t.id > b.images`,
	`SELECT 'chrome' AS key WHERE
		EXISTS (SELECT 1 FROM categories t, bulk_changes b WHERE t.id > b.categories) OR
		EXISTS (SELECT 1 FROM category_names t, bulk_changes b WHERE t.category_id > b.categories) OR
		EXISTS (SELECT 1 FROM menu_items t, bulk_changes b WHERE t.id > b.menu_items) OR
		EXISTS (SELECT 1 FROM banners t, bulk_changes b WHERE t.id > b.banners) OR
		EXISTS (SELECT 1 FROM settings t, bulk_changes b WHERE t.id > b.settings) OR
		EXISTS (SELECT 1 FROM editions t, bulk_changes b WHERE t.rowid > b.editions)`,
}

// logBulkKeys logs, as one change, the keys of the rows the bulk write
// made, and raises the version of each kind it wrote. It must run while
// bulk_changes still holds the floors. A bulk write that made no row of
// a kind the triggers watch logs nothing: what it changed in rows that
// were there before, their triggers logged.
func logBulkKeys(ctx context.Context, tx *sql.Tx) error {
	var kinds []any
	for _, k := range bulkKinds {
		var one int
		err := tx.QueryRowContext(ctx, k.query+` LIMIT 1`).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		kinds = append(kinds, k.kind)
	}
	if len(kinds) == 0 {
		return nil
	}
	var version int64
	if err := tx.QueryRowContext(ctx, `SELECT max(version) + 1 FROM change_kinds`).Scan(&version); err != nil {
		return err
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(kinds)), ", ")
	if _, err := tx.ExecContext(ctx, `UPDATE change_kinds SET version = ? WHERE kind IN (`+marks+`)`, append([]any{version}, kinds...)...); err != nil {
		return err
	}
	for _, sort := range bulkKeySorts {
		// DISTINCT, and no key twice in the version: a key is read once
		// however many rows logged it, but every row counts against the
		// reader's bound (store.ChangeKeyRowsPerKey).
		_, err := tx.ExecContext(ctx, `INSERT INTO change_keys (version, key, at)
			SELECT DISTINCT ?1, k.key, unixepoch() FROM (`+sort+`) AS k
			WHERE NOT EXISTS (SELECT 1 FROM change_keys c WHERE c.version = ?1 AND c.key = k.key)`, version)
		if err != nil {
			return err
		}
	}
	return nil
}
