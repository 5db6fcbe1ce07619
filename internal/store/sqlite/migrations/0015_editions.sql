-- Editions: the publication's languages, each section's names in them,
-- and the language and translation links of articles. An article's lang
-- is '' for the default language, so existing articles belong to it and
-- stay there if the default changes.
CREATE TABLE editions (
	code     TEXT    PRIMARY KEY,
	name     TEXT    NOT NULL,
	dir      TEXT    NOT NULL DEFAULT 'ltr' CHECK (dir IN ('ltr', 'rtl')),
	position INTEGER NOT NULL DEFAULT 0,
	tagline  TEXT    NOT NULL DEFAULT '',
	about    TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE category_names (
	category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
	lang        TEXT    NOT NULL,
	name        TEXT    NOT NULL,
	description TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (category_id, lang)
) STRICT;

ALTER TABLE articles ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN translation_group INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN translated_from INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN translator_id INTEGER NOT NULL DEFAULT 0;

CREATE INDEX articles_translation_group ON articles (translation_group) WHERE translation_group <> 0;
-- Lists now name a language: the newest-first walk of an edition's
-- visible articles, and the probes by id, stay within indexes. The
-- language column sits after the body in the row (added by ALTER TABLE),
-- where reading it would mean reading the body's overflow pages.
CREATE INDEX articles_visible_lang ON articles (status, lang, published_at DESC, id DESC);
DROP INDEX articles_by_id_visible;
CREATE INDEX articles_by_id_visible ON articles (id, status, published_at, lang);

-- Both tables are part of the chrome every page shows.
CREATE TRIGGER editions_changed_insert AFTER INSERT ON editions BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;
CREATE TRIGGER editions_changed_update AFTER UPDATE ON editions BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;
CREATE TRIGGER editions_changed_delete AFTER DELETE ON editions BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'settings';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;
CREATE TRIGGER category_names_changed_insert AFTER INSERT ON category_names BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;
CREATE TRIGGER category_names_changed_update AFTER UPDATE ON category_names BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;
CREATE TRIGGER category_names_changed_delete AFTER DELETE ON category_names BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'categories';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'chrome', unixepoch();
END;

-- An article page lists its translations ("Read in"): any write to an
-- article of a group, or moving one in or out, changes the group's key.
CREATE TRIGGER articles_translations_insert AFTER INSERT ON articles WHEN NEW.translation_group <> 0 BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'translations:' || NEW.translation_group, unixepoch();
END;
CREATE TRIGGER articles_translations_update AFTER UPDATE ON articles WHEN NEW.translation_group <> 0 OR OLD.translation_group <> 0 BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at)
		SELECT (SELECT max(version) FROM change_kinds), key, unixepoch() FROM (
			SELECT 'translations:' || NEW.translation_group AS key WHERE NEW.translation_group <> 0
			UNION SELECT 'translations:' || OLD.translation_group WHERE OLD.translation_group <> 0
		);
END;
CREATE TRIGGER articles_translations_delete AFTER DELETE ON articles WHEN OLD.translation_group <> 0 BEGIN
	UPDATE change_kinds SET version = (SELECT max(version) FROM change_kinds) + 1 WHERE kind = 'articles';
	INSERT INTO change_keys (version, key, at) SELECT (SELECT max(version) FROM change_kinds), 'translations:' || OLD.translation_group, unixepoch();
END;
