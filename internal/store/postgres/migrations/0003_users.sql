-- Staff accounts and their signed-in browsers, as in the SQLite schema.

CREATE TABLE users (
	id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	author_id           bigint      REFERENCES authors (id) ON DELETE SET NULL,
	created_at          timestamptz NOT NULL,
	updated_at          timestamptz NOT NULL,
	last_sign_in_at     timestamptz,
	must_reset_password boolean     NOT NULL DEFAULT false,
	disabled            boolean     NOT NULL DEFAULT false,
	-- Stored lower-cased by the Go code, so that one person cannot hold
	-- two accounts by capitalisation; the unique index folds case again in
	-- case a row ever arrives some other way.
	email               text        NOT NULL CHECK (email <> ''),
	name                text        NOT NULL CHECK (name <> ''),
	role                text        NOT NULL CHECK (role IN ('administrator', 'editor', 'author', 'contributor')),
	password_hash       text        NOT NULL DEFAULT ''
);

CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_author ON users (author_id);

-- A session's id is the hex SHA-256 of the token its browser holds, never
-- the token itself.
CREATE TABLE sessions (
	id           text        PRIMARY KEY CHECK (id <> ''),
	user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at   timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL,
	expires_at   timestamptz NOT NULL,
	user_agent   text        NOT NULL DEFAULT '',
	ip           text        NOT NULL DEFAULT ''
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
