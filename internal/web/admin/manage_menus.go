package admin

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

// themeMenus are the menus the default theme shows, offered even while
// empty.
var themeMenus = []string{news.MenuHeader, news.MenuFooter, news.MenuMobile}

type menuListPage struct {
	base
	Menus []menuSummary
}

type menuSummary struct {
	Name  string
	Items int
}

// menuFormPage edits one menu as a flat table of rows in tree order; a
// row names its parent by key, so that rows may move without losing it.
type menuFormPage struct {
	base
	Problems []string
	Name     string
	Rows     []menuRow
	// Unsaved is set when rows were added but the menu not yet saved.
	Unsaved bool
}

type menuRow struct {
	Key    string
	Label  string
	URL    string
	Parent string // key of the parent row, "" at top level
	Depth  int
	N      int // 1-based row number, for labels
	// Parents are the rows this one may be nested under.
	Parents     []menuParent
	First, Last bool // among its siblings
}

type menuParent struct {
	Key, Label string
	Selected   bool
}

// blankMenuRows is how many empty rows a menu form offers for new items.
const blankMenuRows = 3

func (a *Admin) menuList(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageMenus); err != nil {
		return err
	}
	names, err := a.menuNames(r)
	if err != nil {
		return err
	}
	page := menuListPage{base: a.page(r, "Menus")}
	for _, name := range names {
		items, err := a.store.Menu(r.Context(), name)
		if err != nil {
			return err
		}
		page.Menus = append(page.Menus, menuSummary{Name: name, Items: len(items)})
	}
	return a.render(w, http.StatusOK, "manage_menus.html", page)
}

// menuNames returns the theme's menus, then any others the publication keeps.
func (a *Admin) menuNames(r *http.Request) ([]string, error) {
	stored, err := a.store.MenuNames(r.Context())
	if err != nil {
		return nil, err
	}
	names := slices.Clone(themeMenus)
	editions, err := a.store.Editions(r.Context())
	if err != nil {
		return nil, err
	}
	// Each further edition has the theme's menus of its own (see
	// site.EditionMenu); until one is filled the edition shows the default.
	for _, e := range editions {
		if e.Code == a.defaultLanguage(r) {
			continue
		}
		for _, m := range themeMenus {
			names = append(names, m+"@"+e.Code)
		}
	}
	for _, n := range stored {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names, nil
}

// menuName returns the menu the address names, if it is one the
// publication has.
func (a *Admin) menuName(r *http.Request) (string, error) {
	names, err := a.menuNames(r)
	if err != nil {
		return "", err
	}
	name := r.PathValue("name")
	if !slices.Contains(names, name) {
		return "", news.ErrNotFound
	}
	return name, nil
}

func (a *Admin) menuEdit(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageMenus); err != nil {
		return err
	}
	name, err := a.menuName(r)
	if err != nil {
		return err
	}
	items, err := a.store.Menu(r.Context(), name)
	if err != nil {
		return err
	}
	rows := storedMenuRows(items)
	return a.menuForm(w, r, http.StatusOK, name, withBlankRows(rows, blankMenuRows), nil, false)
}

// storedMenuRows turns stored items into rows keyed by their ids.
func storedMenuRows(items []news.MenuItem) []menuRow {
	var rows []menuRow
	var walk func(level []news.MenuItem, parent string)
	walk = func(level []news.MenuItem, parent string) {
		for _, it := range level {
			key := "i" + strconv.FormatInt(it.ID, 10)
			rows = append(rows, menuRow{Key: key, Label: it.Label, URL: it.URL, Parent: parent})
			walk(it.Children, key)
		}
	}
	walk(news.BuildMenu(items), "")
	return rows
}

func withBlankRows(rows []menuRow, n int) []menuRow {
	used := map[string]bool{}
	for _, r := range rows {
		used[r.Key] = true
	}
	for i := 1; n > 0; i++ {
		key := "n" + strconv.Itoa(i)
		if !used[key] {
			rows = append(rows, menuRow{Key: key})
			n--
		}
	}
	return rows
}

func (a *Admin) menuForm(w http.ResponseWriter, r *http.Request, status int, name string, rows []menuRow, p formProblems, unsaved bool) error {
	rows = treeOrder(rows)
	for i := range rows {
		rows[i].N = i + 1
		rows[i].Parents = nil
		for j, other := range rows {
			if j == i || other.Label == "" {
				continue
			}
			rows[i].Parents = append(rows[i].Parents, menuParent{Key: other.Key, Label: other.Label, Selected: other.Key == rows[i].Parent})
		}
		prev, next := siblingOf(rows, i, -1), siblingOf(rows, i, 1)
		rows[i].First, rows[i].Last = prev < 0, next < 0
	}
	page := menuFormPage{base: a.page(r, "Menu: "+name), Problems: p, Name: name, Rows: rows, Unsaved: unsaved}
	return a.render(w, status, "manage_menu_form.html", page)
}

