package dbcopy_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/dbcopy"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// readerRecords gives the publication what its readers add: accounts
// (one gone, leaving a gap in the ids; one with history switched off
// after reading), saved articles, follows of a section, a topic and an
// author, reading history, newsletter subscriptions with section alerts
// (one pending, one of an account), a finished digest and an alert cut
// short with a send claimed but never marked sent; and passing state the
// copy leaves behind: a signed-in browser and an unspent emailed link.
func readerRecords(t *testing.T, st store.Store) {
	t.Helper()
	ctx := t.Context()
	arts, err := st.ArticlesAfter(ctx, 0, 3)
	must(t, err)
	cats, err := st.AllCategories(ctx)
	must(t, err)
	spare, err := st.TagBySlug(ctx, "spare")
	must(t, err)
	anonymous, err := st.AuthorBySlug(ctx, "anonymous")
	must(t, err)

	aysel := news.Reader{Email: "aysel@example.org", Name: "Aysel", PasswordHash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA",
		VerifiedAt: seedTime, CreatedAt: seedTime, UpdatedAt: seedTime.Add(time.Hour)}
	must(t, st.CreateReader(ctx, &aysel))
	gone := news.Reader{Email: "gone@example.org", CreatedAt: seedTime}
	must(t, st.CreateReader(ctx, &gone))
	must(t, st.DeleteReader(ctx, gone.ID))
	linksOnly := news.Reader{Email: "links@example.org", CreatedAt: seedTime}
	must(t, st.CreateReader(ctx, &linksOnly))

	must(t, st.SaveArticle(ctx, aysel.ID, arts[2].ID, seedTime))
	must(t, st.SaveArticle(ctx, aysel.ID, arts[0].ID, seedTime.Add(time.Minute)))
	must(t, st.SaveArticle(ctx, linksOnly.ID, arts[0].ID, seedTime.Add(2*time.Minute)))
	for _, f := range []news.Follow{{Kind: news.FollowCategory, TargetID: cats[0].ID}, {Kind: news.FollowTag, TargetID: spare.ID},
		{Kind: news.FollowAuthor, TargetID: anonymous.ID}} {
		must(t, st.Follow(ctx, aysel.ID, f))
	}
	must(t, st.Follow(ctx, linksOnly.ID, news.Follow{Kind: news.FollowCategory, TargetID: cats[1].ID}))
	must(t, st.RecordReading(ctx, aysel.ID, arts[0].ID, seedTime.Add(3*time.Minute)))
	must(t, st.RecordReading(ctx, aysel.ID, arts[2].ID, seedTime.Add(4*time.Minute)))
	must(t, st.RecordReading(ctx, linksOnly.ID, arts[2].ID, seedTime.Add(5*time.Minute)))
	aysel.HistoryOff = true
	must(t, st.UpdateReader(ctx, &aysel))

	must(t, st.CreateReaderSession(ctx, news.ReaderSession{ID: "session-hash", ReaderID: aysel.ID, CreatedAt: seedTime,
		LastSeenAt: seedTime, ExpiresAt: time.Now().Add(time.Hour)}))
	must(t, st.CreateReaderToken(ctx, news.ReaderToken{ID: "link-hash", Purpose: news.TokenSignIn, ReaderID: linksOnly.ID,
		Email: linksOnly.Email, CreatedAt: seedTime, ExpiresAt: time.Now().Add(time.Hour)}))

	own := news.Subscriber{Email: aysel.Email, ReaderID: aysel.ID, Digest: true, AlertCategoryIDs: []int64{cats[1].ID, cats[0].ID},
		ConfirmedAt: seedTime, CreatedAt: seedTime}
	dropped := news.Subscriber{Email: "dropped@example.org", Digest: true, CreatedAt: seedTime}
	alertsOnly := news.Subscriber{Email: "alerts@example.org", AlertCategoryIDs: []int64{cats[0].ID}, ConfirmedAt: seedTime,
		CreatedAt: seedTime, UpdatedAt: seedTime.Add(time.Minute)}
	pending := news.Subscriber{Email: "pending@example.org", Digest: true, CreatedAt: seedTime}
	for _, s := range []*news.Subscriber{&own, &dropped, &alertsOnly, &pending} {
		must(t, st.CreateSubscriber(ctx, s))
	}
	must(t, st.DeleteSubscriber(ctx, dropped.ID))

	digest, err := st.StartMailing(ctx, news.Mailing{Name: "digest:2026-05-19", Cutoff: seedTime.Add(-time.Hour), CreatedAt: seedTime})
	must(t, err)
	_, err = st.ClaimSends(ctx, digest.Name, []int64{own.ID}, seedTime)
	must(t, err)
	must(t, st.MarkSent(ctx, digest.Name, []int64{own.ID}, seedTime.Add(time.Second)))
	must(t, st.FinishMailing(ctx, digest.Name, seedTime.Add(2*time.Second)))
	alert, err := st.StartMailing(ctx, news.Mailing{Name: "alert:" + strconv.FormatInt(arts[0].ID, 10), Cutoff: seedTime, CreatedAt: seedTime})
	must(t, err)
	_, err = st.ClaimSends(ctx, alert.Name, []int64{alertsOnly.ID, own.ID}, seedTime.Add(time.Minute))
	must(t, err)
	must(t, st.MarkSent(ctx, alert.Name, []int64{own.ID}, seedTime.Add(time.Minute)))
}

