package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/jobs"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Newsletter mailings' shape.
const (
	// DefaultBatch is how many recipients are claimed, sent to and
	// recorded at a time: one transaction per batch for each record.
	DefaultBatch = 100
	// digestArticles is the most a digest lists.
	digestArticles = 40
	// digestReach is the longest a digest looks back, when the last one
	// was long ago (or never).
	digestReach = 7 * 24 * time.Hour
	// alertWindow is how recent an article must be to be alerted: older
	// ones (imports, back-dated pieces) are not news to mail.
	alertWindow = 2 * time.Hour
)

// Mailer sends the newsletter: the daily digest and section alerts. Each
// mailing records its recipients in the store as it goes (claimed before
// sending, marked sent after), so that a run that stops half way is
// resumed by the next without mailing anyone twice.
type Mailer struct {
	Store  store.Store
	Sender Sender
	Log    *slog.Logger
	Now    func() time.Time
	// BaseURL is the site's address when its settings name none; links
	// in mail must be absolute.
	BaseURL string
	// Batch is how many recipients are handled at a time (DefaultBatch).
	Batch int
}

func (m *Mailer) now() time.Time {
	if m.Now != nil {
		return m.Now().UTC()
	}
	return time.Now().UTC()
}

func (m *Mailer) log() *slog.Logger {
	if m.Log == nil {
		return slog.Default()
	}
	return m.Log
}

// DigestJob is the daily digest as a periodic job: due each day at
// hour:minute in the publication's time zone, read from its settings at
// each check so that a change of zone applies from the next day.
func (m *Mailer) DigestJob(hour, minute int) jobs.Periodic {
	return jobs.Periodic{
		Name: "digest",
		Period: func(now time.Time) string {
			return jobs.Daily(m.location(), hour, minute)(now)
		},
		Run: func(ctx context.Context, period string) error {
			return m.SendDigest(ctx, period, hour, minute)
		},
		Lease: time.Hour,
	}
}

// AlertsJob mails new articles to the subscribers of their sections,
// checking every minute.
func (m *Mailer) AlertsJob() jobs.Periodic {
	return jobs.Periodic{
		Name:   "alerts",
		Period: jobs.Every(time.Minute),
		Run:    func(ctx context.Context, _ string) error { return m.SendAlerts(ctx) },
		Lease:  10 * time.Minute,
	}
}

func (m *Mailer) location() *time.Location {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := m.Store.Settings(ctx)
	if err != nil {
		return time.UTC
	}
	return s.Location()
}

// site is what every mailing needs from the settings.
type site struct {
	settings news.Settings
	base     string
	loc      *time.Location
	tree     *news.CategoryTree
	key      []byte
}

func (m *Mailer) site(ctx context.Context) (site, error) {
	s, err := m.Store.Settings(ctx)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return site{}, err
	}
	if s.Name == "" {
		s.Name = "Masthead"
	}
	base := strings.TrimRight(s.BaseURL, "/")
	if base == "" {
		base = strings.TrimRight(m.BaseURL, "/")
	}
	cats, err := m.Store.AllCategories(ctx)
	if err != nil {
		return site{}, err
	}
	key, err := UnsubscribeKey(ctx, m.Store)
	if err != nil {
		return site{}, err
	}
	return site{settings: s, base: base, loc: s.Location(), tree: news.NewCategoryTree(cats), key: key}, nil
}

// SendDigest sends the digest of period ("2026-12-08") to every confirmed
// digest subscriber not yet sent it: the articles published after the
// previous digest's cutoff and up to this one's, hour:minute of that day
// in the publication's zone. The cutoff is fixed when the day's mailing
// is first started, so a resumed run sends the same digest.
func (m *Mailer) SendDigest(ctx context.Context, period string, hour, minute int) error {
	st, err := m.site(ctx)
	if err != nil {
		return err
	}
	day, err := time.ParseInLocation(time.DateOnly, period, st.loc)
	if err != nil {
		return fmt.Errorf("digest period %q: %w", period, err)
	}
	cutoff := time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, st.loc)
	name := "digest:" + period
	mailing, err := m.Store.StartMailing(ctx, news.Mailing{Name: name, Cutoff: cutoff, CreatedAt: m.now()})
	if err != nil || !mailing.FinishedAt.IsZero() {
		return err
	}
	since := mailing.Cutoff.Add(-24 * time.Hour)
	if prev, err := m.Store.PreviousMailing(ctx, "digest:", name); err == nil {
		since = prev.Cutoff
	} else if !errors.Is(err, news.ErrNotFound) {
		return err
	}
	if oldest := mailing.Cutoff.Add(-digestReach); since.Before(oldest) {
		since = oldest
	}
	arts, err := m.Store.ListArticles(ctx, store.ArticleFilter{VisibleAt: mailing.Cutoff, Limit: digestArticles})
	if err != nil {
		return err
	}
	arts = publishedAfter(arts, since)
	if len(arts) == 0 {
		m.log().Info("digest: nothing published since the last one; none sent", "period", period)
		return m.Store.FinishMailing(ctx, name, m.now())
	}
	date := mailing.Cutoff.In(st.loc).Format("Monday, 2 January 2006")
	r, err := Render(m.newsletter(st, arts,
		st.settings.Name+" – "+date,
		date,
		"You receive the daily digest of "+st.settings.Name+" because you subscribed to it."))
	if err != nil {
		return err
	}
	return m.deliver(ctx, st, name, store.RecipientFilter{Digest: true}, r)
}

func publishedAfter(arts []news.Article, since time.Time) []news.Article {
	var out []news.Article
	for _, a := range arts {
		if a.PublishedAt.After(since) {
			out = append(out, a)
		}
	}
	return out
}

