package admin

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

type categoryListPage struct {
	base
	Tree []categoryNode
}

// categoryNode is one section in the tree view, with what its move
// buttons need to know.
type categoryNode struct {
	news.Category
	Path        string
	First, Last bool // among its siblings
	Children    []categoryNode
}

type categoryFormPage struct {
	base
	Problems []string
	Category news.Category
	Parents  []parentOption
	New      bool
	// Names are the section's names in the further editions.
	Names []categoryNameRow
}

type categoryNameRow struct {
	Code, Edition     string
	Name, Description string
}

// parentOption is a section a category may be moved under.
type parentOption struct {
	ID       int64
	Label    string // the path, so that same-named sections are told apart
	Selected bool
}

func (a *Admin) categoryList(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageCategories); err != nil {
		return err
	}
	cats, err := a.store.AllCategories(r.Context())
	if err != nil {
		return err
	}
	tree := news.NewCategoryTree(cats)
	page := categoryListPage{base: a.page(r, "Sections"), Tree: categoryNodes(tree, tree.Roots(), 0)}
	return a.render(w, http.StatusOK, "manage_categories.html", page)
}

// categoryNodes nests the tree for the view. depth bounds the recursion
// against a cycle the store should never hold.
func categoryNodes(tree *news.CategoryTree, level []news.Category, depth int) []categoryNode {
	if depth > 16 {
		return nil
	}
	nodes := make([]categoryNode, len(level))
	for i, c := range level {
		nodes[i] = categoryNode{
			Category: c, Path: tree.Path(c.ID), First: i == 0, Last: i == len(level)-1,
			Children: categoryNodes(tree, tree.Children(c.ID), depth+1),
		}
	}
	return nodes
}

func (a *Admin) categoryNew(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageCategories); err != nil {
		return err
	}
	parent, _ := strconv.ParseInt(r.URL.Query().Get("parent"), 10, 64)
	return a.categoryForm(w, r, http.StatusOK, news.Category{ParentID: parent}, nil)
}

func (a *Admin) categoryEdit(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageCategories); err != nil {
		return err
	}
	c, _, err := a.category(r)
	if err != nil {
		return err
	}
	return a.categoryForm(w, r, http.StatusOK, c, nil)
}

// category loads the category the address names, with the tree it sits in.
func (a *Admin) category(r *http.Request) (news.Category, *news.CategoryTree, error) {
	id, err := manageID(r)
	if err != nil {
		return news.Category{}, nil, err
	}
	cats, err := a.store.AllCategories(r.Context())
	if err != nil {
		return news.Category{}, nil, err
	}
	tree := news.NewCategoryTree(cats)
	c, ok := tree.ByID(id)
	if !ok {
		return news.Category{}, nil, news.ErrNotFound
	}
	return c, tree, nil
}

func (a *Admin) categoryForm(w http.ResponseWriter, r *http.Request, status int, c news.Category, p formProblems) error {
	cats, err := a.store.AllCategories(r.Context())
	if err != nil {
		return err
	}
	tree := news.NewCategoryTree(cats)
	title := "New section"
	if c.ID != 0 {
		title = "Edit section"
	}
	page := categoryFormPage{base: a.page(r, title), Problems: p, Category: c, New: c.ID == 0}
	// A section cannot go under itself or anything below it.
	below := map[int64]bool{}
	if c.ID != 0 {
		for _, id := range tree.Descendants(c.ID) {
			below[id] = true
		}
	}
	for _, other := range cats {
		if !below[other.ID] {
			page.Parents = append(page.Parents, parentOption{ID: other.ID, Label: tree.Path(other.ID), Selected: other.ID == c.ParentID})
		}
	}
	slices.SortFunc(page.Parents, func(x, y parentOption) int { return strings.Compare(x.Label, y.Label) })
	if c.ID != 0 {
		if page.Names, err = a.categoryNameRows(r, c.ID); err != nil {
			return err
		}
	}
	return a.render(w, status, "manage_category_form.html", page)
}

// postedCategory reads the form into c, checking what the store cannot:
// that the parent exists and is not the category or one of its children.
func postedCategory(r *http.Request, c news.Category, tree *news.CategoryTree, p *formProblems) news.Category {
	c.Name = formText(r, "name")
	c.Description = formText(r, "description")
	if c.Name == "" {
		p.add("Give the section a name.")
	}
	c.Slug = formSlug(formText(r, "slug"), c.Name, p)
	parent, err := strconv.ParseInt(formText(r, "parent"), 10, 64)
	if formText(r, "parent") == "" {
		parent, err = 0, nil
	}
	switch {
	case err != nil:
		p.add("Choose the parent section from the list.")
	case parent == 0:
		c.ParentID = 0
	default:
		if _, ok := tree.ByID(parent); !ok {
			p.add("The parent section no longer exists; choose another.")
		} else if c.ID != 0 && slices.Contains(tree.Descendants(c.ID), parent) {
			p.add("A section cannot be moved under itself or one of its own sub-sections.")
		} else {
			c.ParentID = parent
		}
	}
	return c
}

