package app

import (
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"strings"

	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/readers"
)

// openMail builds what sends the site's mail: SMTP with --smtp-host,
// otherwise .eml files in <data>/mail; the queue that account mail goes
// through, already running; and the newsletter's mailer.
func (m *Main) openMail() error {
	cfg := m.Config
	sender, err := newSender(cfg, m.Log)
	if err != nil {
		return err
	}
	m.MailSender = sender
	m.MailQueue = mail.NewQueue(sender, m.Log)
	go m.MailQueue.Run(context.Background())
	m.Readers = readers.New(readers.Config{Store: m.Store, Mail: m.MailQueue, Log: m.Log, ResetTTL: cfg.ResetTTL})
	m.Newsletter = &mail.Mailer{Store: m.Store, Sender: sender, Log: m.Log, BaseURL: fallbackBaseURL(cfg)}
	return nil
}

// newSender is SMTP with --smtp-host, otherwise .eml files in <data>/mail.
func newSender(cfg config.Config, log *slog.Logger) (mail.Sender, error) {
	if cfg.Mail.Host == "" {
		return &mail.Folder{Dir: filepath.Join(cfg.DataDir, "mail"), From: cfg.MailFrom(), Log: log}, nil
	}
	return mail.NewSMTP(mail.SMTPConfig{
		Host: cfg.Mail.Host, Port: smtpPort(cfg.Mail), User: cfg.Mail.User, Password: cfg.Mail.Password,
		TLS: cfg.Mail.TLS, From: cfg.MailFrom(),
	})
}

// smtpPort is --smtp-port, or the TLS mode's usual port.
func smtpPort(c config.Mail) int {
	switch {
	case c.Port != 0:
		return c.Port
	case c.TLS == mail.TLSImplicit:
		return 465
	case c.TLS == mail.TLSNone:
		return 25
	}
	return 587
}

// fallbackBaseURL is the address newsletters link to when neither
// --base-url nor the settings name one: this machine on --addr, which is
// right for a demo.
func fallbackBaseURL(cfg config.Config) string {
	if cfg.BaseURL != "" {
		return cfg.BaseURL
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return "http://localhost"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + strings.TrimSuffix(net.JoinHostPort(host, port), ":80")
}
