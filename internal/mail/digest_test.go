package mail_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/mail/mailtest"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// publication is a SQLite publication with articles and confirmed
// digest subscribers, and a mailer for it on a real SMTP server.
type publication struct {
	store  store.Store
	smtp   *mailtest.Server
	sender *mail.SMTP
	day    string // the digest's period
	hour   int
}

func newPublication(tb testing.TB, subscribers int, keepMessages bool) *publication {
	tb.Helper()
	ctx := tb.Context()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "site.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	p := &publication{store: db}
	if keepMessages {
		p.smtp = mailtest.Start(tb)
	} else {
		p.smtp = mailtest.StartSink(tb)
	}
	p.sender, err = mail.NewSMTP(mail.SMTPConfig{Host: p.smtp.Host, Port: p.smtp.Port, TLS: mail.TLSNone, From: "news@example.org"})
	if err != nil {
		tb.Fatal(err)
	}
	must(tb, db.SaveSettings(ctx, news.Settings{Name: "Caspian Digest", BaseURL: "https://news.example", TimeZone: "Asia/Baku"}))
	sec := news.Category{Name: "Economy", Slug: "economy"}
	must(tb, db.CreateCategory(ctx, &sec))
	now := time.Now().UTC().Truncate(time.Minute)
	for i := range 5 {
		a := news.Article{Title: fmt.Sprintf("Story number %d", i), Slug: fmt.Sprintf("story-%d", i), Body: "<p>Text.</p>", WordCount: 1,
			Status: news.StatusPublished, PublishedAt: now.Add(-time.Duration(i+1) * time.Hour), Categories: []news.Category{sec}}
		must(tb, db.CreateArticle(ctx, &a))
	}
	err = db.Atomic(ctx, func(tx store.Store) error {
		for i := range subscribers {
			s := news.Subscriber{Email: fmt.Sprintf("reader%06d@example.org", i), Digest: true, ConfirmedAt: now}
			if err := tx.CreateSubscriber(ctx, &s); err != nil {
				return err
			}
		}
		return nil
	})
	must(tb, err)
	baku, _ := time.LoadLocation("Asia/Baku")
	local := now.In(baku)
	p.day, p.hour = local.Format(time.DateOnly), local.Hour()
	return p
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// stopAfter is a Sender that ends the run's context once n messages went.
type stopAfter struct {
	mail.Sender
	n      int64
	sent   atomic.Int64
	cancel context.CancelFunc
}

func (s *stopAfter) Send(ctx context.Context, msgs []mail.Message) []error {
	errs := make([]error, len(msgs))
	for i, m := range msgs {
		if s.sent.Load() >= s.n {
			s.cancel()
		}
		if errs[i] = ctx.Err(); errs[i] != nil {
			continue
		}
		errs[i] = s.Sender.Send(ctx, []mail.Message{m})[0]
		s.sent.Add(1)
	}
	return errs
}

func TestDigestInterruptedHalfwayResumesWithoutDuplicates(t *testing.T) {
	const readers = 57
	p := newPublication(t, readers, true)
	ctx, cancel := context.WithCancel(t.Context())
	stopper := &stopAfter{Sender: p.sender, n: 23, cancel: cancel}
	m := &mail.Mailer{Store: p.store, Sender: stopper, Batch: 10}
	if err := m.SendDigest(ctx, p.day, p.hour, 0); err == nil {
		t.Fatal("the interrupted run reported success")
	}
	if got := p.smtp.Count(); got != 23 {
		t.Fatalf("%d messages before the interruption, want 23", got)
	}
	claimed, sent, err := p.store.MailingSends(t.Context(), "digest:"+p.day)
	must(t, err)
	if claimed != 23 || sent != 23 {
		t.Errorf("after the interruption: %d claimed, %d marked sent; want the claims of unsent messages released", claimed, sent)
	}
	// The next run (the job's next claim) sends the rest.
	m.Sender = p.sender
	must(t, m.SendDigest(t.Context(), p.day, p.hour, 0))
	perReader := map[string]int{}
	for _, msg := range p.smtp.Messages() {
		perReader[msg.To[0]]++
	}
	if len(perReader) != readers {
		t.Errorf("%d readers got the digest, want %d", len(perReader), readers)
	}
	for to, n := range perReader {
		if n != 1 {
			t.Errorf("%s got %d copies", to, n)
		}
	}
	// And once finished, the day is never sent again.
	must(t, m.SendDigest(t.Context(), p.day, p.hour, 0))
	if got := p.smtp.Count(); got != readers {
		t.Errorf("%d messages after a third run, want %d", got, readers)
	}
}

// TestDigestAfterACrashNeverSendsAClaimTwice: a process killed between
// claiming and sending leaves claims without a send; the next run does
// not mail those readers (at most once), and mails everyone else.
func TestDigestAfterACrashNeverSendsAClaimTwice(t *testing.T) {
	p := newPublication(t, 12, true)
	ctx := t.Context()
	name := "digest:" + p.day
	baku, _ := time.LoadLocation("Asia/Baku")
	day, _ := time.ParseInLocation(time.DateOnly, p.day, baku)
	_, err := p.store.StartMailing(ctx, news.Mailing{Name: name, Cutoff: time.Date(day.Year(), day.Month(), day.Day(), p.hour, 0, 0, 0, baku)})
	must(t, err)
	first, err := p.store.MailingRecipients(ctx, name, store.RecipientFilter{Digest: true}, 0, 4)
	must(t, err)
	var ids []int64
	for _, s := range first {
		ids = append(ids, s.ID)
	}
	_, err = p.store.ClaimSends(ctx, name, ids, time.Now()) // claimed, then the process died
	must(t, err)
	m := &mail.Mailer{Store: p.store, Sender: p.sender, Batch: 5}
	must(t, m.SendDigest(ctx, p.day, p.hour, 0))
	if got := p.smtp.Count(); got != 8 {
		t.Errorf("%d messages after the crash, want the 8 never claimed", got)
	}
	for _, s := range first {
		if n := len(p.smtp.To(s.Email)); n != 0 {
			t.Errorf("%s, claimed before the crash, got %d messages", s.Email, n)
		}
	}
}

func TestDigestMessageHasBothPartsAndOneClickHeaders(t *testing.T) {
	p := newPublication(t, 1, true)
	m := &mail.Mailer{Store: p.store, Sender: p.sender}
	must(t, m.SendDigest(t.Context(), p.day, p.hour, 0))
	msg := p.smtp.Last(t, "reader000000@example.org", 1)
	if !strings.HasPrefix(msg.Header.Get("List-Unsubscribe"), "<https://news.example/newsletter/unsubscribe?t=") {
		t.Errorf("List-Unsubscribe %q", msg.Header.Get("List-Unsubscribe"))
	}
	if msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", msg.Header.Get("List-Unsubscribe-Post"))
	}
	if ct := msg.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("Content-Type %q", ct)
	}
	for i := range 5 {
		title := fmt.Sprintf("Story number %d", i)
		if !strings.Contains(msg.Text, title) || !strings.Contains(msg.HTML, title) {
			t.Errorf("%q missing from a part", title)
		}
	}
}

