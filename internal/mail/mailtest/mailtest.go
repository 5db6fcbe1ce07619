// Package mailtest runs a real SMTP server (github.com/emersion/go-smtp)
// inside a test process and hands the messages it received to the test,
// parsed with net/mail and mime/multipart. It is for tests and
// benchmarks only.
package mailtest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Server is an SMTP server on a loopback port that keeps every message.
type Server struct {
	Host string
	Port int

	srv *smtp.Server

	mu       sync.Mutex
	messages []Message
	changed  chan struct{}
	// discard counts messages without keeping them (for benchmarks).
	discard bool
	count   int
	// delay is how long the server waits before reading each message,
	// like a slow relay: a crash test's kill then lands mid-send.
	delay time.Duration
}

// Message is one message as the server received it.
type Message struct {
	From   string
	To     []string
	Raw    []byte
	Header mail.Header
	Text   string // the text/plain part, decoded
	HTML   string // the text/html part, decoded; empty without one
}

// Start runs a server until tb ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{changed: make(chan struct{}, 1)}
	s.start(tb)
	return s
}

// StartSink runs a server that counts messages and keeps none, for
// benchmarks that send many.
func StartSink(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{changed: make(chan struct{}, 1), discard: true}
	s.start(tb)
	return s
}

func (s *Server) start(tb testing.TB) {
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s.Host, s.Port = "127.0.0.1", addr.Port
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.srv.Serve(ln) //nolint:errcheck // ends with Close
	}()
	tb.Cleanup(func() {
		s.srv.Close()
		<-done
	})
}

// SetDelay makes the server wait d before reading each message it is
// given; a client that goes away meanwhile has delivered nothing.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Count is how many messages arrived.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// Messages returns every message kept so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// To returns the messages sent to addr.
func (s *Server) To(addr string) []Message {
	var out []Message
	for _, m := range s.Messages() {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

// WaitFor waits until n messages have reached addr, or fails tb.
func (s *Server) WaitFor(tb testing.TB, addr string, n int) []Message {
	tb.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if got := s.To(addr); len(got) >= n {
			return got
		}
		select {
		case <-s.changed:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			tb.Fatalf("waited 10s for %d messages to %s; %d arrived", n, addr, len(s.To(addr)))
		}
	}
}

// Last waits for the n-th message to addr and returns it.
func (s *Server) Last(tb testing.TB, addr string, n int) Message {
	tb.Helper()
	msgs := s.WaitFor(tb, addr, n)
	return msgs[n-1]
}

func (s *Server) keep(m Message) {
	s.mu.Lock()
	s.count++
	if !s.discard {
		s.messages = append(s.messages, m)
	}
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	x.s.mu.Lock()
	delay := x.s.delay
	x.s.mu.Unlock()
	time.Sleep(delay)
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := Message{From: x.from, To: x.to}
	if !x.s.discard {
		if m, err = Parse(raw); err != nil {
			return err
		}
		m.From, m.To = x.from, x.to
	}
	x.s.keep(m)
	return nil
}

// Parse reads a message's headers and its text and HTML parts.
func Parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	m := Message{Raw: raw, Header: msg.Header}
	err = m.readPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return m, err
}

func (m *Message) readPart(ctype, encoding string, body io.Reader) error {
	media, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return err
	}
	if strings.HasPrefix(media, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := m.readPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	var r = body
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		return errors.New("mailtest: base64 parts are not read")
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	switch media {
	case "text/plain":
		m.Text = string(b)
	case "text/html":
		m.HTML = string(b)
	}
	return nil
}

// Subject is the decoded Subject header.
func (m Message) Subject() string {
	s, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return m.Header.Get("Subject")
	}
	return s
}

// Link returns the first address in the text part that starts with
// prefix, or "".
func (m Message) Link(prefix string) string {
	for _, f := range strings.Fields(m.Text) {
		if strings.HasPrefix(f, prefix) {
			return f
		}
	}
	return ""
}
