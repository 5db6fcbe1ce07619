package readers

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Paths of the reader pages that mail links to.
const (
	SignInPath = "/signin/"
	LinkPath   = "/account/link"
	ResetPath  = "/account/reset"
)

func linkURL(o Origin, token string, purpose news.TokenPurpose) string {
	return o.BaseURL + LinkPath + "?" + url.Values{"t": {token}, "p": {string(purpose)}}.Encode()
}

// SignUp opens an account for an address and password and mails a link
// to confirm the address. An address that already has an account gets a
// mail saying so instead; the caller's answer, and the work done (one
// password hash, one message queued), are the same either way.
func (s *Service) SignUp(ctx context.Context, o Origin, rawEmail, password, rawName string) error {
	addr, err := email(rawEmail)
	if err != nil {
		return err
	}
	name, err := displayName(rawName)
	if err != nil {
		return err
	}
	if err := passwordProblem(password); err != nil {
		return err
	}
	if err := s.mailLimit(ctx, o.Client); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, s.params)
	if err != nil {
		return err
	}
	r := news.Reader{Email: addr, Name: name, PasswordHash: hash}
	err = s.store.CreateReader(ctx, &r)
	if errors.Is(err, news.ErrConflict) {
		token, err := s.resetLink(ctx, addr)
		if err != nil {
			return err
		}
		s.send(mail.KindExists, addr, mail.Account{Site: o.Site, SignIn: o.BaseURL + SignInPath, URL: o.BaseURL + ResetPath + "?t=" + token})
		return nil
	}
	if err != nil {
		return err
	}
	token, err := s.newLink(ctx, news.ReaderToken{Purpose: news.TokenVerify, ReaderID: r.ID, Email: addr}, VerifyTTL)
	if err != nil {
		return err
	}
	s.send(mail.KindVerify, addr, mail.Account{Site: o.Site, URL: linkURL(o, token, news.TokenVerify), Hours: int(VerifyTTL.Hours())})
	return nil
}

// resetLink makes a reset link for the account of addr, voiding earlier
// ones; an unknown address gets a token that was never stored, so that
// the work is alike.
func (s *Service) resetLink(ctx context.Context, addr string) (string, error) {
	r, err := s.store.ReaderByEmail(ctx, addr)
	if errors.Is(err, news.ErrNotFound) {
		token, _, err := auth.NewToken()
		return token, err
	}
	if err != nil {
		return "", err
	}
	if err := s.store.DeleteReaderTokens(ctx, r.ID, news.TokenReset); err != nil {
		return "", err
	}
	return s.newLink(ctx, news.ReaderToken{Purpose: news.TokenReset, ReaderID: r.ID, Email: r.Email}, s.resetTTL)
}

// SendSignInLink mails a single-use sign-in link: to an account's
// address, a link that signs it in; to an address without one, a link
// that opens an account and signs it in (passwordless sign-up).
func (s *Service) SendSignInLink(ctx context.Context, o Origin, rawEmail string) error {
	addr, err := email(rawEmail)
	if err != nil {
		return err
	}
	if err := s.mailLimit(ctx, o.Client); err != nil {
		return err
	}
	r, err := s.store.ReaderByEmail(ctx, addr)
	kind, t := mail.KindSignIn, news.ReaderToken{Purpose: news.TokenSignIn, ReaderID: r.ID, Email: addr}
	switch {
	case errors.Is(err, news.ErrNotFound):
		kind, t = mail.KindSignUpLink, news.ReaderToken{Purpose: news.TokenVerify, Email: addr}
	case err != nil:
		return err
	}
	token, err := s.newLink(ctx, t, SignInLinkTTL)
	if err != nil {
		return err
	}
	s.send(kind, addr, mail.Account{Site: o.Site, URL: linkURL(o, token, t.Purpose), Minutes: int(SignInLinkTTL.Minutes())})
	return nil
}

