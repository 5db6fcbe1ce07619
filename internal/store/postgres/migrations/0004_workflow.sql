-- The editorial workflow: articles and pages gain the statuses "review"
-- (submitted by a contributor, waiting for an editor) and "unpublished"
-- (taken down after publication); articles gain revisions, a version that
-- every save must name (so a stale save is refused, not applied), and
-- redirects from the addresses they had before.

ALTER TABLE articles DROP CONSTRAINT articles_status_check;
ALTER TABLE articles ADD CONSTRAINT articles_status_check
	CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'unpublished'));
ALTER TABLE pages DROP CONSTRAINT pages_status_check;
ALTER TABLE pages ADD CONSTRAINT pages_status_check
	CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'unpublished'));

-- The number of the article's latest revision. A save names the version
-- it started from; the store refuses it when another save came first.
ALTER TABLE articles ADD COLUMN version integer NOT NULL DEFAULT 1;

-- Every save keeps the whole editable article as it was saved, as JSON in
-- the shape of internal/store/storejson.Revision.
CREATE TABLE article_revisions (
	id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	article_id bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	version    integer     NOT NULL,
	created_at timestamptz NOT NULL,
	user_id    bigint      REFERENCES users (id) ON DELETE SET NULL,
	user_name  text        NOT NULL DEFAULT '',
	note       text        NOT NULL DEFAULT '',
	snapshot   text        NOT NULL,
	UNIQUE (article_id, version)
);

-- Work a writer has not saved: one per article and person, written by
-- autosave, cleared by a save. A stale save that is refused lands here
-- too, so no text is ever lost.
CREATE TABLE article_drafts (
	article_id   bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	base_version integer     NOT NULL,
	saved_at     timestamptz NOT NULL,
	snapshot     text        NOT NULL,
	PRIMARY KEY (article_id, user_id)
);

-- Who has an article open in the editor, refreshed while they do.
CREATE TABLE article_presence (
	article_id bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	seen_at    timestamptz NOT NULL,
	PRIMARY KEY (article_id, user_id)
);

-- Old reader addresses that now live elsewhere: a published article whose
-- slug or date changed keeps its old address as a 301. A redirect names
-- the article rather than its address when it can, so that it follows
-- the article through later moves; otherwise it names a fixed target.
CREATE TABLE redirects (
	path       text        PRIMARY KEY CHECK (path LIKE '/%'),
	article_id bigint      REFERENCES articles (id) ON DELETE CASCADE,
	target     text        NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	CHECK (article_id IS NOT NULL OR target <> '')
);

CREATE INDEX redirects_article ON redirects (article_id);

-- Secrets the site signs with (preview links), made once per database so
-- every app node shares them.
CREATE TABLE secrets (
	name  text  PRIMARY KEY CHECK (name <> ''),
	value bytea NOT NULL
);
