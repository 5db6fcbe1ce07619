-- Readers' accounts, apart from staff accounts, with what they keep on
-- the site; newsletter subscriptions and the record of each mailing, as
-- in the SQLite schema.

CREATE TABLE readers (
	id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email         text        NOT NULL CHECK (email <> ''),
	name          text        NOT NULL DEFAULT '',
	password_hash text        NOT NULL DEFAULT '',
	verified_at   timestamptz,
	history_off   boolean     NOT NULL DEFAULT false,
	created_at    timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL
);

CREATE UNIQUE INDEX readers_email ON readers (lower(email));

CREATE TABLE reader_sessions (
	id           text        PRIMARY KEY CHECK (id <> ''),
	reader_id    bigint      NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
	created_at   timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL,
	expires_at   timestamptz NOT NULL
);

CREATE INDEX reader_sessions_reader ON reader_sessions (reader_id);
CREATE INDEX reader_sessions_expiry ON reader_sessions (expires_at);

CREATE TABLE subscribers (
	id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email        text        NOT NULL CHECK (email <> ''),
	reader_id    bigint      REFERENCES readers (id) ON DELETE CASCADE,
	digest       boolean     NOT NULL DEFAULT false,
	confirmed_at timestamptz,
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL
);

CREATE UNIQUE INDEX subscribers_email ON subscribers (lower(email));
CREATE INDEX subscribers_reader ON subscribers (reader_id);

CREATE TABLE reader_tokens (
	id            text        PRIMARY KEY CHECK (id <> ''),
	purpose       text        NOT NULL CHECK (purpose IN ('verify', 'signin', 'reset', 'email', 'subscribe')),
	reader_id     bigint      REFERENCES readers (id) ON DELETE CASCADE,
	subscriber_id bigint      REFERENCES subscribers (id) ON DELETE CASCADE,
	email         text        NOT NULL DEFAULT '',
	created_at    timestamptz NOT NULL,
	expires_at    timestamptz NOT NULL
);

CREATE INDEX reader_tokens_reader ON reader_tokens (reader_id, purpose);
CREATE INDEX reader_tokens_subscriber ON reader_tokens (subscriber_id);
CREATE INDEX reader_tokens_expiry ON reader_tokens (expires_at);

CREATE TABLE saved_articles (
	reader_id  bigint      NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
	article_id bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	saved_at   timestamptz NOT NULL,
	PRIMARY KEY (reader_id, article_id)
);

CREATE INDEX saved_articles_article ON saved_articles (article_id);
CREATE INDEX saved_articles_recent ON saved_articles (reader_id, saved_at);

CREATE TABLE reader_follows (
	reader_id bigint NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
	kind      text   NOT NULL CHECK (kind IN ('category', 'tag', 'author')),
	target_id bigint NOT NULL,
	PRIMARY KEY (reader_id, kind, target_id)
);

CREATE INDEX reader_follows_target ON reader_follows (kind, target_id);

-- Follows of a deleted section, topic or author go with it.
CREATE FUNCTION reader_follows_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM reader_follows WHERE kind = TG_ARGV[0] AND target_id = OLD.id;
	RETURN OLD;
END;
$$;
CREATE TRIGGER reader_follows_category_gone AFTER DELETE ON categories
	FOR EACH ROW EXECUTE FUNCTION reader_follows_gone('category');
CREATE TRIGGER reader_follows_tag_gone AFTER DELETE ON tags
	FOR EACH ROW EXECUTE FUNCTION reader_follows_gone('tag');
CREATE TRIGGER reader_follows_author_gone AFTER DELETE ON authors
	FOR EACH ROW EXECUTE FUNCTION reader_follows_gone('author');

CREATE TABLE reading_history (
	reader_id  bigint      NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
	article_id bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	read_at    timestamptz NOT NULL,
	PRIMARY KEY (reader_id, article_id)
);

CREATE INDEX reading_history_article ON reading_history (article_id);
CREATE INDEX reading_history_recent ON reading_history (reader_id, read_at);

CREATE TABLE subscriber_alerts (
	subscriber_id bigint NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
	category_id   bigint NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
	PRIMARY KEY (subscriber_id, category_id)
);

CREATE INDEX subscriber_alerts_category ON subscriber_alerts (category_id, subscriber_id);

CREATE TABLE mailings (
	name        text        PRIMARY KEY CHECK (name <> ''),
	cutoff      timestamptz NOT NULL,
	created_at  timestamptz NOT NULL,
	finished_at timestamptz
);

CREATE TABLE mailing_sends (
	mailing       text        NOT NULL REFERENCES mailings (name) ON DELETE CASCADE,
	subscriber_id bigint      NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
	claimed_at    timestamptz NOT NULL,
	sent_at       timestamptz,
	PRIMARY KEY (mailing, subscriber_id)
);

CREATE INDEX mailing_sends_subscriber ON mailing_sends (subscriber_id);