func TestQueueRetriesAndDeliversInTheBackground(t *testing.T) {
	srv := mailtest.Start(t)
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: mail.TLSNone, From: "news@example.org"})
	must(t, err)
	flaky := &failFirst{Sender: sender}
	q := mail.NewQueue(flaky, nil)
	go q.Run(context.Background())
	q.Enqueue(mail.Message{To: "a@example.org", Subject: "Hello", Text: "Text."})
	q.Close()
	if got := srv.To("a@example.org"); len(got) != 1 || got[0].Subject() != "Hello" {
		t.Errorf("delivered %d messages", len(got))
	}
	if flaky.calls.Load() != 2 {
		t.Errorf("%d attempts, want a retry after the first failure", flaky.calls.Load())
	}
}

type failFirst struct {
	mail.Sender
	calls atomic.Int64
}

func (f *failFirst) Send(ctx context.Context, msgs []mail.Message) []error {
	if f.calls.Add(1) == 1 {
		return []error{fmt.Errorf("421 try later")}
	}
	return f.Sender.Send(ctx, msgs)
}

// BenchmarkDigest sends one digest to 100,000 subscribers (with
// -benchtime 1x) through a real SMTP sink in the process, recording each
// send in SQLite. Set MASTHEAD_DIGEST_SUBSCRIBERS to change the number.
func BenchmarkDigest(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 2_000
	}
	p := newPublication(b, n, false)
	m := &mail.Mailer{Store: p.store, Sender: p.sender}
	b.ResetTimer()
	for i := range b.N {
		// Each round is a day of its own, so every round sends to all.
		day, _ := time.Parse(time.DateOnly, p.day)
		period := day.AddDate(0, 0, -i).Format(time.DateOnly)
		if err := m.SendDigest(context.Background(), period, 23, 59); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if got := p.smtp.Count(); got < n {
		b.Fatalf("%d messages, want at least %d", got, n)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/recipient")
}

func TestAlertsGoToSubscribersOfTheSectionOrOneAboveItOnce(t *testing.T) {
	p := newPublication(t, 0, true)
	ctx := t.Context()
	cats, err := p.store.AllCategories(ctx)
	must(t, err)
	economy := cats[0]
	banks := news.Category{Name: "Banks", Slug: "banks", ParentID: economy.ID}
	sport := news.Category{Name: "Sport", Slug: "sport"}
	must(t, p.store.CreateCategory(ctx, &banks))
	must(t, p.store.CreateCategory(ctx, &sport))
	for _, s := range []news.Subscriber{
		{Email: "economy@example.org", AlertCategoryIDs: []int64{economy.ID}, ConfirmedAt: time.Now()},
		{Email: "sport@example.org", AlertCategoryIDs: []int64{sport.ID}, ConfirmedAt: time.Now()},
		{Email: "pending@example.org", AlertCategoryIDs: []int64{economy.ID}},
	} {
		must(t, p.store.CreateSubscriber(ctx, &s))
	}
	a := news.Article{Title: "Central bank raises rates", Slug: "rates", Body: "<p>Text.</p>", WordCount: 1, Status: news.StatusPublished,
		PublishedAt: time.Now().Add(-time.Minute), Categories: []news.Category{banks}}
	must(t, p.store.CreateArticle(ctx, &a))
	m := &mail.Mailer{Store: p.store, Sender: p.sender}
	must(t, m.SendAlerts(ctx))
	must(t, m.SendAlerts(ctx))
	got := p.smtp.To("economy@example.org")
	var alerts []mailtest.Message
	for _, msg := range got {
		if msg.Subject() == a.Title {
			alerts = append(alerts, msg)
		}
	}
	if len(alerts) != 1 || !strings.Contains(alerts[0].Text, "New in Banks") || alerts[0].Header.Get("List-Unsubscribe-Post") == "" {
		t.Errorf("the Economy subscriber got %d alerts of the Banks article", len(alerts))
	}
	for _, other := range []string{"sport@example.org", "pending@example.org"} {
		if n := len(p.smtp.To(other)); n != 0 {
			t.Errorf("%s got %d messages", other, n)
		}
	}
}

func TestFolderWritesEachMessageAsAnEMLFile(t *testing.T) {
	dir := t.TempDir()
	f := &mail.Folder{Dir: dir, From: "news@example.org"}
	errs := f.Send(t.Context(), []mail.Message{{To: "a@example.org", FromName: "Caspian Digest", Subject: "Hello", Text: "Follow https://news.example/x", HTML: "<p>Hi</p>", Unsubscribe: "https://news.example/u"}})
	must(t, errs[0])
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	must(t, err)
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	raw, err := os.ReadFile(files[0])
	must(t, err)
	msg, err := mailtest.Parse(raw)
	must(t, err)
	if msg.Subject() != "Hello" || !strings.Contains(msg.Text, "https://news.example/x") || msg.HTML != "<p>Hi</p>" || msg.Header.Get("List-Unsubscribe") != "<https://news.example/u>" {
		t.Errorf("file holds %+v", msg)
	}
}
