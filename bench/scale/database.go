package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
)

// databaseName is the database a size is measured in.
func databaseName(size int) string { return fmt.Sprintf("masthead_bench_%d", size) }

// withDatabase returns the server's DSN pointing at another database, in
// either form libpq accepts: a URL, whose path is the database, or
// keyword=value pairs, where a later keyword wins.
func withDatabase(server, name string) (string, error) {
	if !strings.HasPrefix(server, "postgres://") && !strings.HasPrefix(server, "postgresql://") {
		return server + " dbname=" + name, nil
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", fmt.Errorf("-pg: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// adminExec runs statements on a connection of its own to the server's
// database, which must not be the one they create or drop.
func adminExec(ctx context.Context, server string, statements ...string) error {
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// createDatabase makes an empty database, dropping one left by an
// earlier run. template0 keeps whatever was added to the server's default
// template out of the benchmark.
func createDatabase(ctx context.Context, server, name string) error {
	id := pgx.Identifier{name}.Sanitize()
	return adminExec(ctx, server, `DROP DATABASE IF EXISTS `+id+` WITH (FORCE)`, `CREATE DATABASE `+id+` TEMPLATE template0`)
}

func dropDatabase(ctx context.Context, server, name string) error {
	return adminExec(ctx, server, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
}

// isComplete reports whether the database exists and a run with the same
// size and seed filled it to the end.
func isComplete(ctx context.Context, server, name string, size int, seed uint64) (bool, error) {
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var mark *string
	err = conn.QueryRow(ctx, `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, name).Scan(&mark)
	if err == pgx.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return mark != nil && *mark == completeMark(size, seed), nil
}
