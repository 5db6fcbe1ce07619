package nql

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// post is a record as the Content API gives one to a filter.
type post struct {
	slug     string
	tags     []string
	featured bool
	words    int
	at       time.Time
	excerpt  string
}

func (p post) record(field string) []any {
	switch field {
	case "slug":
		return []any{p.slug}
	case "tag", "tags", "tags.slug":
		out := make([]any, len(p.tags))
		for i, t := range p.tags {
			out[i] = t
		}
		return out
	case "primary_tag":
		if len(p.tags) == 0 {
			return nil
		}
		return []any{p.tags[0]}
	case "featured":
		return []any{p.featured}
	case "words":
		return []any{p.words}
	case "published_at":
		return []any{p.at}
	case "custom_excerpt":
		return []any{p.excerpt}
	}
	return nil
}

var posts = []post{
	{slug: "budget-vote", tags: []string{"economy", "parliament"}, featured: true, words: 900, at: now.AddDate(0, 0, -2), excerpt: "The vote"},
	{slug: "cop29-closes", tags: []string{"climate"}, words: 400, at: now.AddDate(0, 0, -40)},
	{slug: "derby-report", tags: []string{"sport", "football"}, words: 1200, at: now.AddDate(-1, 0, 0)},
	{slug: "no-tags", words: 50, at: now.Add(-time.Hour)},
	{slug: "it's-quoted", tags: []string{"economy"}, words: 700, at: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
}

func TestFilters(t *testing.T) {
	tests := []struct {
		filter string
		want   []string // slugs of the matching posts, in order
	}{
		{"slug:budget-vote", []string{"budget-vote"}},
		{"SLUG:budget-vote", []string{"budget-vote"}},
		{"slug:-budget-vote", []string{"cop29-closes", "derby-report", "no-tags", "it's-quoted"}},
		{"tag:economy", []string{"budget-vote", "it's-quoted"}},
		{"tags.slug:economy", []string{"budget-vote", "it's-quoted"}},
		{"tag:-economy", []string{"cop29-closes", "derby-report", "no-tags"}},
		{"tag:[climate,sport]", []string{"cop29-closes", "derby-report"}},
		{"tag:[ climate , sport ]", []string{"cop29-closes", "derby-report"}},
		{"tag:-[economy,sport]", []string{"cop29-closes", "no-tags"}},
		{"primary_tag:economy", []string{"budget-vote", "it's-quoted"}},
		{"primary_tag:parliament", nil},
		{"tag:null", []string{"no-tags"}},
		{"tag:-null", []string{"budget-vote", "cop29-closes", "derby-report", "it's-quoted"}},
		{"custom_excerpt:null", []string{"cop29-closes", "derby-report", "no-tags", "it's-quoted"}},
		{"featured:true", []string{"budget-vote"}},
		{"featured:false", []string{"cop29-closes", "derby-report", "no-tags", "it's-quoted"}},
		{"words:>700", []string{"budget-vote", "derby-report"}},
		{"words:>=700", []string{"budget-vote", "derby-report", "it's-quoted"}},
		{"words:<400", []string{"no-tags"}},
		{"words:<=400", []string{"cop29-closes", "no-tags"}},
		{"tag:economy+words:>800", []string{"budget-vote"}},
		{"tag:sport,featured:true", []string{"budget-vote", "derby-report"}},
		{"tag:sport, featured:true", []string{"budget-vote", "derby-report"}},
		{"tag:economy+featured:false,tag:climate", []string{"cop29-closes", "it's-quoted"}},
		{"tag:economy+(featured:false,words:<1000)", []string{"budget-vote", "it's-quoted"}},
		{"(tag:climate,tag:sport)+words:>500", []string{"derby-report"}},
		{"published_at:>now-7d", []string{"budget-vote", "no-tags"}},
		{"published_at:<now-30d", []string{"cop29-closes", "derby-report", "it's-quoted"}},
		{"published_at:>now-1y+published_at:<now-1M", []string{"cop29-closes", "it's-quoted"}},
		{"published_at:>=now-2w", []string{"budget-vote", "no-tags"}},
		{"published_at:>now-2h", []string{"no-tags"}},
		{"published_at:>'2026-06-01'", []string{"budget-vote", "cop29-closes", "no-tags"}},
		{"published_at:<='2026-01-01 00:00:00'", []string{"derby-report", "it's-quoted"}},
		{"published_at:<2026-01-02", []string{"derby-report", "it's-quoted"}},
		{"slug:'it\\'s-quoted'", []string{"it's-quoted"}},
		{`slug:"it's-quoted"`, []string{"it's-quoted"}},
		{"slug:~'vote'", []string{"budget-vote"}},
		{"slug:~^'derby'", []string{"derby-report"}},
		{"slug:~$'closes'", []string{"cop29-closes"}},
		{"slug:-~'vote'", []string{"cop29-closes", "derby-report", "no-tags", "it's-quoted"}},
		{"custom_excerpt:~'VOTE'", []string{"budget-vote"}},
	}
	for _, tt := range tests {
		e, err := Parse(tt.filter)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.filter, err)
			continue
		}
		var got []string
		for _, p := range posts {
			if Match(e, p.record, now) {
				got = append(got, p.slug)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q (%s) matched %v, want %v", tt.filter, e, got, tt.want)
		}
	}
}

