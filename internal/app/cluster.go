package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/mastheadhq/masthead/internal/feeds"
	"github.com/mastheadhq/masthead/internal/jobs"
	"github.com/mastheadhq/masthead/internal/store"
)

// followChanges starts the change feed on the primary database: the
// version is read, and this node's own commits are followed, before Open
// returns; other nodes' are followed in the background (notifications
// plus a poll) until Close.
func (m *Main) followChanges(ctx context.Context) error {
	m.Changes = store.NewChangeFeed(m.Store)
	if err := m.Changes.Check(ctx); err != nil {
		return fmt.Errorf("read the change version: %w", err)
	}
	listener, _ := m.Store.(store.ChangeListener)
	m.stopFeed = m.Changes.Start(context.WithoutCancel(ctx), listener, store.DefaultChangePoll, func(err error) {
		m.Log.Warn("reading the change version failed; caches are dropped until it works", "err", err)
	})
	return nil
}

// Periodic returns the runner of jobs that run once per period across
// every node: the hourly housekeeping, the daily digest at --digest-time,
// the section alerts, the wire and the search entries renames queued.
func (m *Main) Periodic() *jobs.Runner {
	hour, minute, _ := m.Config.Digest() // validated with the configuration
	return &jobs.Runner{
		Store: m.Store, Node: m.Node, Log: m.Log,
		Jobs: []jobs.Periodic{
			jobs.Housekeeping(m.Store, time.Now),
			m.Newsletter.DigestJob(hour, minute),
			m.Newsletter.AlertsJob(),
			m.WireJob(),
			jobs.SearchReindex(m.Store),
		},
	}
}

// WireJob polls the wire's due sources once a minute, on one node: the
// sources' own intervals and backoff decide which are asked.
func (m *Main) WireJob() jobs.Periodic {
	poller := &feeds.Poller{Store: m.Store, Log: m.Log,
		Fetcher: &feeds.Fetcher{AllowPrivate: m.Config.WireAllowPrivate}}
	return jobs.Periodic{
		Name:   "wire",
		Period: jobs.Every(time.Minute),
		Lease:  5 * time.Minute,
		Run: func(ctx context.Context, _ string) error {
			rep, err := poller.PollDue(ctx)
			if rep.Polled > 0 {
				m.Log.Info("wire polled", "sources", rep.Polled, "failed", rep.Failed, "new_items", rep.NewItems)
			}
			return err
		},
	}
}

// nodeName names this process for claims: the host, the process id and a
// random part, so that a restarted process is a new node and never
// mistakes an old claim for its own.
func nodeName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "node"
	}
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}
