package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

// CountActiveAdministrators returns the number of enabled administrators,
// locking their rows: a second transaction asking the same waits, and
// then counts again without an account the first one demoted or disabled.
func (db *DB) CountActiveAdministrators(ctx context.Context) (int, error) {
	var n int
	err := db.readOne(ctx, func(q querier) error {
		lock := ""
		if db.tx != nil {
			lock = " FOR UPDATE"
		}
		return q.QueryRow(ctx, `SELECT count(*) FROM (SELECT id FROM users
			WHERE role = 'administrator' AND NOT disabled`+lock+`) a`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count administrators: %w", err)
	}
	return n, nil
}

// UserSessions returns a user's unexpired sessions, most recently seen first.
func (db *DB) UserSessions(ctx context.Context, userID int64, now time.Time) ([]news.Session, error) {
	var list []news.Session
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+sessionColumns+` FROM sessions
			WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, created_at DESC, id`,
			[]any{userID, timeArg(now)}, func(rows pgx.Rows) error {
				var s news.Session
				err := rows.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.UserAgent, &s.IP)
				s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
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
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `INSERT INTO user_totp (user_id, secret, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = 0
			WHERE NOT user_totp.enabled`, userID, secret, timeArg(now))
		if err == nil && tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: two-factor sign-in is already on", news.ErrConflict)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("start TOTP of user %d: %w", userID, err)
	}
	return nil
}

// TOTP returns a user's set-up with the number of unused recovery codes.
func (db *DB) TOTP(ctx context.Context, userID int64) (news.TOTP, error) {
	t := news.TOTP{UserID: userID}
	err := db.readOne(ctx, func(q querier) error {
		var enabledAt *time.Time
		err := q.QueryRow(ctx, `SELECT secret, enabled, last_step, created_at, enabled_at,
			(SELECT count(*) FROM user_recovery_codes c WHERE c.user_id = t.user_id AND c.used_at IS NULL)
			FROM user_totp t WHERE user_id = $1`, userID).
			Scan(&t.Secret, &t.Enabled, &t.LastStep, &t.CreatedAt, &enabledAt, &t.RecoveryCodesLeft)
		t.CreatedAt, t.EnabledAt = t.CreatedAt.UTC(), timeOf(enabledAt)
		return err
	})
	if err != nil {
		return news.TOTP{}, fmt.Errorf("TOTP of user %d: %w", userID, err)
	}
	return t, nil
}

// EnableTOTP switches a pending set-up on with its recovery codes.
func (db *DB) EnableTOTP(ctx context.Context, userID, step int64, codeHashes []string, now time.Time) error {
	err := db.write(ctx, func(q querier) error {
		err := rowsAffected(q.Exec(ctx, `UPDATE user_totp SET enabled = true, enabled_at = $1, last_step = $2
			WHERE user_id = $3 AND NOT enabled`, timeArg(now), step, userID))
		if err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err = q.Exec(ctx, `INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])`, userID, codeHashes)
		return err
	})
	if err != nil {
		return fmt.Errorf("enable TOTP of user %d: %w", userID, err)
	}
	return nil
}

// UseTOTPStep moves last_step forward in one statement, so that of two
// requests bearing the same code, on any nodes, only one can succeed.
func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) error {
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE user_totp SET last_step = $1 WHERE user_id = $2 AND enabled AND last_step < $1`, step, userID)
		if err != nil || tag.RowsAffected() > 0 {
			return err
		}
		var enabled bool
		err = q.QueryRow(ctx, `SELECT enabled FROM user_totp WHERE user_id = $1`, userID).Scan(&enabled)
		if err != nil {
			return err
		}
		if !enabled {
			return news.ErrNotFound
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
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `UPDATE user_recovery_codes SET used_at = $1
			WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL`, timeArg(now), userID, codeHash))
	})
	if err != nil {
		return fmt.Errorf("use recovery code of user %d: %w", userID, err)
	}
	return nil
}

// DeleteTOTP forgets a user's secret and recovery codes.
func (db *DB) DeleteTOTP(ctx context.Context, userID int64) error {
	err := db.write(ctx, func(q querier) error {
		if _, err := q.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err := q.Exec(ctx, `DELETE FROM user_totp WHERE user_id = $1`, userID)
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
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO signin_challenges (id, user_id, next, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, c.ID, c.UserID, c.Next, timeArg(created), timeArg(c.ExpiresAt))
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
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT id, user_id, next, created_at, expires_at FROM signin_challenges
			WHERE id = $1 AND expires_at > $2`, id, timeArg(now)).Scan(&c.ID, &c.UserID, &c.Next, &c.CreatedAt, &c.ExpiresAt)
	})
	if err != nil {
		return news.SignInChallenge{}, fmt.Errorf("sign-in challenge: %w", err)
	}
	c.CreatedAt, c.ExpiresAt = c.CreatedAt.UTC(), c.ExpiresAt.UTC()
	return c, nil
}

// DeleteSignInChallenge removes a challenge and any that have expired.
func (db *DB) DeleteSignInChallenge(ctx context.Context, id string, now time.Time) error {
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `DELETE FROM signin_challenges WHERE id = $1 OR expires_at <= $2`, id, timeArg(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("delete sign-in challenge: %w", err)
	}
	return nil
}
