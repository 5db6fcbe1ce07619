package dbcopy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/storejson"
)

// The newsroom's records: what writers and editors have saved and not
// yet saved, old addresses, the keys links are signed with, and the
// accounts' second factors and history. They come after the articles and
// accounts they refer to.

// eachOfArticles hands over, a batch of articles at a time, the records
// of kind T that list gives for each article, in article id order.
func eachOfArticles[T any](list func(ctx context.Context, st store.Store, articleID int64) ([]T, error)) func(context.Context, store.Store, func([]T) error) error {
	return func(ctx context.Context, st store.Store, fn func([]T) error) error {
		for after := int64(0); ; {
			arts, err := st.ArticlesAfter(ctx, after, batchSize)
			if err != nil || len(arts) == 0 {
				return err
			}
			var batch []T
			for _, a := range arts {
				records, err := list(ctx, st, a.ID)
				if err != nil {
					return err
				}
				batch = append(batch, records...)
			}
			if len(batch) > 0 {
				if err := fn(batch); err != nil {
					return err
				}
			}
			after = arts[len(arts)-1].ID
		}
	}
}

// snapshot adds an article as a revision or draft stores it: its stored
// form is what must arrive, byte for byte.
func (d *digest) snapshot(a news.Article) *digest {
	text, err := storejson.EncodeArticle(a)
	if err != nil {
		// A snapshot that read back from JSON encodes again; should it
		// not, the checksum must not match anything.
		text = "unencodable: " + err.Error()
	}
	return d.str(text)
}

