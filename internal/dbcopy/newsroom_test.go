package dbcopy_test

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/dbcopy"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/storetest"
)

// chiefTOTP is the chief's authenticator secret; chiefCodes are the
// recovery codes the chief was shown, the first of them spent.
const chiefTOTP = "JBSWY3DPEHPK3PXP"

var chiefCodes = []string{"abcde-fghij", "kmnpq-rstuv", "wxyz2-34567"}

// newsroomRecords gives the publication what the newsroom adds to it as
// people work: an image with its uploader, an article saved twice with
// its revisions, unsaved drafts, redirects, signing keys, an account with
// two-factor sign-in on and one half set up, and an audit log with a gap.
// It runs after untidy, whose accounts it uses.
func newsroomRecords(t *testing.T, st store.Store) {
	t.Helper()
	ctx := t.Context()
	chief, err := st.UserByEmail(ctx, "chief@example.org")
	must(t, err)
	stringer, err := st.UserByEmail(ctx, "stringer@example.org")
	must(t, err)

	must(t, st.CreateImage(ctx, &news.Image{Path: "uploaded.jpg", MIME: "image/jpeg", UploadedBy: chief.ID, CreatedAt: seedTime}))

	arts, err := st.ArticlesAfter(ctx, 0, 2)
	must(t, err)
	a, b := arts[0], arts[1]
	must(t, st.AddRevision(ctx, news.Revision{ArticleID: a.ID, Version: 1, CreatedAt: seedTime,
		UserID: chief.ID, UserName: chief.Name, Note: "Created", Article: a}))
	a.Title += " (revised)"
	must(t, st.UpdateArticle(ctx, &a))
	must(t, st.AddRevision(ctx, news.Revision{ArticleID: a.ID, Version: a.Version, CreatedAt: seedTime.Add(time.Hour),
		UserName: "Import job", Note: "Published", Article: a}))
	must(t, st.AddRevision(ctx, news.Revision{ArticleID: b.ID, Version: 1, CreatedAt: seedTime,
		UserID: stringer.ID, UserName: stringer.Name, Note: "Autosave", Article: b}))

	unsaved := a
	unsaved.Body = "<p>Half a paragraph nobody saved</p>"
	must(t, st.SaveDraft(ctx, news.Draft{ArticleID: a.ID, UserID: chief.ID, BaseVersion: a.Version,
		SavedAt: seedTime.Add(2 * time.Hour), Article: unsaved}))
	must(t, st.SaveDraft(ctx, news.Draft{ArticleID: a.ID, UserID: stringer.ID, BaseVersion: 1,
		SavedAt: seedTime.Add(3 * time.Hour), Article: a}))

	must(t, st.SetRedirect(ctx, news.Redirect{Path: "/2026/05/old-slug/", ArticleID: a.ID, CreatedAt: seedTime}))
	must(t, st.SetRedirect(ctx, news.Redirect{Path: "/Old-Page", Target: "https://elsewhere.example/page", CreatedAt: seedTime}))
	must(t, st.SetImportMapping(ctx, news.ImportMapping{Source: "old.example", Kind: "post", SourceID: "12", TargetID: a.ID, Hash: "ab12", ImportedAt: seedTime}))
	must(t, st.SetImportMapping(ctx, news.ImportMapping{Source: "old.example", Kind: "category", SourceID: "slug:news", TargetID: 1, ImportedAt: seedTime}))

	_, err = newsroom.PreviewPath(ctx, st, a.ID, seedTime.Add(time.Hour))
	must(t, err)
	_, err = st.Secret(ctx, "another", func() []byte { return []byte{0, 1, 2, 0xff} })
	must(t, err)

	var hashes []string
	for _, c := range chiefCodes {
		hashes = append(hashes, auth.RecoveryCodeHash(c))
	}
	must(t, st.StartTOTP(ctx, chief.ID, chiefTOTP, seedTime))
	must(t, st.EnableTOTP(ctx, chief.ID, seedTime.Unix()/30, hashes, seedTime.Add(time.Minute)))
	must(t, st.UseRecoveryCode(ctx, chief.ID, hashes[0], seedTime.Add(2*time.Minute)))
	must(t, st.StartTOTP(ctx, stringer.ID, "KRSXG5CTMVRXEZLU", seedTime))

	for _, e := range []news.AuditEntry{
		{At: seedTime, UserID: chief.ID, UserName: chief.Name, Action: "user.create", SubjectKind: "user", SubjectID: stringer.ID,
			SubjectTitle: stringer.Name, IP: "192.0.2.7", Detail: "contributor"},
		{ID: 40, At: seedTime.Add(time.Minute), UserName: "nobody@example.org", Action: "signin.failure", IP: "2001:db8::1"},
		{At: seedTime.Add(2 * time.Minute), UserID: chief.ID, UserName: chief.Name, Action: "article.publish",
			SubjectKind: "article", SubjectID: a.ID, SubjectTitle: a.Title},
	} {
		must(t, st.RecordAudit(ctx, &e))
	}
}

