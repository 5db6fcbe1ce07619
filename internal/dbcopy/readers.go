package dbcopy

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// The readers' side of the publication: accounts with what they keep on
// the site, and the newsletter with the record of what each mailing was
// sent to. They come after the articles, sections, topics and authors
// they refer to. What only lasts a while is left behind, as staff
// sessions are: readers' signed-in browsers (they sign in again) and the
// single-use links mailed to them (a sign-in, reset, address-change or
// subscription-confirming link mailed before the move must be asked for
// again).

var readers = aggregate[news.Reader]{
	label: "reader accounts",
	size: func(ctx context.Context, st store.Store) (int, error) {
		return st.CountReaders(ctx)
	},
	each: eachReader,
	write: func(ctx context.Context, to store.Store, batch []news.Reader) error {
		for _, r := range batch {
			if err := to.CreateReader(ctx, &r); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, r news.Reader) {
		d.int(r.ID).str(r.Email).str(r.Name).str(r.PasswordHash).time(r.VerifiedAt).bool(r.HistoryOff)
		d.time(r.CreatedAt).time(r.UpdatedAt)
	},
}

func eachReader(ctx context.Context, st store.Store, fn func([]news.Reader) error) error {
	for after := int64(0); ; {
		batch, err := st.ReadersAfter(ctx, after, batchSize)
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
		after = batch[len(batch)-1].ID
	}
}

// ofReader is one record kept for a reader.
type ofReader[T any] struct {
	readerID int64
	record   T
}

// eachOfReaders hands over, a batch of accounts at a time, the records of
// kind T that list gives for each account, by account id and then in the
// order list gives, which must depend on the records alone.
func eachOfReaders[T any](list func(ctx context.Context, st store.Store, readerID int64) ([]T, error)) func(context.Context, store.Store, func([]ofReader[T]) error) error {
	return func(ctx context.Context, st store.Store, fn func([]ofReader[T]) error) error {
		return eachReader(ctx, st, func(accounts []news.Reader) error {
			var batch []ofReader[T]
			for _, r := range accounts {
				records, err := list(ctx, st, r.ID)
				if err != nil {
					return err
				}
				for _, rec := range records {
					batch = append(batch, ofReader[T]{readerID: r.ID, record: rec})
				}
			}
			if len(batch) == 0 {
				return nil
			}
			return fn(batch)
		})
	}
}

// savedArticles are the articles readers kept for later, with when.
var savedArticles = aggregate[ofReader[news.SavedArticle]]{
	label: "saved articles",
	size:  countOf(eachSaved),
	each:  eachSaved,
	write: func(ctx context.Context, to store.Store, batch []ofReader[news.SavedArticle]) error {
		for _, s := range batch {
			if err := to.SaveArticle(ctx, s.readerID, s.record.ArticleID, s.record.SavedAt); err != nil {
				return fmt.Errorf("reader %d: %w", s.readerID, err)
			}
		}
		return nil
	},
	digest: func(d *digest, s ofReader[news.SavedArticle]) {
		d.int(s.readerID).int(s.record.ArticleID).time(s.record.SavedAt)
	},
}

// eachSaved gives a reader's saved articles by article id: two saved in
// the same second come out of SavedList in either order.
var eachSaved = eachOfReaders(func(ctx context.Context, st store.Store, id int64) ([]news.SavedArticle, error) {
	list, err := st.SavedList(ctx, id)
	slices.SortFunc(list, func(a, b news.SavedArticle) int { return cmp.Compare(a.ArticleID, b.ArticleID) })
	return list, err
})

// follows are the sections, topics and authors readers follow.
var follows = aggregate[ofReader[news.Follow]]{
	label: "follows",
	size:  countOf(eachFollow),
	each:  eachFollow,
	write: func(ctx context.Context, to store.Store, batch []ofReader[news.Follow]) error {
		for _, f := range batch {
			if err := to.Follow(ctx, f.readerID, f.record); err != nil {
				return fmt.Errorf("reader %d: %w", f.readerID, err)
			}
		}
		return nil
	},
	digest: func(d *digest, f ofReader[news.Follow]) {
		d.int(f.readerID).str(string(f.record.Kind)).int(f.record.TargetID)
	},
}

var eachFollow = eachOfReaders(func(ctx context.Context, st store.Store, id int64) ([]news.Follow, error) {
	list, err := st.Follows(ctx, id)
	slices.SortFunc(list, func(a, b news.Follow) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.TargetID, b.TargetID))
	})
	return list, err
})

// history is readers' reading history, each article at the last time it
// was read. An account with history switched off keeps what it recorded
// before, as it does in the source.
var history = aggregate[ofReader[news.HistoryEntry]]{
	label: "reading history",
	size:  countOf(eachHistory),
	each:  eachHistory,
	write: func(ctx context.Context, to store.Store, batch []ofReader[news.HistoryEntry]) error {
		for _, h := range batch {
			if err := to.RecordReading(ctx, h.readerID, h.record.ArticleID, h.record.ReadAt); err != nil {
				return fmt.Errorf("reader %d: %w", h.readerID, err)
			}
		}
		return nil
	},
	digest: func(d *digest, h ofReader[news.HistoryEntry]) {
		d.int(h.readerID).int(h.record.ArticleID).time(h.record.ReadAt)
	},
}

