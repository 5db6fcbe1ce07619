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

-- Webhooks: addresses told of events, and the queue of deliveries to
-- them. events is a comma-separated list of event names. A delivery keeps
-- its JSON payload as it was when the event happened.
CREATE TABLE webhooks (
	id         INTEGER PRIMARY KEY,
	url        TEXT    NOT NULL CHECK (url <> ''),
	events     TEXT    NOT NULL CHECK (events <> ''),
	secret     TEXT    NOT NULL CHECK (secret <> ''),
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE webhook_deliveries (
	id              INTEGER PRIMARY KEY,
	webhook_id      INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	event           TEXT    NOT NULL,
	payload         BLOB    NOT NULL,
	status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL,
	next_attempt_at INTEGER NOT NULL,
	give_up_at      INTEGER NOT NULL,
	last_attempt_at INTEGER,
	response_status INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, id);
