-- A bulk write logs the keys of what it wrote, not '*'. Logging '*'
-- once per import batch dropped every cached page a thousand posts at a
-- time, and every page was rendered again while the import ran (issue
-- #9). The change triggers now stand aside only for rows the bulk write
-- made itself: those whose id (or whose article's, for an article's
-- links; whose section's, for a section's names) is above
-- the floor bulk_changes records as the bulk write starts, the largest
-- id the table held then. The store logs those rows' keys as the
-- transaction commits, with a few set-based queries (sqlite/bulk_keys.go);
-- a row that was there before, written in bulk (a re-imported post that
-- changed), goes through its trigger as any write does, since only the
-- trigger sees what it was before.
ALTER TABLE bulk_changes ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_changes ADD COLUMN tags INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_changes ADD COLUMN authors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_changes ADD COLUMN categories INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_changes ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_changes ADD COLUMN images INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_changes ADD COLUMN menu_items INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_changes ADD COLUMN banners INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_changes ADD COLUMN settings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_changes ADD COLUMN editions INTEGER NOT NULL DEFAULT 0;
-- Redirects have no id to put a floor on, and their one key is the kind's:
-- in a bulk write their triggers stand aside for every row, and the first
-- redirect written sets this flag, for the store to log 'redirects'.
ALTER TABLE bulk_changes ADD COLUMN redirects INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER articles_changed_insert;
CREATE TRIGGER articles_changed_insert AFTER INSERT ON articles
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.id AS key
			UNION ALL SELECT 'articles' WHERE NEW.status = 'published'
			UNION ALL SELECT 'list:latest' WHERE NEW.status = 'published'
		);
END;

DROP TRIGGER articles_changed_update;
CREATE TRIGGER articles_changed_update AFTER UPDATE ON articles
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > articles AND OLD.id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.id AS key
			UNION ALL SELECT 'articles' WHERE OLD.status = 'published' OR NEW.status = 'published'
			UNION ALL SELECT 'list:latest' WHERE (OLD.status = 'published' OR NEW.status = 'published') AND (OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at)
			UNION ALL SELECT 'list:category:' || category_id FROM article_categories WHERE article_id = NEW.id AND (OLD.status = 'published' OR NEW.status = 'published') AND (OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at)
			UNION ALL SELECT 'list:tag:' || tag_id FROM article_tags WHERE article_id = NEW.id AND (OLD.status = 'published' OR NEW.status = 'published') AND (OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at)
			UNION ALL SELECT 'list:author:' || author_id FROM article_authors WHERE article_id = NEW.id AND (OLD.status = 'published' OR NEW.status = 'published') AND (OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at)
		);
END;

DROP TRIGGER articles_changed_delete;
CREATE TRIGGER articles_changed_delete AFTER DELETE ON articles
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || OLD.id AS key
			UNION ALL SELECT 'articles' WHERE OLD.status = 'published'
			UNION ALL SELECT 'list:latest' WHERE OLD.status = 'published'
		);
END;

DROP TRIGGER article_categories_changed_insert;
CREATE TRIGGER article_categories_changed_insert AFTER INSERT ON article_categories
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.article_id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:category:' || NEW.category_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
		);
END;

DROP TRIGGER article_categories_changed_update;
CREATE TRIGGER article_categories_changed_update AFTER UPDATE ON article_categories
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.article_id > articles AND OLD.article_id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:category:' || OLD.category_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:category:' || NEW.category_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'article:' || OLD.article_id
		);
END;

DROP TRIGGER article_categories_changed_delete;
CREATE TRIGGER article_categories_changed_delete AFTER DELETE ON article_categories
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.article_id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || OLD.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
			UNION ALL SELECT 'list:category:' || OLD.category_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
		);
END;

DROP TRIGGER article_tags_changed_insert;
CREATE TRIGGER article_tags_changed_insert AFTER INSERT ON article_tags
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.article_id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:tag:' || NEW.tag_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
		);
END;

DROP TRIGGER article_tags_changed_update;
CREATE TRIGGER article_tags_changed_update AFTER UPDATE ON article_tags
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.article_id > articles AND OLD.article_id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:tag:' || OLD.tag_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:tag:' || NEW.tag_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'article:' || OLD.article_id
		);
