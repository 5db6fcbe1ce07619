package dbcopy

import (
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
)

func TestParentsFirst(t *testing.T) {
	// Category 2 was moved under 9, which was created after it; 5 is
	// under 2, and 7 names a parent that is gone.
	cats := []news.Category{
		{ID: 5, ParentID: 2, Slug: "e"},
		{ID: 9, Slug: "i"},
		{ID: 2, ParentID: 9, Slug: "b"},
		{ID: 1, Slug: "a"},
		{ID: 7, ParentID: 99, Slug: "g"},
	}
	ordered, err := parentsFirst(cats)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, c := range ordered {
		got = append(got, c.ID)
	}
	want := []int64{1, 7, 9, 2, 5}
	if len(got) != len(want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
}

func TestParentsFirstRefusesACycle(t *testing.T) {
	cats := []news.Category{{ID: 1, Slug: "a"}, {ID: 2, ParentID: 3, Slug: "b"}, {ID: 3, ParentID: 2, Slug: "c"}}
	_, err := parentsFirst(cats)
	if err == nil || !strings.Contains(err.Error(), "[2 3]") {
		t.Errorf("parentsFirst with a cycle: %v, want an error naming 2 and 3", err)
	}
}

func TestByIndexRebuildsTheTree(t *testing.T) {
	// As Menu returns them: stored ids, a child before its parent.
	items := []news.MenuItem{
		{ID: 31, ParentID: 33, Label: "Child", Position: 1},
		{ID: 32, Label: "Top", Position: 0},
		{ID: 33, Label: "Parent", Position: 1},
		{ID: 34, ParentID: 77, Label: "Orphan"},
	}
	got := byIndex(items)
	want := []news.MenuItem{
		{ParentID: 3, Label: "Child", Position: 1},
		{Label: "Top", Position: 0},
		{Label: "Parent", Position: 1},
		{Label: "Orphan"},
	}
	for i := range want {
		if got[i].ID != 0 || got[i].ParentID != want[i].ParentID || got[i].Label != want[i].Label || got[i].Position != want[i].Position {
			t.Errorf("item %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
