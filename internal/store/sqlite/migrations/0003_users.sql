-- Staff accounts and their signed-in browsers.

CREATE TABLE users (
	id                  INTEGER PRIMARY KEY,
	-- Stored lower-cased by the Go code, so that one person cannot hold
	-- two accounts by capitalisation; the unique index folds case again in
	-- case a row ever arrives some other way.
	email               TEXT    NOT NULL CHECK (email <> ''),
	name                TEXT    NOT NULL CHECK (name <> ''),
	role                TEXT    NOT NULL CHECK (role IN ('administrator', 'editor', 'author', 'contributor')),
	password_hash       TEXT    NOT NULL DEFAULT '',
	author_id           INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	must_reset_password INTEGER NOT NULL DEFAULT 0 CHECK (must_reset_password IN (0, 1)),
	disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	last_sign_in_at     INTEGER
) STRICT;

CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_author ON users (author_id);

-- A session's id is the hex SHA-256 of the token its browser holds, never
-- the token itself.
CREATE TABLE sessions (
	id           TEXT    PRIMARY KEY CHECK (id <> ''),
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	user_agent   TEXT    NOT NULL DEFAULT '',
	ip           TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