// revisions keep their versions; articles keep theirs (see articles), so
// that the next save follows on from the last revision copied.
var revisions = aggregate[news.Revision]{
	label: "revisions",
	size:  countOf(eachRevision),
	each:  eachRevision,
	write: func(ctx context.Context, to store.Store, batch []news.Revision) error {
		for _, r := range batch {
			if err := to.AddRevision(ctx, r); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, r news.Revision) {
		d.int(r.ArticleID).int(int64(r.Version)).time(r.CreatedAt).int(r.UserID).str(r.UserName).str(r.Note)
		d.snapshot(r.Article)
	},
}

// eachRevision gives an article's revisions oldest first, as they were
// made.
var eachRevision = eachOfArticles(func(ctx context.Context, st store.Store, id int64) ([]news.Revision, error) {
	revs, err := st.Revisions(ctx, id)
	slices.SortFunc(revs, func(a, b news.Revision) int { return a.Version - b.Version })
	return revs, err
})

// drafts are writers' unsaved work: losing them in a move would lose text.
var drafts = aggregate[news.Draft]{
	label: "unsaved drafts",
	size:  countOf(eachDraft),
	each:  eachDraft,
	write: func(ctx context.Context, to store.Store, batch []news.Draft) error {
		for _, dr := range batch {
			if err := to.SaveDraft(ctx, dr); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, dr news.Draft) {
		d.int(dr.ArticleID).int(dr.UserID).int(int64(dr.BaseVersion)).time(dr.SavedAt).snapshot(dr.Article)
	},
}

var eachDraft = eachOfArticles(func(ctx context.Context, st store.Store, id int64) ([]news.Draft, error) {
	return st.ArticleDrafts(ctx, id)
})

var redirects = aggregate[news.Redirect]{
	label: "redirects",
	size: func(ctx context.Context, st store.Store) (int, error) {
		return st.CountRedirects(ctx)
	},
	each: func(ctx context.Context, st store.Store, fn func([]news.Redirect) error) error {
		all, err := st.AllRedirects(ctx)
		slices.SortFunc(all, func(a, b news.Redirect) int { return strings.Compare(a.Path, b.Path) })
		return whole(fn, all, err)
	},
	write: func(ctx context.Context, to store.Store, batch []news.Redirect) error {
		for _, r := range batch {
			if err := to.SetRedirect(ctx, r); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, r news.Redirect) {
		d.str(r.Path).int(r.ArticleID).str(r.Target).time(r.CreatedAt)
	},
}

// importMappings remember what importers brought in, so that importing a
// newer export after the move updates rather than doubles.
var importMappings = aggregate[news.ImportMapping]{
	label: "import mappings",
	size: func(ctx context.Context, st store.Store) (int, error) {
		return st.CountImportMappings(ctx)
	},
	each: func(ctx context.Context, st store.Store, fn func([]news.ImportMapping) error) error {
		all, err := st.AllImportMappings(ctx)
		return whole(fn, all, err)
	},
	write: func(ctx context.Context, to store.Store, batch []news.ImportMapping) error {
		for _, m := range batch {
			if err := to.SetImportMapping(ctx, m); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, m news.ImportMapping) {
		d.str(m.Source).str(m.Kind).str(m.SourceID).int(m.TargetID).str(m.Hash).time(m.ImportedAt)
	},
}

// secrets are copied so that links signed before the move (previews)
// still verify after it.
var secrets = aggregate[store.NamedSecret]{
	label: "secrets",
	size:  countOf(eachSecret),
	each:  eachSecret,
	write: func(ctx context.Context, to store.Store, batch []store.NamedSecret) error {
		for _, s := range batch {
			// Secret stores the value given only where the name is free,
			// which an empty target's is; the value read back says so.
			got, err := to.Secret(ctx, s.Name, func() []byte { return s.Value })
			if err != nil {
				return err
			}
			if !bytes.Equal(got, s.Value) {
				return fmt.Errorf("%w: the target has a secret %q of its own", ErrTargetNotEmpty, s.Name)
			}
		}
		return nil
	},
	digest: func(d *digest, s store.NamedSecret) {
		d.str(s.Name).str(string(s.Value))
	},
}

func eachSecret(ctx context.Context, st store.Store, fn func([]store.NamedSecret) error) error {
	all, err := st.AllSecrets(ctx)
	slices.SortFunc(all, func(a, b store.NamedSecret) int { return strings.Compare(a.Name, b.Name) })
	return whole(fn, all, err)
}

// audit is the audit log, ids kept, walked newest first as the store
// pages it.
var audit = aggregate[news.AuditEntry]{
	label: "audit log entries",
	size:  countOf(eachAuditEntry),
	each:  eachAuditEntry,
	write: func(ctx context.Context, to store.Store, batch []news.AuditEntry) error {
		for _, e := range batch {
			if err := to.RecordAudit(ctx, &e); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, e news.AuditEntry) {
		d.int(e.ID).time(e.At).int(e.UserID).str(e.UserName).str(e.Action)
		d.str(e.SubjectKind).int(e.SubjectID).str(e.SubjectTitle).str(e.IP).str(e.Detail)
	},
}

func eachAuditEntry(ctx context.Context, st store.Store, fn func([]news.AuditEntry) error) error {
	for before := int64(0); ; {
		batch, err := st.AuditLog(ctx, store.AuditFilter{BeforeID: before, Limit: batchSize})
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
		before = batch[len(batch)-1].ID
	}
}

// twoFactor is one account's TOTP set-up, pending or on, with its
// recovery codes, spent ones included, so that the account keeps its
// second factor and a spent code stays spent.
type twoFactor struct {
	totp  news.TOTP
	codes []store.RecoveryCode
}

var twoFactors = aggregate[twoFactor]{
	label: "two-factor set-ups",
	size:  countOf(eachTwoFactor),
	each:  eachTwoFactor,
	write: func(ctx context.Context, to store.Store, batch []twoFactor) error {
		for _, f := range batch {
			if err := writeTwoFactor(ctx, to, f); err != nil {
				return fmt.Errorf("user %d: %w", f.totp.UserID, err)
			}
		}
		return nil
	},
	digest: func(d *digest, f twoFactor) {
		t := f.totp
		d.int(t.UserID).str(t.Secret).bool(t.Enabled).int(t.LastStep).time(t.CreatedAt).time(t.EnabledAt)
		d.int(int64(len(f.codes)))
		for _, c := range f.codes {
			d.str(c.Hash).time(c.UsedAt)
		}
	},
}

func eachTwoFactor(ctx context.Context, st store.Store, fn func([]twoFactor) error) error {
	users, err := st.AllUsers(ctx)
	if err != nil {
		return err
	}
	var all []twoFactor
	for _, u := range byID(users, func(u news.User) int64 { return u.ID }) {
		t, err := st.TOTP(ctx, u.ID)
		if errors.Is(err, news.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		codes, err := st.RecoveryCodes(ctx, u.ID)
		if err != nil {
			return err
		}
		slices.SortFunc(codes, func(a, b store.RecoveryCode) int { return strings.Compare(a.Hash, b.Hash) })
		all = append(all, twoFactor{totp: t, codes: codes})
	}
	return whole(fn, all, nil)
}

// writeTwoFactor replays how the set-up came to be, with its own times:
// started, switched on with every code, then the spent codes spent.
func writeTwoFactor(ctx context.Context, to store.Store, f twoFactor) error {
	t := f.totp
	if err := to.StartTOTP(ctx, t.UserID, t.Secret, t.CreatedAt); err != nil {
		return err
	}
	if !t.Enabled {
		if len(f.codes) > 0 {
			return fmt.Errorf("%w: a pending two-factor set-up has recovery codes, which the store cannot write", news.ErrInvalid)
		}
		return nil
	}
	hashes := make([]string, len(f.codes))
	for i, c := range f.codes {
		hashes[i] = c.Hash
	}
	if err := to.EnableTOTP(ctx, t.UserID, t.LastStep, hashes, t.EnabledAt); err != nil {
		return err
	}
	for _, c := range f.codes {
		if c.UsedAt.IsZero() {
			continue
		}
		if err := to.UseRecoveryCode(ctx, t.UserID, c.Hash, c.UsedAt); err != nil {
			return err
		}
	}
	return nil
}