END;

DROP TRIGGER article_tags_changed_delete;
CREATE TRIGGER article_tags_changed_delete AFTER DELETE ON article_tags
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.article_id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || OLD.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
			UNION ALL SELECT 'list:tag:' || OLD.tag_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
		);
END;

DROP TRIGGER article_authors_changed_insert;
CREATE TRIGGER article_authors_changed_insert AFTER INSERT ON article_authors
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.article_id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:author:' || NEW.author_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
		);
END;

DROP TRIGGER article_authors_changed_update;
CREATE TRIGGER article_authors_changed_update AFTER UPDATE ON article_authors
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.article_id > articles AND OLD.article_id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:author:' || OLD.author_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:author:' || NEW.author_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'article:' || OLD.article_id
		);
END;

DROP TRIGGER article_authors_changed_delete;
CREATE TRIGGER article_authors_changed_delete AFTER DELETE ON article_authors
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.article_id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || OLD.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
			UNION ALL SELECT 'list:author:' || OLD.author_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
		);
END;

DROP TRIGGER categories_changed_insert;
CREATE TRIGGER categories_changed_insert AFTER INSERT ON categories
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > categories)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER categories_changed_update;
CREATE TRIGGER categories_changed_update AFTER UPDATE ON categories
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > categories AND OLD.id > categories)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER categories_changed_delete;
CREATE TRIGGER categories_changed_delete AFTER DELETE ON categories
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > categories)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER tags_changed_insert;
CREATE TRIGGER tags_changed_insert AFTER INSERT ON tags
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > tags)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'tags';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'tag:' || NEW.id AS key
			UNION ALL SELECT 'tags'
		);
END;

DROP TRIGGER tags_changed_update;
CREATE TRIGGER tags_changed_update AFTER UPDATE ON tags
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > tags AND OLD.id > tags)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'tags';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'tag:' || OLD.id AS key
			UNION ALL SELECT 'tag:' || NEW.id
			UNION ALL SELECT 'tags'
		);
END;

DROP TRIGGER tags_changed_delete;
CREATE TRIGGER tags_changed_delete AFTER DELETE ON tags
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > tags)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'tags';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'tag:' || OLD.id AS key
			UNION ALL SELECT 'tags'
		);
END;

DROP TRIGGER authors_changed_insert;
CREATE TRIGGER authors_changed_insert AFTER INSERT ON authors
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > authors)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'authors';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'author:' || NEW.id AS key
			UNION ALL SELECT 'authors'
		);
END;

DROP TRIGGER authors_changed_update;
CREATE TRIGGER authors_changed_update AFTER UPDATE ON authors
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > authors AND OLD.id > authors)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'authors';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'author:' || OLD.id AS key
			UNION ALL SELECT 'author:' || NEW.id
			UNION ALL SELECT 'authors'
		);
END;

DROP TRIGGER authors_changed_delete;
CREATE TRIGGER authors_changed_delete AFTER DELETE ON authors
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > authors)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'authors';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'author:' || OLD.id AS key
			UNION ALL SELECT 'authors'
		);
END;

DROP TRIGGER pages_changed_insert;
CREATE TRIGGER pages_changed_insert AFTER INSERT ON pages
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > pages)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'pages';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'page:' || NEW.id AS key
			UNION ALL SELECT 'pages'
		);
END;

DROP TRIGGER pages_changed_update;
CREATE TRIGGER pages_changed_update AFTER UPDATE ON pages
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > pages AND OLD.id > pages)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'pages';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'page:' || OLD.id AS key
			UNION ALL SELECT 'page:' || NEW.id
			UNION ALL SELECT 'pages'
		);
END;

DROP TRIGGER pages_changed_delete;
CREATE TRIGGER pages_changed_delete AFTER DELETE ON pages
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > pages)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'pages';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'page:' || OLD.id AS key
			UNION ALL SELECT 'pages'
		);
END;

DROP TRIGGER images_changed_insert;
CREATE TRIGGER images_changed_insert AFTER INSERT ON images
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > images)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'image:' || NEW.id AS key
		);
END;

DROP TRIGGER images_changed_update;
CREATE TRIGGER images_changed_update AFTER UPDATE ON images
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > images AND OLD.id > images)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'image:' || OLD.id AS key
			UNION ALL SELECT 'image:' || NEW.id
		);
