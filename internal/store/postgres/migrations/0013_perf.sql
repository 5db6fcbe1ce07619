-- Change keys: beside each change version, which parts of the publication
-- a write touched, so that a page cache drops exactly the pages that show
-- them (internal/store/keys.go names the keys). Statement triggers log a
-- transaction's keys against its id; masthead_commit_changes stamps them
-- with the version it takes at commit. A redirects kind is added.

CREATE TABLE change_keys (
	xact    xid8        NOT NULL,
	version bigint,
	key     text        NOT NULL,
	at      timestamptz NOT NULL DEFAULT now(),
	UNIQUE (xact, key)
);

CREATE INDEX change_keys_version ON change_keys (version);
CREATE INDEX change_keys_at ON change_keys (at);

-- horizon is the newest version whose keys were pruned: keys asked for
-- since an older version are no longer complete.
CREATE TABLE change_log (
	id      integer PRIMARY KEY CHECK (id = 1),
	horizon bigint  NOT NULL
);

INSERT INTO change_log (id, horizon) VALUES (1, 0);

INSERT INTO change_kinds (kind) VALUES ('redirects');

CREATE OR REPLACE FUNCTION masthead_commit_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	v bigint;
	kinds text := coalesce(current_setting('masthead.changed_kinds', true), '');
BEGIN
	UPDATE change_counter SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
	UPDATE change_kinds SET version = v WHERE position(',' || kind || ',' IN kinds) > 0;
	UPDATE change_keys SET version = v WHERE xact = NEW.xact AND version IS NULL;
	DELETE FROM change_pending WHERE xact = NEW.xact;
	-- Should deferred triggers run early (SET CONSTRAINTS ALL IMMEDIATE),
	-- later writes in the transaction start a new round.
	PERFORM set_config('masthead.changed_kinds', '', true);
	RETURN NULL;
END
$$;

-- masthead_log_keys logs keys for the current transaction, once each.
CREATE FUNCTION masthead_log_keys(keys text[]) RETURNS void LANGUAGE sql AS $$
	INSERT INTO change_keys (xact, key)
	SELECT DISTINCT pg_current_xact_id(), k FROM unnest(keys) AS k WHERE k IS NOT NULL
	ON CONFLICT (xact, key) DO NOTHING
$$;

-- Articles: their own key always; "articles" when one is or was
-- published; the lists it is in when its visibility or its place in them
-- moved (published, unpublished, re-dated, added or removed while
-- published). A new article's links are written after it and log their
-- own keys; a deleted one's links are deleted with it, likewise.
CREATE FUNCTION masthead_article_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM masthead_log_keys(array(
			SELECT 'article:' || id FROM new_rows
			UNION ALL SELECT k FROM new_rows, unnest(ARRAY['articles', 'list:latest']) AS k WHERE status = 'published'));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM masthead_log_keys(array(
			SELECT 'article:' || id FROM old_rows
			UNION ALL SELECT k FROM old_rows, unnest(ARRAY['articles', 'list:latest']) AS k WHERE status = 'published'));
	ELSE
		PERFORM masthead_log_keys(array(
			WITH moved AS (
				SELECT n.id, (o.status = 'published' OR n.status = 'published') AS shown,
					(o.status IS DISTINCT FROM n.status OR o.published_at IS DISTINCT FROM n.published_at) AS relisted
				FROM old_rows o JOIN new_rows n ON n.id = o.id
			)
			SELECT 'article:' || id FROM moved
			UNION ALL SELECT 'articles' FROM moved WHERE shown
			UNION ALL SELECT 'list:latest' FROM moved WHERE shown AND relisted
			UNION ALL SELECT 'list:category:' || l.category_id FROM moved JOIN article_categories l ON l.article_id = moved.id WHERE shown AND relisted
			UNION ALL SELECT 'list:tag:' || l.tag_id FROM moved JOIN article_tags l ON l.article_id = moved.id WHERE shown AND relisted
			UNION ALL SELECT 'list:author:' || l.author_id FROM moved JOIN article_authors l ON l.article_id = moved.id WHERE shown AND relisted));
	END IF;
	RETURN NULL;
END
$$;