var eachHistory = eachOfReaders(func(ctx context.Context, st store.Store, id int64) ([]news.HistoryEntry, error) {
	list, err := st.History(ctx, id)
	slices.SortFunc(list, func(a, b news.HistoryEntry) int { return cmp.Compare(a.ArticleID, b.ArticleID) })
	return list, err
})

// subscribers are the newsletter's subscriptions, confirmed or not, ids
// kept, each with its section alerts and the account it belongs to.
var subscribers = aggregate[news.Subscriber]{
	label: "newsletter subscribers",
	size: func(ctx context.Context, st store.Store) (int, error) {
		c, err := st.CountSubscribers(ctx)
		return c.Total, err
	},
	each: func(ctx context.Context, st store.Store, fn func([]news.Subscriber) error) error {
		for after := int64(0); ; {
			batch, err := st.SubscribersAfter(ctx, after, batchSize)
			if err != nil || len(batch) == 0 {
				return err
			}
			if err := fn(batch); err != nil {
				return err
			}
			after = batch[len(batch)-1].ID
		}
	},
	write: func(ctx context.Context, to store.Store, batch []news.Subscriber) error {
		for _, s := range batch {
			if err := to.CreateSubscriber(ctx, &s); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, s news.Subscriber) {
		d.int(s.ID).str(s.Email).int(s.ReaderID).bool(s.Digest).time(s.ConfirmedAt).time(s.CreatedAt).time(s.UpdatedAt)
		alerts := slices.Sorted(slices.Values(s.AlertCategoryIDs))
		d.int(int64(len(alerts)))
		for _, id := range alerts {
			d.int(id)
		}
	},
}

// mailings are the digests and alerts sent or being sent. They are copied
// with their sends (below) so that a digest does not go out twice on the
// day of the move, and the next one covers what the last one did not.
var mailings = aggregate[news.Mailing]{
	label: "mailings",
	size:  countOf(eachMailing),
	each:  eachMailing,
	write: func(ctx context.Context, to store.Store, batch []news.Mailing) error {
		for _, m := range batch {
			if _, err := to.StartMailing(ctx, m); err != nil {
				return err
			}
			if m.FinishedAt.IsZero() {
				continue
			}
			if err := to.FinishMailing(ctx, m.Name, m.FinishedAt); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, m news.Mailing) {
		d.str(m.Name).time(m.Cutoff).time(m.CreatedAt).time(m.FinishedAt)
	},
}

func eachMailing(ctx context.Context, st store.Store, fn func([]news.Mailing) error) error {
	for after := ""; ; {
		batch, err := st.MailingsAfter(ctx, after, batchSize)
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
		after = batch[len(batch)-1].Name
	}
}

// sends are every mailing's per-recipient record, sent or only claimed.
// A claim never marked sent is a message a stopped run may or may not
// have handed over; it is copied as it is, so that the copy, like the
// source, does not send it again (at most once, as the newsletter
// promises).
var sends = aggregate[news.MailingSend]{
	label: "mailing sends",
	size:  countOf(eachSend),
	each:  eachSend,
	write: writeSends,
	digest: func(d *digest, s news.MailingSend) {
		d.str(s.Mailing).int(s.SubscriberID).time(s.ClaimedAt).time(s.SentAt)
	},
}

// eachSend walks the sends of one mailing after another, a batch at a
// time; a batch holds sends of one mailing only.
func eachSend(ctx context.Context, st store.Store, fn func([]news.MailingSend) error) error {
	return eachMailing(ctx, st, func(batch []news.Mailing) error {
		for _, m := range batch {
			for after := int64(0); ; {
				page, err := st.MailingSendsAfter(ctx, m.Name, after, batchSize)
				if err != nil {
					return err
				}
				if len(page) == 0 {
					break
				}
				if err := fn(page); err != nil {
					return err
				}
				after = page[len(page)-1].SubscriberID
			}
		}
		return nil
	})
}

// writeSends writes a batch of one mailing's sends with the store's
// newsletter calls, which stamp a list of subscribers with one time:
// claimed together by claim time, then marked sent together by send time.
func writeSends(ctx context.Context, to store.Store, batch []news.MailingSend) error {
	if len(batch) == 0 {
		return nil
	}
	name := batch[0].Mailing
	for at, ids := range byTime(batch, func(s news.MailingSend) time.Time { return s.ClaimedAt }) {
		claimed, err := to.ClaimSends(ctx, name, ids, at)
		if err != nil {
			return err
		}
		if len(claimed) != len(ids) {
			return fmt.Errorf("%w: mailing %s was already recorded for some of %v", ErrTargetNotEmpty, name, ids)
		}
	}
	for at, ids := range byTime(batch, func(s news.MailingSend) time.Time { return s.SentAt }) {
		if err := to.MarkSent(ctx, name, ids, at); err != nil {
			return err
		}
	}
	return nil
}

// byTime groups the subscribers of sends by the second when gives,
// leaving out sends for which it gives the zero time (not sent yet).
func byTime(sends []news.MailingSend, when func(news.MailingSend) time.Time) map[time.Time][]int64 {
	seconds := make(map[int64][]int64)
	for _, s := range sends {
		if at := when(s); !at.IsZero() {
			seconds[at.Unix()] = append(seconds[at.Unix()], s.SubscriberID)
		}
	}
	groups := make(map[time.Time][]int64, len(seconds))
	for sec, ids := range seconds {
		groups[time.Unix(sec, 0).UTC()] = ids
	}
	return groups
}
