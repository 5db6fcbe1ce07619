package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func wireSource(name, feed, lang string) news.WireSource {
	return news.WireSource{Name: name, FeedURL: feed, Language: lang, Interval: 15 * time.Minute, CreatedAt: now}
}

func titles(items []news.WireItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}

func testWire(t *testing.T, open Opener) {
	t.Run("sources round-trip with their poll state and refuse bad input", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		trend := wireSource("Trend", "https://en.trend.az/feeds/index.rss", "en")
		apa := wireSource("APA", "https://apa.az/rss", "az")
		apa.Poll = news.WirePoll{ETag: `"v1"`, LastModified: "Fri, 14 Mar 2025 09:00:00 GMT", LastPolledAt: now,
			LastOKAt: now, NextPollAt: now.Add(15 * time.Minute), Failures: 0}
		must(t, s.CreateWireSource(ctx, &trend))
		must(t, s.CreateWireSource(ctx, &apa))
		all, err := s.WireSources(ctx)
		must(t, err)
		assertEqual(t, "sources by name", all, []news.WireSource{apa, trend})

		for _, bad := range []news.WireSource{
			wireSource("", "https://x.example/feed", "en"),
			wireSource("X", "file:///etc/passwd", "en"),
			wireSource("X", "https://x.example/feed", "not a language"),
			{Name: "X", FeedURL: "https://x.example/feed", Interval: time.Second},
		} {
			if err := s.CreateWireSource(ctx, &bad); !errors.Is(err, news.ErrInvalid) {
				t.Errorf("source %+v: %v, want ErrInvalid", bad, err)
			}
		}

		apa.Name, apa.Interval = "APA English", time.Hour
		must(t, s.UpdateWireSource(ctx, apa))
		got, err := s.WireSource(ctx, apa.ID)
		must(t, err)
		assertEqual(t, "renamed source keeps its validators", got, apa)

		apa.FeedURL = "https://apa.az/en/rss"
		must(t, s.UpdateWireSource(ctx, apa))
		got, err = s.WireSource(ctx, apa.ID)
		must(t, err)
		if got.Poll.ETag != "" || got.Poll.LastModified != "" || !got.Poll.NextPollAt.IsZero() {
			t.Errorf("a new feed address kept the old one's poll state: %+v", got.Poll)
		}

		poll := news.WirePoll{LastPolledAt: now, NextPollAt: now.Add(time.Hour), Failures: 3, LastError: "HTTP 500"}
		must(t, s.RecordWirePoll(ctx, trend.ID, poll))
		got, err = s.WireSource(ctx, trend.ID)
		must(t, err)
		assertEqual(t, "recorded poll", got.Poll, poll)

		if err := s.UpdateWireSource(ctx, news.WireSource{ID: 999, Name: "Gone", FeedURL: "https://x.example/", Interval: time.Hour}); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("update unknown source: %v", err)
		}
		if _, err := s.WireSource(ctx, 999); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("unknown source: %v", err)
		}
	})

	t.Run("items are added once, duplicates across sources are linked and not listed", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a, b := wireSource("A", "https://a.example/feed", "en"), wireSource("B", "https://b.example/feed", "ru")
		must(t, s.CreateWireSource(ctx, &a))
		must(t, s.CreateWireSource(ctx, &b))
		first := []news.WireItem{
			{GUID: "a1", URL: "https://News.example/2025/gas-deal?utm_source=rss#top", Title: "Gas deal signed in Baku today",
				Summary: "Ministers signed.", Author: "Leyla", PublishedAt: now.Add(-2 * time.Hour)},
			{GUID: "a2", URL: "https://a.example/oil", Title: "Oil output falls for a third month", PublishedAt: now.Add(-time.Hour)},
			{GUID: "", Title: "No id, skipped"},
		}
		n, err := s.AddWireItems(ctx, a.ID, first, now)
		must(t, err)
		if n != 2 {
			t.Errorf("added %d, want 2", n)
		}
		n, err = s.AddWireItems(ctx, a.ID, first, now.Add(time.Minute))
		must(t, err)
		if n != 0 {
			t.Errorf("the same items again added %d", n)
		}
		second := []news.WireItem{
			{GUID: "b1", URL: "http://news.example/2025/gas-deal/", Title: "Другой заголовок", PublishedAt: now},
			{GUID: "b2", URL: "https://b.example/oil", Title: "OIL OUTPUT falls — for a third month!", PublishedAt: now},
			{GUID: "b3", URL: "https://b.example/new", Title: "Что-то новое в Баку сегодня", Summary: "Подробности ПОЗЖЕ", PublishedAt: now.Add(-3 * time.Hour)},
		}
		n, err = s.AddWireItems(ctx, b.ID, second, now)
		must(t, err)
		if n != 3 {
			t.Errorf("added %d from the second source, want 3", n)
		}
		inbox, err := s.WireItems(ctx, store.WireFilter{})
		must(t, err)
		assertEqual(t, "inbox newest first, without duplicates", titles(inbox),
			[]string{"Oil output falls for a third month", "Gas deal signed in Baku today", "Что-то новое в Баку сегодня"})
		if inbox[1].Language != "en" || inbox[2].Language != "ru" || inbox[1].SourceID != a.ID || !inbox[1].FetchedAt.Equal(now) ||
			inbox[1].Author != "Leyla" || inbox[1].Summary != "Ministers signed." {
			t.Errorf("stored items: %+v", inbox)
		}
		all, err := s.WireItemsAfter(ctx, 0, 10)
		must(t, err)
		if len(all) != 5 {
			t.Fatalf("walk found %d items, want 5", len(all))
		}
		byGUID := map[string]news.WireItem{}
		for _, it := range all {
			byGUID[it.GUID] = it
		}
		if byGUID["b1"].DuplicateOf != byGUID["a1"].ID || byGUID["b2"].DuplicateOf != byGUID["a2"].ID || byGUID["b3"].DuplicateOf != 0 {
			t.Errorf("duplicates: b1→%d (a1 %d), b2→%d (a2 %d), b3→%d", byGUID["b1"].DuplicateOf, byGUID["a1"].ID,
				byGUID["b2"].DuplicateOf, byGUID["a2"].ID, byGUID["b3"].DuplicateOf)
		}

		filtered := func(f store.WireFilter) []string {
			t.Helper()
			items, err := s.WireItems(ctx, f)
			must(t, err)
			return titles(items)
		}
		assertEqual(t, "by source", filtered(store.WireFilter{SourceID: b.ID}), []string{"Что-то новое в Баку сегодня"})
		assertEqual(t, "by language", filtered(store.WireFilter{Language: "en"}),
			[]string{"Oil output falls for a third month", "Gas deal signed in Baku today"})
		assertEqual(t, "keyword in any case and script", filtered(store.WireFilter{Keyword: "позже"}), []string{"Что-то новое в Баку сегодня"})
		assertEqual(t, "keyword in title", filtered(store.WireFilter{Keyword: "GAS"}), []string{"Gas deal signed in Baku today"})

		n, err = s.MarkWireSeen(ctx, []int64{byGUID["a1"].ID})
		must(t, err)
		if n != 2 {
			t.Errorf("marking a story seen marked %d items, want it and its duplicate", n)
		}
		assertEqual(t, "unseen", filtered(store.WireFilter{}), []string{"Oil output falls for a third month", "Что-то новое в Баку сегодня"})
		assertEqual(t, "with seen", len(filtered(store.WireFilter{WithSeen: true})), 3)
		if n, _ := s.MarkWireSeen(ctx, []int64{byGUID["a1"].ID, 12345}); n != 0 {
			t.Errorf("marking again marked %d", n)
		}
		it, err := s.WireItem(ctx, byGUID["a1"].ID)
		must(t, err)
		if !it.Seen {
			t.Error("item read back not seen")
		}

		must(t, s.DeleteWireSource(ctx, a.ID))
		assertEqual(t, "a deleted source's duplicates come back", filtered(store.WireFilter{WithSeen: true}),
			[]string{"OIL OUTPUT falls — for a third month!", "Другой заголовок", "Что-то новое в Баку сегодня"})
		if _, err := s.WireItem(ctx, byGUID["a1"].ID); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("item of a deleted source: %v", err)
		}
		if err := s.DeleteWireSource(ctx, a.ID); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("delete twice: %v", err)
		}
	})

	t.Run("items copy as they are", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		src := wireSource("A", "https://a.example/feed", "en")
		src.ID = 7
		must(t, s.CreateWireSource(ctx, &src))
		first := news.WireItem{ID: 40, SourceID: 7, GUID: "g1", URL: "https://a.example/1", Title: "One", Language: "en",
			PublishedAt: now, FetchedAt: now, Seen: true}
		dup := news.WireItem{ID: 41, SourceID: 7, GUID: "g2", URL: "https://a.example/1", Title: "One", Language: "en",
			PublishedAt: now, FetchedAt: now, DuplicateOf: 40}
		must(t, s.CreateWireItem(ctx, &first))
		must(t, s.CreateWireItem(ctx, &dup))
		all, err := s.WireItemsAfter(ctx, 0, 10)
		must(t, err)
		assertEqual(t, "copied items", all, []news.WireItem{first, dup})
		if err := s.CreateWireItem(ctx, &news.WireItem{SourceID: 99, GUID: "x", PublishedAt: now, FetchedAt: now}); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("item of an unknown source: %v", err)
		}
		n, err := s.AddWireItems(ctx, 7, []news.WireItem{{GUID: "g3", Title: "Two"}}, now)
		must(t, err)
		all, _ = s.WireItemsAfter(ctx, 41, 10)
		if n != 1 || len(all) != 1 || all[0].ID <= 41 {
			t.Errorf("an item added after a copy: %+v", all)
		}
	})
}
