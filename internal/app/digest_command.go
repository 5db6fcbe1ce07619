package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/jobs"
	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

const digestUsage = `usage: masthead digest send [--date YYYY-MM-DD] [--nice N] [the flags of serve: --data, --db, --smtp-*, --mail-from, --digest-time, --base-url]`

// digestCommand runs "masthead digest SUBCOMMAND".
func digestCommand(ctx context.Context, args []string, env Env) error {
	if len(args) > 0 && args[0] == "send" {
		return digestSend(ctx, args[1:], env)
	}
	return errors.New(digestUsage)
}

// digestSend sends a day's digest from this process, now: the latest one
// due by --digest-time unless --date names another. It resumes a digest
// that a killed server left half sent without waiting for that run's
// hour-long claim to lapse. It is safe beside running servers: every
// recipient is claimed in the database before their message goes, so two
// senders split the list and nobody is mailed twice. It takes serve's
// flags and MASTHEAD_ variables, so it mails through the same server.
func digestSend(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("masthead digest send", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.BindServe(fs)
	cfg.BindBatch(fs)
	date := fs.String("date", "", "the day whose digest to send, YYYY-MM-DD in the publication's time zone (default: the latest due)")
	if err := cfg.Parse(fs, args, env.Getenv); err != nil {
		return err
	}
	yieldToServers(cfg, env)
	hour, minute, _ := cfg.Digest() // validated with the configuration
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	log := newLogger(cfg, env.Stderr)
	sender, err := newSender(cfg, log)
	if err != nil {
		return err
	}
	period, err := digestPeriod(ctx, st, *date, hour, minute, time.Now())
	if err != nil {
		return err
	}
	mailer := &mail.Mailer{Store: st, Sender: sender, Log: log, BaseURL: fallbackBaseURL(cfg)}
	sendErr := mailer.SendDigest(ctx, period, hour, minute)
	claimed, sent, err := st.MailingSends(context.WithoutCancel(ctx), "digest:"+period)
	if err != nil {
		return errors.Join(sendErr, err)
	}
	fmt.Fprintf(env.Stdout, "Digest of %s: %d subscribers mailed in all.\n", period, sent)
	if lost := claimed - sent; lost > 0 {
		fmt.Fprintf(env.Stdout, "%d were claimed by a run that stopped before recording their send; they are not mailed again (the digest is sent at most once).\n", lost)
	}
	if sendErr != nil {
		return fmt.Errorf("digest of %s: %w (run the command again to send the rest)", period, sendErr)
	}
	return nil
}

// digestPeriod is the day named by date, checked, or else the latest day
// whose digest time has passed in the publication's zone.
func digestPeriod(ctx context.Context, st store.Store, date string, hour, minute int, now time.Time) (string, error) {
	s, err := st.Settings(ctx)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return "", err
	}
	loc := s.Location()
	if date != "" {
		day, err := time.ParseInLocation(time.DateOnly, date, loc)
		if err != nil {
			return "", fmt.Errorf("--date %q: want YYYY-MM-DD", date)
		}
		// A digest sent before its time would fix a cutoff in the future
		// and leave the articles published until then out of every digest.
		if due := time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, loc); due.After(now) {
			return "", fmt.Errorf("--date %s: that digest is due at %s, not yet", date, due.Format("2006-01-02 15:04 MST"))
		}
		return day.Format(time.DateOnly), nil
	}
	if p := jobs.Daily(loc, hour, minute)(now); p != "" {
		return p, nil
	}
	return now.In(loc).AddDate(0, 0, -1).Format(time.DateOnly), nil
}