// SignIn checks an address and password. Failures count against the
// address and the client; past the limits every attempt is ErrTooMany,
// right or wrong. An unknown address costs the same hash as a known one.
func (s *Service) SignIn(ctx context.Context, o Origin, rawEmail, password string) (news.Reader, error) {
	addr, _ := news.NormalizeEmail(rawEmail)
	client := o.Client
	if client == "" {
		client = "unknown"
	}
	if blocked, err := s.blocked(ctx, addr, client); err != nil || blocked {
		if err == nil {
			err = ErrTooMany
		}
		return news.Reader{}, err
	}
	r, err := s.store.ReaderByEmail(ctx, addr)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return news.Reader{}, err
	}
	if err != nil || r.PasswordHash == "" {
		s.dummyVerify(password)
		return news.Reader{}, s.failed(ctx, addr, client)
	}
	if ok, _ := auth.VerifyPassword(password, r.PasswordHash); !ok {
		return news.Reader{}, s.failed(ctx, addr, client)
	}
	if err := s.accounts.Reset(ctx, addr); err != nil {
		return news.Reader{}, err
	}
	if !r.Verified() {
		token, err := s.newLink(ctx, news.ReaderToken{Purpose: news.TokenVerify, ReaderID: r.ID, Email: r.Email}, VerifyTTL)
		if err != nil {
			return news.Reader{}, err
		}
		s.send(mail.KindVerify, r.Email, mail.Account{Site: o.Site, URL: linkURL(o, token, news.TokenVerify), Hours: int(VerifyTTL.Hours())})
		return news.Reader{}, ErrUnverified
	}
	if auth.NeedsRehash(r.PasswordHash, s.params) {
		if h, err := auth.HashPassword(password, s.params); err == nil {
			r.PasswordHash = h
			if err := s.store.UpdateReader(ctx, &r); err != nil {
				return news.Reader{}, err
			}
		}
	}
	return r, nil
}

func (s *Service) blocked(ctx context.Context, addr, client string) (bool, error) {
	if addr != "" {
		if b, _, err := s.accounts.Blocked(ctx, addr); err != nil || b {
			return b, err
		}
	}
	b, _, err := s.clients.Blocked(ctx, client)
	return b, err
}

func (s *Service) failed(ctx context.Context, addr, client string) error {
	if addr != "" {
		if err := s.accounts.Fail(ctx, addr); err != nil {
			return err
		}
	}
	if err := s.clients.Fail(ctx, client); err != nil {
		return err
	}
	return ErrBadCredentials
}

// LinkResult is what following a mailed link did.
type LinkResult struct {
	Reader news.Reader // the account to sign in, for sign-in and verification links
	SignIn bool
	// Done says what happened, in words for the reader.
	Done string
}

// UseLink spends a mailed link of the given purpose (verify, signin,
// email, subscribe) and does what it is for.
func (s *Service) UseLink(ctx context.Context, o Origin, token string, purpose news.TokenPurpose) (LinkResult, error) {
	switch purpose {
	case news.TokenVerify, news.TokenSignIn, news.TokenEmailChange, news.TokenSubscribe:
	default:
		return LinkResult{}, ErrLinkInvalid
	}
	t, err := s.store.UseReaderToken(ctx, auth.TokenID(token), purpose, s.clock())
	if errors.Is(err, news.ErrNotFound) {
		return LinkResult{}, ErrLinkInvalid
	}
	if err != nil {
		return LinkResult{}, err
	}
	switch purpose {
	case news.TokenSubscribe:
		return s.confirmSubscription(ctx, t)
	case news.TokenEmailChange:
		return s.moveEmail(ctx, o, t)
	}
	r, err := s.verifiedReader(ctx, t)
	if err != nil {
		return LinkResult{}, err
	}
	return LinkResult{Reader: r, SignIn: true, Done: "Your address is confirmed and you are signed in."}, nil
}

// verifiedReader returns the account a verification or sign-in link is
// for, confirming its address (a link followed proves it), and opens
// the account of a passwordless sign-up.
func (s *Service) verifiedReader(ctx context.Context, t news.ReaderToken) (news.Reader, error) {
	var r news.Reader
	err := s.store.Atomic(ctx, func(tx store.Store) error {
		var err error
		if t.ReaderID == 0 {
			r, err = tx.ReaderByEmail(ctx, t.Email)
			if errors.Is(err, news.ErrNotFound) {
				r = news.Reader{Email: t.Email}
				err = tx.CreateReader(ctx, &r)
			}
		} else {
			r, err = tx.Reader(ctx, t.ReaderID)
		}
		if err != nil {
			return err
		}
		if r.Email != t.Email {
			return ErrLinkInvalid // the account moved to another address since
		}
		if !r.Verified() {
			r.VerifiedAt = s.clock()
			if err := tx.UpdateReader(ctx, &r); err != nil {
				return err
			}
		}
		return linkSubscription(ctx, tx, r)
	})
	if errors.Is(err, news.ErrNotFound) {
		return news.Reader{}, ErrLinkInvalid
	}
	return r, err
}

// linkSubscription gives a subscription of the reader's address the
// reader's id, so that it is theirs to manage and goes with the account.
func linkSubscription(ctx context.Context, tx store.Store, r news.Reader) error {
	sub, err := tx.SubscriberByEmail(ctx, r.Email)
	if errors.Is(err, news.ErrNotFound) || (err == nil && sub.ReaderID == r.ID) {
		return nil
	}
	if err != nil {
		return err
	}
	sub.ReaderID = r.ID
	return tx.UpdateSubscriber(ctx, &sub)
}

