package storetest

import (
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
)

// outline renders a nested menu as "Label(Child,Child)" so that a whole
// tree compares in one line.
func outline(items []news.MenuItem) string {
	s := ""
	for i, it := range items {
		if i > 0 {
			s += ","
		}
		s += it.Label
		if len(it.Children) > 0 {
			s += "(" + outline(it.Children) + ")"
		}
	}
	return s
}

func testMenus(t *testing.T, open Opener) {
	// Parents are 1-based indexes into the slice; Sport's child comes
	// before Sport itself to show that order in the slice does not matter.
	header := []news.MenuItem{
		{Label: "News", URL: "/category/news/", Position: 1},
		{Label: "Economy", URL: "/category/news/economy/", ParentID: 1, Position: 2},
		{Label: "Politics", URL: "/category/news/politics/", ParentID: 1, Position: 1},
		{Label: "Football", URL: "/category/sport/football/", ParentID: 5, Position: 1},
		{Label: "Sport", URL: "/category/sport/", Position: 2},
		{Label: "Banks", URL: "/category/news/economy/banks/", ParentID: 2},
	}

	t.Run("round trip with nesting", func(t *testing.T) {
		s := open(t)
		must(t, s.SetMenu(t.Context(), news.MenuHeader, header))
		items, err := s.Menu(t.Context(), news.MenuHeader)
		must(t, err)
		if len(items) != len(header) {
			t.Fatalf("got %d items, want %d", len(items), len(header))
		}
		ids := map[int64]bool{}
		for i, it := range items {
			want := header[i]
			if it.Label != want.Label || it.URL != want.URL || it.Position != want.Position {
				t.Errorf("item %d = %+v, want %+v", i, it, want)
			}
			if it.ID == 0 || ids[it.ID] {
				t.Errorf("item %d has id %d, want a fresh non-zero one", i, it.ID)
			}
			ids[it.ID] = true
		}
		byLabel := map[string]news.MenuItem{}
		for _, it := range items {
			byLabel[it.Label] = it
		}
		for child, parent := range map[string]string{"Economy": "News", "Football": "Sport", "Banks": "Economy"} {
			if got := byLabel[child].ParentID; got != byLabel[parent].ID {
				t.Errorf("%s has parent id %d, want %s's id %d", child, got, parent, byLabel[parent].ID)
			}
		}
		if got, want := outline(news.BuildMenu(items)), "News(Politics,Economy(Banks)),Sport(Football)"; got != want {
			t.Errorf("BuildMenu gives %s, want %s", got, want)
		}
	})

	t.Run("set replaces the whole menu and leaves others alone", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		must(t, s.SetMenu(ctx, news.MenuHeader, header))
		footer := []news.MenuItem{{Label: "About", URL: "/about/"}, {Label: "Privacy", URL: "/privacy/"}}
		must(t, s.SetMenu(ctx, news.MenuFooter, footer))
		must(t, s.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Home", URL: "/"}}))

		items, err := s.Menu(ctx, news.MenuHeader)
		must(t, err)
		if got := outline(news.BuildMenu(items)); got != "Home" {
			t.Errorf("header after replace = %s, want Home", got)
		}
		items, err = s.Menu(ctx, news.MenuFooter)
		must(t, err)
		if got := outline(news.BuildMenu(items)); got != "About,Privacy" {
			t.Errorf("footer = %s, want About,Privacy", got)
		}
		must(t, s.SetMenu(ctx, news.MenuFooter, nil))
		items, err = s.Menu(ctx, news.MenuFooter)
		must(t, err)
		if len(items) != 0 {
			t.Errorf("footer after emptying has %d items", len(items))
		}
	})

	t.Run("an unknown menu is empty", func(t *testing.T) {
		s := open(t)
		items, err := s.Menu(t.Context(), news.MenuMobile)
		if err != nil || len(items) != 0 {
			t.Errorf("Menu(mobile) = %v, %v; want empty, nil", items, err)
		}
	})

	t.Run("bad parents are invalid and keep the old menu", func(t *testing.T) {
		tests := []struct {
			name  string
			items []news.MenuItem
		}{
			{"parent past the end", []news.MenuItem{{Label: "A"}, {Label: "B", ParentID: 3}}},
			{"negative parent", []news.MenuItem{{Label: "A", ParentID: -1}}},
			{"own parent", []news.MenuItem{{Label: "A", ParentID: 1}}},
			{"cycle", []news.MenuItem{{Label: "A", ParentID: 2}, {Label: "B", ParentID: 1}}},
			{"empty label", []news.MenuItem{{URL: "/"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := open(t)
				must(t, s.SetMenu(t.Context(), news.MenuHeader, []news.MenuItem{{Label: "Home", URL: "/"}}))
				assertKind(t, s.SetMenu(t.Context(), news.MenuHeader, tt.items), news.ErrInvalid, "SetMenu")
				items, err := s.Menu(t.Context(), news.MenuHeader)
				must(t, err)
				if got := outline(news.BuildMenu(items)); got != "Home" {
					t.Errorf("menu after refused set = %s, want Home", got)
				}
			})
		}
	})
}
