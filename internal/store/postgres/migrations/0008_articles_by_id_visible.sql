-- Capped counts of a listing (CountArticles with CountLimit) join the
-- articles of a large tag or section by id and stop after the cap; the
-- planner walks articles in id order to merge with the relation's index.
-- With status and publication time in the index that walk needs no heap:
-- at 1,000,000 articles the largest tag's capped count fell from ~50 to
-- ~6 ms on a busy machine (bench/README.md). SQLite's rowid indexes
-- already carry the id, so it has no counterpart.
CREATE INDEX articles_id_visible ON articles (id) INCLUDE (status, published_at);
