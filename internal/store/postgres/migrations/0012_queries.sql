-- SQLite's migration 11 adds an index of articles by id with their
-- visibility for capped section counts; PostgreSQL has had one since
-- migration 8 (articles_id_visible). This file keeps the two backends'
-- schema versions numbered alike.
SELECT 1;
