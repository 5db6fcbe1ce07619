// Package pgtest gives tests a PostgreSQL database, or a schema, of their
// own on the server named by MASTHEAD_TEST_POSTGRES, so that any package
// can run against the real thing without sharing state between tests.
// Where no server answers, tests are skipped with a message saying so,
// except in CI, which must not pass by testing nothing.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultDSN is the server tried when MASTHEAD_TEST_POSTGRES is unset: a
// local server with trust authentication, as on the project's machines.
const DefaultDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// connectTimeout bounds the wait for an absent server, so that a machine
// without one skips quickly rather than hanging each test.
const connectTimeout = 5 * time.Second

// dropTimeout bounds the clean-up, so that a connection a failed test
// left inside a transaction cannot hang the run. Dropping a database
// waits for a checkpoint, which on a machine busy with other test
// packages' writes took more than 30 s (TestReopenKeepsSchemaAndData
// failed so at load average 12).
const dropTimeout = 2 * time.Minute

// ServerDSN returns the DSN of the test server: MASTHEAD_TEST_POSTGRES, or
// DefaultDSN.
func ServerDSN() string {
	if dsn := os.Getenv("MASTHEAD_TEST_POSTGRES"); dsn != "" {
		return dsn
	}
	return DefaultDSN
}

// NewDatabase creates an empty database, masthead_test_ and a random
// suffix, on the test server and returns a DSN for it. The database is
// dropped when tb ends, after the cleanups registered later (such as
// closing a store opened on it), with any connections still open cut.
// Use it for tests about whole databases; NewSchema is faster.
//
// When the server cannot be reached, tb is skipped with a message naming
// it, or failed when CI is set or MASTHEAD_REQUIRE_POSTGRES=1, so that a
// build meant to test PostgreSQL cannot pass without it.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	server := ServerDSN()
	name := "masthead_test_" + randomSuffix(tb)
	// Cloning template0 rather than template1 keeps whatever was added to
	// the server's default template out of the test.
	adminExec(tb, server, `CREATE DATABASE `+name+` TEMPLATE template0`)
	tb.Cleanup(func() {
		// FORCE ends connections a failed test left open, which would
		// otherwise keep the database alive.
		adminExec(tb, server, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	dsn, err := withSetting(server, "dbname", name)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return dsn
}

// NewSchema creates an empty schema, masthead_test_ and a random suffix,
// in the test server's database and returns a DSN whose connections have
// it as their only search_path, so that everything they create lands in
// it. The schema and all in it are dropped when tb ends. It isolates as
// a database does for code that, like Masthead's stores, keeps to the
// current schema, and costs a fraction of creating a database.
//
// An unreachable server skips or fails tb as in NewDatabase.
func NewSchema(tb testing.TB) string {
	tb.Helper()
	server := ServerDSN()
	name := "masthead_test_" + randomSuffix(tb)
	adminExec(tb, server, `CREATE SCHEMA `+name)
	tb.Cleanup(func() {
		adminExec(tb, server, `SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS `+name+` CASCADE`)
	})
	dsn, err := withSetting(server, "search_path", name)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return dsn
}

// adminExec runs sql on a connection of its own to the server.
func adminExec(tb testing.TB, server, sql string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	conn, err := pgx.Connect(ctx, server)
	cancel()
	if err != nil {
		unreachable(tb, server, err)
		return
	}
	defer conn.Close(context.Background())
	ctx, cancel = context.WithTimeout(context.Background(), dropTimeout)
	defer cancel()
	if _, err := conn.Exec(ctx, sql); err != nil {
		tb.Fatalf("pgtest: %s: %v", sql, err)
	}
}

// unreachable skips or fails tb for a server that did not answer.
func unreachable(tb testing.TB, server string, err error) {
	tb.Helper()
	where := redact(server)
	if os.Getenv("CI") != "" || os.Getenv("MASTHEAD_REQUIRE_POSTGRES") == "1" {
		tb.Fatalf("PostgreSQL not reachable at %s, and CI or MASTHEAD_REQUIRE_POSTGRES=1 requires it: %v", where, err)
	}
	tb.Skipf("PostgreSQL not reachable at %s; skipping (set MASTHEAD_TEST_POSTGRES): %v", where, err)
}

func randomSuffix(tb testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return hex.EncodeToString(b)
}

// withSetting returns server's DSN with one setting changed, in either of
// the forms libpq accepts: a URL, where the database is the path, or
// keyword=value pairs, where a later keyword overrides an earlier one.
// Settings pgx does not know, such as search_path, go to the server as
// run-time parameters of every connection.
func withSetting(server, key, value string) (string, error) {
	if !strings.HasPrefix(server, "postgres://") && !strings.HasPrefix(server, "postgresql://") {
		return server + " " + key + "=" + value, nil
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", err
	}
	if key == "dbname" {
		u.Path = "/" + value
		return u.String(), nil
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// redact hides a password in a URL DSN, so that logs of a failed run do
// not carry it. Keyword=value DSNs are shown only up to their password.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	if i := strings.Index(dsn, "password"); i >= 0 {
		return dsn[:i] + "password=xxxxx …"
	}
	return dsn
}
