-- Change keys: beside each change version, which parts of the publication
-- a write touched, so that a page cache drops exactly the pages that show
-- them (internal/store/keys.go names the keys). Every change trigger is
-- made anew to raise the version and then log its keys against it, in
-- that order, in one body. A redirects kind is added.

-- Keys repeat within a transaction; readers ask for DISTINCT. (A unique
-- constraint with INSERT OR IGNORE would not do: an upsert's conflict
-- clause overrides the one of a statement in a trigger it fires.)
CREATE TABLE change_keys (
	version INTEGER NOT NULL,
	key     TEXT    NOT NULL,
	at      INTEGER NOT NULL
) STRICT;

CREATE INDEX change_keys_version ON change_keys (version, key);
CREATE INDEX change_keys_at ON change_keys (at);

-- horizon is the newest version whose keys were pruned: keys asked for
-- since an older version are no longer complete.
CREATE TABLE change_log (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	horizon INTEGER NOT NULL
) STRICT;

INSERT INTO change_log (id, horizon) VALUES (1, 0);

INSERT INTO change_kinds (kind) VALUES ('redirects');

DROP TRIGGER articles_changed_insert;
DROP TRIGGER articles_changed_update;
DROP TRIGGER articles_changed_delete;
DROP TRIGGER article_categories_changed_insert;
DROP TRIGGER article_categories_changed_update;
DROP TRIGGER article_categories_changed_delete;
DROP TRIGGER article_tags_changed_insert;
DROP TRIGGER article_tags_changed_update;
DROP TRIGGER article_tags_changed_delete;
DROP TRIGGER article_authors_changed_insert;
DROP TRIGGER article_authors_changed_update;
DROP TRIGGER article_authors_changed_delete;
DROP TRIGGER categories_changed_insert;
DROP TRIGGER categories_changed_update;
DROP TRIGGER categories_changed_delete;
DROP TRIGGER tags_changed_insert;
DROP TRIGGER tags_changed_update;
DROP TRIGGER tags_changed_delete;
DROP TRIGGER authors_changed_insert;
DROP TRIGGER authors_changed_update;
DROP TRIGGER authors_changed_delete;
DROP TRIGGER pages_changed_insert;
DROP TRIGGER pages_changed_update;
DROP TRIGGER pages_changed_delete;
DROP TRIGGER images_changed_insert;
DROP TRIGGER images_changed_update;
DROP TRIGGER images_changed_delete;
DROP TRIGGER menu_items_changed_insert;
DROP TRIGGER menu_items_changed_update;
DROP TRIGGER menu_items_changed_delete;
DROP TRIGGER banners_changed_insert;
DROP TRIGGER banners_changed_update;
DROP TRIGGER banners_changed_delete;
DROP TRIGGER settings_changed_insert;
DROP TRIGGER settings_changed_update;
DROP TRIGGER settings_changed_delete;

-- An article's own key always; "articles" when it is or was published;
-- the lists it is in when its visibility or its place in them moved
-- (published, unpublished, re-dated, added or removed while published).
-- A new article's links are written after it and log their own keys.
CREATE TRIGGER articles_changed_insert AFTER INSERT ON articles BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.id AS key
			UNION ALL SELECT 'articles' WHERE NEW.status = 'published'
			UNION ALL SELECT 'list:latest' WHERE NEW.status = 'published'
		);
END;

CREATE TRIGGER articles_changed_update AFTER UPDATE ON articles BEGIN
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

CREATE TRIGGER articles_changed_delete AFTER DELETE ON articles BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || OLD.id AS key
			UNION ALL SELECT 'articles' WHERE OLD.status = 'published'
			UNION ALL SELECT 'list:latest' WHERE OLD.status = 'published'
		);
END;

-- A link of an article that is published, or is gone (its links are
-- deleted with it), moves the list of its section, topic or author.
CREATE TRIGGER article_categories_changed_insert AFTER INSERT ON article_categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:category:' || NEW.category_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
		);
END;

CREATE TRIGGER article_categories_changed_update AFTER UPDATE ON article_categories BEGIN
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

CREATE TRIGGER article_categories_changed_delete AFTER DELETE ON article_categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || OLD.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
			UNION ALL SELECT 'list:category:' || OLD.category_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
		);
END;

CREATE TRIGGER article_tags_changed_insert AFTER INSERT ON article_tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:tag:' || NEW.tag_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
		);
END;

