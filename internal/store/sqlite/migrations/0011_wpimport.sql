-- What an import brought in, by where it came from: (source site, kind,
-- the source's own id) → the Masthead record it became, with a hash of
-- the source item as last imported. An import writes each item together
-- with its row in one transaction, so a re-run knows what is done (and
-- skips what has not changed), whatever point an earlier run was
-- stopped at. target_id has no foreign key: kinds name different tables.
CREATE TABLE import_map (
	source      TEXT    NOT NULL CHECK (source <> ''),
	kind        TEXT    NOT NULL CHECK (kind <> ''),
	source_id   TEXT    NOT NULL CHECK (source_id <> ''),
	target_id   INTEGER NOT NULL,
	hash        TEXT    NOT NULL DEFAULT '',
	imported_at INTEGER NOT NULL,
	PRIMARY KEY (source, kind, source_id)
) STRICT, WITHOUT ROWID;