// readerCounts counts the readers' records with the store's own methods,
// in the order of the report.
func readerCounts(t *testing.T, st store.Store) []dbcopy.Count {
	t.Helper()
	ctx := t.Context()
	accounts, err := st.CountReaders(ctx)
	must(t, err)
	saved, follows, history := 0, 0, 0
	for _, r := range allReaders(t, st) {
		s, err := st.SavedList(ctx, r.ID)
		must(t, err)
		f, err := st.Follows(ctx, r.ID)
		must(t, err)
		h, err := st.History(ctx, r.ID)
		must(t, err)
		saved, follows, history = saved+len(s), follows+len(f), history+len(h)
	}
	subs, err := st.CountSubscribers(ctx)
	must(t, err)
	mailings, err := st.MailingsAfter(ctx, "", 1000)
	must(t, err)
	sends := 0
	for _, m := range mailings {
		claimed, _, err := st.MailingSends(ctx, m.Name)
		must(t, err)
		sends += claimed
	}
	return []dbcopy.Count{
		{Aggregate: "reader accounts", N: accounts},
		{Aggregate: "saved articles", N: saved},
		{Aggregate: "follows", N: follows},
		{Aggregate: "reading history", N: history},
		{Aggregate: "newsletter subscribers", N: subs.Total},
		{Aggregate: "mailings", N: len(mailings)},
		{Aggregate: "mailing sends", N: sends},
	}
}

func allReaders(t *testing.T, st store.Store) []news.Reader {
	t.Helper()
	all, err := st.ReadersAfter(t.Context(), 0, 1000)
	must(t, err)
	return all
}

