package readers

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

// Choice is what a subscriber wants: the daily digest, alerts for some
// sections, or both.
type Choice struct {
	Digest      bool
	CategoryIDs []int64
}

func (c Choice) empty() bool { return !c.Digest && len(c.CategoryIDs) == 0 }

// Subscribe starts a subscription for any address (no account needed)
// and mails a link to confirm it (double opt-in): nothing else is mailed
// until it is followed. An address already subscribed and confirmed keeps
// its choices and is told by mail; the answer here is the same in every
// case.
func (s *Service) Subscribe(ctx context.Context, o Origin, rawEmail string, c Choice) error {
	addr, err := email(rawEmail)
	if err != nil {
		return err
	}
	if c.empty() {
		return Problem("Choose the daily digest or at least one section.")
	}
	if err := s.mailLimit(ctx, o.Client); err != nil {
		return err
	}
	sub, err := s.store.SubscriberByEmail(ctx, addr)
	switch {
	case err == nil && sub.Confirmed():
		key, err := mail.UnsubscribeKey(ctx, s.store)
		if err != nil {
			return err
		}
		s.send(mail.KindSubscribedAlready, addr, mail.Account{Site: o.Site, SignIn: o.BaseURL + SignInPath,
			URL: o.BaseURL + mail.UnsubscribePath + "?t=" + mail.UnsubscribeToken(key, sub)})
		return nil
	case err == nil:
		sub.Digest, sub.AlertCategoryIDs = c.Digest, c.CategoryIDs
		err = s.store.UpdateSubscriber(ctx, &sub)
	case errors.Is(err, news.ErrNotFound):
		sub = news.Subscriber{Email: addr, Digest: c.Digest, AlertCategoryIDs: c.CategoryIDs}
		if r, err := s.store.ReaderByEmail(ctx, addr); err == nil && r.Verified() {
			sub.ReaderID = r.ID
		}
		err = s.store.CreateSubscriber(ctx, &sub)
	}
	if errors.Is(err, news.ErrInvalid) {
		return Problem("One of the sections chosen does not exist any more; reload the page and choose again.")
	}
	if err != nil {
		return err
	}
	token, err := s.newLink(ctx, news.ReaderToken{Purpose: news.TokenSubscribe, SubscriberID: sub.ID, Email: addr}, VerifyTTL)
	if err != nil {
		return err
	}
	what, err := s.describe(ctx, c)
	if err != nil {
		return err
	}
	s.send(mail.KindSubscribe, addr, mail.Account{Site: o.Site, URL: linkURL(o, token, news.TokenSubscribe), What: what})
	return nil
}

// describe puts a choice into words for the confirmation mail.
func (s *Service) describe(ctx context.Context, c Choice) (string, error) {
	v, err := s.vocabulary(ctx)
	if err != nil {
		return "", err
	}
	var parts []string
	if c.Digest {
		parts = append(parts, "the daily digest")
	}
	var names []string
	for _, id := range c.CategoryIDs {
		names = append(names, v.categories[id])
	}
	if len(names) > 0 {
		parts = append(parts, "an email for every new article in "+strings.Join(names, ", "))
	}
	return strings.Join(parts, " and "), nil
}

func (s *Service) confirmSubscription(ctx context.Context, t news.ReaderToken) (LinkResult, error) {
	sub, err := s.store.Subscriber(ctx, t.SubscriberID)
	if errors.Is(err, news.ErrNotFound) || (err == nil && sub.Email != t.Email) {
		return LinkResult{}, ErrLinkInvalid
	}
	if err != nil {
		return LinkResult{}, err
	}
	if !sub.Confirmed() {
		sub.ConfirmedAt = s.clock()
		// The webhook event is queued with the confirmation, so it is
		// sent exactly when the subscriber counts.
		err := s.store.Atomic(ctx, func(tx store.Store) error {
			if err := tx.UpdateSubscriber(ctx, &sub); err != nil {
				return err
			}
			return newsroom.QueueSubscriberAdded(ctx, tx, sub.ID, sub.Email, "", sub.ConfirmedAt)
		})
		if err != nil {
			return LinkResult{}, err
		}
	}
	return LinkResult{Done: "Your subscription is confirmed. The next newsletter will reach " + sub.Email + "."}, nil
}

