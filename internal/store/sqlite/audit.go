package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

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
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO audit_log
			(at, user_id, user_name, action, subject_kind, subject_id, subject_title, ip, detail, id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			at.Unix(), idOrNull(e.UserID), e.UserName, e.Action, e.SubjectKind, e.SubjectID, e.SubjectTitle, e.IP, e.Detail,
			idOrNull(e.ID))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("record audit entry %q: %w", e.Action, err)
	}
	e.ID, e.At = id, time.Unix(at.Unix(), 0).UTC()
	return nil
}

// AuditLog returns entries newest first. The action prefix is a range on
// the binary-collated column rather than LIKE, which SQLite compares
// without regard to case and would not use the index for.
func (db *DB) AuditLog(ctx context.Context, f store.AuditFilter) ([]news.AuditEntry, error) {
	if f.Limit < 1 {
		return nil, fmt.Errorf("audit log: %w", invalid("limit %d", f.Limit))
	}
	query := `SELECT id, at, user_id, user_name, action, subject_kind, subject_id, subject_title, ip, detail
		FROM audit_log WHERE 1 = 1`
	var args []any
	if f.UserID != 0 {
		query += ` AND user_id = ?`
		args = append(args, f.UserID)
	}
	if f.ActionPrefix != "" {
		query += ` AND action >= ? AND action < ?`
		args = append(args, f.ActionPrefix, f.ActionPrefix+"\U0010FFFF")
	}
	if f.BeforeID != 0 {
		query += ` AND id < ?`
		args = append(args, f.BeforeID)
	}
	query += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	var entries []news.AuditEntry
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
			var e news.AuditEntry
			var at int64
			var user sql.NullInt64
			err := rows.Scan(&e.ID, &at, &user, &e.UserName, &e.Action, &e.SubjectKind, &e.SubjectID, &e.SubjectTitle, &e.IP, &e.Detail)
			e.At, e.UserID = time.Unix(at, 0).UTC(), user.Int64
			entries = append(entries, e)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return entries, nil
}
