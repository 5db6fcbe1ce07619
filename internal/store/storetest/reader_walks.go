package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// testReaderWalks checks what a copy to another database needs of readers
// and the newsletter: walks over every account, mailing and send, and
// accounts and subscriptions created with the ids they had.
func testReaderWalks(t *testing.T, open Opener) {
	t.Run("ReadersAfter walks every account by id", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		var ids []int64
		for _, email := range []string{"c@example.org", "a@example.org", "gone@example.org", "b@example.org"} {
			r := news.Reader{Email: email, Name: email[:1], CreatedAt: now}
			must(t, s.CreateReader(ctx, &r))
			ids = append(ids, r.ID)
		}
		must(t, s.DeleteReader(ctx, ids[2]))
		verified := news.Reader{Email: "v@example.org", PasswordHash: "$argon2id$h", VerifiedAt: now, HistoryOff: true,
			CreatedAt: now, UpdatedAt: now.Add(time.Minute)}
		must(t, s.CreateReader(ctx, &verified))

		var walked []news.Reader
		var pages []int
		for after := int64(0); ; {
			page, err := s.ReadersAfter(ctx, after, 2)
			must(t, err)
			if len(page) == 0 {
				break
			}
			pages = append(pages, len(page))
			walked = append(walked, page...)
			after = page[len(page)-1].ID
		}
		var got []int64
		for _, r := range walked {
			got = append(got, r.ID)
		}
		assertEqual(t, "ids walked", got, []int64{ids[0], ids[1], ids[3], verified.ID})
		assertEqual(t, "page sizes", pages, []int{2, 2})
		assertEqual(t, "last account, whole", walked[3], verified)
		for _, limit := range []int{0, -1} {
			_, err := s.ReadersAfter(ctx, 0, limit)
			assertKind(t, err, news.ErrInvalid, "ReadersAfter with a limit below 1")
		}
	})

	t.Run("readers and subscriptions keep the ids they are given", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		r := news.Reader{ID: 40, Email: "kept@example.org", CreatedAt: now}
		must(t, s.CreateReader(ctx, &r))
		sub := news.Subscriber{ID: 70, Email: "kept@example.org", ReaderID: r.ID, Digest: true, CreatedAt: now}
		must(t, s.CreateSubscriber(ctx, &sub))
		got, err := s.Reader(ctx, 40)
		must(t, err)
		assertEqual(t, "reader 40", got.Email, "kept@example.org")
		gotSub, err := s.Subscriber(ctx, 70)
		must(t, err)
		assertEqual(t, "subscriber 70", gotSub, sub)
		if err := s.CreateReader(ctx, &news.Reader{ID: 40, Email: "other@example.org"}); !errors.Is(err, news.ErrConflict) {
			t.Errorf("a taken reader id: %v, want ErrConflict", err)
		}
		if err := s.CreateSubscriber(ctx, &news.Subscriber{ID: 70, Email: "other@example.org"}); !errors.Is(err, news.ErrConflict) {
			t.Errorf("a taken subscriber id: %v, want ErrConflict", err)
		}
		next := news.Reader{Email: "next@example.org"}
		must(t, s.CreateReader(ctx, &next))
		nextSub := news.Subscriber{Email: "next@example.org"}
		must(t, s.CreateSubscriber(ctx, &nextSub))
		if next.ID <= 40 || nextSub.ID <= 70 {
			t.Errorf("ids handed out after given ones: reader %d, subscriber %d; want above 40 and 70", next.ID, nextSub.ID)
		}
	})

	t.Run("MailingsAfter and MailingSendsAfter walk every mailing and send", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		var subs []int64
		for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
			sub := news.Subscriber{Email: email, Digest: true, ConfirmedAt: now}
			must(t, s.CreateSubscriber(ctx, &sub))
			subs = append(subs, sub.ID)
		}
		// Names whose byte order differs from a linguistic one: capitals
		// before small letters, and "alert:10" before "alert:9".
		names := []string{"digest:2025-03-14", "alert:9", "Zeta", "alert:10", "digest:2025-03-15"}
		for i, name := range names {
			_, err := s.StartMailing(ctx, news.Mailing{Name: name, Cutoff: now.Add(time.Duration(i) * time.Hour), CreatedAt: now})
			must(t, err)
		}
		must(t, s.FinishMailing(ctx, "alert:9", now.Add(time.Minute)))

		var walked []string
		for after := ""; ; {
			page, err := s.MailingsAfter(ctx, after, 2)
			must(t, err)
			if len(page) == 0 {
				break
			}
			for _, m := range page {
				walked = append(walked, m.Name)
			}
			after = page[len(page)-1].Name
		}
		want := slices.Clone(names)
		slices.Sort(want)
		assertEqual(t, "mailings walked", walked, want)
		nine, err := s.MailingsAfter(ctx, "alert:10", 1)
		must(t, err)
		assertEqual(t, "mailing after alert:10", nine, []news.Mailing{{Name: "alert:9", Cutoff: now.Add(time.Hour),
			CreatedAt: now, FinishedAt: now.Add(time.Minute)}})

		_, err = s.ClaimSends(ctx, "alert:9", []int64{subs[2], subs[0], subs[1]}, now)
		must(t, err)
		must(t, s.MarkSent(ctx, "alert:9", []int64{subs[0], subs[2]}, now.Add(time.Second)))
		_, err = s.ClaimSends(ctx, "Zeta", []int64{subs[1]}, now)
		must(t, err)
		first, err := s.MailingSendsAfter(ctx, "alert:9", 0, 2)
		must(t, err)
		rest, err := s.MailingSendsAfter(ctx, "alert:9", first[len(first)-1].SubscriberID, 2)
		must(t, err)
		assertEqual(t, "sends of alert:9", append(first, rest...), []news.MailingSend{
			{Mailing: "alert:9", SubscriberID: subs[0], ClaimedAt: now, SentAt: now.Add(time.Second)},
			{Mailing: "alert:9", SubscriberID: subs[1], ClaimedAt: now},
			{Mailing: "alert:9", SubscriberID: subs[2], ClaimedAt: now, SentAt: now.Add(time.Second)},
		})
		none, err := s.MailingSendsAfter(ctx, "alert:10", 0, 10)
		must(t, err)
		if len(none) != 0 {
			t.Errorf("sends of a mailing sent to nobody: %v", none)
		}
		_, err = s.MailingsAfter(ctx, "", 0)
		assertKind(t, err, news.ErrInvalid, "MailingsAfter with a limit below 1")
		_, err = s.MailingSendsAfter(ctx, "Zeta", 0, 0)
		assertKind(t, err, news.ErrInvalid, "MailingSendsAfter with a limit below 1")
	})
}