// Subscription returns the reader's own subscription, if any.
func (s *Service) Subscription(ctx context.Context, r news.Reader) (news.Subscriber, bool, error) {
	sub, err := s.store.SubscriberByEmail(ctx, r.Email)
	if errors.Is(err, news.ErrNotFound) {
		return news.Subscriber{}, false, nil
	}
	return sub, err == nil, err
}

// SetSubscription sets a signed-in reader's choices: their address is
// confirmed, so no further confirmation is asked. Choosing nothing ends
// the subscription.
func (s *Service) SetSubscription(ctx context.Context, r news.Reader, c Choice) error {
	if !r.Verified() {
		return Problem("Confirm your email address first: follow the link we sent you.")
	}
	return s.store.Atomic(ctx, func(tx store.Store) error {
		sub, err := tx.SubscriberByEmail(ctx, r.Email)
		exists := err == nil
		if err != nil && !errors.Is(err, news.ErrNotFound) {
			return err
		}
		if c.empty() {
			if exists {
				return tx.DeleteSubscriber(ctx, sub.ID)
			}
			return nil
		}
		sub.Email, sub.ReaderID, sub.Digest, sub.AlertCategoryIDs = r.Email, r.ID, c.Digest, c.CategoryIDs
		added := !sub.Confirmed()
		if added {
			sub.ConfirmedAt = s.clock()
		}
		if exists {
			err = tx.UpdateSubscriber(ctx, &sub)
		} else {
			err = tx.CreateSubscriber(ctx, &sub)
		}
		if errors.Is(err, news.ErrInvalid) {
			return Problem("One of the sections chosen does not exist any more; reload the page and choose again.")
		}
		if err != nil || !added {
			return err
		}
		return newsroom.QueueSubscriberAdded(ctx, tx, sub.ID, sub.Email, r.Name, sub.ConfirmedAt)
	})
}

// Unsubscribe ends the subscription a one-click link names. It is
// idempotent: a subscription already gone is no error, so a mail
// provider's retry and a reader's second click both succeed. A token that
// is malformed or does not match the subscription is ErrLinkInvalid and
// changes nothing.
func (s *Service) Unsubscribe(ctx context.Context, token string) (string, error) {
	id, err := mail.UnsubscribeID(token)
	if err != nil {
		return "", ErrLinkInvalid
	}
	sub, err := s.store.Subscriber(ctx, id)
	if errors.Is(err, news.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	key, err := mail.UnsubscribeKey(ctx, s.store)
	if err != nil {
		return "", err
	}
	if !mail.CheckUnsubscribe(key, sub, token) {
		return "", ErrLinkInvalid
	}
	err = s.store.DeleteSubscriber(ctx, sub.ID)
	if errors.Is(err, news.ErrNotFound) {
		err = nil
	}
	return sub.Email, err
}

// vocabulary names sections, topics and authors by id.
type vocabulary struct {
	loc                       *time.Location
	categories, tags, authors map[int64]string
	tree                      *news.CategoryTree
	categoryList              []news.Category
	tagList                   []news.Tag
	authorList                []news.Author
}

func (v vocabulary) name(f news.Follow) string {
	switch f.Kind {
	case news.FollowCategory:
		return v.categories[f.TargetID]
	case news.FollowTag:
		return v.tags[f.TargetID]
	}
	return v.authors[f.TargetID]
}

func (s *Service) vocabulary(ctx context.Context) (vocabulary, error) {
	v := vocabulary{loc: time.UTC, categories: map[int64]string{}, tags: map[int64]string{}, authors: map[int64]string{}}
	settings, err := s.store.Settings(ctx)
	if err == nil {
		v.loc = settings.Location()
	} else if !errors.Is(err, news.ErrNotFound) {
		return v, err
	}
	if v.categoryList, err = s.store.AllCategories(ctx); err != nil {
		return v, err
	}
	v.tree = news.NewCategoryTree(v.categoryList)
	for _, c := range v.categoryList {
		v.categories[c.ID] = c.Name
	}
	if v.tagList, err = s.store.AllTags(ctx); err != nil {
		return v, err
	}
	for _, t := range v.tagList {
		v.tags[t.ID] = t.Name
	}
	if v.authorList, err = s.store.AllAuthors(ctx); err != nil {
		return v, err
	}
	for _, a := range v.authorList {
		v.authors[a.ID] = a.Name
	}
	return v, nil
}