// assertSameReaders compares the readers' records of two stores field by
// field.
func assertSameReaders(t *testing.T, got, want store.Store) {
	t.Helper()
	ctx := t.Context()
	same(t, "reader accounts", after(got.ReadersAfter), after(want.ReadersAfter))
	for _, r := range allReaders(t, want) {
		id := r.ID
		of := strconv.FormatInt(id, 10)
		same(t, "saved articles of "+of,
			func(ctx context.Context) ([]news.SavedArticle, error) { return got.SavedList(ctx, id) },
			func(ctx context.Context) ([]news.SavedArticle, error) { return want.SavedList(ctx, id) })
		same(t, "follows of "+of,
			func(ctx context.Context) ([]news.Follow, error) { return got.Follows(ctx, id) },
			func(ctx context.Context) ([]news.Follow, error) { return want.Follows(ctx, id) })
		same(t, "history of "+of,
			func(ctx context.Context) ([]news.HistoryEntry, error) { return got.History(ctx, id) },
			func(ctx context.Context) ([]news.HistoryEntry, error) { return want.History(ctx, id) })
	}
	same(t, "subscribers", after(got.SubscribersAfter), after(want.SubscribersAfter))
	same(t, "subscriber counts", got.CountSubscribers, want.CountSubscribers)
	mailings := func(st store.Store) func(context.Context) ([]news.Mailing, error) {
		return func(ctx context.Context) ([]news.Mailing, error) { return st.MailingsAfter(ctx, "", 1000) }
	}
	same(t, "mailings", mailings(got), mailings(want))
	all, err := want.MailingsAfter(ctx, "", 1000)
	must(t, err)
	for _, m := range all {
		same(t, "sends of "+m.Name,
			func(ctx context.Context) ([]news.MailingSend, error) {
				return got.MailingSendsAfter(ctx, m.Name, 0, 1000)
			},
			func(ctx context.Context) ([]news.MailingSend, error) {
				return want.MailingSendsAfter(ctx, m.Name, 0, 1000)
			})
	}
}

// after reads the first thousand records of a walk by id.
func after[T any](walk func(context.Context, int64, int) ([]T, error)) func(context.Context) ([]T, error) {
	return func(ctx context.Context) ([]T, error) { return walk(ctx, 0, 1000) }
}

// What readers notice after a move, and what they do not: they keep
// their accounts, passwords, lists and subscriptions; they sign in again,
// as staff do, and a link mailed before the move must be asked for again;
// and nobody receives a mailing a second time, nor one whose send was
// claimed by a run that stopped before marking it.
func TestCopyCarriesReadersAndLeavesPassingState(t *testing.T) {
	for _, from := range backends {
		for _, to := range backends {
			if from.name == to.name {
				continue
			}
			t.Run(from.name+" to "+to.name, func(t *testing.T) {
				ctx := t.Context()
				source := publication(t, from)
				target := to.open(t)
				if _, err := dbcopy.Copy(ctx, source, target, nil); err != nil {
					t.Fatal(err)
				}
				aysel, err := target.ReaderByEmail(ctx, "aysel@example.org")
				must(t, err)
				want, err := source.ReaderByEmail(ctx, "aysel@example.org")
				must(t, err)
				if aysel != want {
					t.Errorf("account on the target %+v, want %+v", aysel, want)
				}
				if _, err := target.ReaderSession(ctx, "session-hash", time.Now()); !errors.Is(err, news.ErrNotFound) {
					t.Errorf("a reader's session was copied: %v", err)
				}
				if _, err := source.ReaderSession(ctx, "session-hash", time.Now()); err != nil {
					t.Errorf("the source lost the session it had: %v", err)
				}
				if _, err := target.UseReaderToken(ctx, "link-hash", news.TokenSignIn, time.Now()); !errors.Is(err, news.ErrNotFound) {
					t.Errorf("a mailed link was copied: %v", err)
				}
				all, err := target.AllCategories(ctx)
				must(t, err)
				var sections []int64
				for _, c := range all {
					sections = append(sections, c.ID)
				}
				mailings, err := target.MailingsAfter(ctx, "", 10)
				must(t, err)
				for _, m := range mailings {
					to := store.RecipientFilter{CategoryIDs: sections}
					if strings.HasPrefix(m.Name, "digest:") {
						to = store.RecipientFilter{Digest: true}
					}
					again, err := target.MailingRecipients(ctx, m.Name, to, 0, 10)
					must(t, err)
					if len(again) != 0 {
						t.Errorf("after the copy, mailing %s would go to %d subscribers again", m.Name, len(again))
					}
				}
			})
		}
	}
}
