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

-- Webhooks and their delivery queue, as in the SQLite schema.
CREATE TABLE webhooks (
	id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	url        text        NOT NULL CHECK (url <> ''),
	events     text        NOT NULL CHECK (events <> ''),
	secret     text        NOT NULL CHECK (secret <> ''),
	created_at timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
	id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	webhook_id      bigint      NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	event           text        NOT NULL,
	payload         bytea       NOT NULL,
	status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
	attempts        integer     NOT NULL DEFAULT 0,
	created_at      timestamptz NOT NULL,
	next_attempt_at timestamptz NOT NULL,
	give_up_at      timestamptz NOT NULL,
	last_attempt_at timestamptz,
	response_status integer     NOT NULL DEFAULT 0,
	last_error      text        NOT NULL DEFAULT ''
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, id);
