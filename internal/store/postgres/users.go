package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

const userColumns = `u.id, u.email, u.name, u.role, u.password_hash, u.author_id,
	u.must_reset_password, u.disabled, u.created_at, u.updated_at, u.last_sign_in_at,
	EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.enabled)`

// CreateUser stores a new account and sets its ID, its email in the
// lower-cased form it is kept in, and its CreatedAt and UpdatedAt when
// the caller left them zero. A non-zero ID is kept. A taken id or email
// is news.ErrConflict; an unknown author is news.ErrInvalid.
func (db *DB) CreateUser(ctx context.Context, u *news.User) error {
	email, err := validateUser(u)
	if err = errors.Join(checkNewID(u.ID), err); err != nil {
		return fmt.Errorf("create user %q: %w", u.Email, err)
	}
	created := u.CreatedAt
	if created.IsZero() {
		created = now()
	}
	updated := u.UpdatedAt
	if updated.IsZero() {
		updated = created
	}
	var id int64
	err = db.write(ctx, func(q querier) error {
		// See checkNewID for how a given id is kept.
		err := q.QueryRow(ctx, `INSERT INTO users
			(id, email, name, role, password_hash, author_id, must_reset_password, disabled,
			 created_at, updated_at, last_sign_in_at)
			OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('users', 'id'))),
				$2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			RETURNING id`,
			idArg(u.ID), email, u.Name, string(u.Role), u.PasswordHash, idArg(u.AuthorID),
			u.MustResetPassword, u.Disabled,
			timeArg(created), timeArg(updated), timeArg(u.LastSignInAt)).Scan(&id)
		if err != nil || u.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "users", id)
	})
	if err != nil {
		return fmt.Errorf("create user %q: %w", email, err)
	}
	u.ID, u.Email = id, email
	u.CreatedAt = created.UTC().Truncate(time.Second)
	u.UpdatedAt = updated.UTC().Truncate(time.Second)
	return nil
}

// UpdateUser replaces every stored field of u.ID but CreatedAt, and sets
// UpdatedAt to now when the caller left it zero.
func (db *DB) UpdateUser(ctx context.Context, u *news.User) error {
	email, err := validateUser(u)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	updated := u.UpdatedAt
	if updated.IsZero() {
		updated = now()
	}
	err = db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `UPDATE users
			SET email = $1, name = $2, role = $3, password_hash = $4, author_id = $5,
			    must_reset_password = $6, disabled = $7, updated_at = $8, last_sign_in_at = $9
			WHERE id = $10`,
			email, u.Name, string(u.Role), u.PasswordHash, idArg(u.AuthorID),
			u.MustResetPassword, u.Disabled, timeArg(updated), timeArg(u.LastSignInAt), u.ID))
	})
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	u.Email = email
	u.UpdatedAt = updated.UTC().Truncate(time.Second)
	return nil
}

// validateUser checks what the schema would refuse, so that the error
// says why, and returns the email in its stored form.
func validateUser(u *news.User) (string, error) {
	email := strings.ToLower(strings.TrimSpace(u.Email))
	switch {
	case email == "":
		return "", invalid("empty email")
	case u.Name == "":
		return "", invalid("empty name")
	case !u.Role.Valid():
		return "", invalid("unknown role %q", u.Role)
	}
	return email, nil
}

// User returns one account.
func (db *DB) User(ctx context.Context, id int64) (news.User, error) {
	u, err := db.oneUser(ctx, `u.id = $1`, id)
	if err != nil {
		return news.User{}, fmt.Errorf("user %d: %w", id, err)
	}
	return u, nil
}

// UserByEmail finds an account by its address, in any capitalisation.
// Both sides go through lower(), which the unique index is built on, so
// that the server's idea of case is the one that decides, whatever its
// locale.
func (db *DB) UserByEmail(ctx context.Context, email string) (news.User, error) {
	u, err := db.oneUser(ctx, `lower(u.email) = lower($1)`, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return news.User{}, fmt.Errorf("user %q: %w", email, err)
	}
	return u, nil
}

