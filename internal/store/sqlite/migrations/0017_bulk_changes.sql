-- Bulk writes log their changes as one. An import writes tens of
-- thousands of rows, and each row's change trigger logged its own keys
-- (about twenty change_keys rows per imported post). Inside a transaction
-- that holds a row in bulk_changes, the change triggers stand aside, and
-- the store logs one change for the whole transaction instead, with the
-- key '*' that tells caches to drop everything (sqlite/changes.go). The
-- row is inserted and deleted within that transaction, so no other
-- connection ever sees it, and a transaction that dies takes it along.
CREATE TABLE bulk_changes (
	id INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;

-- Every change trigger is made anew with the same body, standing aside
-- while bulk_changes holds its row.

DROP TRIGGER articles_changed_insert;
CREATE TRIGGER articles_changed_insert AFTER INSERT ON articles
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER categories_changed_update;
CREATE TRIGGER categories_changed_update AFTER UPDATE ON categories
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER categories_changed_delete;
CREATE TRIGGER categories_changed_delete AFTER DELETE ON categories
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER tags_changed_insert;
CREATE TRIGGER tags_changed_insert AFTER INSERT ON tags
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'image:' || NEW.id AS key
		);
END;

DROP TRIGGER images_changed_update;
CREATE TRIGGER images_changed_update AFTER UPDATE ON images
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'image:' || OLD.id AS key
		);
END;

DROP TRIGGER menu_items_changed_insert;
CREATE TRIGGER menu_items_changed_insert AFTER INSERT ON menu_items
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER menu_items_changed_update;
CREATE TRIGGER menu_items_changed_update AFTER UPDATE ON menu_items
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER menu_items_changed_delete;
CREATE TRIGGER menu_items_changed_delete AFTER DELETE ON menu_items
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER banners_changed_insert;
CREATE TRIGGER banners_changed_insert AFTER INSERT ON banners
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER banners_changed_update;
CREATE TRIGGER banners_changed_update AFTER UPDATE ON banners
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER banners_changed_delete;
CREATE TRIGGER banners_changed_delete AFTER DELETE ON banners
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER settings_changed_insert;
CREATE TRIGGER settings_changed_insert AFTER INSERT ON settings
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER settings_changed_update;
CREATE TRIGGER settings_changed_update AFTER UPDATE ON settings
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER settings_changed_delete;
CREATE TRIGGER settings_changed_delete AFTER DELETE ON settings
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

DROP TRIGGER redirects_changed_insert;
CREATE TRIGGER redirects_changed_insert AFTER INSERT ON redirects
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'redirects';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'redirects' AS key
		);
END;

DROP TRIGGER redirects_changed_update;
CREATE TRIGGER redirects_changed_update AFTER UPDATE ON redirects
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'redirects';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'redirects' AS key
		);
END;

DROP TRIGGER redirects_changed_delete;
CREATE TRIGGER redirects_changed_delete AFTER DELETE ON redirects
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'redirects';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'redirects' AS key
		);
END;

DROP TRIGGER editions_changed_insert;
CREATE TRIGGER editions_changed_insert AFTER INSERT ON editions
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER editions_changed_update;
CREATE TRIGGER editions_changed_update AFTER UPDATE ON editions
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER editions_changed_delete;
CREATE TRIGGER editions_changed_delete AFTER DELETE ON editions
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER category_names_changed_insert;
CREATE TRIGGER category_names_changed_insert AFTER INSERT ON category_names
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER category_names_changed_update;
CREATE TRIGGER category_names_changed_update AFTER UPDATE ON category_names
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER category_names_changed_delete;
CREATE TRIGGER category_names_changed_delete AFTER DELETE ON category_names
WHEN NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

DROP TRIGGER articles_translations_insert;
CREATE TRIGGER articles_translations_insert AFTER INSERT ON articles
WHEN (NEW.translation_group <> 0) AND NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'translations:' || NEW.translation_group, unixepoch();
END;

DROP TRIGGER articles_translations_update;
CREATE TRIGGER articles_translations_update AFTER UPDATE ON articles
WHEN (NEW.translation_group <> 0 OR OLD.translation_group <> 0) AND NOT EXISTS (SELECT 1 FROM bulk_changes)
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
WHEN (OLD.translation_group <> 0) AND NOT EXISTS (SELECT 1 FROM bulk_changes)
BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'translations:' || OLD.translation_group, unixepoch();
END;

-- A bulk write's one change ('*') moves every list at once: the kept
-- related lists (migration 16) follow it as a list of its own, which
-- every kept list counts among its lists.
DROP TRIGGER list_versions_follow;
CREATE TRIGGER list_versions_follow AFTER INSERT ON change_keys
WHEN NEW.key GLOB 'list:tag:*' OR NEW.key GLOB 'list:category:*' OR NEW.key = '*' BEGIN
	UPDATE list_versions SET version = NEW.version WHERE key = NEW.key;
	INSERT INTO list_versions (key, version)
		SELECT NEW.key, NEW.version WHERE NOT EXISTS (SELECT 1 FROM list_versions WHERE key = NEW.key);
END;
