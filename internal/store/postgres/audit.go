package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// RecordAudit appends an entry to the audit log and sets its ID (keeping a
// non-zero one), and its At to now when zero.
func (db *DB) RecordAudit(ctx context.Context, e *news.AuditEntry) error {
	if e.Action == "" {
		return fmt.Errorf("record audit entry: %w", invalid("no action"))
	}
	if err := checkNewID(e.ID); err != nil {
		return fmt.Errorf("record audit entry: %w", err)
	}
	at := e.At
	if at.IsZero() {
		at = now()
	}
	var id int64
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO audit_log
			(at, user_id, user_name, action, subject_kind, subject_id, subject_title, ip, detail, id)
			OVERRIDING SYSTEM VALUE
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, nextval(pg_get_serial_sequence('audit_log', 'id'))))
			RETURNING id`,
			timeArg(at), idArg(e.UserID), e.UserName, e.Action, e.SubjectKind, e.SubjectID, e.SubjectTitle, e.IP, e.Detail,
			idArg(e.ID)).Scan(&id)
		if err != nil || e.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "audit_log", id)
	})
	if err != nil {
		return fmt.Errorf("record audit entry %q: %w", e.Action, err)
	}
	e.ID, e.At = id, at.UTC().Truncate(time.Second)
	return nil
}

// likeEscaper makes a prefix match itself only in LIKE.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// AuditLog returns entries newest first.
func (db *DB) AuditLog(ctx context.Context, f store.AuditFilter) ([]news.AuditEntry, error) {
	if f.Limit < 1 {
		return nil, fmt.Errorf("audit log: %w", invalid("limit %d", f.Limit))
	}
	query := `SELECT id, at, user_id, user_name, action, subject_kind, subject_id, subject_title, ip, detail
		FROM audit_log WHERE true`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.UserID != 0 {
		query += ` AND user_id = ` + arg(f.UserID)
	}
	if f.ActionPrefix != "" {
		query += ` AND action LIKE ` + arg(likeEscaper.Replace(f.ActionPrefix)+"%")
	}
	if f.BeforeID != 0 {
		query += ` AND id < ` + arg(f.BeforeID)
	}
	query += ` ORDER BY id DESC LIMIT ` + arg(f.Limit)
	var entries []news.AuditEntry
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, query, args, func(rows pgx.Rows) error {
			var e news.AuditEntry
			var user *int64
			err := rows.Scan(&e.ID, &e.At, &user, &e.UserName, &e.Action, &e.SubjectKind, &e.SubjectID, &e.SubjectTitle, &e.IP, &e.Detail)
			e.At = e.At.UTC()
			if user != nil {
				e.UserID = *user
			}
			entries = append(entries, e)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return entries, nil
}
