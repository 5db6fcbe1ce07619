package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// testListings checks the methods that read back, whole, what the rest of
// the store only looks up one by one, and the Create behaviour moving a
// publication relies on: a kept article version and audit entry id.
func testListings(t *testing.T, open Opener) {
	t.Run("drafts of an article, by writer", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a, other := published("drafted", -time.Hour), published("other", -time.Hour)
		create(t, s, &a, &other)
		amy := createUser(t, s, "amy@example.org", "Amy", news.RoleEditor)
		bob := createUser(t, s, "bob@example.org", "Bob", news.RoleAuthor)
		none, err := s.ArticleDrafts(ctx, a.ID)
		must(t, err)
		assertEqual(t, "drafts before any", len(none), 0)
		for i, u := range []news.User{bob, amy} {
			d := a
			d.Body = "<p>Unsaved by " + u.Name + "</p>"
			must(t, s.SaveDraft(ctx, news.Draft{ArticleID: a.ID, UserID: u.ID, BaseVersion: i + 1, SavedAt: now.In(baku), Article: d}))
		}
		must(t, s.SaveDraft(ctx, news.Draft{ArticleID: other.ID, UserID: amy.ID, BaseVersion: 1, SavedAt: now, Article: other}))
		got, err := s.ArticleDrafts(ctx, a.ID)
		must(t, err)
		var summary []any
		for _, d := range got {
			summary = append(summary, d.ArticleID, d.UserID, d.BaseVersion, d.SavedAt, d.Article.Body)
		}
		assertEqual(t, "ArticleDrafts", summary, []any{
			a.ID, amy.ID, 2, now, "<p>Unsaved by Amy</p>",
			a.ID, bob.ID, 1, now, "<p>Unsaved by Bob</p>",
		})
	})

	t.Run("every redirect, by path bytewise", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a := published("moved", -time.Hour)
		create(t, s, &a)
		want := []news.Redirect{
			{Path: "/Zebra", Target: "https://example.org/z", CreatedAt: now},
			{Path: "/a/old", ArticleID: a.ID, CreatedAt: now.Add(time.Second)},
			{Path: "/b", Target: "/pages/b", CreatedAt: now.Add(2 * time.Second)},
		}
		for _, i := range []int{2, 0, 1} {
			r := want[i]
			r.CreatedAt = r.CreatedAt.In(baku)
			must(t, s.SetRedirect(ctx, r))
		}
		got, err := s.AllRedirects(ctx)
		must(t, err)
		assertEqual(t, "AllRedirects", got, want)
	})

	t.Run("every secret, by name", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for _, name := range []string{"preview", "api"} {
			_, err := s.Secret(ctx, name, func() []byte { return []byte("value of " + name + "\x00\xff") })
			must(t, err)
		}
		got, err := s.AllSecrets(ctx)
		must(t, err)
		assertEqual(t, "AllSecrets", got, []store.NamedSecret{
			{Name: "api", Value: []byte("value of api\x00\xff")},
			{Name: "preview", Value: []byte("value of preview\x00\xff")},
		})
	})

	t.Run("recovery codes, spent ones included", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		u := createUser(t, s, "amy@example.org", "Amy", news.RoleEditor)
		other := createUser(t, s, "bob@example.org", "Bob", news.RoleEditor)
		none, err := s.RecoveryCodes(ctx, u.ID)
		must(t, err)
		assertEqual(t, "codes before any", len(none), 0)
		must(t, s.StartTOTP(ctx, u.ID, "JBSWY3DPEHPK3PXP", now))
		must(t, s.EnableTOTP(ctx, u.ID, 100, []string{"hash-c", "hash-a", "hash-b"}, now))
		must(t, s.StartTOTP(ctx, other.ID, "JBSWY3DPEHPK3PXQ", now))
		must(t, s.EnableTOTP(ctx, other.ID, 100, []string{"hash-z"}, now))
		must(t, s.UseRecoveryCode(ctx, u.ID, "hash-b", now.Add(time.Minute).In(baku)))
		got, err := s.RecoveryCodes(ctx, u.ID)
		must(t, err)
		assertEqual(t, "RecoveryCodes", got, []store.RecoveryCode{
			{Hash: "hash-a"}, {Hash: "hash-b", UsedAt: now.Add(time.Minute)}, {Hash: "hash-c"},
		})
	})

	t.Run("a given article version is kept, none is 1", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		kept, fresh := published("kept", -time.Hour), published("fresh", -time.Hour)
		kept.Version = 7
		create(t, s, &kept, &fresh)
		got, err := s.Article(ctx, kept.ID)
		must(t, err)
		assertEqual(t, "versions", []int{kept.Version, got.Version, fresh.Version}, []int{7, 7, 1})
		got.Title = "Saved again"
		must(t, s.UpdateArticle(ctx, &got))
		assertEqual(t, "version after a save", got.Version, 8)
		bad := published("bad", -time.Hour)
		bad.Version = -1
		assertKind(t, s.CreateArticle(ctx, &bad), news.ErrInvalid, "negative version")
	})

	t.Run("a given audit entry id is kept", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		e := news.AuditEntry{ID: 40, At: now, Action: "user.create", UserName: "Amy"}
		must(t, s.RecordAudit(ctx, &e))
		next := news.AuditEntry{At: now, Action: "user.role"}
		must(t, s.RecordAudit(ctx, &next))
		if e.ID != 40 || next.ID <= 40 {
			t.Errorf("ids %d and %d, want 40 and one above", e.ID, next.ID)
		}
		dup := news.AuditEntry{ID: 40, At: now, Action: "user.create"}
		assertKind(t, s.RecordAudit(ctx, &dup), news.ErrConflict, "taken audit id")
		assertKind(t, s.RecordAudit(ctx, &news.AuditEntry{ID: -1, Action: "x"}), news.ErrInvalid, "negative audit id")
		got, err := s.AuditLog(ctx, store.AuditFilter{Limit: 10})
		must(t, err)
		assertEqual(t, "audit ids", []int64{got[0].ID, got[1].ID}, []int64{next.ID, 40})
	})
}
