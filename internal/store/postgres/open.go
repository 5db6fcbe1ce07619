package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mastheadhq/masthead/internal/store/querystats"
)

// Errors Open returns for databases it will not touch, so that the command
// line can explain rather than just fail.
var (
	ErrForeignDatabase = errors.New("database was not created by Masthead")
	ErrNewerSchema     = errors.New("database schema is newer than this program")
)

// Open connects to the database that dsn names and brings its schema up to
// date. dsn is a libpq connection string or URL
// (postgres://user:pass@host:5432/db?sslmode=disable); pgxpool's own
// parameters, such as pool_max_conns, size the pool. Masthead's tables
// live in the connection's current schema, normally public, or the first
// one of a search_path given in dsn.
//
// Several nodes may call Open on one database at once: migrations run
// under an advisory lock, so exactly one of them applies each. Open
// refuses, without changing anything, a schema that holds tables but no
// Masthead migration history, and one that a newer Masthead has migrated.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's parse errors quote the DSN with its password masked.
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	// Named connections tell an operator looking at pg_stat_activity
	// which of a database's clients is which.
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "masthead"
	}
	queries := &querystats.Hook{}
	cfg.ConnConfig.Tracer = querystats.Tracer(queries)
	where := fmt.Sprintf("postgres %s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", where, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: %w", where, err)
	}
	return &DB{pool: pool, queries: queries}, nil
}
