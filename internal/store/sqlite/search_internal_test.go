package sqlite

import (
	"database/sql"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
)

// TestSearchKeys holds the SQL spelling of index keys, used by the
// migration and its triggers, to searchKey, and checks that keys sort by
// publication time, then id.
func TestSearchKeys(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "keys.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	null := sql.NullInt64{}
	at := func(t int64) sql.NullInt64 { return sql.NullInt64{Int64: t, Valid: true} }
	cases := []struct {
		published sql.NullInt64
		id        int64
	}{
		{null, 1}, {null, keyIDMask}, {at(0), 1}, {at(-1), 7}, {at(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()), 3},
		{at(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC).Unix()), 99_999}, {at(math.MaxInt64), 5}, {at(math.MinInt64), 5},
		{at(keyMaxTime), keyIDMask}, {at(keyMinTime), 1},
	}
	for _, c := range cases {
		var got int64
		err := db.reader.QueryRowContext(t.Context(), `SELECT `+keyExpr+` FROM (SELECT ? AS published_at, ? AS id) a`,
			c.published, c.id).Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		if want := searchKey(c.published, c.id); got != want {
			t.Errorf("key of %v, %d: SQL %d, Go %d", c.published, c.id, got, want)
		}
		if got&keyIDMask != c.id {
			t.Errorf("key %d of %v, %d does not give back the id", got, c.published, c.id)
		}
	}
	ordered := []int64{
		searchKey(null, 1), searchKey(null, 2), searchKey(at(math.MinInt64), 1), searchKey(at(-5), 9),
		searchKey(at(0), 1), searchKey(at(1), 1), searchKey(at(1), 2), searchKey(at(2), 1), searchKey(at(math.MaxInt64), 1),
	}
	for i := 1; i < len(ordered); i++ {
		if ordered[i-1] >= ordered[i] {
			t.Errorf("keys out of order at %d: %v", i, ordered)
		}
	}
	if searchKey(null, keyIDMask) >= keyFirstDay {
		t.Error("undated articles do not sort below every date")
	}
}

func TestMatchExpression(t *testing.T) {
	tests := []struct {
		raw  string
		f    store.SearchFilter
		want string
	}{
		{"gas", store.SearchFilter{}, `(("gas" *))`},
		{`"gas corridor" -oil`, store.SearchFilter{}, `(("gas corridor") NOT "oil")`},
		{"a b -c -d ", store.SearchFilter{}, `(("a" AND "b") NOT "c" NOT "d")`},
		{"gas ", store.SearchFilter{CategoryIDs: []int64{1, 2}, TagID: 3, AuthorID: 4},
			`(("gas")) AND facets : ("əc1" OR "əc2") AND facets : "ət3" AND facets : "əa4"`},
	}
	for _, tt := range tests {
		if got := matchExpression(search.Parse(tt.raw), tt.f); got != tt.want {
			t.Errorf("matchExpression(%q) = %s, want %s", tt.raw, got, tt.want)
		}
	}
}
