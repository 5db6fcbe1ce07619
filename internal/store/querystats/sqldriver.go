package querystats

import (
	"context"
	"database/sql/driver"
	"time"
)

// Connector opens connections of drv to dsn that report every Exec and
// Query, direct or through a prepared statement, to h. Use it with
// sql.OpenDB.
//
// With cacheStatements, each connection also keeps the statements it
// runs prepared, by their text, and runs them again without parsing:
// for drivers that prepare every query anew (modernc.org/sqlite does),
// where parsing SQL was a fifth of a page's time. pgx keeps its own.
func Connector(drv driver.Driver, dsn string, h *Hook, cacheStatements bool) driver.Connector {
	return &connector{drv: drv, dsn: dsn, hook: h, cache: cacheStatements}
}

type connector struct {
	drv   driver.Driver
	dsn   string
	hook  *Hook
	cache bool
}

func (c *connector) Connect(context.Context) (driver.Conn, error) {
	inner, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	cn := &conn{Conn: inner, hook: c.hook}
	if c.cache {
		cn.stmts = map[string]*cachedStmt{}
	}
	return cn, nil
}

// maxCachedStatements bounds one connection's prepared statements; the
// backends' queries are mostly fixed text, and the few built per call
// (IN lists) would otherwise pile up. When full, all are dropped.
const maxCachedStatements = 256

// cachedStmt is a prepared statement kept by its connection; busy while
// its rows are open, when a second use of the same text (a query run
// while iterating another) prepares afresh instead.
type cachedStmt struct {
	stmt driver.Stmt
	busy bool
}

// cached returns the connection's prepared statement for query, preparing
// it when new, or nil when it cannot be used now.
func (c *conn) cached(ctx context.Context, query string) *cachedStmt {
	if c.stmts == nil {
		return nil
	}
	if s, ok := c.stmts[query]; ok {
		if s.busy {
			return nil
		}
		return s
	}
	p, ok := c.Conn.(driver.ConnPrepareContext)
	if !ok {
		return nil
	}
	st, err := p.PrepareContext(ctx, query)
	if err != nil {
		return nil // the direct path reports the error
	}
	_, q := st.(driver.StmtQueryContext)
	_, e := st.(driver.StmtExecContext)
	if !q || !e {
		st.Close()
		return nil
	}
	if len(c.stmts) >= maxCachedStatements {
		c.closeStatements()
	}
	s := &cachedStmt{stmt: st}
	c.stmts[query] = s
	return s
}

func (c *conn) closeStatements() {
	for q, s := range c.stmts {
		if !s.busy {
			s.stmt.Close()
		}
		delete(c.stmts, q)
	}
}

// Close closes the connection's prepared statements, then the connection.
func (c *conn) Close() error {
	c.closeStatements()
	return c.Conn.Close()
}

// cachedRows marks its statement free again when closed.
type cachedRows struct {
	driver.Rows
	stmt *cachedStmt
}

func (r *cachedRows) Close() error {
	r.stmt.busy = false
	return r.Rows.Close()
}

func (c *connector) Driver() driver.Driver { return c.drv }

// conn passes everything to the driver's connection, timing statements.
// It implements every optional interface database/sql looks for, and
// answers driver.ErrSkip (or the neutral answer) where the wrapped
// connection lacks one, so database/sql falls back as it would have.
type conn struct {
	driver.Conn
	hook  *Hook
	stmts map[string]*cachedStmt // nil: statements are not kept
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if s := c.cached(ctx, query); s != nil {
		start := time.Now()
		s.busy = true
		res, err := s.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
		s.busy = false
		c.hook.done(ctx, start, 1)
		return res, err
	}
	ex, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	start := time.Now()
	res, err := ex.ExecContext(ctx, query, args)
	if err != driver.ErrSkip {
		c.hook.done(ctx, start, 1)
	}
	return res, err
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if s := c.cached(ctx, query); s != nil {
		start := time.Now()
		s.busy = true
		rows, err := s.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
		c.hook.done(ctx, start, 1)
		if err != nil {
			s.busy = false
			return nil, err
		}
		return &cachedRows{Rows: rows, stmt: s}, nil
	}
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	start := time.Now()
	rows, err := q.QueryContext(ctx, query, args)
	if err != driver.ErrSkip {
		c.hook.done(ctx, start, 1)
	}
	return rows, err
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &stmt{Stmt: st, hook: c.hook}, nil
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	//lint:ignore SA1019 the fallback database/sql itself uses for such drivers
	return c.Conn.Begin()
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *conn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// stmt times a prepared statement's executions.
type stmt struct {
	driver.Stmt
	hook *Hook
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	start := time.Now()
	defer s.hook.done(ctx, start, 1)
	if ex, ok := s.Stmt.(driver.StmtExecContext); ok {
		return ex.ExecContext(ctx, args)
	}
	//lint:ignore SA1019 the fallback for drivers without StmtExecContext
	return s.Stmt.Exec(namedToValues(args))
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	start := time.Now()
	defer s.hook.done(ctx, start, 1)
	if q, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	//lint:ignore SA1019 the fallback for drivers without StmtQueryContext
	return s.Stmt.Query(namedToValues(args))
}

func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

func namedToValues(args []driver.NamedValue) []driver.Value {
	out := make([]driver.Value, len(args))
	for i, a := range args {
		out[i] = a.Value
	}
	return out
}