func (db *DB) oneUser(ctx context.Context, where string, arg any) (news.User, error) {
	var u news.User
	err := db.readOne(ctx, func(q querier) error {
		var err error
		u, err = scanUser(q.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where, arg))
		return err
	})
	return u, err
}

// AllUsers returns every account ordered by name, folding ASCII case only
// as SQLite's COLLATE NOCASE does (see AllTags).
func (db *DB) AllUsers(ctx context.Context) ([]news.User, error) {
	var users []news.User
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+userColumns+` FROM users u ORDER BY lower(u.name COLLATE "C"), u.id`, nil,
			func(rows pgx.Rows) error {
				u, err := scanUser(rows)
				users = append(users, u)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("all users: %w", err)
	}
	return users, nil
}

// CountUsers returns the number of accounts, disabled ones included.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

func scanUser(s scanner) (news.User, error) {
	var u news.User
	var role string
	var author *int64
	var lastSignIn *time.Time
	err := s.Scan(&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &author,
		&u.MustResetPassword, &u.Disabled, &u.CreatedAt, &u.UpdatedAt, &lastSignIn, &u.TwoFactor)
	if err != nil {
		return news.User{}, err
	}
	u.Role = news.Role(role)
	if author != nil {
		u.AuthorID = *author
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	u.LastSignInAt = timeOf(lastSignIn)
	return u, nil
}

const sessionColumns = `id, user_id, created_at, last_seen_at, expires_at, user_agent, ip`

// CreateSession stores a signed-in browser. A zero CreatedAt is now and a
// zero LastSeenAt is CreatedAt. A taken id is news.ErrConflict; an
// unknown user is news.ErrInvalid.
func (db *DB) CreateSession(ctx context.Context, s news.Session) error {
	if err := validateSession(s); err != nil {
		return fmt.Errorf("create session of user %d: %w", s.UserID, err)
	}
	created := s.CreatedAt
	if created.IsZero() {
		created = now()
	}
	seen := s.LastSeenAt
	if seen.IsZero() {
		seen = created
	}
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO sessions (`+sessionColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			s.ID, s.UserID, timeArg(created), timeArg(seen), timeArg(s.ExpiresAt), s.UserAgent, s.IP)
		return err
	})
	if err != nil {
		return fmt.Errorf("create session of user %d: %w", s.UserID, err)
	}
	return nil
}

func validateSession(s news.Session) error {
	switch {
	case s.ID == "":
		return invalid("empty id")
	case s.UserID == 0:
		return invalid("no user")
	case s.ExpiresAt.IsZero():
		return invalid("no expiry")
	}
	return nil
}

// Session returns an unexpired session by id: one is expired from the
// second of its ExpiresAt on. An expired or unknown one is
// news.ErrNotFound.
func (db *DB) Session(ctx context.Context, id string, now time.Time) (news.Session, error) {
	var s news.Session
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = $1 AND expires_at > $2`,
			id, timeArg(now)).Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.UserAgent, &s.IP)
	})
	if err != nil {
		// The id is a token's hash: not a secret, but no use in a log.
		return news.Session{}, fmt.Errorf("session: %w", err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return s, nil
}

// TouchSession records activity and moves the expiry. A session that had
// expired by lastSeen is news.ErrNotFound, as Session would say: touching
// must not bring it back.
func (db *DB) TouchSession(ctx context.Context, id string, lastSeen, expires time.Time) error {
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx,
			`UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3 AND expires_at > $1`,
			timeArg(lastSeen), timeArg(expires), id))
	})
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession signs one browser out. An unknown id is no error:
// signing out is idempotent, so a second click or a cookie whose session
// was already swept still ends in a signed-out browser.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `DELETE FROM sessions WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions signs a user out everywhere and reports how many
// sessions ended.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) (int, error) {
	n, err := db.deleteSessions(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	return n, nil
}

// DeleteExpiredSessions removes the sessions Session would no longer
// return at now.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	n, err := db.deleteSessions(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, timeArg(now))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return n, nil
}

func (db *DB) deleteSessions(ctx context.Context, query string, arg any) (int, error) {
	var n int64
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, query, arg)
		n = tag.RowsAffected()
		return err
	})
	return int(n), err
}
