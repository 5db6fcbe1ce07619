-- Editions: the publication's languages, each section's names in them,
-- and the language and translation links of articles. An article's lang
-- is '' for the default language, so existing articles belong to it and
-- stay there if the default changes.
CREATE TABLE editions (
	code     text    PRIMARY KEY,
	name     text    NOT NULL,
	dir      text    NOT NULL DEFAULT 'ltr' CHECK (dir IN ('ltr', 'rtl')),
	position integer NOT NULL DEFAULT 0,
	tagline  text    NOT NULL DEFAULT '',
	about    text    NOT NULL DEFAULT ''
);

CREATE TABLE category_names (
	category_id bigint NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
	lang        text   NOT NULL,
	name        text   NOT NULL,
	description text   NOT NULL DEFAULT '',
	PRIMARY KEY (category_id, lang)
);

ALTER TABLE articles ADD COLUMN lang text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN translation_group bigint NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN translated_from bigint NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN translator_id bigint NOT NULL DEFAULT 0;

CREATE INDEX articles_translation_group ON articles (translation_group) WHERE translation_group <> 0;
-- Lists now name a language: an edition's newest visible articles.
CREATE INDEX articles_visible_lang ON articles (status, lang, published_at DESC NULLS LAST, id DESC);

-- Both tables are part of the chrome every page shows.
DO $$
DECLARE
	t record;
	op text;
BEGIN
	FOR t IN SELECT * FROM (VALUES ('editions', 'settings'), ('category_names', 'categories')) AS v (tbl, kind) LOOP
		FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
			EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS %s
				FOR EACH STATEMENT EXECUTE FUNCTION masthead_changed(%L)', t.tbl || '_changed_' || op, upper(op), t.tbl,
				CASE op WHEN 'delete' THEN 'OLD' ELSE 'NEW' END, CASE op WHEN 'delete' THEN 'old_rows' ELSE 'new_rows' END, t.kind);
			EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS %s
				FOR EACH STATEMENT EXECUTE FUNCTION masthead_row_keys(%L, %L)', t.tbl || '_keys_' || op, upper(op), t.tbl,
				CASE op WHEN 'delete' THEN 'OLD' ELSE 'NEW' END, CASE op WHEN 'delete' THEN 'old_rows' ELSE 'new_rows' END, '', 'chrome');
		END LOOP;
	END LOOP;
END
$$;

-- An article page lists its translations ("Read in"): any write to an
-- article of a group, or moving one in or out, changes the group's key.
CREATE FUNCTION masthead_translation_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM masthead_log_keys(array(SELECT 'translations:' || translation_group FROM new_rows WHERE translation_group <> 0));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM masthead_log_keys(array(SELECT 'translations:' || translation_group FROM old_rows WHERE translation_group <> 0));
	ELSE
		PERFORM masthead_log_keys(array(
			SELECT 'translations:' || translation_group FROM new_rows WHERE translation_group <> 0
			UNION SELECT 'translations:' || translation_group FROM old_rows WHERE translation_group <> 0));
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER articles_translations_insert AFTER INSERT ON articles REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION masthead_translation_keys();
CREATE TRIGGER articles_translations_update AFTER UPDATE ON articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION masthead_translation_keys();
CREATE TRIGGER articles_translations_delete AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION masthead_translation_keys();
