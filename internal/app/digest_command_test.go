package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

func runDigestCLI(args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	env := app.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
	code := app.CLI(context.Background(), args, env)
	return code, out.String(), errs.String()
}

// TestDigestSendMailsTheDueDigestOnce sends the digest with the command
// (into <data>/mail, as without an SMTP server), then again: the second
// run finds it sent and mails nobody. A day not yet due, or not a date,
// is refused and mails nothing.
func TestDigestSendMailsTheDueDigestOnce(t *testing.T) {
	data := t.TempDir()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(data, "masthead.db"))
	must(t, err)
	if now := time.Now().UTC(); now.Hour() == 23 && now.Minute() >= 58 {
		time.Sleep(time.Until(now.Truncate(time.Hour).Add(time.Hour + 5*time.Second))) // stay within one day
	}
	now := time.Now().UTC()
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	must(t, st.CreateArticle(ctx, &news.Article{Title: "Ferries run again", Slug: "ferries", Status: news.StatusPublished,
		PublishedAt: midnight.Add(-2 * time.Hour)}))
	for _, addr := range []string{"a@mail.example", "b@mail.example"} {
		must(t, st.CreateSubscriber(ctx, &news.Subscriber{Email: addr, Digest: true, ConfirmedAt: midnight.Add(-48 * time.Hour)}))
	}
	must(t, st.CreateSubscriber(ctx, &news.Subscriber{Email: "unconfirmed@mail.example", Digest: true}))
	st.Close()
	mails := func() []string {
		files, _ := filepath.Glob(filepath.Join(data, "mail", "*.eml"))
		return files
	}

	tomorrow := now.AddDate(0, 0, 1).Format(time.DateOnly)
	for _, bad := range [][]string{{"--date", tomorrow}, {"--date", "06/12/2026"}, {"--digest-time", "25:00"}} {
		code, _, errs := runDigestCLI(append([]string{"digest", "send", "--data", data}, bad...)...)
		if code == 0 || !strings.Contains(errs, strings.TrimPrefix(bad[0], "--")) {
			t.Errorf("digest send %v: exit %d, %q; want a refusal naming the flag", bad, code, errs)
		}
	}
	if n := len(mails()); n != 0 {
		t.Fatalf("refused runs mailed %d messages", n)
	}

	code, out, errs := runDigestCLI("digest", "send", "--data", data, "--digest-time", "00:00")
	if code != 0 || !strings.Contains(out, "Digest of "+now.Format(time.DateOnly)+": 2 subscribers mailed") {
		t.Fatalf("digest send: exit %d\n%s\n%s", code, out, errs)
	}
	files := mails()
	if len(files) != 2 {
		t.Fatalf("%d messages written, want one per confirmed subscriber", len(files))
	}
	body, err := os.ReadFile(files[0])
	must(t, err)
	if !bytes.Contains(body, []byte("Ferries run again")) {
		t.Errorf("the digest does not list the day's article:\n%.600s", body)
	}
	code, out, _ = runDigestCLI("digest", "send", "--data", data, "--digest-time", "00:00")
	if code != 0 || !strings.Contains(out, "2 subscribers mailed in all") || len(mails()) != 2 {
		t.Errorf("second run: exit %d, %d messages in all\n%s", code, len(mails()), out)
	}
}
