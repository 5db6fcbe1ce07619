-- API keys of integrations: Content API keys and admin API tokens. Only
-- the SHA-256 of a secret is kept; hint is its first characters, for
-- telling keys apart in lists.
CREATE TABLE api_keys (
	id         INTEGER PRIMARY KEY,
	kind       TEXT    NOT NULL CHECK (kind IN ('content', 'admin')),
	name       TEXT    NOT NULL CHECK (name <> ''),
	user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
	hash       TEXT    NOT NULL UNIQUE CHECK (hash <> ''),
	hint       TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
) STRICT;
