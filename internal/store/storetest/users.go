package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// editor is a full account: every field set, times given in another zone.
func editor(authorID int64) news.User {
	return news.User{
		Email:             "leyla@example.az",
		Name:              "Leyla Aliyeva",
		Role:              news.RoleEditor,
		PasswordHash:      "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
		AuthorID:          authorID,
		MustResetPassword: true,
		Disabled:          true,
		CreatedAt:         now.Add(-240 * time.Hour).In(baku),
		UpdatedAt:         now.Add(-24 * time.Hour).In(baku),
		LastSignInAt:      now.Add(-time.Hour).In(baku),
	}
}

// inUTC is u as the store gives it back.
func inUTC(u news.User) news.User {
	u.CreatedAt, u.UpdatedAt, u.LastSignInAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC(), u.LastSignInAt.UTC()
	return u
}

func createUser(t testing.TB, s store.Store, email, name string, role news.Role) news.User {
	t.Helper()
	u := news.User{Email: email, Name: name, Role: role, CreatedAt: now, UpdatedAt: now}
	must(t, s.CreateUser(t.Context(), &u))
	return u
}

func testUsers(t *testing.T, open Opener) {
	t.Run("every field round-trips, in UTC", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		leyla := news.Author{Name: "Leyla Aliyeva", Slug: "leyla-aliyeva"}
		must(t, s.CreateAuthor(ctx, &leyla))
		u := editor(leyla.ID)
		must(t, s.CreateUser(ctx, &u))
		if u.ID == 0 {
			t.Fatal("CreateUser left the ID zero")
		}
		want := inUTC(u)
		got, err := s.User(ctx, u.ID)
		must(t, err)
		assertEqual(t, "User", got, want)
		got, err = s.UserByEmail(ctx, "leyla@example.az")
		must(t, err)
		assertEqual(t, "UserByEmail", got, want)
	})

	t.Run("unset optional fields come back zero", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := news.User{Email: "tural@example.az", Name: "Tural", Role: news.RoleContributor}
		must(t, s.CreateUser(ctx, &u))
		if u.CreatedAt.IsZero() || !u.UpdatedAt.Equal(u.CreatedAt) {
			t.Errorf("CreateUser set CreatedAt %v, UpdatedAt %v; want now for both", u.CreatedAt, u.UpdatedAt)
		}
		got, err := s.User(ctx, u.ID)
		must(t, err)
		assertEqual(t, "User", got, u)
		if got.AuthorID != 0 || !got.LastSignInAt.IsZero() || got.PasswordHash != "" {
			t.Errorf("unset fields came back as %+v", got)
		}
	})

	t.Run("email is kept lower-cased and found in any capitalisation", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "Aysel.Hasanova@Example.AZ", "Aysel Hasanova", news.RoleAuthor)
		if u.Email != "aysel.hasanova@example.az" {
			t.Errorf("CreateUser set Email %q, want it lower-cased", u.Email)
		}
		for _, email := range []string{"aysel.hasanova@example.az", "AYSEL.HASANOVA@EXAMPLE.AZ", "Aysel.Hasanova@example.az"} {
			got, err := s.UserByEmail(ctx, email)
			if err != nil {
				t.Errorf("UserByEmail(%q): %v", email, err)
				continue
			}
			assertEqual(t, "UserByEmail("+email+")", got, u)
		}
		_, err := s.UserByEmail(ctx, "nobody@example.az")
		assertKind(t, err, news.ErrNotFound, "unknown email")
		_, err = s.User(ctx, u.ID+1000)
		assertKind(t, err, news.ErrNotFound, "unknown id")
	})

	t.Run("an email is taken in any capitalisation", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		first := createUser(t, s, "desk@example.az", "News desk", news.RoleEditor)
		for _, email := range []string{"desk@example.az", "DESK@example.az", "Desk@Example.Az"} {
			dup := news.User{Email: email, Name: "Another desk", Role: news.RoleAuthor}
			assertKind(t, s.CreateUser(ctx, &dup), news.ErrConflict, "create with "+email)
		}
		other := createUser(t, s, "sport@example.az", "Sport desk", news.RoleAuthor)
		other.Email = "DESK@EXAMPLE.AZ"
		assertKind(t, s.UpdateUser(ctx, &other), news.ErrConflict, "update to a taken email")
		assertCount(t, s, 2)
		got, err := s.UserByEmail(ctx, "desk@example.az")
		must(t, err)
		assertEqual(t, "first holder", got, first)
	})

	t.Run("invalid accounts are refused and nothing is written", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		cases := map[string]news.User{
			"unknown role":   {Email: "a@example.az", Name: "A", Role: "owner"},
			"empty role":     {Email: "a@example.az", Name: "A"},
			"empty email":    {Email: "  ", Name: "A", Role: news.RoleAuthor},
			"empty name":     {Email: "a@example.az", Role: news.RoleAuthor},
			"unknown author": {Email: "a@example.az", Name: "A", Role: news.RoleAuthor, AuthorID: 9999},
		}
		for what, u := range cases {
			assertKind(t, s.CreateUser(ctx, &u), news.ErrInvalid, what)
		}
		assertCount(t, s, 0)

		u := createUser(t, s, "a@example.az", "A", news.RoleAuthor)
		before := u
		u.Role, u.Name = "owner", "Changed"
		assertKind(t, s.UpdateUser(ctx, &u), news.ErrInvalid, "update to an unknown role")
		got, err := s.User(ctx, u.ID)
		must(t, err)
		assertEqual(t, "after refused update", got, before)
		missing := news.User{ID: u.ID + 1000, Email: "b@example.az", Name: "B", Role: news.RoleAuthor}
		assertKind(t, s.UpdateUser(ctx, &missing), news.ErrNotFound, "update missing")
	})

	t.Run("update changes role, password and disabled", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "rashad@example.az", "Rashad", news.RoleContributor)
		u.Role = news.RoleAdministrator
		u.PasswordHash = "$argon2id$v=19$m=65536,t=3,p=2$bmV3c2FsdA$bmV3aGFzaA"
		u.Disabled = true
		u.MustResetPassword = true
		u.LastSignInAt = now.Add(time.Minute)
		u.UpdatedAt = now.Add(time.Hour).In(baku)
		must(t, s.UpdateUser(ctx, &u))
		got, err := s.User(ctx, u.ID)
		must(t, err)
		assertEqual(t, "updated user", got, inUTC(u))
		if !got.CreatedAt.Equal(now) {
			t.Errorf("CreatedAt moved to %v", got.CreatedAt)
		}

		u.Disabled, u.MustResetPassword, u.LastSignInAt = false, false, time.Time{}
		must(t, s.UpdateUser(ctx, &u))
		got, err = s.User(ctx, u.ID)
		must(t, err)
		assertEqual(t, "re-enabled user", got, inUTC(u))
	})

	t.Run("a deleted author unlinks the account", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		guest := news.Author{Name: "Guest", Slug: "guest"}
		must(t, s.CreateAuthor(ctx, &guest))
		u := news.User{Email: "guest@example.az", Name: "Guest", Role: news.RoleContributor, AuthorID: guest.ID}
		must(t, s.CreateUser(ctx, &u))
		must(t, s.DeleteAuthor(ctx, guest.ID))
		got, err := s.User(ctx, u.ID)
		must(t, err)
		if got.AuthorID != 0 {
			t.Errorf("AuthorID = %d after the author was deleted, want 0", got.AuthorID)
		}
	})

	t.Run("all users by name, and their count", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		assertCount(t, s, 0)
		all, err := s.AllUsers(ctx)
		must(t, err)
		assertEqual(t, "AllUsers of none", all, []news.User(nil))

		zaur := createUser(t, s, "zaur@example.az", "Zaur", news.RoleAuthor)
		aysel := createUser(t, s, "aysel@example.az", "aysel", news.RoleEditor)
		bahram := createUser(t, s, "bahram@example.az", "Bahram", news.RoleAdministrator)
		bahram2 := createUser(t, s, "bahram2@example.az", "Bahram", news.RoleContributor)
		all, err = s.AllUsers(ctx)
		must(t, err)
		assertEqual(t, "AllUsers", all, []news.User{aysel, bahram, bahram2, zaur})
		assertCount(t, s, 4)
	})

	t.Run("a given id is kept and later ids do not collide", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		given := news.User{ID: 40, Email: "given@example.az", Name: "Given", Role: news.RoleAuthor}
		must(t, s.CreateUser(ctx, &given))
		if given.ID != 40 {
			t.Fatalf("CreateUser changed the given ID to %d", given.ID)
		}
		next := createUser(t, s, "next@example.az", "Next", news.RoleAuthor)
		if next.ID == 40 {
			t.Error("CreateUser handed out a given id again")
		}
		taken := news.User{ID: 40, Email: "other@example.az", Name: "Other", Role: news.RoleAuthor}
		assertKind(t, s.CreateUser(ctx, &taken), news.ErrConflict, "taken id")
		negative := news.User{ID: -1, Email: "neg@example.az", Name: "Neg", Role: news.RoleAuthor}
		assertKind(t, s.CreateUser(ctx, &negative), news.ErrInvalid, "negative id")
	})

	t.Run("Sessions", func(t *testing.T) { testSessions(t, open) })
}

