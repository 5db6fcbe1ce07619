package mail

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// QueueSize is how many messages may wait to be sent. Account mail is a
// few messages a minute; a full queue means the mail server is down.
const QueueSize = 1024

// sendAttempts is how often a queued message is tried before it is given
// up (and logged), with a pause that doubles from retryPause.
const (
	sendAttempts = 4
	retryPause   = 2 * time.Second
)

// Queue sends messages in the background, so that a reader's request
// never waits for the mail server: an answer that took longer when a
// message was sent would tell whether an address has an account. Messages
// live in memory; a message queued when the process stops is lost, and
// the reader asks for the link again.
type Queue struct {
	sender Sender
	log    *slog.Logger
	ch     chan Message
	pause  time.Duration

	mu     sync.Mutex
	closed bool
	done   chan struct{}
}

// NewQueue returns a queue that sends through sender once Run is called.
func NewQueue(sender Sender, log *slog.Logger) *Queue {
	if log == nil {
		log = slog.Default()
	}
	return &Queue{sender: sender, log: log, ch: make(chan Message, QueueSize), pause: retryPause, done: make(chan struct{})}
}

// Enqueue adds a message without waiting. A full or closed queue drops
// it, with an error in the log.
func (q *Queue) Enqueue(m Message) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		q.log.Error("mail queue closed; message dropped", "subject", m.Subject)
		return
	}
	select {
	case q.ch <- m:
	default:
		q.log.Error("mail queue full; message dropped", "subject", m.Subject)
	}
}

// Run sends queued messages until Close, then sends what is left.
func (q *Queue) Run(ctx context.Context) {
	defer close(q.done)
	for m := range q.ch {
		q.send(ctx, m)
	}
}

// Close stops taking messages and waits for Run to send those queued.
func (q *Queue) Close() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.ch)
	}
	q.mu.Unlock()
	<-q.done
}

func (q *Queue) send(ctx context.Context, m Message) {
	pause := q.pause
	for attempt := 1; ; attempt++ {
		err := q.sender.Send(ctx, []Message{m})[0]
		if err == nil {
			return
		}
		if attempt == sendAttempts || ctx.Err() != nil {
			q.log.Error("mail not sent", "subject", m.Subject, "attempts", attempt, "err", err)
			return
		}
		q.log.Warn("mail not sent; trying again", "subject", m.Subject, "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		pause *= 2
	}
}
