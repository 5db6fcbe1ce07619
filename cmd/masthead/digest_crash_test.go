package main_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/mail/mailtest"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// TestKilledDigestSendResumesWithoutDuplicates kills the server with
// SIGKILL while it mails the daily digest to 350 subscribers (four
// batches) through a slow SMTP server, restarts it, resumes the digest
// with "masthead digest send", and checks the promise docs/decisions.md
// makes: nobody gets the digest twice, and the only subscribers who miss
// it are ones the killed run had claimed and not recorded as sent, at
// most one batch.
func TestKilledDigestSendResumesWithoutDuplicates(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary against a slow SMTP server")
	}
	const subscribers = 350
	bin := buildBinary(t)
	data := t.TempDir()
	path := filepath.Join(data, "masthead.db")
	// The test's day must be the server's: past 23:58 UTC, wait for the
	// next one.
	if now := time.Now().UTC(); now.Hour() == 23 && now.Minute() >= 58 {
		time.Sleep(time.Until(now.Truncate(time.Hour).Add(time.Hour + 5*time.Second)))
	}
	now := time.Now().UTC()
	period := now.Format(time.DateOnly)
	// With --digest-time 00:00 today's digest is due as soon as the server
	// starts; it lists what was published in the day before midnight.
	cutoff := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	headline := "Harbour reopens after the storm"
	seedDigest(t, path, subscribers, headline, cutoff.Add(-time.Hour))

	smtp := mailtest.Start(t)
	smtp.SetDelay(15 * time.Millisecond)
	flags := []string{"--smtp-host", smtp.Host, "--smtp-port", strconv.Itoa(smtp.Port), "--smtp-tls", "none",
		"--mail-from", "news@harbour.example", "--digest-time", "00:00"}
	s := startServer(t, bin, data, flags...)
	// Kill in the middle of the second batch, with more to come.
	deadline := time.Now().Add(2 * time.Minute)
	for smtp.Count() < mail.DefaultBatch+mail.DefaultBatch/2 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d digests sent in two minutes; logs:\n%s", smtp.Count(), s.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
	atKill := smtp.Count()
	t.Logf("%d of %d digests delivered when the server was killed", atKill, subscribers)
	if atKill >= subscribers {
		t.Fatal("the digest finished before the kill; nothing was interrupted")
	}
	checkIntegrity(t, path)

	// The restarted server serves; the killed run's claim on the day's job
	// holds for its lease, so the operator resumes the digest now.
	startServer(t, bin, data, flags...)
	resume := exec.Command(bin, append([]string{"digest", "send", "--data", data}, flags...)...)
	out, err := resume.CombinedOutput()
	if err != nil {
		t.Fatalf("digest send: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Digest of "+period) {
		t.Errorf("digest send does not report the day it sent:\n%s", out)
	}

	received := map[string]int{}
	ids := map[string]bool{}
	for _, m := range smtp.Messages() {
		if len(m.To) != 1 {
			t.Fatalf("a digest to %v: one recipient per message expected", m.To)
		}
		received[strings.ToLower(m.To[0])]++
		id := m.Header.Get("Message-Id")
		if id == "" || ids[id] {
			t.Errorf("Message-ID %q missing or repeated", id)
		}
		ids[id] = true
		if !strings.Contains(m.Text, headline) || !strings.Contains(m.Subject(), cutoff.Format("2 January 2006")) {
			t.Errorf("message to %s is not the day's digest: %q", m.To[0], m.Subject())
		}
	}
	for addr, n := range received {
		if n > 1 {
			t.Errorf("%s received the digest %d times", addr, n)
		}
	}

	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	unrecorded := map[int64]bool{} // claimed by the killed run, never marked sent
	sends, err := st.MailingSendsAfter(t.Context(), "digest:"+period, 0, 2*subscribers)
	if err != nil {
		t.Fatal(err)
	}
	if len(sends) != subscribers {
		t.Errorf("%d sends recorded, want one per subscriber (%d)", len(sends), subscribers)
	}
	for _, snd := range sends {
		if snd.SentAt.IsZero() {
			unrecorded[snd.SubscriberID] = true
		}
	}
	if len(unrecorded) > mail.DefaultBatch {
		t.Errorf("%d claims left without a send; at most once loses at most one batch (%d)", len(unrecorded), mail.DefaultBatch)
	}
	missed := 0
	for i := range subscribers {
		addr := subscriberAddress(i)
		if received[addr] == 1 {
			continue
		}
		missed++
		sub, err := st.SubscriberByEmail(t.Context(), addr)
		if err != nil {
			t.Fatal(err)
		}
		if !unrecorded[sub.ID] {
			t.Errorf("%s never received the digest and was not in the interrupted batch", addr)
		}
	}
	t.Logf("%d received it, %d missed it (claimed by the killed run: %d)", len(received), missed, len(unrecorded))
	if len(received)+missed != subscribers {
		t.Errorf("%d received plus %d missed is not the %d subscribers", len(received), missed, subscribers)
	}
	mailings, err := st.MailingsAfter(t.Context(), "digest:", 10)
	if err != nil || len(mailings) != 1 || mailings[0].FinishedAt.IsZero() {
		t.Errorf("the day's digest is not recorded as finished: %+v, %v", mailings, err)
	}
	checkIntegrity(t, path)
}

func subscriberAddress(i int) string { return fmt.Sprintf("reader%03d@mail.example", i) }

// seedDigest makes a publication with one article published at published
// and n confirmed digest subscribers.
func seedDigest(t *testing.T, path string, n int, title string, published time.Time) {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := news.Article{Title: title, Slug: "harbour-reopens", Body: "<p>The port is open again.</p>",
		Status: news.StatusPublished, PublishedAt: published}
	if err := st.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		s := news.Subscriber{Email: subscriberAddress(i), Digest: true, ConfirmedAt: published}
		if err := st.CreateSubscriber(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
}
