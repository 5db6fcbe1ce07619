package sqlite

// RankRelatedInMemory makes every ranking of related stories on db use
// the related index, brought up to date first (related_index.go), and
// RankRelatedInSQL makes every one rank in SQL, whatever the index's
// timing.
func RankRelatedInMemory(db *DB) { db.related.mode = inline }

func RankRelatedInSQL(db *DB) { db.related.mode = never }
