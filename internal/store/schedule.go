package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Schedule moves scheduled articles to published when their time comes.
type Schedule interface {
	// PublishDue marks every scheduled article whose publication time is
	// not after now as published, and returns those articles. Callers on
	// several app nodes may run it at once: each article is returned by
	// exactly one call, so whatever follows a publication happens once.
	PublishDue(ctx context.Context, now time.Time) ([]news.Article, error)
	// NextVisible returns the earliest publication time after the given
	// moment of an article or page that is published (not merely
	// scheduled): it becomes visible then without any write, so caches
	// of what readers see must expire at it. Zero when there is none.
	NextVisible(ctx context.Context, after time.Time) (time.Time, error)
}
