-- The editorial workflow: articles and pages gain the statuses "review"
-- (submitted by a contributor, waiting for an editor) and "unpublished"
-- (taken down after publication); articles gain revisions, a version that
-- every save must name (so a stale save is refused, not applied), and
-- redirects from the addresses they had before.

-- Loosening a CHECK constraint changes nothing stored, so SQLite allows it
-- by editing the schema text in place (ALTER TABLE, section 7 "making other
-- kinds of table schema changes"); rebuilding the table would cascade
-- deletes through its foreign keys.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (status IN (''draft'', ''scheduled'', ''published''))',
	'CHECK (status IN (''draft'', ''review'', ''scheduled'', ''published'', ''unpublished''))')
WHERE type = 'table' AND name IN ('articles', 'pages');
PRAGMA writable_schema = RESET;

-- The number of the article's latest revision. A save names the version
-- it started from; the store refuses it when another save came first.
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Every save keeps the whole editable article as it was saved, as JSON in
-- the shape of internal/store/storejson.Revision.
CREATE TABLE article_revisions (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	version    INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
	user_name  TEXT    NOT NULL DEFAULT '',
	note       TEXT    NOT NULL DEFAULT '',
	snapshot   TEXT    NOT NULL,
	UNIQUE (article_id, version)
) STRICT;

-- Work a writer has not saved: one per article and person, written by
-- autosave, cleared by a save. A stale save that is refused lands here
-- too, so no text is ever lost.
CREATE TABLE article_drafts (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	base_version INTEGER NOT NULL,
	saved_at   INTEGER NOT NULL,
	snapshot   TEXT    NOT NULL,
	PRIMARY KEY (article_id, user_id)
) STRICT;

-- Who has an article open in the editor, refreshed while they do.
CREATE TABLE article_presence (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	seen_at    INTEGER NOT NULL,
	PRIMARY KEY (article_id, user_id)
) STRICT;

-- Old reader addresses that now live elsewhere: a published article whose
-- slug or date changed keeps its old address as a 301. A redirect names
-- the article rather than its address when it can, so that it follows
-- the article through later moves; otherwise it names a fixed target.
CREATE TABLE redirects (
	path       TEXT    PRIMARY KEY CHECK (path LIKE '/%'),
	article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
	target     TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	CHECK (article_id IS NOT NULL OR target <> '')
) STRICT, WITHOUT ROWID;

CREATE INDEX redirects_article ON redirects (article_id);

-- Secrets the site signs with (preview links), made once per database so
-- every app node shares them.
CREATE TABLE secrets (
	name  TEXT PRIMARY KEY CHECK (name <> ''),
	value BLOB NOT NULL
) STRICT, WITHOUT ROWID;
