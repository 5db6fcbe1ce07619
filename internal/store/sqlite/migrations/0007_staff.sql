-- Staff management: the audit log, TOTP second factors with their
-- recovery codes, and sign-ins waiting for their second factor.

-- Entries keep the actor's name and the subject's title as they were, so
-- the log still reads after a rename; user_id survives only while the
-- account does.
CREATE TABLE audit_log (
	id            INTEGER PRIMARY KEY,
	at            INTEGER NOT NULL,
	user_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
	user_name     TEXT    NOT NULL DEFAULT '',
	action        TEXT    NOT NULL CHECK (action <> ''),
	subject_kind  TEXT    NOT NULL DEFAULT '',
	subject_id    INTEGER NOT NULL DEFAULT 0,
	subject_title TEXT    NOT NULL DEFAULT '',
	ip            TEXT    NOT NULL DEFAULT '',
	detail        TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_user ON audit_log (user_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);

-- One TOTP set-up per account: pending (enabled = 0) between enrolment
-- and the first valid code. last_step is the 30-second step of the last
-- code accepted, so that no code is accepted twice.
CREATE TABLE user_totp (
	user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret     TEXT    NOT NULL CHECK (secret <> ''),
	enabled    INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
	last_step  INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	enabled_at INTEGER
) STRICT;

-- Recovery codes are kept as SHA-256 hashes: they are random and long
-- enough that a slow hash would add nothing.
CREATE TABLE user_recovery_codes (
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash TEXT    NOT NULL CHECK (code_hash <> ''),
	used_at   INTEGER,
	PRIMARY KEY (user_id, code_hash)
) STRICT, WITHOUT ROWID;

-- A sign-in whose password was right, waiting for the second factor. The
-- id is the hash of the token the browser holds.
CREATE TABLE signin_challenges (
	id         TEXT    PRIMARY KEY CHECK (id <> ''),
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	next       TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX signin_challenges_expiry ON signin_challenges (expires_at);
