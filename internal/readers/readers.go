// Package readers holds the use cases of the publication's readers:
// accounts (sign-up, sign-in by password or emailed link, verification,
// password reset and change, email change, export and deletion), what
// they keep (saved articles, follows, reading history) and newsletter
// subscriptions. Reader accounts are apart from staff accounts; the
// protections are the same (argon2id, database-backed rate limits, single
// use hashed links) and no answer tells whether an address has an account.
package readers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// How long links and sessions last.
const (
	DefaultResetTTL = 30 * time.Minute
	SignInLinkTTL   = 15 * time.Minute
	VerifyTTL       = 48 * time.Hour
	SessionIdle     = 30 * 24 * time.Hour
	SessionMaxLife  = 90 * 24 * time.Hour
)

// Limits on guessing: failed sign-ins per address and per client, and
// link requests (sign-in links, resets, sign-ups, subscriptions) per
// client, which are mail the site sends on a stranger's word.
const (
	accountFailures = 5
	clientFailures  = 20
	clientMails     = 10
	limitWindow     = 15 * time.Minute
	maxNameLength   = 80
)

// Mailer queues a message; mail.Queue is one.
type Mailer interface {
	Enqueue(mail.Message)
}

// Service carries out readers' requests.
type Service struct {
	store    store.Store
	mail     Mailer
	log      *slog.Logger
	now      func() time.Time
	params   auth.PasswordParams
	resetTTL time.Duration

	accounts *auth.Limiter // failed sign-ins per address
	clients  *auth.Limiter // failed sign-ins per client address
	mails    *auth.Limiter // mails asked for per client address

	dummyOnce sync.Once
	dummyHash string
}

// Config is what New needs.
type Config struct {
	Store  store.Store
	Mail   Mailer
	Log    *slog.Logger
	Now    func() time.Time
	Params *auth.PasswordParams // auth.DefaultPasswordParams when nil
	// ResetTTL is how long a password-reset link works (DefaultResetTTL).
	ResetTTL time.Duration
}

// New returns a Service.
func New(cfg Config) *Service {
	s := &Service{store: cfg.Store, mail: cfg.Mail, log: cfg.Log, now: cfg.Now, params: auth.DefaultPasswordParams, resetTTL: cfg.ResetTTL}
	if cfg.Params != nil {
		s.params = *cfg.Params
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.resetTTL <= 0 {
		s.resetTTL = DefaultResetTTL
	}
	s.accounts = auth.NewLimiter(cfg.Store, "reader-account", accountFailures, limitWindow)
	s.clients = auth.NewLimiter(cfg.Store, "reader-client", clientFailures, limitWindow)
	s.mails = auth.NewLimiter(cfg.Store, "reader-mail", clientMails, limitWindow)
	for _, l := range []*auth.Limiter{s.accounts, s.clients, s.mails} {
		l.Now = s.now
	}
	return s
}

// ResetTTL is how long a password-reset link works.
func (s *Service) ResetTTL() time.Duration { return s.resetTTL }

// Origin is the site a request came to: mail names it and links to it.
type Origin struct {
	Site    string // the publication's name
	BaseURL string // absolute, without a trailing slash
	Client  string // the client's address, for rate limits
}

// Problem is input a reader can correct; nothing was changed. Its text
// is meant for them.
type Problem string

func (p Problem) Error() string { return string(p) }

// Is makes a Problem a news.ErrInvalid.
func (p Problem) Is(target error) bool { return target == news.ErrInvalid }

// ErrTooMany is a request refused by a rate limit.
var ErrTooMany = errors.New("too many attempts; wait a few minutes")

// ErrBadCredentials is the one answer to a failed sign-in.
var ErrBadCredentials = errors.New("email or password is incorrect")

// ErrUnverified is a right password for an account whose address is not
// confirmed yet: a new link has been mailed.
var ErrUnverified = errors.New("address not confirmed yet")

// ErrLinkInvalid is a link that is unknown, used or expired.
var ErrLinkInvalid = errors.New("this link is not valid any more")

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// email checks and normalises an address.
func email(raw string) (string, error) {
	e, ok := news.NormalizeEmail(raw)
	if !ok {
		return "", Problem("Enter a valid email address.")
	}
	return e, nil
}

func displayName(raw string) (string, error) {
	n := strings.Join(strings.Fields(raw), " ")
	if len([]rune(n)) > maxNameLength {
		return "", Problem(fmt.Sprintf("Your name can have at most %d characters.", maxNameLength))
	}
	return n, nil
}

func passwordProblem(pw string) error {
	if err := auth.CheckPasswordRules(pw); err != nil {
		msg := err.Error()
		return Problem(strings.ToUpper(msg[:1]) + msg[1:] + ".")
	}
	return nil
}

// mailLimit counts a request that makes the site send mail, per client,
// and refuses past the limit.
func (s *Service) mailLimit(ctx context.Context, client string) error {
	if client == "" {
		client = "unknown"
	}
	blocked, _, err := s.mails.Blocked(ctx, client)
	if err != nil {
		return err
	}
	if blocked {
		return ErrTooMany
	}
	return s.mails.Fail(ctx, client)
}

// newLink stores a single-use link and returns the token to mail.
func (s *Service) newLink(ctx context.Context, t news.ReaderToken, ttl time.Duration) (string, error) {
	token, id, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	now := s.clock()
	t.ID, t.CreatedAt, t.ExpiresAt = id, now, now.Add(ttl)
	if err := s.store.CreateReaderToken(ctx, t); err != nil {
		return "", err
	}
	return token, nil
}

func (s *Service) send(kind, to string, a mail.Account) {
	m, err := mail.AccountMessage(kind, to, a)
	if err != nil {
		s.log.Error("compose account mail", "kind", kind, "err", err)
		return
	}
	s.mail.Enqueue(m)
}

// dummyVerify spends the time of a password check, so that an unknown
// address answers as slowly as a known one.
func (s *Service) dummyVerify(password string) {
	s.dummyOnce.Do(func() { s.dummyHash, _ = auth.HashPassword("not a real password", s.params) })
	auth.VerifyPassword(password, s.dummyHash) //nolint:errcheck // only spends the time
}