// newsroomCounts counts the newsroom's records with the store's own
// methods, in the order of the report.
func newsroomCounts(t *testing.T, st store.Store) []dbcopy.Count {
	t.Helper()
	ctx := t.Context()
	revs, drafts := 0, 0
	for _, id := range articleIDs(t, st) {
		r, err := st.Revisions(ctx, id)
		must(t, err)
		d, err := st.ArticleDrafts(ctx, id)
		must(t, err)
		revs, drafts = revs+len(r), drafts+len(d)
	}
	redirects, err := st.CountRedirects(ctx)
	must(t, err)
	mappings, err := st.CountImportMappings(ctx)
	must(t, err)
	users, err := st.AllUsers(ctx)
	must(t, err)
	twoFactor := 0
	for _, u := range users {
		_, err := st.TOTP(ctx, u.ID)
		if errors.Is(err, news.ErrNotFound) {
			continue
		}
		must(t, err)
		twoFactor++
	}
	entries, err := st.AuditLog(ctx, store.AuditFilter{Limit: 100000})
	must(t, err)
	secrets, err := st.AllSecrets(ctx)
	must(t, err)
	return []dbcopy.Count{
		{Aggregate: "revisions", N: revs},
		{Aggregate: "unsaved drafts", N: drafts},
		{Aggregate: "redirects", N: redirects},
		{Aggregate: "import mappings", N: mappings},
		{Aggregate: "two-factor set-ups", N: twoFactor},
		{Aggregate: "audit log entries", N: len(entries)},
		{Aggregate: "secrets", N: len(secrets)},
	}
}

func articleIDs(t *testing.T, st store.Store) []int64 {
	t.Helper()
	var ids []int64
	for after := int64(0); ; {
		arts, err := st.ArticlesAfter(t.Context(), after, 100)
		must(t, err)
		if len(arts) == 0 {
			return ids
		}
		for _, a := range arts {
			ids = append(ids, a.ID)
		}
		after = arts[len(arts)-1].ID
	}
}

// assertSameNewsroom compares the newsroom's records of two stores field
// by field.
func assertSameNewsroom(t *testing.T, got, want store.Store) {
	t.Helper()
	ctx := t.Context()
	for _, id := range articleIDs(t, want) {
		same(t, "revisions of "+strconv.FormatInt(id, 10),
			func(ctx context.Context) ([]news.Revision, error) { return got.Revisions(ctx, id) },
			func(ctx context.Context) ([]news.Revision, error) { return want.Revisions(ctx, id) })
		same(t, "drafts of "+strconv.FormatInt(id, 10),
			func(ctx context.Context) ([]news.Draft, error) { return got.ArticleDrafts(ctx, id) },
			func(ctx context.Context) ([]news.Draft, error) { return want.ArticleDrafts(ctx, id) })
	}
	same(t, "redirects", got.AllRedirects, want.AllRedirects)
	same(t, "import mappings", got.AllImportMappings, want.AllImportMappings)
	same(t, "secrets", got.AllSecrets, want.AllSecrets)
	log := func(st store.Store) func(context.Context) ([]news.AuditEntry, error) {
		return func(ctx context.Context) ([]news.AuditEntry, error) {
			return st.AuditLog(ctx, store.AuditFilter{Limit: 100000})
		}
	}
	same(t, "audit log", log(got), log(want))
	users, err := want.AllUsers(ctx)
	must(t, err)
	for _, u := range users {
		g, gerr := got.TOTP(ctx, u.ID)
		w, werr := want.TOTP(ctx, u.ID)
		if errors.Is(werr, news.ErrNotFound) {
			if !errors.Is(gerr, news.ErrNotFound) {
				t.Errorf("%s has two-factor set up on the target only: %+v, %v", u.Email, g, gerr)
			}
			continue
		}
		must(t, werr)
		must(t, gerr)
		storetest.AssertEqual(t, "two-factor set-up of "+u.Email, g, w)
		same(t, "recovery codes of "+u.Email,
			func(ctx context.Context) ([]store.RecoveryCode, error) { return got.RecoveryCodes(ctx, u.ID) },
			func(ctx context.Context) ([]store.RecoveryCode, error) { return want.RecoveryCodes(ctx, u.ID) })
	}
}

