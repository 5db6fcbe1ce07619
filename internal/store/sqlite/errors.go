package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	modernc "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/mastheadhq/masthead/internal/news"
)

// translate gives driver errors the news error kind they stand for, so
// that callers can tell a taken slug from a broken disk without knowing
// SQLite. Errors that already carry a kind, and those with none to give,
// pass through unchanged.
func translate(err error) error {
	if err == nil || hasKind(err) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", news.ErrNotFound, err)
	}
	var serr *modernc.Error
	if !errors.As(err, &serr) {
		return err
	}
	switch serr.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w: %w", news.ErrConflict, err)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, sqlite3.SQLITE_CONSTRAINT_NOTNULL,
		sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_DATATYPE:
		return fmt.Errorf("%w: %w", news.ErrInvalid, err)
	}
	return err
}

func hasKind(err error) bool {
	return errors.Is(err, news.ErrNotFound) || errors.Is(err, news.ErrConflict) ||
		errors.Is(err, news.ErrInvalid) || errors.Is(err, news.ErrForbidden)
}