// lastPosition places a category after its future siblings.
func lastPosition(tree *news.CategoryTree, parent, self int64) int {
	pos := 0
	for _, s := range tree.Children(parent) {
		if s.ID != self && s.Position >= pos {
			pos = s.Position + 1
		}
	}
	return pos
}

func (a *Admin) categoryCreate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageCategories); err != nil {
		return err
	}
	cats, err := a.store.AllCategories(r.Context())
	if err != nil {
		return err
	}
	tree := news.NewCategoryTree(cats)
	var p formProblems
	c := postedCategory(r, news.Category{}, tree, &p)
	if len(p) == 0 {
		c.Position = lastPosition(tree, c.ParentID, 0)
		if err := storeRefusal(a.store.CreateCategory(r.Context(), &c), "section at this level", &p); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		return a.categoryForm(w, r, http.StatusUnprocessableEntity, c, p)
	}
	redirectDone(w, r, "/admin/categories/", "created")
	return nil
}

func (a *Admin) categoryUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageCategories); err != nil {
		return err
	}
	old, tree, err := a.category(r)
	if err != nil {
		return err
	}
	var p formProblems
	c := postedCategory(r, old, tree, &p)
	if len(p) == 0 {
		if c.ParentID != old.ParentID {
			c.Position = lastPosition(tree, c.ParentID, c.ID)
		}
		err := a.store.Atomic(r.Context(), func(s store.Store) error {
			if err := s.UpdateCategory(r.Context(), &c); err != nil {
				return err
			}
			return s.SetCategoryNames(r.Context(), c.ID, postedCategoryNames(r))
		})
		if err := storeRefusal(err, "section at this level", &p); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		return a.categoryForm(w, r, http.StatusUnprocessableEntity, c, p)
	}
	redirectDone(w, r, "/admin/categories/", "saved")
	return nil
}

// categoryMove swaps a category with its previous or next sibling. The
// siblings are numbered afresh in one transaction, since imported
// sections often share a position and sort by name.
func (a *Admin) categoryMove(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageCategories); err != nil {
		return err
	}
	id, err := manageID(r)
	if err != nil {
		return err
	}
	step := map[string]int{"up": -1, "down": 1}[r.PostFormValue("dir")]
	if step == 0 {
		http.Error(w, "Say whether to move up or down.", http.StatusBadRequest)
		return nil
	}
	ctx := r.Context()
	err = a.store.Atomic(ctx, func(s store.Store) error { return moveCategory(ctx, s, id, step) })
	if err != nil {
		return err
	}
	redirectDone(w, r, "/admin/categories/", "moved")
	return nil
}

func moveCategory(ctx context.Context, s store.Store, id int64, step int) error {
	cats, err := s.AllCategories(ctx)
	if err != nil {
		return err
	}
	tree := news.NewCategoryTree(cats)
	c, ok := tree.ByID(id)
	if !ok {
		return news.ErrNotFound
	}
	parent := c.ParentID
	if _, ok := tree.ByID(parent); !ok {
		parent = 0
	}
	siblings := append([]news.Category(nil), tree.Children(parent)...)
	i := -1
	for k, sib := range siblings {
		if sib.ID == id {
			i = k
		}
	}
	j := i + step
	if i < 0 || j < 0 || j >= len(siblings) {
		return nil // already first or last: nothing to do
	}
	siblings[i], siblings[j] = siblings[j], siblings[i]
	for k, sib := range siblings {
		if sib.Position == k {
			continue
		}
		sib.Position = k
		if err := s.UpdateCategory(ctx, &sib); err != nil {
			return err
		}
	}
	return nil
}

func (a *Admin) categoryDelete(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageCategories); err != nil {
		return err
	}
	id, err := manageID(r)
	if err != nil {
		return err
	}
	if err := a.store.DeleteCategory(r.Context(), id); err != nil {
		return err
	}
	redirectDone(w, r, "/admin/categories/", "deleted")
	return nil
}

// categoryNameRows lists the section's name in each further edition, as
// stored (empty where it has none).
func (a *Admin) categoryNameRows(r *http.Request, id int64) ([]categoryNameRow, error) {
	editions, err := a.store.Editions(r.Context())
	if err != nil {
		return nil, err
	}
	names, err := a.store.CategoryNames(r.Context())
	if err != nil {
		return nil, err
	}
	def := a.defaultLanguage(r)
	var rows []categoryNameRow
	for _, e := range editions {
		if strings.EqualFold(e.Code, def) {
			continue
		}
		row := categoryNameRow{Code: e.Code, Edition: e.Name}
		for _, n := range names {
			if n.CategoryID == id && strings.EqualFold(n.Lang, e.Code) {
				row.Name, row.Description = n.Name, n.Description
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// postedCategoryNames reads the per-edition names the form sent
// (name@az, description@az); empty names are dropped by the store.
func postedCategoryNames(r *http.Request) []news.CategoryName {
	var out []news.CategoryName
	for key := range r.PostForm {
		code, ok := strings.CutPrefix(key, "name@")
		if !ok {
			continue
		}
		out = append(out, news.CategoryName{Lang: code, Name: formText(r, key), Description: formText(r, "description@"+code)})
	}
	slices.SortFunc(out, func(x, y news.CategoryName) int { return strings.Compare(x.Lang, y.Lang) })
	return out
}
