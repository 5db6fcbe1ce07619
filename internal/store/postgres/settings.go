package postgres

import (
	"context"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/storejson"
)

// Settings returns the saved settings, or news.ErrNotFound before the
// first save.
func (db *DB) Settings(ctx context.Context) (news.Settings, error) {
	var s news.Settings
	err := db.read(ctx, func(q querier) error {
		var logo *int64
		var data storejson.Settings
		err := q.QueryRow(ctx, `SELECT logo_id, data FROM settings WHERE id = 1`).Scan(&logo, &data)
		if err != nil {
			return err
		}
		s = data.News()
		s.Logo = imageRef(logo)
		images, err := loadImages(ctx, q, []int64{imageID(s.Logo)})
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
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO settings (id, logo_id, data) VALUES (1, $1, $2)
			ON CONFLICT (id) DO UPDATE SET logo_id = excluded.logo_id, data = excluded.data`,
			idArg(imageID(s.Logo)), storejson.SettingsOf(s))
		return err
	})
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}
