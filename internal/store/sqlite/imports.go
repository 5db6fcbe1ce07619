package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// ImportMapping returns the mapping of one source item.
func (db *DB) ImportMapping(ctx context.Context, source, kind, sourceID string) (news.ImportMapping, error) {
	m := news.ImportMapping{Source: source, Kind: kind, SourceID: sourceID}
	err := db.read(ctx, func(tx *sql.Tx) error {
		var at int64
		err := tx.QueryRowContext(ctx, `SELECT target_id, hash, imported_at FROM import_map
			WHERE source = ? AND kind = ? AND source_id = ?`, source, kind, sourceID).Scan(&m.TargetID, &m.Hash, &at)
		m.ImportedAt = time.Unix(at, 0).UTC()
		return err
	})
	if err != nil {
		return news.ImportMapping{}, fmt.Errorf("import mapping %s %s %s: %w", source, kind, sourceID, err)
	}
	return m, nil
}

// SetImportMapping stores or replaces the mapping of m's source item.
func (db *DB) SetImportMapping(ctx context.Context, m news.ImportMapping) error {
	if m.Source == "" || m.Kind == "" || m.SourceID == "" {
		return invalid("import mapping needs a source, a kind and a source id")
	}
	_, err := db.exec(ctx, `INSERT INTO import_map (source, kind, source_id, target_id, hash, imported_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (source, kind, source_id) DO UPDATE SET
			target_id = excluded.target_id, hash = excluded.hash, imported_at = excluded.imported_at`,
		m.Source, m.Kind, m.SourceID, m.TargetID, m.Hash, timeOrNow(m.ImportedAt).Unix())
	if err != nil {
		return fmt.Errorf("import mapping %s %s %s: %w", m.Source, m.Kind, m.SourceID, err)
	}
	return nil
}

// ImportMappings returns every mapping of a source's kind.
func (db *DB) ImportMappings(ctx context.Context, source, kind string) ([]news.ImportMapping, error) {
	var out []news.ImportMapping
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT source_id, target_id, hash, imported_at FROM import_map
			WHERE source = ? AND kind = ? ORDER BY source_id`, source, kind)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m := news.ImportMapping{Source: source, Kind: kind}
			var at int64
			if err := rows.Scan(&m.SourceID, &m.TargetID, &m.Hash, &at); err != nil {
				return err
			}
			m.ImportedAt = time.Unix(at, 0).UTC()
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("import mappings %s %s: %w", source, kind, err)
	}
	return out, nil
}

// CountImportMappings counts every mapping.
func (db *DB) CountImportMappings(ctx context.Context) (int, error) {
	var n int
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM import_map`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count import mappings: %w", err)
	}
	return n, nil
}

// AllImportMappings returns every mapping.
func (db *DB) AllImportMappings(ctx context.Context) ([]news.ImportMapping, error) {
	var out []news.ImportMapping
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT source, kind, source_id, target_id, hash, imported_at FROM import_map
			ORDER BY source, kind, source_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m news.ImportMapping
			var at int64
			if err := rows.Scan(&m.Source, &m.Kind, &m.SourceID, &m.TargetID, &m.Hash, &at); err != nil {
				return err
			}
			m.ImportedAt = time.Unix(at, 0).UTC()
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("all import mappings: %w", err)
	}
	return out, nil
}
