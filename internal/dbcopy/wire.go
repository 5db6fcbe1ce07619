package dbcopy

import (
	"context"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// The wire: the outlets' feeds the newsroom follows, with their poll
// state, and the items read from them, ids kept so that duplicates still
// point at the first item of their story. Validators come along, so the
// new site's first poll of an unchanged feed is a 304; seen marks come
// along, so editors do not read their inbox again.

var wireSources = aggregate[news.WireSource]{
	label: "wire sources",
	size:  countOf(eachWireSource),
	each:  eachWireSource,
	write: func(ctx context.Context, to store.Store, batch []news.WireSource) error {
		for _, s := range batch {
			if err := to.CreateWireSource(ctx, &s); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, s news.WireSource) {
		d.int(s.ID).str(s.Name).str(s.FeedURL).str(s.Language).int(int64(s.Interval)).time(s.CreatedAt)
		p := s.Poll
		d.str(p.ETag).str(p.LastModified).time(p.LastPolledAt).time(p.LastOKAt).time(p.NextPollAt)
		d.int(int64(p.Failures)).str(p.LastError)
	},
}

func eachWireSource(ctx context.Context, st store.Store, fn func([]news.WireSource) error) error {
	all, err := st.WireSources(ctx)
	return whole(fn, byID(all, func(s news.WireSource) int64 { return s.ID }), err)
}

var wireItems = aggregate[news.WireItem]{
	label: "wire items",
	size:  countOf(eachWireItem),
	each:  eachWireItem,
	write: func(ctx context.Context, to store.Store, batch []news.WireItem) error {
		for _, it := range batch {
			if err := to.CreateWireItem(ctx, &it); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, it news.WireItem) {
		d.int(it.ID).int(it.SourceID).str(it.GUID).str(it.URL).str(it.Title).str(it.Summary).str(it.Author)
		d.str(it.Language).time(it.PublishedAt).time(it.FetchedAt).bool(it.Seen).int(it.DuplicateOf)
	},
}

func eachWireItem(ctx context.Context, st store.Store, fn func([]news.WireItem) error) error {
	for after := int64(0); ; {
		batch, err := st.WireItemsAfter(ctx, after, batchSize)
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
		after = batch[len(batch)-1].ID
	}
}
