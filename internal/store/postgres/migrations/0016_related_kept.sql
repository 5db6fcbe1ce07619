-- Related articles kept from one article page to the next. Ranking an
-- article's related stories reads hundreds of index entries; the result
-- is kept here on first use and reused while nothing it was ranked from
-- has changed (internal/store/postgres/related_kept.go says how that is
-- known). Nothing is written here when articles are written, so imports
-- and publications pay nothing for it.
--
-- terms is what the list was ranked against (the article's language,
-- categories and tags); version the change version it was read at;
-- valid_until the next scheduled publication then (NULL for none), when a
-- story may join the list without any write.
CREATE TABLE related_kept (
	article_id  bigint      PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	related     bigint[]    NOT NULL,
	max_count   integer     NOT NULL,
	terms       text        NOT NULL,
	version     bigint      NOT NULL,
	valid_until timestamptz
);

-- The change version at which each section's and topic's list of visible
-- articles last moved. change_keys holds the same facts but is pruned
-- after an hour; this keeps one row per list for as long as the list
-- exists, so that a kept related list of any age can be checked with a
-- few primary-key reads. Keys get their version when
-- masthead_commit_changes stamps them at commit; this trigger follows
-- that stamping, so no write path can forget it either.
CREATE TABLE list_versions (
	key     text   PRIMARY KEY,
	version bigint NOT NULL
);

INSERT INTO list_versions (key, version)
	SELECT key, max(version) FROM change_keys
	WHERE version IS NOT NULL AND (key LIKE 'list:tag:%' OR key LIKE 'list:category:%') GROUP BY key;

CREATE FUNCTION masthead_follow_list_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO list_versions (key, version)
		SELECT key, max(version) FROM stamped
		WHERE version IS NOT NULL AND (key LIKE 'list:tag:%' OR key LIKE 'list:category:%')
		GROUP BY key
	ON CONFLICT (key) DO UPDATE SET version = greatest(list_versions.version, excluded.version);
	RETURN NULL;
END
$$;

CREATE TRIGGER list_versions_follow AFTER UPDATE ON change_keys
	REFERENCING NEW TABLE AS stamped
	FOR EACH STATEMENT EXECUTE FUNCTION masthead_follow_list_versions();
