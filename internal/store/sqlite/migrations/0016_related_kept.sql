-- Related articles kept from one article page to the next. Ranking an
-- article's related stories reads hundreds of index entries; the result
-- is kept here on first use and reused while nothing it was ranked from
-- has changed (internal/store/sqlite/related_kept.go says how that is
-- known). Nothing is written here when articles are written, so imports
-- and publications pay nothing for it.
--
-- terms is what the list was ranked against (the article's language,
-- categories and tags); version the change version it was read at;
-- valid_until the next scheduled publication then (NULL for none), when a
-- story may join the list without any write.
CREATE TABLE related_kept (
	article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	related     TEXT    NOT NULL,
	max_count   INTEGER NOT NULL,
	terms       TEXT    NOT NULL,
	version     INTEGER NOT NULL,
	valid_until INTEGER
) STRICT;

-- The change version at which each section's and topic's list of visible
-- articles last moved. change_keys holds the same facts but is pruned
-- after an hour; this keeps one row per list for as long as the list
-- exists, so that a kept related list of any age can be checked with a
-- few primary-key reads. The change triggers log the keys; this trigger
-- follows them, so no write path can forget it either. (An UPDATE, then
-- an INSERT of a missing key: no conflict clause, which a statement
-- firing the trigger could override.)
CREATE TABLE list_versions (
	key     TEXT    PRIMARY KEY,
	version INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO list_versions (key, version)
	SELECT key, max(version) FROM change_keys
	WHERE key GLOB 'list:tag:*' OR key GLOB 'list:category:*' GROUP BY key;

CREATE TRIGGER list_versions_follow AFTER INSERT ON change_keys
WHEN NEW.key GLOB 'list:tag:*' OR NEW.key GLOB 'list:category:*' BEGIN
	UPDATE list_versions SET version = NEW.version WHERE key = NEW.key;
	INSERT INTO list_versions (key, version)
		SELECT NEW.key, NEW.version WHERE NOT EXISTS (SELECT 1 FROM list_versions WHERE key = NEW.key);
END;