func assertCount(t testing.TB, s store.Store, want int) {
	t.Helper()
	n, err := s.CountUsers(t.Context())
	must(t, err)
	if n != want {
		t.Errorf("CountUsers = %d, want %d", n, want)
	}
}

// session is a browser signed in at now for a day.
func session(id string, userID int64) news.Session {
	return news.Session{
		ID:         id,
		UserID:     userID,
		CreatedAt:  now.In(baku),
		LastSeenAt: now.Add(time.Minute).In(baku),
		ExpiresAt:  now.Add(24 * time.Hour).In(baku),
		UserAgent:  "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
		IP:         "2001:db8::1",
	}
}

func sessionInUTC(s news.Session) news.Session {
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return s
}

// sessionID is a stand-in for the hex SHA-256 of a token.
func sessionID(n int) string { return fmt.Sprintf("%064x", n) }

func testSessions(t *testing.T, open Opener) {
	t.Run("create and read back until expiry", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "leyla@example.az", "Leyla", news.RoleEditor)
		want := session(sessionID(1), u.ID)
		must(t, s.CreateSession(ctx, want))
		got, err := s.Session(ctx, want.ID, now.Add(time.Hour))
		must(t, err)
		assertEqual(t, "Session", got, sessionInUTC(want))

		_, err = s.Session(ctx, want.ID, want.ExpiresAt)
		assertKind(t, err, news.ErrNotFound, "session at its expiry")
		_, err = s.Session(ctx, want.ID, want.ExpiresAt.Add(time.Hour))
		assertKind(t, err, news.ErrNotFound, "expired session")
		_, err = s.Session(ctx, sessionID(2), now)
		assertKind(t, err, news.ErrNotFound, "unknown session")

		assertKind(t, s.CreateSession(ctx, want), news.ErrConflict, "taken id")
		assertKind(t, s.CreateSession(ctx, session(sessionID(3), u.ID+1000)), news.ErrInvalid, "unknown user")
		assertKind(t, s.CreateSession(ctx, session("", u.ID)), news.ErrInvalid, "empty id")
	})

	t.Run("touch records activity and moves the expiry", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "leyla@example.az", "Leyla", news.RoleEditor)
		sess := session(sessionID(1), u.ID)
		must(t, s.CreateSession(ctx, sess))

		seen, expires := now.Add(20*time.Hour).In(baku), now.Add(44*time.Hour)
		must(t, s.TouchSession(ctx, sess.ID, seen, expires))
		late := sess.ExpiresAt.Add(time.Hour)
		got, err := s.Session(ctx, sess.ID, late)
		must(t, err)
		sess.LastSeenAt, sess.ExpiresAt = seen, expires
		assertEqual(t, "touched session", got, sessionInUTC(sess))

		assertKind(t, s.TouchSession(ctx, sessionID(2), seen, expires), news.ErrNotFound, "touch unknown")
		// An expired session stays expired: touching must not revive it.
		assertKind(t, s.TouchSession(ctx, sess.ID, expires.Add(time.Minute), expires.Add(24*time.Hour)),
			news.ErrNotFound, "touch expired")
	})

	t.Run("delete signs one browser out, idempotently", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "leyla@example.az", "Leyla", news.RoleEditor)
		must(t, s.CreateSession(ctx, session(sessionID(1), u.ID)))
		must(t, s.CreateSession(ctx, session(sessionID(2), u.ID)))
		must(t, s.DeleteSession(ctx, sessionID(1)))
		_, err := s.Session(ctx, sessionID(1), now)
		assertKind(t, err, news.ErrNotFound, "deleted session")
		_, err = s.Session(ctx, sessionID(2), now)
		must(t, err)
		must(t, s.DeleteSession(ctx, sessionID(1))) // signing out twice is no error
	})

	t.Run("deleting a user's sessions leaves the others'", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		leyla := createUser(t, s, "leyla@example.az", "Leyla", news.RoleEditor)
		tural := createUser(t, s, "tural@example.az", "Tural", news.RoleAuthor)
		for i := range 3 {
			must(t, s.CreateSession(ctx, session(sessionID(i), leyla.ID)))
		}
		must(t, s.CreateSession(ctx, session(sessionID(10), tural.ID)))
		n, err := s.DeleteUserSessions(ctx, leyla.ID)
		must(t, err)
		if n != 3 {
			t.Errorf("DeleteUserSessions = %d, want 3", n)
		}
		for i := range 3 {
			_, err := s.Session(ctx, sessionID(i), now)
			assertKind(t, err, news.ErrNotFound, fmt.Sprintf("session %d of the signed-out user", i))
		}
		_, err = s.Session(ctx, sessionID(10), now)
		must(t, err)
		n, err = s.DeleteUserSessions(ctx, leyla.ID)
		must(t, err)
		if n != 0 {
			t.Errorf("second DeleteUserSessions = %d, want 0", n)
		}
	})

	t.Run("expired sessions are swept", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "leyla@example.az", "Leyla", news.RoleEditor)
		for i, expires := range []time.Duration{-2 * time.Hour, -time.Second, time.Second, 2 * time.Hour} {
			sess := session(sessionID(i), u.ID)
			sess.CreatedAt, sess.LastSeenAt = now.Add(-48*time.Hour), now.Add(-48*time.Hour)
			sess.ExpiresAt = now.Add(expires)
			must(t, s.CreateSession(ctx, sess))
		}
		n, err := s.DeleteExpiredSessions(ctx, now)
		must(t, err)
		if n != 2 {
			t.Errorf("DeleteExpiredSessions = %d, want 2", n)
		}
		// Swept sessions are gone even for a clock that runs behind.
		for i := range 2 {
			_, err := s.Session(ctx, sessionID(i), now.Add(-72*time.Hour))
			assertKind(t, err, news.ErrNotFound, fmt.Sprintf("swept session %d", i))
		}
		for i := 2; i < 4; i++ {
			_, err := s.Session(ctx, sessionID(i), now)
			must(t, err)
		}
	})

	t.Run("concurrent reads and touches", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "leyla@example.az", "Leyla", news.RoleEditor)
		const sessions, rounds = 4, 20
		for i := range sessions {
			must(t, s.CreateSession(ctx, session(sessionID(i), u.ID)))
		}
		var wg sync.WaitGroup
		errs := make(chan error, 2*sessions)
		for i := range sessions {
			wg.Go(func() {
				for range rounds {
					if _, err := s.Session(ctx, sessionID(i), now); err != nil {
						errs <- fmt.Errorf("read session %d: %w", i, err)
						return
					}
				}
			})
			wg.Go(func() {
				for j := range rounds {
					seen := now.Add(time.Duration(j) * time.Minute)
					if err := s.TouchSession(ctx, sessionID(i), seen, seen.Add(24*time.Hour)); err != nil {
						errs <- fmt.Errorf("touch session %d: %w", i, err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}
