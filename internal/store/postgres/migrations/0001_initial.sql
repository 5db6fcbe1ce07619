-- The first schema: the same model as the SQLite backend's, in PostgreSQL's
-- own terms. Ids are identity columns; times are timestamptz, written in
-- whole seconds by the Go code so that what is sorted and filtered on is
-- exactly what readers get back; lists of small records that are only
-- ever read whole (variants, links, settings) are jsonb.

CREATE TABLE images (
	id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	created_at timestamptz NOT NULL,
	width      integer     NOT NULL DEFAULT 0,
	height     integer     NOT NULL DEFAULT 0,
	path       text        NOT NULL CHECK (path <> ''),
	mime       text        NOT NULL DEFAULT '',
	alt        text        NOT NULL DEFAULT '',
	caption    text        NOT NULL DEFAULT '',
	credit     text        NOT NULL DEFAULT '',
	-- Variants are only ever read together with their image, so an array
	-- saves a query per image load.
	variants   jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(variants) = 'array')
);

CREATE TABLE categories (
	id          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	parent_id   bigint  REFERENCES categories (id) ON DELETE SET NULL,
	position    integer NOT NULL DEFAULT 0,
	name        text    NOT NULL CHECK (name <> ''),
	slug        text    NOT NULL CHECK (slug <> ''),
	description text    NOT NULL DEFAULT ''
);

-- NULLs are distinct in a unique index, which would let two top-level
-- categories share a slug; folding the parent to 0 closes that gap, as
-- the SQLite schema does.
CREATE UNIQUE INDEX categories_sibling_slug ON categories ((coalesce(parent_id, 0)), slug);
CREATE INDEX categories_parent ON categories (parent_id);

CREATE TABLE tags (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name        text   NOT NULL CHECK (name <> ''),
	slug        text   NOT NULL CHECK (slug <> ''),
	description text   NOT NULL DEFAULT ''
);

CREATE UNIQUE INDEX tags_slug ON tags (slug);

CREATE TABLE authors (
	id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	avatar_id bigint REFERENCES images (id) ON DELETE SET NULL,
	name      text   NOT NULL CHECK (name <> ''),
	slug      text   NOT NULL CHECK (slug <> ''),
	bio       text   NOT NULL DEFAULT '',
	email     text   NOT NULL DEFAULT '',
	links     jsonb  NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(links) = 'array')
);

CREATE UNIQUE INDEX authors_slug ON authors (slug);

CREATE TABLE articles (
	-- Fixed-width columns first, so that rows pack without padding; the
	-- body is last and, when long, lives out of line in TOAST, where list
	-- queries that do not select it never read it.
	id                     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	published_at           timestamptz,
	updated_at             timestamptz,
	created_at             timestamptz NOT NULL,
	image_id               bigint      REFERENCES images (id) ON DELETE SET NULL,
	word_count             integer     NOT NULL DEFAULT 0,
	status                 text        NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
	title                  text        NOT NULL CHECK (title <> ''),
	slug                   text        NOT NULL CHECK (slug <> ''),
	standfirst             text        NOT NULL DEFAULT '',
	source_kind            text        NOT NULL DEFAULT '',
	source_publication     text        NOT NULL DEFAULT '',
	source_url             text        NOT NULL DEFAULT '',
	source_language        text        NOT NULL DEFAULT '',
	source_translator      text        NOT NULL DEFAULT '',
	source_original_author text        NOT NULL DEFAULT '',
	source_note            text        NOT NULL DEFAULT '',
	seo_title              text        NOT NULL DEFAULT '',
	seo_description        text        NOT NULL DEFAULT '',
	body                   text        NOT NULL DEFAULT ''
);

CREATE UNIQUE INDEX articles_slug ON articles (slug);
-- The reader site's front, section and feed pages walk this index
-- newest-first and stop after one page, whatever the table's size.
-- NULLS LAST matches the lists' order (undated drafts at the end, as
-- SQLite sorts them), so that the index also serves that ORDER BY.
CREATE INDEX articles_visible ON articles (status, published_at DESC NULLS LAST, id DESC);
-- The newsroom's list of everything, in the same order.
CREATE INDEX articles_published ON articles (published_at DESC NULLS LAST, id DESC);

-- position 0 is the primary category; the rest keep the editor's order.
CREATE TABLE article_categories (
	article_id  bigint  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	category_id bigint  NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
	position    integer NOT NULL,
	PRIMARY KEY (article_id, category_id)
);

CREATE INDEX article_categories_category ON article_categories (category_id, article_id);
CREATE INDEX article_categories_primary ON article_categories (category_id, article_id) WHERE position = 0;

CREATE TABLE article_tags (
	article_id bigint  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	tag_id     bigint  NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
	position   integer NOT NULL,
	PRIMARY KEY (article_id, tag_id)
);

CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

-- position keeps the byline's order.
CREATE TABLE article_authors (
	article_id bigint  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	author_id  bigint  NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
	position   integer NOT NULL,
	PRIMARY KEY (article_id, author_id)
);

CREATE INDEX article_authors_author ON article_authors (author_id, article_id);

-- No index leads with articles.image_id, authors.avatar_id, banners.image_id
-- or settings.logo_id: nothing deletes images yet, and at a million
-- articles such an index costs every write. Add them with image deletion.

CREATE TABLE pages (
	id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	published_at timestamptz,
	updated_at   timestamptz,
	status       text        NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
	title        text        NOT NULL CHECK (title <> ''),
	slug         text        NOT NULL CHECK (slug <> ''),
	body         text        NOT NULL DEFAULT ''
);

CREATE UNIQUE INDEX pages_slug ON pages (slug);

CREATE TABLE menu_items (
	id        bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	parent_id bigint  REFERENCES menu_items (id) ON DELETE CASCADE,
	position  integer NOT NULL DEFAULT 0,
	menu      text    NOT NULL,
	label     text    NOT NULL,
	url       text    NOT NULL DEFAULT ''
);

CREATE INDEX menu_items_menu ON menu_items (menu, id);
CREATE INDEX menu_items_parent ON menu_items (parent_id);

CREATE TABLE banners (
	id       bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	image_id bigint  REFERENCES images (id) ON DELETE SET NULL,
	position integer NOT NULL,
	title    text    NOT NULL DEFAULT '',
	url      text    NOT NULL DEFAULT ''
);

-- One row. The logo is a column rather than part of the JSON so that the
-- database checks it refers to a real image.
CREATE TABLE settings (
	id      integer PRIMARY KEY CHECK (id = 1),
	logo_id bigint  REFERENCES images (id) ON DELETE SET NULL,
	data    jsonb   NOT NULL CHECK (jsonb_typeof(data) = 'object')
);
