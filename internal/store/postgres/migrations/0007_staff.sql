-- Staff management: the audit log, TOTP second factors with their
-- recovery codes, and sign-ins waiting for their second factor, as in the
-- SQLite schema.

CREATE TABLE audit_log (
	id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at            timestamptz NOT NULL,
	user_id       bigint      REFERENCES users (id) ON DELETE SET NULL,
	user_name     text        NOT NULL DEFAULT '',
	action        text        NOT NULL CHECK (action <> ''),
	subject_kind  text        NOT NULL DEFAULT '',
	subject_id    bigint      NOT NULL DEFAULT 0,
	subject_title text        NOT NULL DEFAULT '',
	ip            text        NOT NULL DEFAULT '',
	detail        text        NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_user ON audit_log (user_id, id);
-- text_pattern_ops lets LIKE 'prefix%' use the index whatever the
-- database's collation.
CREATE INDEX audit_log_action ON audit_log (action text_pattern_ops, id);

CREATE TABLE user_totp (
	user_id    bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret     text        NOT NULL CHECK (secret <> ''),
	enabled    boolean     NOT NULL DEFAULT false,
	last_step  bigint      NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	enabled_at timestamptz
);

CREATE TABLE user_recovery_codes (
	user_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash text        NOT NULL CHECK (code_hash <> ''),
	used_at   timestamptz,
	PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE signin_challenges (
	id         text        PRIMARY KEY CHECK (id <> ''),
	user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	next       text        NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL
);

CREATE INDEX signin_challenges_expiry ON signin_challenges (expires_at);
