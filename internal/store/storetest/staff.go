package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testStaff(t *testing.T, open Opener) {
	t.Run("active administrators exclude disabled ones and other roles", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		createUser(t, s, "a@example.az", "A", news.RoleAdministrator)
		b := createUser(t, s, "b@example.az", "B", news.RoleAdministrator)
		createUser(t, s, "c@example.az", "C", news.RoleEditor)
		b.Disabled = true
		must(t, s.UpdateUser(ctx, &b))
		n, err := s.CountActiveAdministrators(ctx)
		must(t, err)
		if n != 1 {
			t.Errorf("CountActiveAdministrators = %d, want 1", n)
		}
		err = s.Atomic(ctx, func(tx store.Store) error {
			n, err = tx.CountActiveAdministrators(ctx)
			return err
		})
		must(t, err)
		if n != 1 {
			t.Errorf("inside Atomic: %d, want 1", n)
		}
	})

	t.Run("two administrators demoting each other at once leave one", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a := createUser(t, s, "a@example.az", "A", news.RoleAdministrator)
		b := createUser(t, s, "b@example.az", "B", news.RoleAdministrator)
		last := errors.New("last administrator")
		counted := make(chan struct{}, 2)
		demote := func(u news.User) error {
			return s.Atomic(ctx, func(tx store.Store) error {
				n, err := tx.CountActiveAdministrators(ctx)
				if err != nil {
					return err
				}
				if n <= 1 {
					return last
				}
				// Wait for the other transaction to count too, as it would
				// if the backend did not hold it back (then the wait ends
				// at its time limit).
				counted <- struct{}{}
				for deadline := time.Now().Add(500 * time.Millisecond); len(counted) < 2 && time.Now().Before(deadline); {
					time.Sleep(5 * time.Millisecond)
				}
				u.Role = news.RoleEditor
				return tx.UpdateUser(ctx, &u)
			})
		}
		start := make(chan struct{})
		errs := make(chan error, 2)
		for _, u := range []news.User{a, b} {
			go func() {
				<-start
				errs <- demote(u)
			}()
		}
		close(start)
		var refused int
		for range 2 {
			if err := <-errs; errors.Is(err, last) {
				refused++
			} else if err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.CountActiveAdministrators(ctx)
		must(t, err)
		if refused != 1 || n != 1 {
			t.Errorf("%d demotions refused, %d administrators left; want 1 and 1", refused, n)
		}
	})

	t.Run("a user's live sessions, most recently seen first", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "leyla@example.az", "Leyla", news.RoleEditor)
		other := createUser(t, s, "tural@example.az", "Tural", news.RoleEditor)
		old, recent, expired, theirs := session(sessionID(1), u.ID), session(sessionID(2), u.ID), session(sessionID(3), u.ID), session(sessionID(4), other.ID)
		recent.LastSeenAt = now.Add(time.Hour)
		expired.ExpiresAt = now.Add(-time.Minute)
		for _, ss := range []news.Session{old, recent, expired, theirs} {
			must(t, s.CreateSession(ctx, ss))
		}
		got, err := s.UserSessions(ctx, u.ID, now)
		must(t, err)
		assertEqual(t, "UserSessions", got, []news.Session{sessionInUTC(recent), sessionInUTC(old)})
	})
}

