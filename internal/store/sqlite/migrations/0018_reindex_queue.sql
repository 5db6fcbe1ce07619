-- Articles whose search entries a rename left behind: renaming a tag or
-- an author changes the names in the entries of every article linked to
-- it, thousands for a big tag, and re-indexing them all inside the
-- rename's transaction held the one writer for minutes. The rename only
-- records the articles here, in the same transaction, and a background
-- job (jobs.SearchReindex) refreshes them a batch per short transaction.
-- A table, so that nothing queued is lost to a restart. No foreign key:
-- an article deleted meanwhile is simply dropped when its turn comes.
CREATE TABLE search_reindex (
	article_id INTEGER PRIMARY KEY
) STRICT;