// RequestReset mails a reset link to the address when it has an account.
// The answer is the same whether it has one or not.
func (s *Service) RequestReset(ctx context.Context, o Origin, rawEmail string) error {
	addr, err := email(rawEmail)
	if err != nil {
		return err
	}
	if err := s.mailLimit(ctx, o.Client); err != nil {
		return err
	}
	token, err := s.resetLink(ctx, addr)
	if err != nil {
		return err
	}
	if _, err := s.store.ReaderByEmail(ctx, addr); err == nil {
		s.send(mail.KindReset, addr, mail.Account{Site: o.Site, URL: o.BaseURL + ResetPath + "?t=" + token, Minutes: int(s.resetTTL.Minutes())})
	}
	return nil
}

// Reset sets a new password with a reset link, which is spent; every
// session of the account ends, and the address counts as confirmed.
func (s *Service) Reset(ctx context.Context, token, password string) (news.Reader, error) {
	if err := passwordProblem(password); err != nil {
		return news.Reader{}, err
	}
	hash, err := auth.HashPassword(password, s.params)
	if err != nil {
		return news.Reader{}, err
	}
	var r news.Reader
	err = s.store.Atomic(ctx, func(tx store.Store) error {
		t, err := tx.UseReaderToken(ctx, auth.TokenID(token), news.TokenReset, s.clock())
		if err != nil {
			return err
		}
		if r, err = tx.Reader(ctx, t.ReaderID); err != nil {
			return err
		}
		r.PasswordHash = hash
		if !r.Verified() && r.Email == t.Email {
			r.VerifiedAt = s.clock()
		}
		if err := tx.UpdateReader(ctx, &r); err != nil {
			return err
		}
		if err := tx.DeleteReaderTokens(ctx, r.ID, news.TokenReset); err != nil {
			return err
		}
		_, err = tx.DeleteReaderSessions(ctx, r.ID)
		return err
	})
	if errors.Is(err, news.ErrNotFound) {
		return news.Reader{}, ErrLinkInvalid
	}
	if err != nil {
		return news.Reader{}, err
	}
	if err := s.accounts.Reset(ctx, r.Email); err != nil {
		return news.Reader{}, err
	}
	return r, nil
}

// CheckResetLink reports whether a reset link would still work, without
// spending it, so that its page can say so before a password is typed.
func (s *Service) CheckResetLink(ctx context.Context, token string) bool {
	// A link is checked by spending and recreating nothing: look it up
	// through a use inside a transaction that is rolled back.
	errKeep := errors.New("keep")
	err := s.store.Atomic(ctx, func(tx store.Store) error {
		if _, err := tx.UseReaderToken(ctx, auth.TokenID(token), news.TokenReset, s.clock()); err != nil {
			return err
		}
		return errKeep
	})
	return errors.Is(err, errKeep)
}

// StartSession signs a reader in and returns the cookie's token.
func (s *Service) StartSession(ctx context.Context, r news.Reader) (string, error) {
	token, id, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	now := s.clock()
	err = s.store.CreateReaderSession(ctx, news.ReaderSession{ID: id, ReaderID: r.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(SessionIdle)})
	return token, err
}

// SessionReader returns the reader a cookie's token signs in.
func (s *Service) SessionReader(ctx context.Context, token string) (news.Reader, bool, error) {
	if token == "" {
		return news.Reader{}, false, nil
	}
	now := s.clock()
	sess, err := s.store.ReaderSession(ctx, auth.TokenID(token), now)
	if errors.Is(err, news.ErrNotFound) {
		return news.Reader{}, false, nil
	}
	if err != nil {
		return news.Reader{}, false, err
	}
	r, err := s.store.Reader(ctx, sess.ReaderID)
	if errors.Is(err, news.ErrNotFound) {
		return news.Reader{}, false, nil
	}
	if err != nil {
		return news.Reader{}, false, err
	}
	if now.Sub(sess.LastSeenAt) > time.Hour {
		expires := now.Add(SessionIdle)
		if limit := sess.CreatedAt.Add(SessionMaxLife); limit.Before(expires) {
			expires = limit
		}
		if err := s.store.TouchReaderSession(ctx, sess.ID, now, expires); err != nil {
			return news.Reader{}, false, err
		}
	}
	return r, true, nil
}

// EndSession signs a browser out.
func (s *Service) EndSession(ctx context.Context, token string) error {
	return s.store.DeleteReaderSession(ctx, auth.TokenID(token))
}
