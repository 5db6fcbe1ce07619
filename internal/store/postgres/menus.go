package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

// SetMenu replaces the whole menu. Items name their parent by 1-based
// index into items, which lets a caller describe a new tree before any
// item has an id.
func (db *DB) SetMenu(ctx context.Context, name string, items []news.MenuItem) error {
	if err := validateMenu(name, items); err != nil {
		return fmt.Errorf("set menu %q: %w", name, err)
	}
	err := db.write(ctx, func(q querier) error {
		if _, err := q.Exec(ctx, `DELETE FROM menu_items WHERE menu = $1`, name); err != nil {
			return err
		}
		ids, err := insertMenuItems(ctx, q, name, items)
		if err != nil {
			return err
		}
		return linkMenuParents(ctx, q, items, ids)
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

// insertMenuItems inserts the items one statement each, so that their ids
// are handed out in the order of items, which is the order Menu returns;
// a batch sends them all in one round trip.
func insertMenuItems(ctx context.Context, q querier, name string, items []news.MenuItem) ([]int64, error) {
	ids := make([]int64, len(items))
	b := &pgx.Batch{}
	for i, it := range items {
		b.Queue(`INSERT INTO menu_items (menu, label, url, position) VALUES ($1, $2, $3, $4) RETURNING id`,
			name, it.Label, it.URL, it.Position).QueryRow(func(row pgx.Row) error {
			return row.Scan(&ids[i])
		})
	}
	if b.Len() == 0 {
		return ids, nil
	}
	return ids, q.SendBatch(ctx, b).Close()
}

// linkMenuParents runs after every item exists, so that a child may come
// before its parent in items; one statement links them all.
func linkMenuParents(ctx context.Context, q querier, items []news.MenuItem, ids []int64) error {
	var children, parents []int64
	for i, it := range items {
		if it.ParentID != 0 {
			children = append(children, ids[i])
			parents = append(parents, ids[it.ParentID-1])
		}
	}
	if len(children) == 0 {
		return nil
	}
	_, err := q.Exec(ctx, `UPDATE menu_items m SET parent_id = u.parent
		FROM unnest($1::bigint[], $2::bigint[]) AS u(child, parent)
		WHERE m.id = u.child`, children, parents)
	return err
}

// MenuNames returns the name of every menu that has items, in byte order.
func (db *DB) MenuNames(ctx context.Context) ([]string, error) {
	var names []string
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT menu FROM menu_items GROUP BY menu ORDER BY menu COLLATE "C"`, nil,
			func(rows pgx.Rows) error {
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
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT id, coalesce(parent_id, 0), label, url, position
			FROM menu_items WHERE menu = $1 ORDER BY id`, []any{name},
			func(rows pgx.Rows) error {
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
