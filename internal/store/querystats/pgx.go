package querystats

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Tracer returns a pgx tracer (set it as ConnConfig.Tracer) that reports
// to h: each query, and each batch as one round trip of its queries.
func Tracer(h *Hook) pgx.QueryTracer { return &tracer{hook: h} }

type tracer struct{ hook *Hook }

type startKey struct{}

func (t *tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return context.WithValue(ctx, startKey{}, time.Now())
}

func (t *tracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	if start, ok := ctx.Value(startKey{}).(time.Time); ok {
		t.hook.done(ctx, start, 1)
	}
}

func (t *tracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return context.WithValue(ctx, startKey{}, time.Now())
}

func (t *tracer) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchQueryData) {
	counted(ctx, 1)
}

func (t *tracer) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchEndData) {
	if start, ok := ctx.Value(startKey{}).(time.Time); ok {
		t.hook.done(ctx, start, 0)
	}
}
