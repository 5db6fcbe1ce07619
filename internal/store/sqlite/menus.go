package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
)

// SetMenu replaces the whole menu. Items name their parent by 1-based
// index into items, which lets a caller describe a new tree before any
// item has an id.
func (db *DB) SetMenu(ctx context.Context, name string, items []news.MenuItem) error {
	if err := validateMenu(name, items); err != nil {
		return fmt.Errorf("set menu %q: %w", name, err)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM menu_items WHERE menu = ?`, name); err != nil {
			return err
		}
		ids, err := insertMenuItems(ctx, tx, name, items)
		if err != nil {
			return err
		}
		return linkMenuParents(ctx, tx, items, ids)
	})
	if err != nil {
		return fmt.Errorf("set menu %q: %w", name, err)
	}
	return nil
}

func validateMenu(name string, items []news.MenuItem) error {
	if name == "" {
		return invalid("empty menu name")
	}
	for i, it := range items {
		if it.Label == "" {
			return invalid("item %d has no label", i+1)
		}
		if it.ParentID < 0 || it.ParentID > int64(len(items)) {
			return invalid("item %d: parent %d is not an index into the items", i+1, it.ParentID)
		}
	}
	for i := range items {
		if hasParentCycle(items, i) {
			return invalid("item %d is its own ancestor", i+1)
		}
	}
	return nil
}

// hasParentCycle follows parent indexes from items[i]; a chain longer than
// the menu must have come back on itself.
func hasParentCycle(items []news.MenuItem, i int) bool {
	p := items[i].ParentID
	for steps := 0; p != 0; steps++ {
		if steps >= len(items) {
			return true
		}
		p = items[p-1].ParentID
	}
	return false
}

func insertMenuItems(ctx context.Context, tx *sql.Tx, name string, items []news.MenuItem) ([]int64, error) {
	ids := make([]int64, len(items))
	for i, it := range items {
		res, err := tx.ExecContext(ctx, `INSERT INTO menu_items (menu, label, url, position) VALUES (?, ?, ?, ?)`,
			name, it.Label, it.URL, it.Position)
		if err != nil {
			return nil, err
		}
		if ids[i], err = res.LastInsertId(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// linkMenuParents runs after every item exists, so that a child may come
// before its parent in items.
func linkMenuParents(ctx context.Context, tx *sql.Tx, items []news.MenuItem, ids []int64) error {
	for i, it := range items {
		if it.ParentID == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE menu_items SET parent_id = ? WHERE id = ?`,
			ids[it.ParentID-1], ids[i]); err != nil {
			return err
		}
	}
	return nil
}

// MenuNames returns the name of every menu that has items, in byte order.
func (db *DB) MenuNames(ctx context.Context) ([]string, error) {
	var names []string
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT DISTINCT menu FROM menu_items ORDER BY menu`, nil,
			func(rows *sql.Rows) error {
				var name string
				err := rows.Scan(&name)
				names = append(names, name)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("menu names: %w", err)
	}
	return names, nil
}

// Menu returns the items in the order they were given to SetMenu, with
// stored ids; news.BuildMenu nests them.
func (db *DB) Menu(ctx context.Context, name string) ([]news.MenuItem, error) {
	var items []news.MenuItem
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT id, ifnull(parent_id, 0), label, url, position
			FROM menu_items WHERE menu = ? ORDER BY id`, []any{name},
			func(rows *sql.Rows) error {
				var it news.MenuItem
				err := rows.Scan(&it.ID, &it.ParentID, &it.Label, &it.URL, &it.Position)
				items = append(items, it)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("menu %q: %w", name, err)
	}
	return items, nil
}
