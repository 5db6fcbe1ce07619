-- The first schema. Times are INTEGER unix seconds in UTC, NULL when unset.
-- Tables are STRICT so that a wrong type is an error, not a silent cast.

CREATE TABLE images (
	id         INTEGER PRIMARY KEY,
	path       TEXT    NOT NULL CHECK (path <> ''),
	mime       TEXT    NOT NULL DEFAULT '',
	width      INTEGER NOT NULL DEFAULT 0,
	height     INTEGER NOT NULL DEFAULT 0,
	alt        TEXT    NOT NULL DEFAULT '',
	caption    TEXT    NOT NULL DEFAULT '',
	credit     TEXT    NOT NULL DEFAULT '',
	-- Variants are only ever read together with their image, so a JSON
	-- array saves a query per image load.
	variants   TEXT    NOT NULL DEFAULT '[]',
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE categories (
	id          INTEGER PRIMARY KEY,
	parent_id   INTEGER REFERENCES categories (id) ON DELETE SET NULL,
	name        TEXT    NOT NULL CHECK (name <> ''),
	slug        TEXT    NOT NULL CHECK (slug <> ''),
	description TEXT    NOT NULL DEFAULT '',
	position    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- NULLs are distinct in a unique index, which would let two top-level
-- categories share a slug; folding the parent to 0 closes that gap.
CREATE UNIQUE INDEX categories_sibling_slug ON categories (ifnull(parent_id, 0), slug);
CREATE INDEX categories_parent ON categories (parent_id);

CREATE TABLE tags (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL CHECK (name <> ''),
	slug        TEXT NOT NULL CHECK (slug <> ''),
	description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX tags_slug ON tags (slug);

CREATE TABLE authors (
	id        INTEGER PRIMARY KEY,
	name      TEXT    NOT NULL CHECK (name <> ''),
	slug      TEXT    NOT NULL CHECK (slug <> ''),
	bio       TEXT    NOT NULL DEFAULT '',
	email     TEXT    NOT NULL DEFAULT '',
	avatar_id INTEGER REFERENCES images (id) ON DELETE SET NULL,
	links     TEXT    NOT NULL DEFAULT '[]'
) STRICT;

CREATE UNIQUE INDEX authors_slug ON authors (slug);

CREATE TABLE articles (
	-- Small columns the lists filter and sort on come first and the body
	-- last: SQLite reads a row's columns in order, and a long body spills
	-- into overflow pages that a list query should never have to touch.
	id                     INTEGER PRIMARY KEY,
	status                 TEXT    NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
	published_at           INTEGER,
	updated_at             INTEGER,
	created_at             INTEGER NOT NULL,
	image_id               INTEGER REFERENCES images (id) ON DELETE SET NULL,
	word_count             INTEGER NOT NULL DEFAULT 0,
	title                  TEXT    NOT NULL CHECK (title <> ''),
	slug                   TEXT    NOT NULL CHECK (slug <> ''),
	standfirst             TEXT    NOT NULL DEFAULT '',
	source_kind            TEXT    NOT NULL DEFAULT '',
	source_publication     TEXT    NOT NULL DEFAULT '',
	source_url             TEXT    NOT NULL DEFAULT '',
	source_language        TEXT    NOT NULL DEFAULT '',
	source_translator      TEXT    NOT NULL DEFAULT '',
	source_original_author TEXT    NOT NULL DEFAULT '',
	source_note            TEXT    NOT NULL DEFAULT '',
	seo_title              TEXT    NOT NULL DEFAULT '',
	seo_description        TEXT    NOT NULL DEFAULT '',
	body                   TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX articles_slug ON articles (slug);
-- The reader site's front, section and feed pages walk this index
-- newest-first and stop after one page, whatever the table's size.
CREATE INDEX articles_visible ON articles (status, published_at DESC, id DESC);
-- The newsroom's list of everything, in the same order.
CREATE INDEX articles_published ON articles (published_at DESC, id DESC);

-- position 0 is the primary category; the rest keep the editor's order.
CREATE TABLE article_categories (
	article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	PRIMARY KEY (article_id, category_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_categories_category ON article_categories (category_id, article_id);
CREATE INDEX article_categories_primary ON article_categories (category_id, article_id) WHERE position = 0;

CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

-- position keeps the byline's order.
CREATE TABLE article_authors (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	author_id  INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	PRIMARY KEY (article_id, author_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_authors_author ON article_authors (author_id, article_id);

CREATE TABLE pages (
	id           INTEGER PRIMARY KEY,
	title        TEXT    NOT NULL CHECK (title <> ''),
	slug         TEXT    NOT NULL CHECK (slug <> ''),
	body         TEXT    NOT NULL DEFAULT '',
	status       TEXT    NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
	published_at INTEGER,
	updated_at   INTEGER
) STRICT;

CREATE UNIQUE INDEX pages_slug ON pages (slug);

CREATE TABLE menu_items (
	id        INTEGER PRIMARY KEY,
	menu      TEXT    NOT NULL,
	parent_id INTEGER REFERENCES menu_items (id) ON DELETE CASCADE,
	label     TEXT    NOT NULL,
	url       TEXT    NOT NULL DEFAULT '',
	position  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX menu_items_menu ON menu_items (menu, id);
CREATE INDEX menu_items_parent ON menu_items (parent_id);

CREATE TABLE banners (
	id       INTEGER PRIMARY KEY,
	title    TEXT    NOT NULL DEFAULT '',
	url      TEXT    NOT NULL DEFAULT '',
	image_id INTEGER REFERENCES images (id) ON DELETE SET NULL,
	position INTEGER NOT NULL
) STRICT;

-- One row. The logo is a column rather than part of the JSON so that the
-- database checks it refers to a real image.
CREATE TABLE settings (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	logo_id INTEGER REFERENCES images (id) ON DELETE SET NULL,
	data    TEXT    NOT NULL
) STRICT;
