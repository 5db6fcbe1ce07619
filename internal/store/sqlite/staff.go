package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// CountActiveAdministrators returns the number of enabled administrators.
// SQLite has one writer, so inside Atomic nobody can change them until
// the transaction ends.
func (db *DB) CountActiveAdministrators(ctx context.Context) (int, error) {
	var n int
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'administrator' AND disabled = 0`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count administrators: %w", err)
	}
	return n, nil
}

// UserSessions returns a user's unexpired sessions, most recently seen first.
func (db *DB) UserSessions(ctx context.Context, userID int64, now time.Time) ([]news.Session, error) {
	var list []news.Session
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+sessionColumns+` FROM sessions
			WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC, created_at DESC, id`,
			[]any{userID, now.Unix()}, func(rows *sql.Rows) error {
				var s news.Session
				var created, seen, expires int64
				err := rows.Scan(&s.ID, &s.UserID, &created, &seen, &expires, &s.UserAgent, &s.IP)
				s.CreatedAt = time.Unix(created, 0).UTC()
				s.LastSeenAt = time.Unix(seen, 0).UTC()
				s.ExpiresAt = time.Unix(expires, 0).UTC()
				list = append(list, s)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("sessions of user %d: %w", userID, err)
	}
	return list, nil
}

// StartTOTP stores a pending secret, replacing a pending one but never an
// enabled one.
func (db *DB) StartTOTP(ctx context.Context, userID int64, secret string, now time.Time) error {
	if secret == "" {
		return fmt.Errorf("start TOTP of user %d: %w", userID, invalid("empty secret"))
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO user_totp (user_id, secret, created_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = 0
			WHERE NOT user_totp.enabled`, userID, secret, now.Unix())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errorOr(err, fmt.Errorf("%w: two-factor sign-in is already on", news.ErrConflict))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("start TOTP of user %d: %w", userID, err)
	}
	return nil
}

func errorOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// TOTP returns a user's set-up with the number of unused recovery codes.
func (db *DB) TOTP(ctx context.Context, userID int64) (news.TOTP, error) {
	t := news.TOTP{UserID: userID}
	err := db.read(ctx, func(tx *sql.Tx) error {
		var created int64
		var enabledAt sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT secret, enabled, last_step, created_at, enabled_at,
			(SELECT count(*) FROM user_recovery_codes c WHERE c.user_id = t.user_id AND c.used_at IS NULL)
			FROM user_totp t WHERE user_id = ?`, userID).
			Scan(&t.Secret, &t.Enabled, &t.LastStep, &created, &enabledAt, &t.RecoveryCodesLeft)
		t.CreatedAt, t.EnabledAt = time.Unix(created, 0).UTC(), timeFromUnix(enabledAt)
		return err
	})
	if err != nil {
		return news.TOTP{}, fmt.Errorf("TOTP of user %d: %w", userID, err)
	}
	return t, nil
}

// EnableTOTP switches a pending set-up on with its recovery codes.
func (db *DB) EnableTOTP(ctx context.Context, userID, step int64, codeHashes []string, now time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		err := rowsAffected(tx.ExecContext(ctx, `UPDATE user_totp SET enabled = 1, enabled_at = ?, last_step = ?
			WHERE user_id = ? AND NOT enabled`, now.Unix(), step, userID))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		for _, h := range codeHashes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_recovery_codes (user_id, code_hash) VALUES (?, ?)`, userID, h); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("enable TOTP of user %d: %w", userID, err)
	}
	return nil
}

// UseTOTPStep moves last_step forward in one statement, so that of two
// requests bearing the same code only one can succeed.
func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE user_totp SET last_step = ? WHERE user_id = ? AND enabled AND last_step < ?`,
			step, userID, step)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		var enabled bool
		err = tx.QueryRowContext(ctx, `SELECT enabled FROM user_totp WHERE user_id = ?`, userID).Scan(&enabled)
		if err != nil || !enabled {
			return errorOr(err, news.ErrNotFound)
		}
		return fmt.Errorf("%w: code already used", news.ErrConflict)
	})
	if err != nil {
		return fmt.Errorf("use TOTP step of user %d: %w", userID, err)
	}
	return nil
}

// UseRecoveryCode spends one unused recovery code.
func (db *DB) UseRecoveryCode(ctx context.Context, userID int64, codeHash string, now time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `UPDATE user_recovery_codes SET used_at = ?
			WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`, now.Unix(), userID, codeHash))
	})
	if err != nil {
		return fmt.Errorf("use recovery code of user %d: %w", userID, err)
	}
	return nil
}

// DeleteTOTP forgets a user's secret and recovery codes.
func (db *DB) DeleteTOTP(ctx context.Context, userID int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM user_totp WHERE user_id = ?`, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete TOTP of user %d: %w", userID, err)
	}
	return nil
}

// CreateSignInChallenge stores a sign-in waiting for its second factor.
func (db *DB) CreateSignInChallenge(ctx context.Context, c news.SignInChallenge) error {
	if c.ID == "" || c.UserID == 0 || c.ExpiresAt.IsZero() {
		return fmt.Errorf("create sign-in challenge: %w", invalid("id, user and expiry are required"))
	}
	created := c.CreatedAt
	if created.IsZero() {
		created = now()
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO signin_challenges (id, user_id, next, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, c.ID, c.UserID, c.Next, created.Unix(), c.ExpiresAt.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("create sign-in challenge of user %d: %w", c.UserID, err)
	}
	return nil
}

// SignInChallenge returns an unexpired challenge.
func (db *DB) SignInChallenge(ctx context.Context, id string, now time.Time) (news.SignInChallenge, error) {
	var c news.SignInChallenge
	err := db.read(ctx, func(tx *sql.Tx) error {
		var created, expires int64
		err := tx.QueryRowContext(ctx, `SELECT id, user_id, next, created_at, expires_at FROM signin_challenges
			WHERE id = ? AND expires_at > ?`, id, now.Unix()).Scan(&c.ID, &c.UserID, &c.Next, &created, &expires)
		c.CreatedAt, c.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
		return err
	})
	if err != nil {
		return news.SignInChallenge{}, fmt.Errorf("sign-in challenge: %w", err)
	}
	return c, nil
}

// DeleteSignInChallenge removes a challenge and any that have expired.
func (db *DB) DeleteSignInChallenge(ctx context.Context, id string, now time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM signin_challenges WHERE id = ? OR expires_at <= ?`, id, now.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("delete sign-in challenge: %w", err)
	}
	return nil
}
