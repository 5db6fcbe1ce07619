package readers

import (
	"context"
	"errors"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Rename sets the reader's display name.
func (s *Service) Rename(ctx context.Context, r news.Reader, rawName string) error {
	name, err := displayName(rawName)
	if err != nil {
		return err
	}
	r.Name = name
	return s.store.UpdateReader(ctx, &r)
}

// ErrWrongPassword is a current password that does not match.
var ErrWrongPassword = Problem("Your current password is not right.")

// ChangePassword sets a new password once the current one is given (an
// account made by an emailed link has none, and sets its first), and ends
// every other session of the account: keep is the session that stays.
func (s *Service) ChangePassword(ctx context.Context, r news.Reader, current, next, keepToken string) error {
	if r.PasswordHash != "" {
		if ok, _ := auth.VerifyPassword(current, r.PasswordHash); !ok {
			return ErrWrongPassword
		}
	}
	if err := passwordProblem(next); err != nil {
		return err
	}
	hash, err := auth.HashPassword(next, s.params)
	if err != nil {
		return err
	}
	r.PasswordHash = hash
	return s.store.Atomic(ctx, func(tx store.Store) error {
		if err := tx.UpdateReader(ctx, &r); err != nil {
			return err
		}
		if err := tx.DeleteReaderTokens(ctx, r.ID, news.TokenReset); err != nil {
			return err
		}
		if _, err := tx.DeleteReaderSessions(ctx, r.ID); err != nil {
			return err
		}
		if keepToken == "" {
			return nil
		}
		now := s.clock()
		return tx.CreateReaderSession(ctx, news.ReaderSession{ID: auth.TokenID(keepToken), ReaderID: r.ID, CreatedAt: now, ExpiresAt: now.Add(SessionIdle)})
	})
}

// RequestEmailChange mails a link to the new address; the account moves
// to it once the link is followed. An address that already has an account
// is told so by mail instead, and the answer here is the same.
func (s *Service) RequestEmailChange(ctx context.Context, o Origin, r news.Reader, rawEmail, password string) error {
	addr, err := email(rawEmail)
	if err != nil {
		return err
	}
	if r.PasswordHash != "" {
		if ok, _ := auth.VerifyPassword(password, r.PasswordHash); !ok {
			return ErrWrongPassword
		}
	}
	if addr == r.Email {
		return Problem("That is already your address.")
	}
	if err := s.mailLimit(ctx, o.Client); err != nil {
		return err
	}
	if _, err := s.store.ReaderByEmail(ctx, addr); err == nil {
		s.send(mail.KindEmailTaken, addr, mail.Account{Site: o.Site, SignIn: o.BaseURL + SignInPath})
		return nil
	} else if !errors.Is(err, news.ErrNotFound) {
		return err
	}
	if err := s.store.DeleteReaderTokens(ctx, r.ID, news.TokenEmailChange); err != nil {
		return err
	}
	token, err := s.newLink(ctx, news.ReaderToken{Purpose: news.TokenEmailChange, ReaderID: r.ID, Email: addr}, VerifyTTL)
	if err != nil {
		return err
	}
	s.send(mail.KindEmailChange, addr, mail.Account{Site: o.Site, URL: linkURL(o, token, news.TokenEmailChange), Hours: int(VerifyTTL.Hours())})
	return nil
}

// moveEmail applies a followed email-change link: the account and its
// subscription take the new, now proved, address; the old one is told.
func (s *Service) moveEmail(ctx context.Context, o Origin, t news.ReaderToken) (LinkResult, error) {
	var old string
	var r news.Reader
	err := s.store.Atomic(ctx, func(tx store.Store) error {
		var err error
		if r, err = tx.Reader(ctx, t.ReaderID); err != nil {
			return err
		}
		old = r.Email
		r.Email, r.VerifiedAt = t.Email, s.clock()
		if err := tx.UpdateReader(ctx, &r); err != nil {
			return err
		}
		sub, err := tx.SubscriberByEmail(ctx, old)
		if errors.Is(err, news.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		sub.Email, sub.ReaderID = t.Email, r.ID
		return tx.UpdateSubscriber(ctx, &sub)
	})
	switch {
	case errors.Is(err, news.ErrNotFound):
		return LinkResult{}, ErrLinkInvalid
	case errors.Is(err, news.ErrConflict):
		return LinkResult{}, Problem("That address has an account or a subscription of its own, so yours was not moved.")
	case err != nil:
		return LinkResult{}, err
	}
	s.send(mail.KindEmailChanged, old, mail.Account{Site: o.Site, Email: t.Email})
	return LinkResult{Reader: r, SignIn: true, Done: "Your account now uses " + t.Email + "."}, nil
}

// SetHistory switches the recording of reading history on or off.
// Switching it off also forgets what was recorded.
func (s *Service) SetHistory(ctx context.Context, r news.Reader, on bool) error {
	r.HistoryOff = !on
	return s.store.Atomic(ctx, func(tx store.Store) error {
		if err := tx.UpdateReader(ctx, &r); err != nil {
			return err
		}
		if on {
			return nil
		}
		return tx.ClearHistory(ctx, r.ID)
	})
}

// Delete removes the account with everything kept for it, and every
// subscription of its address, after checking the password (an account
// without one confirms by its session alone).
func (s *Service) Delete(ctx context.Context, r news.Reader, password string) error {
	if r.PasswordHash != "" {
		if ok, _ := auth.VerifyPassword(password, r.PasswordHash); !ok {
			return ErrWrongPassword
		}
	}
	return s.store.Atomic(ctx, func(tx store.Store) error {
		if sub, err := tx.SubscriberByEmail(ctx, r.Email); err == nil {
			if err := tx.DeleteSubscriber(ctx, sub.ID); err != nil {
				return err
			}
		} else if !errors.Is(err, news.ErrNotFound) {
			return err
		}
		return tx.DeleteReader(ctx, r.ID)
	})
}

// Export is everything the publication keeps about a reader, for the
// "Download my data" button.
type Export struct {
	Account      ExportAccount       `json:"account"`
	Subscription *ExportSubscription `json:"subscription"`
	Saved        []ExportArticle     `json:"saved_articles"`
	Follows      []ExportFollow      `json:"follows"`
	History      []ExportArticle     `json:"reading_history"`
}

// ExportAccount is the account itself.
type ExportAccount struct {
	Email           string    `json:"email"`
	Name            string    `json:"name"`
	HasPassword     bool      `json:"has_password"`
	CreatedAt       time.Time `json:"created_at"`
	VerifiedAt      time.Time `json:"verified_at"`
	HistoryRecorded bool      `json:"history_recorded"`
}

// ExportSubscription is the reader's newsletter subscription.
type ExportSubscription struct {
	Email         string    `json:"email"`
	DailyDigest   bool      `json:"daily_digest"`
	SectionAlerts []string  `json:"section_alerts"`
	ConfirmedAt   time.Time `json:"confirmed_at"`
	CreatedAt     time.Time `json:"created_at"`
}

// ExportArticle is a saved or read article.
type ExportArticle struct {
	ArticleID int64     `json:"article_id"`
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	At        time.Time `json:"at"`
}

// ExportFollow is something followed.
type ExportFollow struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Export gathers the reader's data.
func (s *Service) Export(ctx context.Context, o Origin, r news.Reader) (Export, error) {
	x := Export{Account: ExportAccount{Email: r.Email, Name: r.Name, HasPassword: r.PasswordHash != "",
		CreatedAt: r.CreatedAt, VerifiedAt: r.VerifiedAt, HistoryRecorded: !r.HistoryOff}}
	v, err := s.vocabulary(ctx)
	if err != nil {
		return x, err
	}
	if sub, err := s.store.SubscriberByEmail(ctx, r.Email); err == nil {
		es := &ExportSubscription{Email: sub.Email, DailyDigest: sub.Digest, ConfirmedAt: sub.ConfirmedAt, CreatedAt: sub.CreatedAt}
		for _, id := range sub.AlertCategoryIDs {
			es.SectionAlerts = append(es.SectionAlerts, v.categories[id])
		}
		x.Subscription = es
	} else if !errors.Is(err, news.ErrNotFound) {
		return x, err
	}
	saved, err := s.store.SavedList(ctx, r.ID)
	if err != nil {
		return x, err
	}
	for _, a := range saved {
		x.Saved = append(x.Saved, s.exportArticle(ctx, o, v, a.ArticleID, a.SavedAt))
	}
	hist, err := s.store.History(ctx, r.ID)
	if err != nil {
		return x, err
	}
	for _, h := range hist {
		x.History = append(x.History, s.exportArticle(ctx, o, v, h.ArticleID, h.ReadAt))
	}
	follows, err := s.store.Follows(ctx, r.ID)
	if err != nil {
		return x, err
	}
	for _, f := range follows {
		x.Follows = append(x.Follows, ExportFollow{Kind: string(f.Kind), ID: f.TargetID, Name: v.name(f)})
	}
	return x, nil
}

func (s *Service) exportArticle(ctx context.Context, o Origin, v vocabulary, id int64, at time.Time) ExportArticle {
	e := ExportArticle{ArticleID: id, At: at}
	if a, err := s.store.Article(ctx, id); err == nil {
		e.Title = a.Title
		if a.Status == news.StatusPublished {
			e.URL = o.BaseURL + news.ArticlePath(a, v.loc)
		}
	}
	return e
}
