-- Reprints and the wire. An article's attribution may ask that its
-- canonical link name the original. Wire sources are other outlets'
-- feeds, polled for items editors may reprint or translate; a source row
-- carries its poll state (validators for conditional requests, backoff).
ALTER TABLE articles ADD COLUMN source_canonical boolean NOT NULL DEFAULT false;

CREATE TABLE wire_sources (
	id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name             text        NOT NULL CHECK (name <> ''),
	feed_url         text        NOT NULL CHECK (feed_url <> ''),
	language         text        NOT NULL DEFAULT '',
	interval_seconds integer     NOT NULL CHECK (interval_seconds > 0),
	created_at       timestamptz NOT NULL,
	etag             text        NOT NULL DEFAULT '',
	last_modified    text        NOT NULL DEFAULT '',
	last_polled_at   timestamptz,
	last_ok_at       timestamptz,
	next_poll_at     timestamptz,
	failures         integer     NOT NULL DEFAULT 0,
	last_error       text        NOT NULL DEFAULT ''
);

-- url_key and title_key are the folded address and title that find the
-- same story from another source (news.WireURLKey, news.WireTitleKey);
-- search_text is the lower-cased title and summary keyword filters read.
-- A duplicate points at the first item of its story and is not listed.
CREATE TABLE wire_items (
	id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	source_id    bigint      NOT NULL REFERENCES wire_sources (id) ON DELETE CASCADE,
	guid         text        NOT NULL CHECK (guid <> ''),
	url          text        NOT NULL DEFAULT '',
	title        text        NOT NULL DEFAULT '',
	summary      text        NOT NULL DEFAULT '',
	author       text        NOT NULL DEFAULT '',
	language     text        NOT NULL DEFAULT '',
	published_at timestamptz NOT NULL,
	fetched_at   timestamptz NOT NULL,
	seen         boolean     NOT NULL DEFAULT false,
	duplicate_of bigint      REFERENCES wire_items (id) ON DELETE SET NULL,
	url_key      text        NOT NULL DEFAULT '',
	title_key    text        NOT NULL DEFAULT '',
	search_text  text        NOT NULL DEFAULT ''
);

CREATE UNIQUE INDEX wire_items_guid ON wire_items (source_id, guid);
CREATE INDEX wire_items_inbox ON wire_items (published_at DESC, id DESC);
CREATE INDEX wire_items_url_key ON wire_items (url_key) WHERE url_key <> '';
CREATE INDEX wire_items_title_key ON wire_items (title_key) WHERE title_key <> '';
CREATE INDEX wire_items_duplicate_of ON wire_items (duplicate_of);
