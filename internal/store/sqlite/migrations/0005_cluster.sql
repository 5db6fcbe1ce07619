-- What several app nodes (or processes) on one database need to agree on:
-- a version of what readers see, failed sign-ins, and runs of periodic jobs.

-- change_kinds holds, for each kind of reader-visible content, the change
-- version at which it was last written; the publication's version is the
-- largest. The triggers below raise it inside the writing transaction, so
-- a version is never visible before the write it stands for, and no write
-- path can forget it. SQLite has one writer at a time, so versions are
-- handed out in commit order.
CREATE TABLE change_kinds (
	kind    TEXT    PRIMARY KEY,
	version INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

INSERT INTO change_kinds (kind) VALUES ('articles'), ('categories'), ('tags'), ('authors'), ('pages'), ('images'), ('menus'), ('banners'), ('settings');

CREATE TRIGGER articles_changed_insert AFTER INSERT ON articles BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER articles_changed_update AFTER UPDATE ON articles BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER articles_changed_delete AFTER DELETE ON articles BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER article_categories_changed_insert AFTER INSERT ON article_categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER article_categories_changed_update AFTER UPDATE ON article_categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER article_categories_changed_delete AFTER DELETE ON article_categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER article_tags_changed_insert AFTER INSERT ON article_tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER article_tags_changed_update AFTER UPDATE ON article_tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER article_tags_changed_delete AFTER DELETE ON article_tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER article_authors_changed_insert AFTER INSERT ON article_authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER article_authors_changed_update AFTER UPDATE ON article_authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER article_authors_changed_delete AFTER DELETE ON article_authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
END;

CREATE TRIGGER categories_changed_insert AFTER INSERT ON categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
END;

CREATE TRIGGER categories_changed_update AFTER UPDATE ON categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
END;

CREATE TRIGGER categories_changed_delete AFTER DELETE ON categories BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
END;

CREATE TRIGGER tags_changed_insert AFTER INSERT ON tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'tags';
END;

CREATE TRIGGER tags_changed_update AFTER UPDATE ON tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'tags';
END;

CREATE TRIGGER tags_changed_delete AFTER DELETE ON tags BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'tags';
END;

CREATE TRIGGER authors_changed_insert AFTER INSERT ON authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'authors';
END;

CREATE TRIGGER authors_changed_update AFTER UPDATE ON authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'authors';
END;

CREATE TRIGGER authors_changed_delete AFTER DELETE ON authors BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'authors';
END;

CREATE TRIGGER pages_changed_insert AFTER INSERT ON pages BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'pages';
END;

CREATE TRIGGER pages_changed_update AFTER UPDATE ON pages BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'pages';
END;

CREATE TRIGGER pages_changed_delete AFTER DELETE ON pages BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'pages';
END;

CREATE TRIGGER images_changed_insert AFTER INSERT ON images BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
END;

CREATE TRIGGER images_changed_update AFTER UPDATE ON images BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
END;

CREATE TRIGGER images_changed_delete AFTER DELETE ON images BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'images';
END;

CREATE TRIGGER menu_items_changed_insert AFTER INSERT ON menu_items BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
END;

CREATE TRIGGER menu_items_changed_update AFTER UPDATE ON menu_items BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
END;

CREATE TRIGGER menu_items_changed_delete AFTER DELETE ON menu_items BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'menus';
END;

CREATE TRIGGER banners_changed_insert AFTER INSERT ON banners BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
END;

CREATE TRIGGER banners_changed_update AFTER UPDATE ON banners BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
END;

CREATE TRIGGER banners_changed_delete AFTER DELETE ON banners BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'banners';
END;

CREATE TRIGGER settings_changed_insert AFTER INSERT ON settings BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
END;

CREATE TRIGGER settings_changed_update AFTER UPDATE ON settings BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
END;

CREATE TRIGGER settings_changed_delete AFTER DELETE ON settings BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
END;

-- One row per failed attempt; key is a hash, never an address in clear.
CREATE TABLE throttle_failures (
	bucket TEXT    NOT NULL CHECK (bucket <> ''),
	key    TEXT    NOT NULL CHECK (key <> ''),
	at     INTEGER NOT NULL
) STRICT;

CREATE INDEX throttle_failures_key ON throttle_failures (bucket, key, at);
CREATE INDEX throttle_failures_at ON throttle_failures (at);

-- One row per run of a periodic job: the unique (job, period) is what
-- makes a run happen once.
CREATE TABLE job_runs (
	job         TEXT    NOT NULL CHECK (job <> ''),
	period      TEXT    NOT NULL CHECK (period <> ''),
	node        TEXT    NOT NULL CHECK (node <> ''),
	claimed_at  INTEGER NOT NULL,
	lease_until INTEGER NOT NULL,
	finished_at INTEGER,
	attempts    INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (job, period)
) STRICT;

CREATE INDEX job_runs_finished ON job_runs (finished_at);
