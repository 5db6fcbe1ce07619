-- API keys of integrations, as in the SQLite schema.
CREATE TABLE api_keys (
	id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind       text        NOT NULL CHECK (kind IN ('content', 'admin')),
	name       text        NOT NULL CHECK (name <> ''),
	user_id    bigint      REFERENCES users (id) ON DELETE CASCADE,
	hash       text        NOT NULL UNIQUE CHECK (hash <> ''),
	hint       text        NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	revoked_at timestamptz
);