-- Links (TG_ARGV[0] names the term column, TG_ARGV[1] the list): a link
-- of an article that is published, or is gone, moves the list of its
-- section, topic or author.
CREATE FUNCTION masthead_link_keys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	rows_sql text;
BEGIN
	IF TG_OP = 'INSERT' THEN
		rows_sql := format('SELECT article_id, %I AS term FROM new_rows', TG_ARGV[0]);
	ELSIF TG_OP = 'DELETE' THEN
		rows_sql := format('SELECT article_id, %I AS term FROM old_rows', TG_ARGV[0]);
	ELSE
		rows_sql := format('SELECT article_id, %1$I AS term FROM new_rows UNION ALL SELECT article_id, %1$I FROM old_rows', TG_ARGV[0]);
	END IF;
	EXECUTE format($q$
		SELECT masthead_log_keys(array(
			WITH links AS (%s),
			listed AS (
				SELECT * FROM links l
				WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = l.article_id AND a.status <> 'published')
			)
			SELECT 'article:' || article_id FROM links
			UNION ALL SELECT 'articles' FROM listed
			UNION ALL SELECT %L || term FROM listed))
	$q$, rows_sql, TG_ARGV[1]);
	RETURN NULL;
END
$$;

-- Rows shown as they are (TG_ARGV: the row key's prefix, then the
-- kind's key; '' for none).
CREATE FUNCTION masthead_row_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_ARGV[0] = '' THEN
		-- Tables without a key of their own (redirects have no id).
		IF TG_OP = 'DELETE' THEN
			PERFORM 1 FROM old_rows LIMIT 1;
		ELSE
			PERFORM 1 FROM new_rows LIMIT 1;
		END IF;
		IF FOUND THEN
			PERFORM masthead_log_keys(ARRAY[TG_ARGV[1]]);
		END IF;
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM masthead_log_keys(array(
			SELECT TG_ARGV[0] || id FROM old_rows
			UNION ALL (SELECT TG_ARGV[1] FROM old_rows WHERE TG_ARGV[1] <> '' LIMIT 1)));
	ELSE
		PERFORM masthead_log_keys(array(
			SELECT TG_ARGV[0] || id FROM new_rows
			UNION ALL (SELECT TG_ARGV[1] FROM new_rows WHERE TG_ARGV[1] <> '' LIMIT 1)));
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER articles_keys_insert AFTER INSERT ON articles REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION masthead_article_keys();
CREATE TRIGGER articles_keys_update AFTER UPDATE ON articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION masthead_article_keys();
CREATE TRIGGER articles_keys_delete AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION masthead_article_keys();

DO $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT * FROM (VALUES ('article_categories', 'category_id', 'list:category:'), ('article_tags', 'tag_id', 'list:tag:'),
			('article_authors', 'author_id', 'list:author:')) AS v (tbl, col, list) LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION masthead_link_keys(%L, %L)', t.tbl || '_keys_insert', t.tbl, t.col, t.list);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION masthead_link_keys(%L, %L)', t.tbl || '_keys_update', t.tbl, t.col, t.list);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
			FOR EACH STATEMENT EXECUTE FUNCTION masthead_link_keys(%L, %L)', t.tbl || '_keys_delete', t.tbl, t.col, t.list);
	END LOOP;
	FOR t IN SELECT * FROM (VALUES ('categories', '', 'chrome'), ('tags', 'tag:', 'tags'), ('authors', 'author:', 'authors'),
			('pages', 'page:', 'pages'), ('images', 'image:', ''), ('menu_items', '', 'chrome'), ('banners', '', 'chrome'),
			('settings', '', 'chrome'), ('redirects', '', 'redirects')) AS v (tbl, prefix, kind) LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION masthead_row_keys(%L, %L)', t.tbl || '_keys_insert', t.tbl, t.prefix, t.kind);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION masthead_row_keys(%L, %L)', t.tbl || '_keys_update', t.tbl, t.prefix, t.kind);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
			FOR EACH STATEMENT EXECUTE FUNCTION masthead_row_keys(%L, %L)', t.tbl || '_keys_delete', t.tbl, t.prefix, t.kind);
	END LOOP;
	-- Redirects join the version triggers of migration 0005.
	EXECUTE 'CREATE TRIGGER redirects_changed_insert AFTER INSERT ON redirects REFERENCING NEW TABLE AS new_rows
		FOR EACH STATEMENT EXECUTE FUNCTION masthead_changed(''redirects'')';
	EXECUTE 'CREATE TRIGGER redirects_changed_update AFTER UPDATE ON redirects REFERENCING NEW TABLE AS new_rows
		FOR EACH STATEMENT EXECUTE FUNCTION masthead_changed(''redirects'')';
	EXECUTE 'CREATE TRIGGER redirects_changed_delete AFTER DELETE ON redirects REFERENCING OLD TABLE AS old_rows
		FOR EACH STATEMENT EXECUTE FUNCTION masthead_changed(''redirects'')';
END
$$;
