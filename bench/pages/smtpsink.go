package main

import (
	"io"
	"net"
	"sync/atomic"

	"github.com/emersion/go-smtp"
)

// smtpSink is an SMTP server on loopback that counts the messages it is
// given and keeps none: the digest's recipients, as a mail relay on the
// same machine would take them.
type smtpSink struct {
	host string
	port int
	srv  *smtp.Server
	n    atomic.Int64
	done chan struct{}
}

func startSMTPSink() (*smtpSink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &smtpSink{host: "127.0.0.1", port: ln.Addr().(*net.TCPAddr).Port, done: make(chan struct{})}
	s.srv = smtp.NewServer(sinkBackend{s})
	s.srv.Domain = "localhost"
	go func() {
		defer close(s.done)
		s.srv.Serve(ln) //nolint:errcheck // ends with close
	}()
	return s, nil
}

func (s *smtpSink) count() int { return int(s.n.Load()) }

func (s *smtpSink) close() {
	s.srv.Close()
	<-s.done
}

type sinkBackend struct{ s *smtpSink }

func (b sinkBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return sinkSession(b), nil }

type sinkSession struct{ s *smtpSink }

func (sinkSession) Reset()                               {}
func (sinkSession) Logout() error                        { return nil }
func (sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (x sinkSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	x.s.n.Add(1)
	return nil
}
