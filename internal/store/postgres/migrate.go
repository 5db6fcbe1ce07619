package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrationFiles are applied in the order of their number. A released
// file is never edited: a schema change is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded files and checks that they number
// 1, 2, 3… without gaps, so a misnamed file fails every test at once.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", base)
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: version, name: base, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return ms, nil
}

// programSteps are the parts of migrations that only Go can do, keyed by
// version: each runs right after the SQL file of that version, in the
// same transaction, so that a version is applied whole or not at all.
var programSteps = map[int]func(context.Context, pgx.Tx) error{
	2: indexAllArticles, // search entries are folded in Go
}

// migrationLockClass is the first half of the advisory lock key that
// serialises migrations; the second half is a hash of the schema name, so
// that publications kept in different schemas of one database do not
// wait for each other. The number is arbitrary: "mast" in ASCII.
const migrationLockClass = 0x6d617374

// migrate applies the migrations the schema has not seen, all in one
// transaction that first takes an advisory lock. When several nodes start
// at once, the first to get the lock migrates; the others wait, then find
// nothing left to do. The lock is a transaction lock, so it cannot outlive
// a failure, and PostgreSQL's transactional DDL means a failed migration
// leaves the schema exactly as it was.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := checkServerVersion(tx.Conn()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`,
			migrationLockClass); err != nil {
			return fmt.Errorf("take the migration lock: %w", err)
		}
		// Checked only once the lock is held: each statement of a read
		// committed transaction sees what committed before it began,
		// including the work of the node that held the lock before.
		fresh, err := checkOwnership(ctx, tx)
		if err != nil {
			return err
		}
		// Created only in an empty schema, so that an app role without the
		// right to create tables can run an already migrated database.
		if fresh {
			if _, err := tx.Exec(ctx, `CREATE TABLE schema_migrations (
				version    integer     PRIMARY KEY,
				applied_at timestamptz NOT NULL DEFAULT now()
			)`); err != nil {
				return fmt.Errorf("create schema_migrations: %w", err)
			}
		}
		current, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if current > len(ms) {
			return fmt.Errorf("%w: database is at version %d, this program knows up to %d",
				ErrNewerSchema, current, len(ms))
		}
		for _, m := range ms[current:] {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if step, ok := programSteps[m.version]; ok {
				if err := step(ctx, tx); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, m.version); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		return nil
	})
}

// minServerVersion is the oldest PostgreSQL major version the backend is
// tested against; older servers are refused at start rather than left to
// fail on the first statement they do not know.
const minServerVersion = 15

// checkServerVersion reads the version the server announced when the
// connection started, which costs no round trip.
func checkServerVersion(conn *pgx.Conn) error {
	v := conn.PgConn().ParameterStatus("server_version") // e.g. "15.20 (Debian 15.20-0+deb12u1)"
	digits := v[:len(v)-len(strings.TrimLeft(v, "0123456789"))]
	major, err := strconv.Atoi(digits)
	if err != nil {
		return nil // a server that spells its version otherwise is given the benefit of the doubt
	}
	if major < minServerVersion {
		return fmt.Errorf("PostgreSQL %s is older than %d, the oldest this program supports", v, minServerVersion)
	}
	return nil
}

// checkOwnership refuses a schema that another program made: one that
// holds relations but no schema_migrations table of Masthead's shape.
// Other migration tools also call their table schema_migrations, so the
// applied_at column is checked too. It reports whether the schema is
// empty, with no history yet.
func checkOwnership(ctx context.Context, tx pgx.Tx) (fresh bool, err error) {
	rows, err := tx.Query(ctx, `SELECT c.relname FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace
			AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
		ORDER BY c.relname`)
	if err != nil {
		return false, fmt.Errorf("read schema: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return false, fmt.Errorf("read schema: %w", err)
	}
	if len(names) == 0 {
		return true, nil
	}
	var ours bool
	// pg_catalog rather than information_schema, which hides the columns
	// of tables the role has no privilege on.
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = 'schema_migrations'
			AND c.relkind = 'r' AND a.attname = 'applied_at' AND NOT a.attisdropped)`).Scan(&ours)
	if err != nil {
		return false, fmt.Errorf("read schema: %w", err)
	}
	if !ours {
		what := "no schema_migrations"
		if slices.Contains(names, "schema_migrations") {
			what = "a schema_migrations table of another program"
		}
		if len(names) > 10 {
			names = append(names[:10], "…")
		}
		return false, fmt.Errorf("%w: it has tables (%s) but %s; refusing to change it",
			ErrForeignDatabase, strings.Join(names, ", "), what)
	}
	return false, nil
}

func schemaVersion(ctx context.Context, q querier) (int, error) {
	var v int
	err := q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// Version returns the number of the last migration applied.
func (db *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := db.readOne(ctx, func(q querier) error {
		var err error
		v, err = schemaVersion(ctx, q)
		return err
	})
	return v, err
}
