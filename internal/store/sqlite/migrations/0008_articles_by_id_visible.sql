-- PostgreSQL's migration 8 adds a covering index of articles by id with
-- their visibility, for capped listing counts. SQLite needs none: every
-- index already carries the rowid, which is the article id. This file
-- keeps the two backends' schema versions numbered alike.
SELECT 1;
