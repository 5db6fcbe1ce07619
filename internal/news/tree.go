package news

import (
	"sort"
	"strings"
)

// CategoryTree answers questions about the section tree: paths, children,
// ancestors and descendants. Build it once from all categories.
type CategoryTree struct {
	byID     map[int64]Category
	children map[int64][]Category
	byPath   map[string]Category
}

// NewCategoryTree indexes cats. Categories whose parent is missing are
// treated as top-level, so a broken link never hides a section.
func NewCategoryTree(cats []Category) *CategoryTree {
	t := &CategoryTree{
		byID:     make(map[int64]Category, len(cats)),
		children: make(map[int64][]Category),
		byPath:   make(map[string]Category, len(cats)),
	}
	for _, c := range cats {
		t.byID[c.ID] = c
	}
	for _, c := range cats {
		parent := c.ParentID
		if _, ok := t.byID[parent]; !ok || parent == c.ID {
			parent = 0
		}
		t.children[parent] = append(t.children[parent], c)
	}
	for id := range t.children {
		sortCategories(t.children[id])
	}
	for _, c := range cats {
		t.byPath[t.Path(c.ID)] = c
	}
	return t
}

func sortCategories(cs []Category) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Position != cs[j].Position {
			return cs[i].Position < cs[j].Position
		}
		return cs[i].Name < cs[j].Name
	})
}

// ByID returns the category with the given id.
func (t *CategoryTree) ByID(id int64) (Category, bool) {
	c, ok := t.byID[id]
	return c, ok
}

// ByPath returns the category at a slash-separated slug path such as
// "news/economy".
func (t *CategoryTree) ByPath(path string) (Category, bool) {
	c, ok := t.byPath[strings.Trim(path, "/")]
	return c, ok
}

// Roots returns the top-level categories in order.
func (t *CategoryTree) Roots() []Category { return t.children[0] }

// Children returns the direct sub-categories of id in order.
func (t *CategoryTree) Children(id int64) []Category { return t.children[id] }

// Ancestors returns the chain from the top-level category down to, but not
// including, id.
func (t *CategoryTree) Ancestors(id int64) []Category {
	var chain []Category
	seen := map[int64]bool{id: true}
	c, ok := t.byID[id]
	for ok && c.ParentID != 0 && !seen[c.ParentID] {
		seen[c.ParentID] = true
		c, ok = t.byID[c.ParentID]
		if ok {
			chain = append([]Category{c}, chain...)
		}
	}
	return chain
}

// Path returns the slug path of id, e.g. "news/economy".
func (t *CategoryTree) Path(id int64) string {
	c, ok := t.byID[id]
	if !ok {
		return ""
	}
	parts := []string{}
	for _, a := range t.Ancestors(id) {
		parts = append(parts, a.Slug)
	}
	return strings.Join(append(parts, c.Slug), "/")
}

// Descendants returns id and the ids of every category below it.
func (t *CategoryTree) Descendants(id int64) []int64 {
	ids := []int64{id}
	seen := map[int64]bool{id: true}
	for i := 0; i < len(ids); i++ {
		for _, c := range t.children[ids[i]] {
			if !seen[c.ID] {
				seen[c.ID] = true
				ids = append(ids, c.ID)
			}
		}
	}
	return ids
}

// BuildMenu nests a flat list of menu items by ParentID, ordering siblings
// by Position. Items whose parent is missing become top-level.
func BuildMenu(items []MenuItem) []MenuItem {
	byParent := map[int64][]MenuItem{}
	ids := map[int64]bool{}
	for _, it := range items {
		ids[it.ID] = true
	}
	for _, it := range items {
		p := it.ParentID
		if !ids[p] || p == it.ID {
			p = 0
		}
		byParent[p] = append(byParent[p], it)
	}
	var build func(parent int64, depth int) []MenuItem
	build = func(parent int64, depth int) []MenuItem {
		level := byParent[parent]
		sort.SliceStable(level, func(i, j int) bool { return level[i].Position < level[j].Position })
		out := make([]MenuItem, len(level))
		for i, it := range level {
			if depth < 4 { // deeper menus are unusable and may hide a cycle
				it.Children = build(it.ID, depth+1)
			}
			out[i] = it
		}
		return out
	}
	return build(0, 0)
}
