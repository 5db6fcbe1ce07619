package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testReaders(t *testing.T, open Opener) {
	t.Run("accounts are kept by address in any capitalisation", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		r := news.Reader{Email: " Aysel@Example.org ", Name: "Aysel", PasswordHash: "$argon2id$x", CreatedAt: now}
		must(t, s.CreateReader(ctx, &r))
		if r.ID == 0 || r.Email != "aysel@example.org" {
			t.Fatalf("created %d %q", r.ID, r.Email)
		}
		got, err := s.ReaderByEmail(ctx, "AYSEL@example.ORG")
		must(t, err)
		assertEqual(t, "reader by email", got, news.Reader{ID: r.ID, Email: "aysel@example.org", Name: "Aysel",
			PasswordHash: "$argon2id$x", CreatedAt: now, UpdatedAt: now})
		if err := s.CreateReader(ctx, &news.Reader{Email: "aysel@EXAMPLE.org"}); !errors.Is(err, news.ErrConflict) {
			t.Errorf("a second account for the address: %v, want ErrConflict", err)
		}
		if err := s.CreateReader(ctx, &news.Reader{Email: "  "}); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("an empty address: %v, want ErrInvalid", err)
		}
		r.Name, r.VerifiedAt, r.HistoryOff, r.UpdatedAt = "Aysel H.", now.Add(time.Minute), true, now.Add(time.Minute)
		must(t, s.UpdateReader(ctx, &r))
		got, err = s.Reader(ctx, r.ID)
		must(t, err)
		assertEqual(t, "updated reader", got, r)
		if n, err := s.CountReaders(ctx); err != nil || n != 1 {
			t.Errorf("CountReaders = %d, %v", n, err)
		}
		if _, err := s.Reader(ctx, r.ID+100); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("unknown reader: %v", err)
		}
	})

	t.Run("sessions expire and end", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		r := news.Reader{Email: "a@example.org"}
		must(t, s.CreateReader(ctx, &r))
		sess := news.ReaderSession{ID: "h1", ReaderID: r.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		must(t, s.CreateReaderSession(ctx, sess))
		must(t, s.CreateReaderSession(ctx, news.ReaderSession{ID: "h2", ReaderID: r.ID, CreatedAt: now, ExpiresAt: now.Add(time.Minute)}))
		got, err := s.ReaderSession(ctx, "h1", now)
		must(t, err)
		sess.LastSeenAt = now
		assertEqual(t, "session", got, sess)
		if _, err := s.ReaderSession(ctx, "h1", now.Add(time.Hour)); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		must(t, s.TouchReaderSession(ctx, "h1", now.Add(time.Minute), now.Add(2*time.Hour)))
		if got, _ := s.ReaderSession(ctx, "h1", now.Add(90*time.Minute)); got.ID != "h1" {
			t.Error("a touched session did not last longer")
		}
		if err := s.CreateReaderSession(ctx, news.ReaderSession{ID: "h3", ReaderID: r.ID + 99, ExpiresAt: now}); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("session of an unknown reader: %v", err)
		}
		if n, err := s.DeleteExpiredReaderState(ctx, now.Add(30*time.Minute)); err != nil || n != 1 {
			t.Errorf("DeleteExpiredReaderState = %d, %v; want the one expired session", n, err)
		}
		if n, err := s.DeleteReaderSessions(ctx, r.ID); err != nil || n != 1 {
			t.Errorf("DeleteReaderSessions = %d, %v", n, err)
		}
		must(t, s.DeleteReaderSession(ctx, "h1")) // already gone: no error
	})

	t.Run("links are spent once, only for their purpose and before they expire", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		r := news.Reader{Email: "a@example.org"}
		must(t, s.CreateReader(ctx, &r))
		tok := news.ReaderToken{ID: "t1", Purpose: news.TokenReset, ReaderID: r.ID, Email: r.Email, CreatedAt: now, ExpiresAt: now.Add(30 * time.Minute)}
		must(t, s.CreateReaderToken(ctx, tok))
		if _, err := s.UseReaderToken(ctx, "t1", news.TokenSignIn, now); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("a reset link used to sign in: %v", err)
		}
		if _, err := s.UseReaderToken(ctx, "t1", news.TokenReset, now.Add(30*time.Minute)); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("an expired link: %v", err)
		}
		got, err := s.UseReaderToken(ctx, "t1", news.TokenReset, now.Add(29*time.Minute))
		must(t, err)
		assertEqual(t, "token", got, tok)
		if _, err := s.UseReaderToken(ctx, "t1", news.TokenReset, now); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("a link used twice: %v", err)
		}
		must(t, s.CreateReaderToken(ctx, news.ReaderToken{ID: "t2", Purpose: news.TokenReset, ReaderID: r.ID, ExpiresAt: now.Add(time.Hour)}))
		must(t, s.CreateReaderToken(ctx, news.ReaderToken{ID: "t3", Purpose: news.TokenVerify, ReaderID: r.ID, ExpiresAt: now.Add(time.Hour)}))
		must(t, s.DeleteReaderTokens(ctx, r.ID, news.TokenReset))
		if _, err := s.UseReaderToken(ctx, "t2", news.TokenReset, now); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("a voided reset link: %v", err)
		}
		if _, err := s.UseReaderToken(ctx, "t3", news.TokenVerify, now); err != nil {
			t.Errorf("voiding reset links voided a verification link: %v", err)
		}
		if err := s.CreateReaderToken(ctx, news.ReaderToken{ID: "t4", Purpose: "launch", ExpiresAt: now}); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("unknown purpose: %v", err)
		}
	})

	t.Run("saved articles, follows and history", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		r := news.Reader{Email: "a@example.org"}
		must(t, s.CreateReader(ctx, &r))
		oil := withTerms(published("oil", -3*time.Hour), cats(w.economy), w.oil)
		oil.Authors = []news.Author{w.leyla}
		sport := withTerms(published("match", -2*time.Hour), cats(w.sport), w.football)
		draft := published("draft", -time.Hour)
		draft.Status = news.StatusDraft
		gas := withTerms(published("gas", -time.Hour), cats(w.region), w.gas)
		create(t, s, &oil, &sport, &draft, &gas)

		must(t, s.SaveArticle(ctx, r.ID, oil.ID, now.Add(-time.Minute)))
		must(t, s.SaveArticle(ctx, r.ID, sport.ID, now))
		must(t, s.SaveArticle(ctx, r.ID, draft.ID, now))
		must(t, s.SaveArticle(ctx, r.ID, oil.ID, now.Add(time.Hour))) // again: nothing changes
		if err := s.SaveArticle(ctx, r.ID, 9999, now); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("saving an unknown article: %v", err)
		}
		saved, err := s.SavedArticles(ctx, r.ID, now, 10, 0)
		must(t, err)
		if got := slugsOf(saved); !slices.Equal(got, []string{"match", "oil"}) {
			t.Errorf("saved articles %v, want the visible ones newest saved first", got)
		}
		if len(saved) > 1 && len(saved[1].Tags) != 1 {
			t.Error("saved articles come without their relations")
		}
		among, err := s.SavedAmong(ctx, r.ID, []int64{oil.ID, gas.ID, draft.ID})
		must(t, err)
		if !among[oil.ID] || among[gas.ID] || !among[draft.ID] {
			t.Errorf("SavedAmong = %v", among)
		}
		list, err := s.SavedList(ctx, r.ID)
		must(t, err)
		if len(list) != 3 || !list[2].SavedAt.Equal(now.Add(-time.Minute)) {
			t.Errorf("SavedList = %v", list)
		}
		must(t, s.UnsaveArticle(ctx, r.ID, sport.ID))
		must(t, s.UnsaveArticle(ctx, r.ID, sport.ID))
		if saved, _ := s.SavedArticles(ctx, r.ID, now, 10, 0); len(saved) != 1 {
			t.Errorf("%d saved after unsaving", len(saved))
		}

		for _, f := range []news.Follow{{Kind: news.FollowTag, TargetID: w.football.ID}, {Kind: news.FollowAuthor, TargetID: w.leyla.ID}, {Kind: news.FollowCategory, TargetID: w.region.ID}, {Kind: news.FollowTag, TargetID: w.football.ID}} {
			must(t, s.Follow(ctx, r.ID, f))
		}
		for _, bad := range []news.Follow{{Kind: news.FollowTag, TargetID: 9999}, {Kind: "planet", TargetID: w.oil.ID}} {
			if err := s.Follow(ctx, r.ID, bad); !errors.Is(err, news.ErrInvalid) {
				t.Errorf("Follow(%v): %v, want ErrInvalid", bad, err)
			}
		}
		follows, err := s.Follows(ctx, r.ID)
		must(t, err)
		assertEqual(t, "follows", follows, []news.Follow{{Kind: news.FollowAuthor, TargetID: w.leyla.ID}, {Kind: news.FollowCategory, TargetID: w.region.ID}, {Kind: news.FollowTag, TargetID: w.football.ID}})
		arts, err := s.FollowedArticles(ctx, store.FollowedFilter{CategoryIDs: []int64{w.region.ID}, TagIDs: []int64{w.football.ID},
			AuthorIDs: []int64{w.leyla.ID}, VisibleAt: now, Limit: 10})
		must(t, err)
		if got := slugsOf(arts); !slices.Equal(got, []string{"gas", "match", "oil"}) {
			t.Errorf("followed articles %v", got)
		}
		if arts, _ := s.FollowedArticles(ctx, store.FollowedFilter{VisibleAt: now, Limit: 10}); len(arts) != 0 {
			t.Errorf("following nothing gives %d articles", len(arts))
		}
		must(t, s.Unfollow(ctx, r.ID, news.Follow{Kind: news.FollowAuthor, TargetID: w.leyla.ID}))
		must(t, s.DeleteTag(ctx, w.football.ID))
		if follows, _ := s.Follows(ctx, r.ID); len(follows) != 1 {
			t.Errorf("after unfollowing and deleting a followed topic: %v", follows)
		}

		must(t, s.RecordReading(ctx, r.ID, oil.ID, now.Add(-time.Hour)))
		must(t, s.RecordReading(ctx, r.ID, gas.ID, now.Add(-30*time.Minute)))
		must(t, s.RecordReading(ctx, r.ID, oil.ID, now)) // read again: moves up
		read, err := s.ReadArticles(ctx, r.ID, now, 10, 0)
		must(t, err)
		if got := slugsOf(read); !slices.Equal(got, []string{"oil", "gas"}) {
			t.Errorf("history %v", got)
		}
		hist, err := s.History(ctx, r.ID)
		must(t, err)
		assertEqual(t, "history", hist, []news.HistoryEntry{{ArticleID: oil.ID, ReadAt: now}, {ArticleID: gas.ID, ReadAt: now.Add(-30 * time.Minute)}})
		must(t, s.ClearHistory(ctx, r.ID))
		if hist, _ := s.History(ctx, r.ID); len(hist) != 0 {
			t.Errorf("history after clearing: %v", hist)
		}
	})

	t.Run("deleting an account removes everything it kept", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		r := news.Reader{Email: "a@example.org"}
		other := news.Reader{Email: "b@example.org"}
		must(t, s.CreateReader(ctx, &r))
		must(t, s.CreateReader(ctx, &other))
		a := published("a", -time.Hour)
		create(t, s, &a)
		must(t, s.CreateReaderSession(ctx, news.ReaderSession{ID: "s", ReaderID: r.ID, ExpiresAt: now.Add(time.Hour)}))
		must(t, s.CreateReaderToken(ctx, news.ReaderToken{ID: "t", Purpose: news.TokenReset, ReaderID: r.ID, ExpiresAt: now.Add(time.Hour)}))
		must(t, s.SaveArticle(ctx, r.ID, a.ID, now))
		must(t, s.SaveArticle(ctx, other.ID, a.ID, now))
		must(t, s.Follow(ctx, r.ID, news.Follow{Kind: news.FollowTag, TargetID: w.oil.ID}))
		must(t, s.RecordReading(ctx, r.ID, a.ID, now))
		sub := news.Subscriber{Email: r.Email, ReaderID: r.ID, Digest: true, ConfirmedAt: now}
		must(t, s.CreateSubscriber(ctx, &sub))

		must(t, s.DeleteReader(ctx, r.ID))
		if _, err := s.Reader(ctx, r.ID); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("deleted reader: %v", err)
		}
		if _, err := s.ReaderSession(ctx, "s", now); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("session after deletion: %v", err)
		}
		if _, err := s.UseReaderToken(ctx, "t", news.TokenReset, now); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("link after deletion: %v", err)
		}
		if _, err := s.Subscriber(ctx, sub.ID); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("subscription after deletion: %v", err)
		}
		for what, n := range map[string]func() int{
			"saved":   func() int { l, _ := s.SavedList(ctx, r.ID); return len(l) },
			"follows": func() int { l, _ := s.Follows(ctx, r.ID); return len(l) },
			"history": func() int { l, _ := s.History(ctx, r.ID); return len(l) },
		} {
			if n() != 0 {
				t.Errorf("%s left after deletion", what)
			}
		}
		if l, _ := s.SavedList(ctx, other.ID); len(l) != 1 {
			t.Error("another reader's saved article went too")
		}
		if err := s.DeleteReader(ctx, r.ID); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("deleting again: %v", err)
		}
	})
}

