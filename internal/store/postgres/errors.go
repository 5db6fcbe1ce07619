package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mastheadhq/masthead/internal/news"
)

// SQLSTATE codes the store gives a meaning to. They are spelled out here
// rather than taken from a module of constants, since these few are all
// that is needed.
const (
	uniqueViolation     = "23505"
	exclusionViolation  = "23P01"
	foreignKeyViolation = "23503"
	checkViolation      = "23514"
	notNullViolation    = "23502"
	// badEncoding is text PostgreSQL cannot store: a NUL byte or invalid
	// UTF-8, which SQLite would have kept.
	badEncoding = "22021"
)

// translate gives server errors the news error kind they stand for, so
// that callers can tell a taken slug from a lost connection without
// knowing PostgreSQL. Errors that already carry a kind, and those with
// none to give, pass through unchanged.
func translate(err error) error {
	if err == nil || hasKind(err) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", news.ErrNotFound, err)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err
	}
	switch pgErr.Code {
	case uniqueViolation, exclusionViolation:
		return fmt.Errorf("%w: %w", news.ErrConflict, err)
	case foreignKeyViolation, checkViolation, notNullViolation, badEncoding:
		return fmt.Errorf("%w: %w", news.ErrInvalid, err)
	}
	return err
}

func hasKind(err error) bool {
	return errors.Is(err, news.ErrNotFound) || errors.Is(err, news.ErrConflict) ||
		errors.Is(err, news.ErrInvalid) || errors.Is(err, news.ErrForbidden)
}
