-- Full-text search over articles.
--
-- Each article's entry is a tsvector built in Go (see search.go), not by
-- to_tsvector: the words are cut and folded by Masthead's own rules
-- (search.DocumentOf and search.SplitWords: lower case, no accents,
-- ə → e, ı → i, Cyrillic in Latin letters), which PostgreSQL's parser and
-- dictionaries cannot reproduce and which, unlike them, do not depend on
-- the database's locale. Queries are built the same way, so both sides
-- meet on the same words.
--
-- Weights: A the title, B the standfirst, C the byline and tag names,
-- D the body; ranking weighs them as the SQLite backend's bm25 does.
--
-- Every article is indexed whatever its status: visibility is decided
-- when a query runs, so a scheduled article becomes findable at its time
-- without a job. The entries live beside the articles rather than in
-- them so that the rows every list page reads stay narrow.
--
-- Articles stored before this migration are indexed by the program right
-- after it runs, in the same transaction, since only Go can fold them.
CREATE TABLE article_search (
	article_id bigint   PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	document   tsvector NOT NULL
);

CREATE INDEX article_search_document ON article_search USING gin (document);