func TestFieldsAreListedForCheckingBeforeUse(t *testing.T) {
	e, err := Parse("tag:a+(Author:b,tag:c,published_at:>now-1d)")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Fields(); !slices.Equal(got, []string{"tag", "author", "published_at"}) {
		t.Errorf("fields %v", got)
	}
}

func TestMalformedFiltersAreErrorsWithAPosition(t *testing.T) {
	tests := []struct {
		filter string
		pos    int
	}{
		{"", 1},
		{"   ", 1},
		{"tag", 4},
		{"tag:", 5},
		{":news", 1},
		{"tag:news+", 10},
		{"tag:news,", 10},
		{"tag:news+)", 10},
		{"(tag:news", 10},
		{"tag:news)", 9},
		{"tag:[a,b", 9},
		{"tag:[]", 6},
		{"tag:'unterminated", 18},
		{"tag:-<5", 7},
		{"tag:news tag:sport", 10},
		{"1tag:news", 1},
		{"tag:--news", 6},
		{"tag:>", 6},
		{strings.Repeat("(", 40) + "tag:a" + strings.Repeat(")", 40), 33},
		{strings.Repeat("a", 5000), 4096},
	}
	for _, tt := range tests {
		_, err := Parse(tt.filter)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want an *Error", tt.filter, err)
			continue
		}
		if pe.Pos != tt.pos || !strings.HasPrefix(pe.Error(), "Query Error: ") {
			t.Errorf("Parse(%q): %q at %d, want at %d", tt.filter, pe.Error(), pe.Pos, tt.pos)
		}
	}
}

func TestRelativeDates(t *testing.T) {
	for in, want := range map[string]time.Time{
		"now":     now,
		"now-30d": now.AddDate(0, 0, -30),
		"now+1w":  now.AddDate(0, 0, 7),
		"now-6M":  now.AddDate(0, -6, 0),
		"now-1y":  now.AddDate(-1, 0, 0),
		"now-90m": now.Add(-90 * time.Minute),
		"now-10s": now.Add(-10 * time.Second),
	} {
		v := literal(in)
		if v.Kind != RelativeDate || !v.Time(now).Equal(want) {
			t.Errorf("%s: kind %v, %v; want %v", in, v.Kind, v.Time(now), want)
		}
	}
	for _, notDate := range []string{"nowhere", "now-d", "now-5x", "now5d"} {
		if v := literal(notDate); v.Kind == RelativeDate {
			t.Errorf("%q read as a relative date", notDate)
		}
	}
}

// FuzzFilter feeds the parser anything: it must return an expression or
// an *Error, never panic, and an expression must evaluate.
func FuzzFilter(f *testing.F) {
	for _, seed := range []string{"tag:news", "tag:[a,b]+published_at:>now-30d", "(a:1,b:-'x')", "slug:~^'a\\'b'", "a:-[", "((((", "x:\"y"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, filter string) {
		e, err := Parse(filter)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Pos < 1 {
				t.Fatalf("Parse(%q): %v is not an *Error with a position", filter, err)
			}
			return
		}
		Match(e, posts[0].record, now)
		_ = e.String()
	})
}
