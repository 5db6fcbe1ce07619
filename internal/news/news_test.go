package news

import (
	"reflect"
	"testing"
	"time"
)

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"French foreign policy breaks with its Western allies": "french-foreign-policy-breaks-with-its-western-allies",
		"Ilham Aliyev: Hungary follows an independent policy":  "ilham-aliyev-hungary-follows-an-independent-policy",
		"Azerbaijan and Türkiye":                               "azerbaijan-and-turkiye",
		"Zəhra Məmmədova":                                      "zehra-memmedova",
		"Анна Смирнова":                                        "anna-smirnova",
		"France’s bias":                                        "frances-bias",
		"  --COP29!!  ":                                        "cop29",
		"":                                                     "",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if want != "" && !ValidSlug(Slugify(in)) {
			t.Errorf("Slugify(%q) is not a valid slug", in)
		}
	}
	long := Slugify("word " + string(make([]byte, 0)) + "a very long headline that goes on and on well past any sensible length for an address bar")
	if len(long) > MaxSlugLength || !ValidSlug(long) {
		t.Errorf("long slug %q (%d)", long, len(long))
	}
}

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{"cop29": true, "a-b": true, "": false, "-a": false, "a-": false, "a--b": false, "A": false, "a/b": false, "ə": false} {
		if ValidSlug(s) != want {
			t.Errorf("ValidSlug(%q) = %v", s, !want)
		}
	}
}

func TestFoldMakesAzerbaijaniAndRussianSearchable(t *testing.T) {
	for in, want := range map[string]string{"Həsənova": "hesenova", "İlham ƏLİYEV": "ilham eliyev", "Москва": "moskva", "Türkiye": "turkiye"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadingMinutes(t *testing.T) {
	for words, want := range map[int]int{0: 1, 1: 1, 230: 1, 231: 2, 1840: 8} {
		if got := ReadingMinutes(words); got != want {
			t.Errorf("ReadingMinutes(%d) = %d, want %d", words, got, want)
		}
	}
}

func TestVisibility(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		a    Article
		want bool
	}{
		{Article{Status: StatusPublished, PublishedAt: now.Add(-time.Hour)}, true},
		{Article{Status: StatusPublished, PublishedAt: now}, true},
		{Article{Status: StatusPublished, PublishedAt: now.Add(time.Minute)}, false},
		{Article{Status: StatusScheduled, PublishedAt: now.Add(-time.Hour)}, false},
		{Article{Status: StatusDraft, PublishedAt: now.Add(-time.Hour)}, false},
	}
	for _, tt := range tests {
		if got := tt.a.VisibleAt(now); got != tt.want {
			t.Errorf("%s at %v: visible %v, want %v", tt.a.Status, tt.a.PublishedAt, got, tt.want)
		}
	}
}

func TestCategoryTree(t *testing.T) {
	cats := []Category{
		{ID: 1, Name: "News", Slug: "news", Position: 2},
		{ID: 2, ParentID: 1, Name: "Economy", Slug: "economy", Position: 1},
		{ID: 3, ParentID: 1, Name: "Energy", Slug: "energy", Position: 0},
		{ID: 4, ParentID: 3, Name: "Oil", Slug: "oil"},
		{ID: 5, Name: "Opinion", Slug: "opinion", Position: 1},
		{ID: 6, ParentID: 99, Name: "Orphan", Slug: "orphan", Position: 3},
	}
	tree := NewCategoryTree(cats)
	if got := tree.Path(4); got != "news/energy/oil" {
		t.Errorf("Path(4) = %q", got)
	}
	if c, ok := tree.ByPath("/news/economy/"); !ok || c.ID != 2 {
		t.Errorf("ByPath(news/economy) = %v %v", c, ok)
	}
	var roots []string
	for _, c := range tree.Roots() {
		roots = append(roots, c.Slug)
	}
	if !reflect.DeepEqual(roots, []string{"opinion", "news", "orphan"}) {
		t.Errorf("roots %v", roots)
	}
	if got := tree.Descendants(1); !reflect.DeepEqual(got, []int64{1, 3, 2, 4}) {
		t.Errorf("Descendants(1) = %v", got)
	}
	if anc := tree.Ancestors(4); len(anc) != 2 || anc[0].ID != 1 || anc[1].ID != 3 {
		t.Errorf("Ancestors(4) = %v", anc)
	}
}

func TestCategoryTreeSurvivesACycle(t *testing.T) {
	tree := NewCategoryTree([]Category{{ID: 1, ParentID: 2, Slug: "a"}, {ID: 2, ParentID: 1, Slug: "b"}})
	_ = tree.Path(1) // must return
	if len(tree.Descendants(1)) > 2 {
		t.Error("cycle produced repeated descendants")
	}
}

func TestBuildMenuNestsAndOrders(t *testing.T) {
	items := []MenuItem{
		{ID: 10, Label: "News", Position: 1},
		{ID: 11, ParentID: 10, Label: "Energy", Position: 2},
		{ID: 12, ParentID: 10, Label: "Economy", Position: 1},
		{ID: 13, Label: "Home", Position: 0},
		{ID: 14, ParentID: 77, Label: "Lost parent", Position: 5},
	}
	menu := BuildMenu(items)
	var got []string
	for _, it := range menu {
		got = append(got, it.Label)
		for _, c := range it.Children {
			got = append(got, "  "+c.Label)
		}
	}
	want := []string{"Home", "News", "  Economy", "  Energy", "Lost parent"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("menu %q, want %q", got, want)
	}
}
