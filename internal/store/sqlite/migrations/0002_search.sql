-- Full-text search over articles, with FTS5: article_search finds the
-- matches, article_search_head ranks them.
--
-- Both hold text folded by Masthead's own rules (masthead_fold and its
-- kin, Go functions the program registers with the driver: lower case, no
-- accents, ə → e, ı → i, Cyrillic in Latin letters). unicode61's
-- remove_diacritics folds ü but not ə or ı and transliterates nothing, so
-- it is left off: the tokenizer only cuts words and lower-cases, exactly
-- as the Go side expects.
--
-- Both are contentless: the original text is in articles already, and a
-- folded copy would only serve snippet(), which would show readers
-- "hesenova" for "Həsənova"; snippets are cut in Go from the original.
-- contentless_delete lets an entry be replaced.
--
-- The rowid is not the article id but a key made of the publication time
-- in the high bits and the id in the low 29 (drafts without a time sort
-- below every time), so that the index's own order is publication order:
-- "the newest 1,000 matches", "published before now" and a reader's date
-- range are rowid ranges, which FTS5 seeks to instead of filtering row by
-- row. The same expression is spelled in search.go and in the triggers
-- below.
--
-- facets holds the article's category, tag and author ids as tokens
-- (əc12 ət7 əa3), so that filters are part of the MATCH and FTS5
-- intersects them with the words. No reader query can match them: the
-- query folding turns every ə into e.
--
-- prefix = '2 3 4' makes the prefix queries of search-as-you-type cheap,
-- at the cost of a larger index.
CREATE VIRTUAL TABLE article_search USING fts5(
	title,
	standfirst,
	body,
	names,
	facets,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3 4'
);

-- The head of each article: title, standfirst, the opening words of the
-- body and the names. bm25 over the whole text reads every row holding a
-- query word, across the whole archive, to weigh the words (a common one
-- is in a third of it), which costs milliseconds per word before a single
-- match is scored; over these short fields it costs a thirtieth. Matches
-- are ranked by their head, then by recency.
CREATE VIRTUAL TABLE article_search_head USING fts5(
	title,
	standfirst,
	lede,
	names,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3 4'
);

-- Every article is indexed whatever its status: whether readers may see
-- it is decided when a query runs, against this table of the published
-- ones, so that an embargoed article becomes findable at its time without
-- a job and an unpublished one is gone at once. Triggers keep it, so no
-- write path can forget it; rows are small and keyed by id, which makes
-- the check far cheaper than a look-up in articles.
CREATE TABLE published_articles (
	id           INTEGER PRIMARY KEY,
	published_at INTEGER NOT NULL
) STRICT;

INSERT INTO published_articles (id, published_at)
SELECT id, published_at FROM articles WHERE status = 'published' AND published_at IS NOT NULL;

CREATE TRIGGER published_articles_insert AFTER INSERT ON articles
WHEN NEW.status = 'published' AND NEW.published_at IS NOT NULL
BEGIN
	INSERT INTO published_articles (id, published_at) VALUES (NEW.id, NEW.published_at);
END;

CREATE TRIGGER published_articles_update AFTER UPDATE OF status, published_at ON articles
BEGIN
	DELETE FROM published_articles WHERE id = OLD.id;
	INSERT INTO published_articles (id, published_at)
	SELECT NEW.id, NEW.published_at WHERE NEW.status = 'published' AND NEW.published_at IS NOT NULL;
END;

CREATE TRIGGER published_articles_delete AFTER DELETE ON articles
BEGIN
	DELETE FROM published_articles WHERE id = OLD.id;
END;

-- An entry whose key no longer matches its article goes: the write path
-- that moved or removed the article indexes it again under its new key.
CREATE TRIGGER article_search_moved AFTER UPDATE OF published_at ON articles
WHEN OLD.published_at IS NOT NEW.published_at
BEGIN
	DELETE FROM article_search WHERE rowid = CASE WHEN OLD.published_at IS NULL
		THEN OLD.id - 4611686018427387904
		ELSE (max(min(OLD.published_at, 17179869183), -8589934591) << 29) | OLD.id END;
	DELETE FROM article_search_head WHERE rowid = CASE WHEN OLD.published_at IS NULL
		THEN OLD.id - 4611686018427387904
		ELSE (max(min(OLD.published_at, 17179869183), -8589934591) << 29) | OLD.id END;
END;

CREATE TRIGGER article_search_deleted AFTER DELETE ON articles
BEGIN
	DELETE FROM article_search WHERE rowid = CASE WHEN OLD.published_at IS NULL
		THEN OLD.id - 4611686018427387904
		ELSE (max(min(OLD.published_at, 17179869183), -8589934591) << 29) | OLD.id END;
	DELETE FROM article_search_head WHERE rowid = CASE WHEN OLD.published_at IS NULL
		THEN OLD.id - 4611686018427387904
		ELSE (max(min(OLD.published_at, 17179869183), -8589934591) << 29) | OLD.id END;
END;

-- Existing articles, indexed as search.go indexes them.
CREATE TEMP TABLE search_fill AS
SELECT CASE WHEN a.published_at IS NULL
		THEN a.id - 4611686018427387904
		ELSE (max(min(a.published_at, 17179869183), -8589934591) << 29) | a.id END AS key,
	masthead_fold(a.title) AS title,
	masthead_fold(a.standfirst) AS standfirst,
	masthead_fold_html(a.body) AS body,
	masthead_fold_lede(a.body) AS lede,
	masthead_fold(concat_ws(' ',
		(SELECT group_concat(au.name, ' ' ORDER BY aa.position)
			FROM article_authors aa JOIN authors au ON au.id = aa.author_id
			WHERE aa.article_id = a.id),
		(SELECT group_concat(t.name, ' ' ORDER BY at.position)
			FROM article_tags at JOIN tags t ON t.id = at.tag_id
			WHERE at.article_id = a.id))) AS names,
	concat_ws(' ',
		(SELECT group_concat('əc' || category_id, ' ') FROM article_categories WHERE article_id = a.id),
		(SELECT group_concat('ət' || tag_id, ' ') FROM article_tags WHERE article_id = a.id),
		(SELECT group_concat('əa' || author_id, ' ') FROM article_authors WHERE article_id = a.id)) AS facets
FROM articles a;

INSERT INTO article_search (rowid, title, standfirst, body, names, facets)
SELECT key, title, standfirst, body, names, facets FROM search_fill;

INSERT INTO article_search_head (rowid, title, standfirst, lede, names)
SELECT key, title, standfirst, lede, names FROM search_fill;

DROP TABLE search_fill;

-- One b-tree instead of the many segments a bulk insert leaves.
INSERT INTO article_search (article_search) VALUES ('optimize');
INSERT INTO article_search_head (article_search_head) VALUES ('optimize');