func testTwoFactor(t *testing.T, open Opener) {
	t.Run("enrolment: pending, enabled, replays refused, switched off", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "leyla@example.az", "Leyla", news.RoleEditor)
		_, err := s.TOTP(ctx, u.ID)
		assertKind(t, err, news.ErrNotFound, "TOTP before enrolment")

		must(t, s.StartTOTP(ctx, u.ID, "FIRSTSECRET", now))
		must(t, s.StartTOTP(ctx, u.ID, "JBSWY3DPEHPK3PXP", now.Add(time.Minute).In(baku)))
		got, err := s.TOTP(ctx, u.ID)
		must(t, err)
		assertEqual(t, "pending TOTP", got, news.TOTP{UserID: u.ID, Secret: "JBSWY3DPEHPK3PXP", CreatedAt: now.Add(time.Minute)})
		assertKind(t, s.UseTOTPStep(ctx, u.ID, 100), news.ErrNotFound, "a code for a pending set-up")
		if uu, _ := s.User(ctx, u.ID); uu.TwoFactor {
			t.Error("User.TwoFactor is on while TOTP is only pending")
		}

		must(t, s.EnableTOTP(ctx, u.ID, 1000, []string{"h1", "h2", "h3"}, now.Add(2*time.Minute)))
		got, err = s.TOTP(ctx, u.ID)
		must(t, err)
		assertEqual(t, "enabled TOTP", got, news.TOTP{UserID: u.ID, Secret: "JBSWY3DPEHPK3PXP", Enabled: true, LastStep: 1000,
			CreatedAt: now.Add(time.Minute), EnabledAt: now.Add(2 * time.Minute), RecoveryCodesLeft: 3})
		if uu, _ := s.User(ctx, u.ID); !uu.TwoFactor {
			t.Error("User.TwoFactor is off once TOTP is enabled")
		}
		if all, _ := s.AllUsers(ctx); len(all) != 1 || !all[0].TwoFactor {
			t.Errorf("AllUsers does not show TwoFactor: %+v", all)
		}
		assertKind(t, s.StartTOTP(ctx, u.ID, "OTHER", now), news.ErrConflict, "a new secret over an enabled one")
		assertKind(t, s.EnableTOTP(ctx, u.ID, 2000, nil, now), news.ErrNotFound, "enabling twice")

		assertKind(t, s.UseTOTPStep(ctx, u.ID, 1000), news.ErrConflict, "the enrolment code again")
		assertKind(t, s.UseTOTPStep(ctx, u.ID, 999), news.ErrConflict, "an older code")
		must(t, s.UseTOTPStep(ctx, u.ID, 1001))
		assertKind(t, s.UseTOTPStep(ctx, u.ID, 1001), news.ErrConflict, "a replayed code")

		must(t, s.UseRecoveryCode(ctx, u.ID, "h2", now))
		assertKind(t, s.UseRecoveryCode(ctx, u.ID, "h2", now), news.ErrNotFound, "a spent recovery code")
		assertKind(t, s.UseRecoveryCode(ctx, u.ID, "nope", now), news.ErrNotFound, "an unknown recovery code")
		if got, _ := s.TOTP(ctx, u.ID); got.RecoveryCodesLeft != 2 {
			t.Errorf("RecoveryCodesLeft = %d, want 2", got.RecoveryCodesLeft)
		}

		must(t, s.DeleteTOTP(ctx, u.ID))
		must(t, s.DeleteTOTP(ctx, u.ID))
		_, err = s.TOTP(ctx, u.ID)
		assertKind(t, err, news.ErrNotFound, "TOTP after DeleteTOTP")
		assertKind(t, s.UseRecoveryCode(ctx, u.ID, "h1", now), news.ErrNotFound, "a recovery code after DeleteTOTP")
		assertKind(t, s.UseTOTPStep(ctx, u.ID, 5000), news.ErrNotFound, "a code after DeleteTOTP")
	})

	t.Run("recovery codes belong to one user and are replaced on re-enrolment", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a := createUser(t, s, "a@example.az", "A", news.RoleEditor)
		b := createUser(t, s, "b@example.az", "B", news.RoleEditor)
		must(t, s.StartTOTP(ctx, a.ID, "AAAA", now))
		must(t, s.EnableTOTP(ctx, a.ID, 1, []string{"same", "a-only"}, now))
		must(t, s.StartTOTP(ctx, b.ID, "BBBB", now))
		must(t, s.EnableTOTP(ctx, b.ID, 1, []string{"same"}, now))
		assertKind(t, s.UseRecoveryCode(ctx, b.ID, "a-only", now), news.ErrNotFound, "another user's code")
		must(t, s.UseRecoveryCode(ctx, b.ID, "same", now))
		must(t, s.UseRecoveryCode(ctx, a.ID, "same", now))
	})

	t.Run("unknown user or empty secret is refused", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		assertKind(t, s.StartTOTP(ctx, 999, "AAAA", now), news.ErrInvalid, "StartTOTP for an unknown user")
		u := createUser(t, s, "a@example.az", "A", news.RoleEditor)
		assertKind(t, s.StartTOTP(ctx, u.ID, "", now), news.ErrInvalid, "an empty secret")
	})

	t.Run("sign-in challenges expire and are deleted", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "a@example.az", "A", news.RoleEditor)
		c := news.SignInChallenge{ID: sessionID(1), UserID: u.ID, Next: "/admin/articles/", CreatedAt: now.In(baku), ExpiresAt: now.Add(5 * time.Minute).In(baku)}
		stale := news.SignInChallenge{ID: sessionID(2), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Minute)}
		must(t, s.CreateSignInChallenge(ctx, c))
		must(t, s.CreateSignInChallenge(ctx, stale))
		assertKind(t, s.CreateSignInChallenge(ctx, c), news.ErrConflict, "a taken id")
		assertKind(t, s.CreateSignInChallenge(ctx, news.SignInChallenge{ID: sessionID(3)}), news.ErrInvalid, "a challenge without user")
		got, err := s.SignInChallenge(ctx, c.ID, now.Add(time.Minute))
		must(t, err)
		assertEqual(t, "SignInChallenge", got, news.SignInChallenge{ID: c.ID, UserID: u.ID, Next: c.Next, CreatedAt: now, ExpiresAt: now.Add(5 * time.Minute)})
		_, err = s.SignInChallenge(ctx, c.ID, now.Add(5*time.Minute))
		assertKind(t, err, news.ErrNotFound, "a challenge at its expiry")

		must(t, s.DeleteSignInChallenge(ctx, c.ID, now.Add(2*time.Minute)))
		_, err = s.SignInChallenge(ctx, c.ID, now)
		assertKind(t, err, news.ErrNotFound, "a deleted challenge")
		_, err = s.SignInChallenge(ctx, stale.ID, now)
		if !errors.Is(err, news.ErrNotFound) {
			t.Errorf("an expired challenge survived a delete: %v", err)
		}
		must(t, s.DeleteSignInChallenge(ctx, "unknown", now))
	})
}
