-- The search index moves to a file of its own beside this one
-- (search_file.go), written by a connection of its own: SQLite lets one
-- connection write a file at a time, and the index was half of the
-- writer's work in an import, done on one core while the other waited.
-- Writes now only queue the articles whose entries must change, in
-- their own transaction, and the indexer applies the queue to the search
-- file in order, recording there the last entry it applied. The file is
-- derived from this one: a missing, foreign or newer one is rebuilt from
-- the articles. Renames still queue their articles in search_reindex
-- first (0018), and the job that drains it queues them here.
DROP TRIGGER article_search_moved;
DROP TRIGGER article_search_deleted;
DROP TABLE article_search;
DROP TABLE article_search_head;

-- AUTOINCREMENT: a sequence number is never handed out twice, even after
-- the queue is pruned empty, so the search file's last applied number
-- always says how far it got (and one past the largest ever issued says
-- it belongs to another copy of this database).
CREATE TABLE search_queue (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id INTEGER NOT NULL
) STRICT;

-- token names this database to its search file; a search file made for
-- another database (a restored backup's old file, a copied one) is
-- rebuilt.
CREATE TABLE search_file (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	token TEXT    NOT NULL
) STRICT;

INSERT INTO search_file (id, token) VALUES (1, lower(hex(randomblob(16))));

-- An article that went away, or moved in time (its entry's key holds its
-- time), is queued whatever the write path: the indexer removes or moves
-- its entry.
CREATE TRIGGER search_queue_deleted AFTER DELETE ON articles
BEGIN
	INSERT INTO search_queue (article_id) VALUES (OLD.id);
END;

CREATE TRIGGER search_queue_moved AFTER UPDATE OF published_at ON articles
WHEN OLD.published_at IS NOT NEW.published_at
BEGIN
	INSERT INTO search_queue (article_id) VALUES (NEW.id);
END;
