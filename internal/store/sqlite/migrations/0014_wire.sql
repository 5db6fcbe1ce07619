-- Reprints and the wire. An article's attribution may ask that its
-- canonical link name the original. Wire sources are other outlets'
-- feeds, polled for items editors may reprint or translate; a source row
-- carries its poll state (validators for conditional requests, backoff).
ALTER TABLE articles ADD COLUMN source_canonical INTEGER NOT NULL DEFAULT 0 CHECK (source_canonical IN (0, 1));

CREATE TABLE wire_sources (
	id                INTEGER PRIMARY KEY,
	name              TEXT    NOT NULL CHECK (name <> ''),
	feed_url          TEXT    NOT NULL CHECK (feed_url <> ''),
	language          TEXT    NOT NULL DEFAULT '',
	interval_seconds  INTEGER NOT NULL CHECK (interval_seconds > 0),
	created_at        INTEGER NOT NULL,
	etag              TEXT    NOT NULL DEFAULT '',
	last_modified     TEXT    NOT NULL DEFAULT '',
	last_polled_at    INTEGER,
	last_ok_at        INTEGER,
	next_poll_at      INTEGER,
	failures          INTEGER NOT NULL DEFAULT 0,
	last_error        TEXT    NOT NULL DEFAULT ''
) STRICT;

-- url_key and title_key are the folded address and title that find the
-- same story from another source (news.WireURLKey, news.WireTitleKey);
-- search_text is the lower-cased title and summary keyword filters read.
-- A duplicate points at the first item of its story and is not listed.
CREATE TABLE wire_items (
	id           INTEGER PRIMARY KEY,
	source_id    INTEGER NOT NULL REFERENCES wire_sources (id) ON DELETE CASCADE,
	guid         TEXT    NOT NULL CHECK (guid <> ''),
	url          TEXT    NOT NULL DEFAULT '',
	title        TEXT    NOT NULL DEFAULT '',
	summary      TEXT    NOT NULL DEFAULT '',
	author       TEXT    NOT NULL DEFAULT '',
	language     TEXT    NOT NULL DEFAULT '',
	published_at INTEGER NOT NULL,
	fetched_at   INTEGER NOT NULL,
	seen         INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1)),
	duplicate_of INTEGER REFERENCES wire_items (id) ON DELETE SET NULL,
	url_key      TEXT    NOT NULL DEFAULT '',
	title_key    TEXT    NOT NULL DEFAULT '',
	search_text  TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX wire_items_guid ON wire_items (source_id, guid);
CREATE INDEX wire_items_inbox ON wire_items (published_at DESC, id DESC);
CREATE INDEX wire_items_url_key ON wire_items (url_key) WHERE url_key <> '';
CREATE INDEX wire_items_title_key ON wire_items (title_key) WHERE title_key <> '';
CREATE INDEX wire_items_duplicate_of ON wire_items (duplicate_of);
