-- Readers' accounts, apart from staff accounts, with what they keep on
-- the site; newsletter subscriptions and the record of each mailing.

CREATE TABLE readers (
	id            INTEGER PRIMARY KEY,
	-- Stored lower-cased by the Go code; the index folds case again.
	email         TEXT    NOT NULL CHECK (email <> ''),
	name          TEXT    NOT NULL DEFAULT '',
	password_hash TEXT    NOT NULL DEFAULT '',
	verified_at   INTEGER,
	history_off   INTEGER NOT NULL DEFAULT 0 CHECK (history_off IN (0, 1)),
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX readers_email ON readers (lower(email));

-- As for staff, a session's id is the hash of the cookie's token.
CREATE TABLE reader_sessions (
	id           TEXT    PRIMARY KEY CHECK (id <> ''),
	reader_id    INTEGER NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX reader_sessions_reader ON reader_sessions (reader_id);
CREATE INDEX reader_sessions_expiry ON reader_sessions (expires_at);

-- Single-use links mailed to readers and subscribers, by the hash of
-- the token in the link.
CREATE TABLE reader_tokens (
	id            TEXT    PRIMARY KEY CHECK (id <> ''),
	purpose       TEXT    NOT NULL CHECK (purpose IN ('verify', 'signin', 'reset', 'email', 'subscribe')),
	reader_id     INTEGER REFERENCES readers (id) ON DELETE CASCADE,
	subscriber_id INTEGER REFERENCES subscribers (id) ON DELETE CASCADE,
	email         TEXT    NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL,
	expires_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX reader_tokens_reader ON reader_tokens (reader_id, purpose);
CREATE INDEX reader_tokens_subscriber ON reader_tokens (subscriber_id);
CREATE INDEX reader_tokens_expiry ON reader_tokens (expires_at);

CREATE TABLE saved_articles (
	reader_id  INTEGER NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	saved_at   INTEGER NOT NULL,
	PRIMARY KEY (reader_id, article_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX saved_articles_article ON saved_articles (article_id);
CREATE INDEX saved_articles_recent ON saved_articles (reader_id, saved_at);

-- What a reader follows. The target is a category, tag or author id by
-- kind; rows whose target is deleted go with it (triggers below).
CREATE TABLE reader_follows (
	reader_id INTEGER NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
	kind      TEXT    NOT NULL CHECK (kind IN ('category', 'tag', 'author')),
	target_id INTEGER NOT NULL,
	PRIMARY KEY (reader_id, kind, target_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX reader_follows_target ON reader_follows (kind, target_id);

CREATE TRIGGER reader_follows_category_gone AFTER DELETE ON categories BEGIN
	DELETE FROM reader_follows WHERE kind = 'category' AND target_id = OLD.id;
END;
CREATE TRIGGER reader_follows_tag_gone AFTER DELETE ON tags BEGIN
	DELETE FROM reader_follows WHERE kind = 'tag' AND target_id = OLD.id;
END;
CREATE TRIGGER reader_follows_author_gone AFTER DELETE ON authors BEGIN
	DELETE FROM reader_follows WHERE kind = 'author' AND target_id = OLD.id;
END;

-- Reading history: one row per article, at the last time it was read.
CREATE TABLE reading_history (
	reader_id  INTEGER NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	read_at    INTEGER NOT NULL,
	PRIMARY KEY (reader_id, article_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX reading_history_article ON reading_history (article_id);
CREATE INDEX reading_history_recent ON reading_history (reader_id, read_at);

-- Newsletter subscriptions, with or without a reader account.
CREATE TABLE subscribers (
	id           INTEGER PRIMARY KEY,
	email        TEXT    NOT NULL CHECK (email <> ''),
	reader_id    INTEGER REFERENCES readers (id) ON DELETE CASCADE,
	digest       INTEGER NOT NULL DEFAULT 0 CHECK (digest IN (0, 1)),
	confirmed_at INTEGER,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX subscribers_email ON subscribers (lower(email));
CREATE INDEX subscribers_reader ON subscribers (reader_id);

CREATE TABLE subscriber_alerts (
	subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
	category_id   INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
	PRIMARY KEY (subscriber_id, category_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX subscriber_alerts_category ON subscriber_alerts (category_id, subscriber_id);

-- A mailing (a day's digest, an article's alert) and, per recipient, the
-- record that it was claimed and then sent: a resumed run skips everyone
-- recorded, so nobody is mailed the same mailing twice.
CREATE TABLE mailings (
	name        TEXT    PRIMARY KEY CHECK (name <> ''),
	cutoff      INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	finished_at INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE mailing_sends (
	mailing       TEXT    NOT NULL REFERENCES mailings (name) ON DELETE CASCADE,
	subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
	claimed_at    INTEGER NOT NULL,
	sent_at       INTEGER,
	PRIMARY KEY (mailing, subscriber_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX mailing_sends_subscriber ON mailing_sends (subscriber_id);