// treeOrder puts each row after its parent and before its parent's next
// sibling, keeping the order of siblings, and sets depths. Rows whose
// parent is missing go to the top level; rows caught in a cycle come last
// as they are, for the validation to report.
func treeOrder(rows []menuRow) []menuRow {
	keys := map[string]bool{}
	for _, r := range rows {
		keys[r.Key] = true
	}
	for i := range rows {
		if !keys[rows[i].Parent] || rows[i].Parent == rows[i].Key {
			rows[i].Parent = ""
		}
	}
	placed := map[string]bool{}
	out := make([]menuRow, 0, len(rows))
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, r := range rows {
			if r.Parent == parent && !placed[r.Key] {
				placed[r.Key] = true
				r.Depth = depth
				out = append(out, r)
				walk(r.Key, depth+1)
			}
		}
	}
	walk("", 0)
	for _, r := range rows {
		if !placed[r.Key] {
			out = append(out, r)
		}
	}
	return out
}

// siblingOf returns the index of the nearest row in direction step that
// shares row i's parent, or -1. Empty rows waiting to be filled in
// do not count.
func siblingOf(rows []menuRow, i, step int) int {
	for j := i + step; j >= 0 && j < len(rows); j += step {
		if rows[j].Parent == rows[i].Parent && (rows[j].Label != "" || rows[j].URL != "") {
			return j
		}
	}
	return -1
}

// postedMenuRows reads the menu table of the form in the order shown.
func postedMenuRows(r *http.Request) []menuRow {
	keys, labels, urls, parents := r.PostForm["key"], r.PostForm["label"], r.PostForm["url"], r.PostForm["parent"]
	seen := map[string]bool{}
	var rows []menuRow
	for i := range keys {
		key := strings.TrimSpace(keys[i])
		if key == "" || seen[key] {
			continue // a tampered form: drop the row rather than guess
		}
		seen[key] = true
		rows = append(rows, menuRow{
			Key: key, Label: strings.TrimSpace(nthValue(labels, i)), URL: strings.TrimSpace(nthValue(urls, i)), Parent: nthValue(parents, i),
		})
	}
	return rows
}

// menuUpdate applies the button pressed (save, add rows, move a row up or
// down, remove a row) to the rows posted and saves the whole menu, unless
// only rows were added or something is wrong.
func (a *Admin) menuUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageMenus); err != nil {
		return err
	}
	name, err := a.menuName(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	rows := treeOrder(postedMenuRows(r))
	// Buttons name their row by key, which survives the reordering
	// treeOrder may do after a parent was changed in the same form.
	op, key, _ := strings.Cut(r.PostFormValue("op"), ":")
	k := slices.IndexFunc(rows, func(row menuRow) bool { return row.Key == key })
	switch {
	case op == "add":
		return a.menuForm(w, r, http.StatusOK, name, withBlankRows(rows, blankMenuRows), nil, true)
	case op == "up" || op == "down":
		rows = moveMenuRow(rows, k, map[string]int{"up": -1, "down": 1}[op])
	case op == "remove":
		rows = removeMenuRow(rows, k)
	}
	items, p := menuItems(rows)
	if len(p) == 0 {
		if err := storeRefusal(a.store.SetMenu(r.Context(), name, items), "menu item", &p); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		return a.menuForm(w, r, http.StatusUnprocessableEntity, name, rows, p, false)
	}
	notice := "saved"
	if op == "up" || op == "down" {
		notice = "moved"
	}
	redirectDone(w, r, "/admin/menus/"+name, notice)
	return nil
}

func moveMenuRow(rows []menuRow, i, step int) []menuRow {
	if i < 0 || i >= len(rows) {
		return rows
	}
	j := siblingOf(rows, i, step)
	if j < 0 {
		return rows
	}
	rows[i], rows[j] = rows[j], rows[i]
	return treeOrder(rows)
}

// removeMenuRow drops row i; its children move up to its parent.
func removeMenuRow(rows []menuRow, i int) []menuRow {
	if i < 0 || i >= len(rows) {
		return rows
	}
	gone := rows[i]
	rows = slices.Delete(rows, i, i+1)
	for k := range rows {
		if rows[k].Parent == gone.Key {
			rows[k].Parent = gone.Parent
		}
	}
	return treeOrder(rows)
}

// menuItems checks the rows and turns them into items for SetMenu, which
// names parents by 1-based index. Empty rows are dropped.
func menuItems(rows []menuRow) ([]news.MenuItem, formProblems) {
	var p formProblems
	index := map[string]int64{}
	var kept []menuRow
	for _, r := range rows {
		if r.Label == "" && r.URL == "" {
			continue
		}
		kept = append(kept, r)
		index[r.Key] = int64(len(kept))
	}
	items := make([]news.MenuItem, len(kept))
	for i, r := range kept {
		n := i + 1
		switch {
		case r.Label == "":
			p.add("Row %d (%s): give the link a label.", n, r.URL)
		default:
			if msg := linkProblem(r.URL); msg != "" {
				p.add("Row %d (“%s”): %s.", n, r.Label, msg)
			}
		}
		items[i] = news.MenuItem{Label: r.Label, URL: r.URL, ParentID: index[r.Parent], Position: i}
	}
	for i := range items {
		if menuCycle(items, i) {
			p.add("Row %d (“%s”) is nested under itself through another row; choose a different parent.", i+1, items[i].Label)
		}
	}
	return items, p
}

func menuCycle(items []news.MenuItem, i int) bool {
	parent := items[i].ParentID
	for steps := 0; parent != 0; steps++ {
		if steps > len(items) || parent == int64(i+1) {
			return true
		}
		parent = items[parent-1].ParentID
	}
	return false
}