CREATE TRIGGER article_tags_changed_update AFTER UPDATE ON article_tags BEGIN
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

CREATE TRIGGER article_tags_changed_delete AFTER DELETE ON article_tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || OLD.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
			UNION ALL SELECT 'list:tag:' || OLD.tag_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
		);
END;

CREATE TRIGGER article_authors_changed_insert AFTER INSERT ON article_authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || NEW.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
			UNION ALL SELECT 'list:author:' || NEW.author_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND status <> 'published')
		);
END;

CREATE TRIGGER article_authors_changed_update AFTER UPDATE ON article_authors BEGIN
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

CREATE TRIGGER article_authors_changed_delete AFTER DELETE ON article_authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'article:' || OLD.article_id AS key
			UNION ALL SELECT 'articles' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
			UNION ALL SELECT 'list:author:' || OLD.author_id WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = OLD.article_id AND status <> 'published')
		);
END;

-- Rows shown as they are: their own key, and their kind's.
CREATE TRIGGER categories_changed_insert AFTER INSERT ON categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER categories_changed_update AFTER UPDATE ON categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER categories_changed_delete AFTER DELETE ON categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER tags_changed_insert AFTER INSERT ON tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'tags';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'tag:' || NEW.id AS key
			UNION ALL SELECT 'tags'
		);
END;

CREATE TRIGGER tags_changed_update AFTER UPDATE ON tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'tags';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'tag:' || OLD.id AS key
			UNION ALL SELECT 'tag:' || NEW.id
			UNION ALL SELECT 'tags'
		);
END;

CREATE TRIGGER tags_changed_delete AFTER DELETE ON tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'tags';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'tag:' || OLD.id AS key
			UNION ALL SELECT 'tags'
		);
END;

CREATE TRIGGER authors_changed_insert AFTER INSERT ON authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'authors';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'author:' || NEW.id AS key
			UNION ALL SELECT 'authors'
		);
END;

CREATE TRIGGER authors_changed_update AFTER UPDATE ON authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'authors';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'author:' || OLD.id AS key
			UNION ALL SELECT 'author:' || NEW.id
			UNION ALL SELECT 'authors'
		);
END;

CREATE TRIGGER authors_changed_delete AFTER DELETE ON authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'authors';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'author:' || OLD.id AS key
			UNION ALL SELECT 'authors'
		);
END;

CREATE TRIGGER pages_changed_insert AFTER INSERT ON pages BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'pages';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'page:' || NEW.id AS key
			UNION ALL SELECT 'pages'
		);
END;

CREATE TRIGGER pages_changed_update AFTER UPDATE ON pages BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'pages';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'page:' || OLD.id AS key
			UNION ALL SELECT 'page:' || NEW.id
			UNION ALL SELECT 'pages'
		);
END;

CREATE TRIGGER pages_changed_delete AFTER DELETE ON pages BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'pages';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'page:' || OLD.id AS key
			UNION ALL SELECT 'pages'
		);
END;

CREATE TRIGGER images_changed_insert AFTER INSERT ON images BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'image:' || NEW.id AS key
		);
END;

CREATE TRIGGER images_changed_update AFTER UPDATE ON images BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'image:' || OLD.id AS key
			UNION ALL SELECT 'image:' || NEW.id
		);
END;

CREATE TRIGGER images_changed_delete AFTER DELETE ON images BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'image:' || OLD.id AS key
		);
END;

CREATE TRIGGER menu_items_changed_insert AFTER INSERT ON menu_items BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER menu_items_changed_update AFTER UPDATE ON menu_items BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER menu_items_changed_delete AFTER DELETE ON menu_items BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER banners_changed_insert AFTER INSERT ON banners BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER banners_changed_update AFTER UPDATE ON banners BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER banners_changed_delete AFTER DELETE ON banners BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER settings_changed_insert AFTER INSERT ON settings BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER settings_changed_update AFTER UPDATE ON settings BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER settings_changed_delete AFTER DELETE ON settings BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'chrome' AS key
		);
END;

CREATE TRIGGER redirects_changed_insert AFTER INSERT ON redirects BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'redirects';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'redirects' AS key
		);
END;

CREATE TRIGGER redirects_changed_update AFTER UPDATE ON redirects BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'redirects';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'redirects' AS key
		);
END;

CREATE TRIGGER redirects_changed_delete AFTER DELETE ON redirects BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'redirects';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'redirects' AS key
		);
END;
