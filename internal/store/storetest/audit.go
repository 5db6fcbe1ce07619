package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func auditActions(entries []news.AuditEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, fmt.Sprintf("%s#%d", e.Action, e.SubjectID))
	}
	return out
}

func testAudit(t *testing.T, open Opener) {
	t.Run("every field round-trips, in UTC", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "leyla@example.az", "Leyla Aliyeva", news.RoleAdministrator)
		e := news.AuditEntry{
			At: now.In(baku), UserID: u.ID, UserName: u.Name, Action: "user.role",
			SubjectKind: "user", SubjectID: 42, SubjectTitle: "Tural Ismayilov",
			IP: "2001:db8::7", Detail: "author → editor",
		}
		must(t, s.RecordAudit(ctx, &e))
		if e.ID == 0 {
			t.Fatal("RecordAudit left the ID zero")
		}
		got, err := s.AuditLog(ctx, store.AuditFilter{Limit: 10})
		must(t, err)
		want := e
		want.At = now
		assertEqual(t, "AuditLog", got, []news.AuditEntry{want})
	})

	t.Run("no action, or no limit, is refused", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		assertKind(t, s.RecordAudit(ctx, &news.AuditEntry{UserName: "x"}), news.ErrInvalid, "entry without action")
		_, err := s.AuditLog(ctx, store.AuditFilter{})
		assertKind(t, err, news.ErrInvalid, "AuditLog without limit")
	})

	t.Run("an anonymous entry has no user, and a zero time is now", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		e := news.AuditEntry{UserName: "nobody@example.org", Action: "signin.failure", IP: "192.0.2.1"}
		before := time.Now().Add(-time.Second)
		must(t, s.RecordAudit(ctx, &e))
		got, err := s.AuditLog(ctx, store.AuditFilter{Limit: 1})
		must(t, err)
		if len(got) != 1 || got[0].UserID != 0 || got[0].UserName != "nobody@example.org" || got[0].At.Before(before.Truncate(time.Second)) {
			t.Errorf("anonymous entry read back as %+v", got)
		}
	})

	t.Run("newest first, filtered, in keyset pages", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		leyla := createUser(t, s, "leyla@example.az", "Leyla", news.RoleAdministrator)
		tural := createUser(t, s, "tural@example.az", "Tural", news.RoleEditor)
		record := func(u news.User, action string, subject int64) {
			e := news.AuditEntry{At: now, UserID: u.ID, UserName: u.Name, Action: action, SubjectID: subject}
			must(t, s.RecordAudit(ctx, &e))
		}
		record(leyla, "signin.success", 1)
		record(tural, "signin.success", 2)
		record(leyla, "user.create", 3)
		record(tural, "article.publish", 4)
		record(leyla, "user.role", 5)
		record(leyla, "signin.failure", 6)
		record(tural, "signin_x", 7) // "_" must not act as a wildcard

		got, err := s.AuditLog(ctx, store.AuditFilter{Limit: 3})
		must(t, err)
		assertEqual(t, "first page", auditActions(got), []string{"signin_x#7", "signin.failure#6", "user.role#5"})
		got, err = s.AuditLog(ctx, store.AuditFilter{Limit: 3, BeforeID: got[2].ID})
		must(t, err)
		assertEqual(t, "second page", auditActions(got), []string{"article.publish#4", "user.create#3", "signin.success#2"})

		got, err = s.AuditLog(ctx, store.AuditFilter{Limit: 10, UserID: leyla.ID})
		must(t, err)
		assertEqual(t, "Leyla's", auditActions(got), []string{"signin.failure#6", "user.role#5", "user.create#3", "signin.success#1"})

		got, err = s.AuditLog(ctx, store.AuditFilter{Limit: 10, ActionPrefix: "signin."})
		must(t, err)
		assertEqual(t, "signin.*", auditActions(got), []string{"signin.failure#6", "signin.success#2", "signin.success#1"})

		got, err = s.AuditLog(ctx, store.AuditFilter{Limit: 10, ActionPrefix: "signin.", UserID: tural.ID})
		must(t, err)
		assertEqual(t, "Tural's signin.*", auditActions(got), []string{"signin.success#2"})

		got, err = s.AuditLog(ctx, store.AuditFilter{Limit: 10, ActionPrefix: "user.role"})
		must(t, err)
		assertEqual(t, "exact action", auditActions(got), []string{"user.role#5"})
	})

	t.Run("an entry inside Atomic rolls back with its change", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		boom := errors.New("boom")
		err := s.Atomic(ctx, func(tx store.Store) error {
			must(t, tx.RecordAudit(ctx, &news.AuditEntry{Action: "user.create"}))
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Atomic = %v", err)
		}
		got, err := s.AuditLog(ctx, store.AuditFilter{Limit: 10})
		must(t, err)
		if len(got) != 0 {
			t.Errorf("rolled-back entry is in the log: %+v", got)
		}
	})
}
