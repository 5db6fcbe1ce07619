package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mastheadhq/masthead/internal/store/querystats"
)

// OpenReplica connects to a read-only replica of a Masthead database, for
// the reader pages' queries. It never migrates (a replica cannot be
// written, and its schema arrives from the primary) but refuses a replica
// whose schema is not the one this program expects, which happens while
// the primary is migrated during a rolling upgrade.
func OpenReplica(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres replica: %w", err)
	}
	queries := &querystats.Hook{}
	cfg.ConnConfig.Tracer = querystats.Tracer(queries)
	where := fmt.Sprintf("postgres replica %s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", where, err)
	}
	if err := checkReplicaSchema(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: %w", where, err)
	}
	return &DB{pool: pool, queries: queries, replica: true}, nil
}

func checkReplicaSchema(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return fmt.Errorf("%w: no schema_migrations table; start a node on the primary first", ErrForeignDatabase)
	}
	current, err := schemaVersion(ctx, pool)
	if err != nil {
		return err
	}
	if current != len(ms) {
		return fmt.Errorf("replica schema is at version %d, this program needs %d", current, len(ms))
	}
	return nil
}
