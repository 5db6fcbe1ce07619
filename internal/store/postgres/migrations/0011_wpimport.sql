-- What an import brought in, as in the SQLite schema: (source site, kind,
-- the source's own id) → the Masthead record it became, with a hash of
-- the source item as last imported.
CREATE TABLE import_map (
	source      text        NOT NULL CHECK (source <> ''),
	kind        text        NOT NULL CHECK (kind <> ''),
	source_id   text        NOT NULL CHECK (source_id <> ''),
	target_id   bigint      NOT NULL,
	hash        text        NOT NULL DEFAULT '',
	imported_at timestamptz NOT NULL,
	PRIMARY KEY (source, kind, source_id)
);