// What people notice after a move: preview links sent before it still
// open, the chief still signs in with the authenticator app and the
// recovery codes not yet spent, and the next save of an article follows
// on from its last revision.
func TestCopyKeepsWhatPeopleRelyOn(t *testing.T) {
	for _, from := range backends {
		for _, to := range backends {
			if from.name == to.name {
				continue
			}
			t.Run(from.name+" to "+to.name, func(t *testing.T) {
				ctx := t.Context()
				source := publication(t, from)
				arts, err := source.ArticlesAfter(ctx, 0, 1)
				must(t, err)
				a := arts[0]
				expires := time.Now().Add(time.Hour)
				link, err := newsroom.PreviewPath(ctx, source, a.ID, expires)
				must(t, err)
				target := to.open(t)
				if _, err := dbcopy.Copy(ctx, source, target, nil); err != nil {
					t.Fatal(err)
				}

				u, err := url.Parse(link)
				must(t, err)
				q := u.Query()
				if err := newsroom.CheckPreview(ctx, target, a.ID, q.Get("exp"), q.Get("sig"), time.Now()); err != nil {
					t.Errorf("a preview link signed on the source does not open on the target: %v", err)
				}

				chief, err := target.UserByEmail(ctx, "chief@example.org")
				must(t, err)
				tf, err := target.TOTP(ctx, chief.ID)
				must(t, err)
				if !tf.Enabled || tf.RecoveryCodesLeft != len(chiefCodes)-1 {
					t.Errorf("the chief's two-factor set-up on the target: %+v, want on with %d codes left", tf, len(chiefCodes)-1)
				}
				code, err := totp.GenerateCode(chiefTOTP, time.Now())
				must(t, err)
				step, ok := auth.CheckTOTP(tf.Secret, code, time.Now())
				if !ok {
					t.Fatal("the authenticator app's code is refused by the target's secret")
				}
				must(t, target.UseTOTPStep(ctx, chief.ID, step))
				must(t, target.UseRecoveryCode(ctx, chief.ID, auth.RecoveryCodeHash(chiefCodes[1]), time.Now()))
				if err := target.UseRecoveryCode(ctx, chief.ID, auth.RecoveryCodeHash(chiefCodes[0]), time.Now()); !errors.Is(err, news.ErrNotFound) {
					t.Errorf("a recovery code spent before the copy works after it: %v", err)
				}
				stringer, err := target.UserByEmail(ctx, "stringer@example.org")
				must(t, err)
				if half, err := target.TOTP(ctx, stringer.ID); err != nil || half.Enabled {
					t.Errorf("the half-done set-up arrived as %+v, %v; want pending", half, err)
				}

				saved, err := target.Article(ctx, a.ID)
				must(t, err)
				if saved.Version != 2 {
					t.Fatalf("the article arrived at version %d, want 2", saved.Version)
				}
				saved.Title = "Saved after the move"
				must(t, target.UpdateArticle(ctx, &saved))
				must(t, target.AddRevision(ctx, news.Revision{ArticleID: a.ID, Version: saved.Version, Note: "After the move", Article: saved}))
				revs, err := target.Revisions(ctx, a.ID)
				must(t, err)
				var versions []int
				for _, r := range revs {
					versions = append(versions, r.Version)
				}
				storetest.AssertEqual(t, "versions after a save on the target", versions, []int{3, 2, 1})
			})
		}
	}
}

// A target that made a signing key of its own, as a site started on it
// does on its first preview link, is refused: copying over it would
// break the links signed with either.
func TestCopyRefusesATargetWithItsOwnSecret(t *testing.T) {
	source := publication(t, sqliteBackend)
	for _, to := range backends {
		t.Run(to.name, func(t *testing.T) {
			target := to.open(t)
			_, err := newsroom.PreviewPath(t.Context(), target, 1, time.Now().Add(time.Hour))
			must(t, err)
			_, err = dbcopy.Copy(t.Context(), source, target, nil)
			if !errors.Is(err, dbcopy.ErrTargetNotEmpty) || !strings.Contains(err.Error(), "secrets") {
				t.Errorf("Copy into a target with a secret: %v, want ErrTargetNotEmpty naming secrets", err)
			}
		})
	}
}
