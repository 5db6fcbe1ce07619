// Package mail sends the publication's email: the links of reader
// accounts, newsletter confirmations, the daily digest and section
// alerts. It owns the SMTP client (go-mail), the folder that stands in for
// a mail server in a demo, the queue that keeps SMTP's latency out of
// reader-facing answers, and the templates of every message.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email, to one recipient.
type Message struct {
	To       string
	FromName string // the publication's name, shown beside the sender address
	Subject  string
	Text     string // the plain-text part, always present
	HTML     string // an HTML alternative, when the message has one
	// Unsubscribe is the https address that unsubscribes the recipient in
	// one click (RFC 8058). Newsletters set it; it becomes the
	// List-Unsubscribe and List-Unsubscribe-Post headers.
	Unsubscribe string
	// UnsubscribeMailto, when set, is offered as a second way to
	// unsubscribe in List-Unsubscribe.
	UnsubscribeMailto string
}

// Sender hands messages to a mail server.
type Sender interface {
	// Send delivers msgs in order, over one connection where it can, and
	// returns one error per message: nil when the server accepted it.
	// Messages not attempted because ctx ended get ctx's error.
	Send(ctx context.Context, msgs []Message) []error
}

// TLS modes for SMTP.
const (
	TLSNone     = "none"     // plain SMTP, for a relay on the same machine
	TLSStartTLS = "starttls" // STARTTLS required (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
)

// SMTPConfig says how to reach the mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	User     string // no authentication when empty
	Password string
	TLS      string // TLSNone, TLSStartTLS or TLSImplicit
	From     string // the sender address
	Timeout  time.Duration
}

// SMTP sends through a mail server with go-mail.
type SMTP struct {
	cfg SMTPConfig
}

// NewSMTP checks cfg and returns a Sender for it.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("smtp: no host")
	}
	switch cfg.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return nil, fmt.Errorf("smtp: TLS mode %q: want none, starttls or tls", cfg.TLS)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &SMTP{cfg: cfg}, nil
}

func (s *SMTP) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithTimeout(s.cfg.Timeout), gomail.WithoutNoop()}
	if s.cfg.Port != 0 {
		opts = append(opts, gomail.WithPort(s.cfg.Port))
	}
	switch s.cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	}
	if s.cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	return gomail.NewClient(s.cfg.Host, opts...)
}

// Send dials the server once and sends each message in turn, checking ctx
// between messages, so that a digest run can stop between two recipients.
func (s *SMTP) Send(ctx context.Context, msgs []Message) []error {
	errs := make([]error, len(msgs))
	fail := func(from int, err error) []error {
		for i := from; i < len(errs); i++ {
			errs[i] = err
		}
		return errs
	}
	if err := ctx.Err(); err != nil {
		return fail(0, err)
	}
	c, err := s.client()
	if err != nil {
		return fail(0, err)
	}
	conn, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return fail(0, fmt.Errorf("smtp: connect to %s: %w", s.cfg.Host, err))
	}
	defer c.CloseWithSMTPClient(conn) //nolint:errcheck // every message has its own answer
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			return fail(i, err)
		}
		msg, err := build(s.cfg.From, m)
		if err != nil {
			errs[i] = err
			continue
		}
		if err := c.SendWithSMTPClient(conn, msg); err != nil {
			errs[i] = fmt.Errorf("smtp: send to %s: %w", m.To, err)
			if c.ResetWithSMTPClient(conn) != nil {
				return fail(i+1, fmt.Errorf("smtp: connection lost: %w", err))
			}
		}
	}
	return errs
}

// build turns a Message into go-mail's, with the headers newsletters need.
func build(from string, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	var err error
	if m.FromName != "" {
		err = msg.FromFormat(m.FromName, from)
	} else {
		err = msg.From(from)
	}
	if err != nil {
		return nil, fmt.Errorf("mail from %q: %w", from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail to %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	if m.Unsubscribe != "" {
		list := "<" + m.Unsubscribe + ">"
		if m.UnsubscribeMailto != "" {
			list += ", <" + m.UnsubscribeMailto + ">"
		}
		msg.SetGenHeaderPreformatted("List-Unsubscribe", list)
		msg.SetGenHeaderPreformatted("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// Folder writes each message as an .eml file instead of sending it, and
// logs where: with no mail server configured, the demo still shows every
// flow (open the file in a mail program, or read the link in the log).
type Folder struct {
	Dir  string
	From string
	Log  *slog.Logger
}

// Send writes msgs into the folder.
func (f *Folder) Send(ctx context.Context, msgs []Message) []error {
	errs := make([]error, len(msgs))
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	for i, m := range msgs {
		if errs[i] = ctx.Err(); errs[i] != nil {
			continue
		}
		msg, err := build(f.From, m)
		if err != nil {
			errs[i] = err
			continue
		}
		b := make([]byte, 4)
		rand.Read(b)
		name := filepath.Join(f.Dir, time.Now().UTC().Format("20060102-150405")+"-"+hex.EncodeToString(b)+".eml")
		if errs[i] = msg.WriteToFile(name); errs[i] == nil && f.Log != nil {
			f.Log.Info("mail written to a file (no SMTP server is configured)", "to", m.To, "subject", m.Subject,
				"file", name, "link", firstLink(m.Text))
		}
	}
	return errs
}

// firstLink returns the first web address in a text, so that the log
// line of a demo's sign-in mail carries the link to follow.
func firstLink(text string) string {
	for _, f := range strings.Fields(text) {
		if strings.HasPrefix(f, "http://") || strings.HasPrefix(f, "https://") {
			return f
		}
	}
	return ""
}