// SendAlerts mails each article published in the last two hours to the
// confirmed subscribers of an alert for its sections (or a section above
// them) who have not had it.
func (m *Mailer) SendAlerts(ctx context.Context) error {
	now := m.now()
	arts, err := m.Store.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, Limit: 50})
	if err != nil {
		return err
	}
	var st *site
	var errs []error
	for _, a := range arts {
		if a.PublishedAt.Before(now.Add(-alertWindow)) || len(a.Categories) == 0 {
			continue
		}
		name := "alert:" + strconv.FormatInt(a.ID, 10)
		mailing, err := m.Store.StartMailing(ctx, news.Mailing{Name: name, Cutoff: a.PublishedAt, CreatedAt: now})
		if err != nil {
			return err
		}
		if !mailing.FinishedAt.IsZero() {
			continue
		}
		if st == nil {
			s, err := m.site(ctx)
			if err != nil {
				return err
			}
			st = &s
		}
		if err := m.alert(ctx, *st, name, a); err != nil {
			if ctx.Err() != nil {
				return err
			}
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (m *Mailer) alert(ctx context.Context, st site, name string, a news.Article) error {
	var ids []int64
	for _, c := range a.Categories {
		ids = append(ids, c.ID)
		for _, anc := range st.tree.Ancestors(c.ID) {
			ids = append(ids, anc.ID)
		}
	}
	section := ""
	if pc, ok := a.PrimaryCategory(); ok {
		section = pc.Name
	}
	r, err := Render(m.newsletter(st, []news.Article{a}, a.Title, "New in "+section,
		"You receive this because you asked for alerts of new articles in "+section+" from "+st.settings.Name+"."))
	if err != nil {
		return err
	}
	return m.deliver(ctx, st, name, store.RecipientFilter{CategoryIDs: ids}, r)
}

func (m *Mailer) newsletter(st site, arts []news.Article, subject, heading, reason string) Newsletter {
	lang := st.settings.Language
	if lang == "" {
		lang = "en"
	}
	n := Newsletter{
		Site: st.settings.Name, Lang: lang, Home: st.base + "/", Subject: subject, Heading: heading,
		Reason: reason, Manage: st.base + "/account/",
	}
	for _, a := range arts {
		v := NewsletterArticle{
			Title: a.Title, URL: st.base + news.ArticlePath(a, st.loc), Standfirst: a.Standfirst,
			Date: a.PublishedAt.In(st.loc).Format("2 January 2006, 15:04"),
		}
		if pc, ok := a.PrimaryCategory(); ok {
			v.Section = pc.Name
		}
		var names []string
		for _, au := range a.Authors {
			names = append(names, au.Name)
		}
		v.Byline = strings.Join(names, ", ")
		n.Articles = append(n.Articles, v)
	}
	if len(arts) > 0 {
		n.Preheader = arts[0].Title
	}
	return n
}

// deliver sends r to every recipient of the mailing not yet recorded, a
// batch at a time: claim, send, record. The choice is at most once: a
// claim is written before the message goes, so a process killed between
// the two never mails that recipient again (they miss that mailing);
// a send the server refuses, and a run stopped in an orderly way (ctx
// ended), release their claims, so the next run sends them.
func (m *Mailer) deliver(ctx context.Context, st site, name string, f store.RecipientFilter, r Rendered) error {
	batch := m.Batch
	if batch < 1 {
		batch = DefaultBatch
	}
	var after int64
	sent, failed := 0, 0
	for {
		subs, err := m.Store.MailingRecipients(ctx, name, f, after, batch)
		if err != nil {
			return err
		}
		if len(subs) == 0 {
			break
		}
		after = subs[len(subs)-1].ID
		n, bad, err := m.sendBatch(ctx, st, name, subs, r)
		sent, failed = sent+n, failed+bad
		if err != nil {
			m.log().Warn("mailing stopped", "mailing", name, "sent", sent, "err", err)
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("mailing %s: %d of %d messages refused; they are sent on the next run", name, failed, sent+failed)
	}
	m.log().Info("mailing sent", "mailing", name, "recipients", sent)
	return m.Store.FinishMailing(ctx, name, m.now())
}

func (m *Mailer) sendBatch(ctx context.Context, st site, name string, subs []news.Subscriber, r Rendered) (sent, failed int, err error) {
	byID := make(map[int64]news.Subscriber, len(subs))
	ids := make([]int64, len(subs))
	for i, s := range subs {
		ids[i], byID[s.ID] = s.ID, s
	}
	claimed, err := m.Store.ClaimSends(ctx, name, ids, m.now())
	if err != nil {
		return 0, 0, err
	}
	msgs := make([]Message, len(claimed))
	for i, id := range claimed {
		s := byID[id]
		msgs[i] = r.To(s.Email, st.base+UnsubscribePath+"?t="+UnsubscribeToken(st.key, s))
	}
	errs := m.Sender.Send(ctx, msgs)
	var ok, release []int64
	for i, e := range errs {
		if e == nil {
			ok = append(ok, claimed[i])
		} else {
			release = append(release, claimed[i])
			if ctx.Err() == nil {
				m.log().Warn("newsletter message refused", "mailing", name, "subscriber", claimed[i], "err", e)
			}
		}
	}
	// Recording must happen even when ctx has ended: these sends are done.
	record := context.WithoutCancel(ctx)
	if len(ok) > 0 {
		if err := m.Store.MarkSent(record, name, ok, m.now()); err != nil {
			return len(ok), len(release), err
		}
	}
	if len(release) > 0 {
		if err := m.Store.ReleaseSends(record, name, release); err != nil {
			return len(ok), len(release), err
		}
	}
	return len(ok), len(release), ctx.Err()
}
