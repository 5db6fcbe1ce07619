package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/storejson"
)

// Settings returns the saved settings, or news.ErrNotFound before the
// first save.
func (db *DB) Settings(ctx context.Context) (news.Settings, error) {
	var s news.Settings
	err := db.read(ctx, func(tx *sql.Tx) error {
		var logo sql.NullInt64
		var data string
		err := tx.QueryRowContext(ctx, `SELECT logo_id, data FROM settings WHERE id = 1`).Scan(&logo, &data)
		if err != nil {
			return err
		}
		if s, err = decodeSettings(data); err != nil {
			return err
		}
		s.Logo = imageRef(logo)
		images, err := loadImages(ctx, tx, []int64{logo.Int64})
		fillImage(&s.Logo, images)
		return err
	})
	if err != nil {
		return news.Settings{}, fmt.Errorf("settings: %w", err)
	}
	return s, nil
}

// SaveSettings replaces the settings. An unknown logo image is
// news.ErrInvalid.
func (db *DB) SaveSettings(ctx context.Context, s news.Settings) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		data, err := encodeSettings(s)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (id, logo_id, data) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET logo_id = excluded.logo_id, data = excluded.data`,
			idOrNull(imageID(s.Logo)), data)
		return err
	})
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

func encodeSettings(s news.Settings) (string, error) {
	b, err := json.Marshal(storejson.SettingsOf(s))
	return string(b), err
}

func decodeSettings(data string) (news.Settings, error) {
	var j storejson.Settings
	if err := json.Unmarshal([]byte(data), &j); err != nil {
		return news.Settings{}, fmt.Errorf("decode settings: %w", err)
	}
	return j.News(), nil
}
