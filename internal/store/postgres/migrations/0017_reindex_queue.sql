-- Articles whose search entries a rename left behind: renaming a tag or
-- an author changes the names in the entries of every article linked to
-- it, thousands for a big tag, and each entry is built in Go from the
-- article's whole text, so re-indexing them all inside the rename's
-- transaction took minutes. The rename only records the articles here,
-- in the same transaction, and a background job (jobs.SearchReindex)
-- refreshes them a batch per short transaction. A table, so that nothing
-- queued is lost to a restart. No foreign key: an article deleted
-- meanwhile is simply dropped when its turn comes. queued_at is bumped
-- by a second rename, which makes it wait for a drain holding the row.
CREATE TABLE search_reindex (
	article_id bigint      PRIMARY KEY,
	queued_at  timestamptz NOT NULL DEFAULT now()
);
