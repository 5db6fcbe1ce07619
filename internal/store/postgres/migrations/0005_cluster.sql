-- What several app nodes on one database need to agree on: a version of
-- what readers see (with a notification on commit), failed sign-ins, and
-- runs of periodic jobs.

-- change_counter hands out change versions. A transaction that wrote
-- reader-visible content updates its one row at commit time (in a deferred
-- trigger, below) and holds that row's lock only from then until the
-- commit completes: so versions become visible in the order of the
-- commits, and a node that polls the largest version never steps over a
-- write that committed late (as it could with a sequence). Taking the
-- lock last, after every other lock the transaction needs, is what keeps
-- it out of deadlocks.
CREATE TABLE change_counter (
	id      integer PRIMARY KEY CHECK (id = 1),
	version bigint  NOT NULL
);

INSERT INTO change_counter (id, version) VALUES (1, 0);

-- change_kinds holds the version at which each kind was last written.
CREATE TABLE change_kinds (
	kind    text   PRIMARY KEY,
	version bigint NOT NULL DEFAULT 0
);

INSERT INTO change_kinds (kind) VALUES ('articles'), ('categories'), ('tags'), ('authors'), ('pages'), ('images'), ('menus'), ('banners'), ('settings');

-- change_pending holds one row per transaction that has written
-- reader-visible content and not yet committed: its insert is what
-- schedules the deferred trigger. The row is deleted before the commit,
-- so the table is always empty between transactions; unlogged, it costs
-- no WAL.
CREATE UNLOGGED TABLE change_pending (
	xact xid8 PRIMARY KEY
);

-- masthead_changed runs after each statement that wrote rows of a
-- reader-visible table (TG_ARGV[0] is its kind). It notes the kind in a
-- transaction-local setting, schedules masthead_commit_changes once per
-- transaction, and queues a notification that PostgreSQL delivers to
-- every listening node when, and only if, the transaction commits
-- (identical ones within a transaction are delivered once, so a bulk
-- import sends one per kind). Statements that touched no rows (a scheduler
-- finding nothing due) do nothing, which is why the triggers see their
-- transition tables.
CREATE FUNCTION masthead_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	kinds text := coalesce(current_setting('masthead.changed_kinds', true), '');
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM 1 FROM old_rows LIMIT 1;
	ELSE
		PERFORM 1 FROM new_rows LIMIT 1;
	END IF;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	IF kinds = '' THEN
		INSERT INTO change_pending (xact) VALUES (pg_current_xact_id());
		kinds := ',';
	END IF;
	IF position(',' || TG_ARGV[0] || ',' IN kinds) = 0 THEN
		PERFORM set_config('masthead.changed_kinds', kinds || TG_ARGV[0] || ',', true);
	END IF;
	PERFORM pg_notify('masthead_changes', TG_ARGV[0]);
	RETURN NULL;
END
$$;

-- masthead_commit_changes runs as the transaction commits: it takes the
-- next version and records it against every kind the transaction wrote.
CREATE FUNCTION masthead_commit_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	v bigint;
	kinds text := coalesce(current_setting('masthead.changed_kinds', true), '');
BEGIN
	UPDATE change_counter SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
	UPDATE change_kinds SET version = v WHERE position(',' || kind || ',' IN kinds) > 0;
	DELETE FROM change_pending WHERE xact = NEW.xact;
	-- Should deferred triggers run early (SET CONSTRAINTS ALL IMMEDIATE),
	-- later writes in the transaction start a new round.
	PERFORM set_config('masthead.changed_kinds', '', true);
	RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER change_pending_commit AFTER INSERT ON change_pending
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION masthead_commit_changes();

DO $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT * FROM (VALUES ('articles', 'articles'), ('article_categories', 'articles'), ('article_tags', 'articles'), ('article_authors', 'articles'), ('categories', 'categories'), ('tags', 'tags'), ('authors', 'authors'), ('pages', 'pages'), ('images', 'images'), ('menu_items', 'menus'), ('banners', 'banners'), ('settings', 'settings')) AS v (tbl, kind) LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION masthead_changed(%L)', t.tbl || '_changed_insert', t.tbl, t.kind);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION masthead_changed(%L)', t.tbl || '_changed_update', t.tbl, t.kind);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
			FOR EACH STATEMENT EXECUTE FUNCTION masthead_changed(%L)', t.tbl || '_changed_delete', t.tbl, t.kind);
	END LOOP;
END
$$;

-- One row per failed attempt; key is a hash, never an address in clear.
CREATE TABLE throttle_failures (
	bucket text        NOT NULL CHECK (bucket <> ''),
	key    text        NOT NULL CHECK (key <> ''),
	at     timestamptz NOT NULL
);

CREATE INDEX throttle_failures_key ON throttle_failures (bucket, key, at);
CREATE INDEX throttle_failures_at ON throttle_failures (at);

-- One row per run of a periodic job: the primary key on (job, period) is
-- what makes a run happen once.
CREATE TABLE job_runs (
	job         text        NOT NULL CHECK (job <> ''),
	period      text        NOT NULL CHECK (period <> ''),
	node        text        NOT NULL CHECK (node <> ''),
	claimed_at  timestamptz NOT NULL,
	lease_until timestamptz NOT NULL,
	finished_at timestamptz,
	attempts    integer     NOT NULL DEFAULT 1,
	PRIMARY KEY (job, period)
);

CREATE INDEX job_runs_finished ON job_runs (finished_at);