END;

DROP TRIGGER images_changed_delete;
CREATE TRIGGER images_changed_delete AFTER DELETE ON images
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > images)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'image:' || OLD.id AS key
		);
END;

DROP TRIGGER menu_items_changed_insert;
CREATE TRIGGER menu_items_changed_insert AFTER INSERT ON menu_items
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > menu_items)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER menu_items_changed_update;
CREATE TRIGGER menu_items_changed_update AFTER UPDATE ON menu_items
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > menu_items AND OLD.id > menu_items)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER menu_items_changed_delete;
CREATE TRIGGER menu_items_changed_delete AFTER DELETE ON menu_items
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > menu_items)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER banners_changed_insert;
CREATE TRIGGER banners_changed_insert AFTER INSERT ON banners
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > banners)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER banners_changed_update;
CREATE TRIGGER banners_changed_update AFTER UPDATE ON banners
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > banners AND OLD.id > banners)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER banners_changed_delete;
CREATE TRIGGER banners_changed_delete AFTER DELETE ON banners
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > banners)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER settings_changed_insert;
CREATE TRIGGER settings_changed_insert AFTER INSERT ON settings
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > settings)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER settings_changed_update;
CREATE TRIGGER settings_changed_update AFTER UPDATE ON settings
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > settings AND OLD.id > settings)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER settings_changed_delete;
CREATE TRIGGER settings_changed_delete AFTER DELETE ON settings
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > settings)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER editions_changed_insert;
CREATE TRIGGER editions_changed_insert AFTER INSERT ON editions
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.rowid > editions)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER editions_changed_update;
CREATE TRIGGER editions_changed_update AFTER UPDATE ON editions
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.rowid > editions AND OLD.rowid > editions)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER editions_changed_delete;
CREATE TRIGGER editions_changed_delete AFTER DELETE ON editions
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.rowid > editions)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER category_names_changed_insert;
CREATE TRIGGER category_names_changed_insert AFTER INSERT ON category_names
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.category_id > categories)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER category_names_changed_update;
CREATE TRIGGER category_names_changed_update AFTER UPDATE ON category_names
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.category_id > categories AND OLD.category_id > categories)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER category_names_changed_delete;
CREATE TRIGGER category_names_changed_delete AFTER DELETE ON category_names
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.category_id > categories)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER articles_translations_insert;
CREATE TRIGGER articles_translations_insert AFTER INSERT ON articles
WHEN (NEW.translation_group <> 0) AND NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'translations:' || NEW.translation_group, unixepoch();
END;

DROP TRIGGER articles_translations_update;
CREATE TRIGGER articles_translations_update AFTER UPDATE ON articles
WHEN (NEW.translation_group <> 0 OR OLD.translation_group <> 0) AND NOT EXISTS (SELECT 1 FROM bulk_changes WHERE NEW.id > articles AND OLD.id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'translations:' || NEW.translation_group AS key WHERE NEW.translation_group <> 0
			UNION SELECT 'translations:' || OLD.translation_group WHERE OLD.translation_group <> 0
		);
END;

DROP TRIGGER articles_translations_delete;
CREATE TRIGGER articles_translations_delete AFTER DELETE ON articles
WHEN (OLD.translation_group <> 0) AND NOT EXISTS (SELECT 1 FROM bulk_changes WHERE OLD.id > articles)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'translations:' || OLD.translation_group, unixepoch();
END;

CREATE TRIGGER redirects_bulk_insert AFTER INSERT ON redirects
WHEN EXISTS (SELECT 1 FROM bulk_changes WHERE redirects = 0)
BEGIN
	UPDATE bulk_changes SET redirects = 1;
END;

CREATE TRIGGER redirects_bulk_update AFTER UPDATE ON redirects
WHEN EXISTS (SELECT 1 FROM bulk_changes WHERE redirects = 0)
BEGIN
	UPDATE bulk_changes SET redirects = 1;
END;

CREATE TRIGGER redirects_bulk_delete AFTER DELETE ON redirects
WHEN EXISTS (SELECT 1 FROM bulk_changes WHERE redirects = 0)
BEGIN
	UPDATE bulk_changes SET redirects = 1;
END;