func testSubscribers(t *testing.T, open Opener) {
	t.Run("subscriptions with alerts, counted", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		sub := news.Subscriber{Email: "Reader@Example.org", Digest: true, AlertCategoryIDs: []int64{w.sport.ID, w.news.ID}, CreatedAt: now}
		must(t, s.CreateSubscriber(ctx, &sub))
		got, err := s.SubscriberByEmail(ctx, "reader@EXAMPLE.org")
		must(t, err)
		want := news.Subscriber{ID: sub.ID, Email: "reader@example.org", Digest: true,
			AlertCategoryIDs: sorted(w.sport.ID, w.news.ID), CreatedAt: now, UpdatedAt: now}
		assertEqual(t, "subscriber", got, want)
		if err := s.CreateSubscriber(ctx, &news.Subscriber{Email: "READER@example.org"}); !errors.Is(err, news.ErrConflict) {
			t.Errorf("second subscription of an address: %v", err)
		}
		if err := s.CreateSubscriber(ctx, &news.Subscriber{Email: "x@example.org", AlertCategoryIDs: []int64{9999}}); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("alert for an unknown section: %v", err)
		}
		if _, err := s.SubscriberByEmail(ctx, "x@example.org"); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("a refused subscription was kept: %v", err)
		}
		sub.ConfirmedAt, sub.AlertCategoryIDs, sub.UpdatedAt = now, []int64{w.region.ID}, now.Add(time.Minute)
		must(t, s.UpdateSubscriber(ctx, &sub))
		got, err = s.Subscriber(ctx, sub.ID)
		must(t, err)
		assertEqual(t, "updated subscriber", got, sub)
		pending := news.Subscriber{Email: "p@example.org", Digest: true}
		alertsOnly := news.Subscriber{Email: "q@example.org", AlertCategoryIDs: []int64{w.sport.ID}, ConfirmedAt: now}
		must(t, s.CreateSubscriber(ctx, &pending))
		must(t, s.CreateSubscriber(ctx, &alertsOnly))
		counts, err := s.CountSubscribers(ctx)
		must(t, err)
		assertEqual(t, "counts", counts, store.SubscriberCounts{Total: 3, Confirmed: 2, Digest: 1, Alerts: 2})
		page, err := s.SubscribersAfter(ctx, sub.ID, 10)
		must(t, err)
		if len(page) != 2 || page[0].ID != pending.ID || page[1].ID != alertsOnly.ID {
			t.Errorf("SubscribersAfter = %v", page)
		}
		must(t, s.DeleteSubscriber(ctx, pending.ID))
		if err := s.DeleteSubscriber(ctx, pending.ID); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
		must(t, s.CreateReaderToken(ctx, news.ReaderToken{ID: "c", Purpose: news.TokenSubscribe, SubscriberID: alertsOnly.ID, ExpiresAt: now.Add(time.Hour)}))
		must(t, s.DeleteSubscriber(ctx, alertsOnly.ID))
		if _, err := s.UseReaderToken(ctx, "c", news.TokenSubscribe, now); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("a confirmation link outlived its subscription: %v", err)
		}
	})

	t.Run("a mailing reaches each recipient once, across interrupted runs", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		var subs []news.Subscriber
		for i, spec := range []struct {
			digest    bool
			alerts    []int64
			confirmed bool
		}{{true, nil, true}, {true, nil, false}, {false, []int64{w.sport.ID}, true}, {true, []int64{w.news.ID}, true}, {false, nil, true}} {
			sub := news.Subscriber{Email: string(rune('a'+i)) + "@example.org", Digest: spec.digest, AlertCategoryIDs: spec.alerts}
			if spec.confirmed {
				sub.ConfirmedAt = now
			}
			must(t, s.CreateSubscriber(ctx, &sub))
			subs = append(subs, sub)
		}
		m, err := s.StartMailing(ctx, news.Mailing{Name: "digest:2025-03-14", Cutoff: now, CreatedAt: now})
		must(t, err)
		again, err := s.StartMailing(ctx, news.Mailing{Name: "digest:2025-03-14", Cutoff: now.Add(time.Hour)})
		must(t, err)
		assertEqual(t, "restarted mailing", again, m)
		if !m.Cutoff.Equal(now) {
			t.Errorf("cutoff %v", m.Cutoff)
		}
		digest := store.RecipientFilter{Digest: true}
		got, err := s.MailingRecipients(ctx, m.Name, digest, 0, 10)
		must(t, err)
		if ids := idsOf(got); !slices.Equal(ids, []int64{subs[0].ID, subs[3].ID}) {
			t.Fatalf("digest recipients %v, want the confirmed digest subscribers", ids)
		}
		claimed, err := s.ClaimSends(ctx, m.Name, []int64{subs[0].ID, subs[3].ID}, now)
		must(t, err)
		if len(claimed) != 2 {
			t.Fatalf("claimed %v", claimed)
		}
		if again, _ := s.ClaimSends(ctx, m.Name, []int64{subs[0].ID}, now); len(again) != 0 {
			t.Errorf("claimed %v twice", again)
		}
		must(t, s.MarkSent(ctx, m.Name, []int64{subs[0].ID}, now))
		must(t, s.ReleaseSends(ctx, m.Name, []int64{subs[0].ID, subs[3].ID}))
		got, err = s.MailingRecipients(ctx, m.Name, digest, 0, 10)
		must(t, err)
		if ids := idsOf(got); !slices.Equal(ids, []int64{subs[3].ID}) {
			t.Errorf("after releasing an unsent claim the recipients are %v, want only the unsent one", ids)
		}
		if c, sent, err := s.MailingSends(ctx, m.Name); err != nil || c != 1 || sent != 1 {
			t.Errorf("MailingSends = %d, %d, %v", c, sent, err)
		}
		alerts, err := s.MailingRecipients(ctx, "alert:1", store.RecipientFilter{CategoryIDs: []int64{w.sport.ID, w.news.ID}}, 0, 10)
		must(t, err)
		if ids := idsOf(alerts); !slices.Equal(ids, []int64{subs[2].ID, subs[3].ID}) {
			t.Errorf("alert recipients %v", ids)
		}
		if page, _ := s.MailingRecipients(ctx, m.Name, digest, subs[3].ID, 10); len(page) != 0 {
			t.Errorf("recipients after the last id: %v", page)
		}
		must(t, s.FinishMailing(ctx, m.Name, now.Add(time.Minute)))
		_, err = s.StartMailing(ctx, news.Mailing{Name: "digest:2025-03-16", Cutoff: now.Add(48 * time.Hour)})
		must(t, err)
		prev, err := s.PreviousMailing(ctx, "digest:", "digest:2025-03-16")
		must(t, err)
		if prev.Name != m.Name || !prev.FinishedAt.Equal(now.Add(time.Minute)) {
			t.Errorf("previous mailing %+v", prev)
		}
		if _, err := s.PreviousMailing(ctx, "digest:", m.Name); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("mailing before the first: %v", err)
		}
		must(t, s.DeleteSubscriber(ctx, subs[0].ID))
		if c, _, _ := s.MailingSends(ctx, m.Name); c != 0 {
			t.Errorf("a deleted subscriber's sends are kept: %d", c)
		}
	})
}

func idsOf(subs []news.Subscriber) []int64 {
	ids := make([]int64, len(subs))
	for i, s := range subs {
		ids[i] = s.ID
	}
	return ids
}

func sorted(ids ...int64) []int64 {
	slices.Sort(ids)
	return ids
}
