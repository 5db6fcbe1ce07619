package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
)

// settingsJSON is the stored form of news.Settings. The logo lives in its
// own column, where the database can check the image exists.
type settingsJSON struct {
	Name         string     `json:"name"`
	Tagline      string     `json:"tagline,omitempty"`
	About        string     `json:"about,omitempty"`
	ContactEmail string     `json:"contact_email,omitempty"`
	Copyright    string     `json:"copyright,omitempty"`
	BaseURL      string     `json:"base_url,omitempty"`
	Language     string     `json:"language,omitempty"`
	TimeZone     string     `json:"time_zone,omitempty"`
	Social       []linkJSON `json:"social,omitempty"`
	ConsentText  string     `json:"consent_text,omitempty"`
	FeedFullText bool       `json:"feed_full_text,omitempty"`
}

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
	b, err := json.Marshal(settingsJSON{
		Name:         s.Name,
		Tagline:      s.Tagline,
		About:        s.About,
		ContactEmail: s.ContactEmail,
		Copyright:    s.Copyright,
		BaseURL:      s.BaseURL,
		Language:     s.Language,
		TimeZone:     s.TimeZone,
		Social:       linksToJSON(s.Social),
		ConsentText:  s.ConsentText,
		FeedFullText: s.FeedFullText,
	})
	return string(b), err
}

func decodeSettings(data string) (news.Settings, error) {
	var j settingsJSON
	if err := json.Unmarshal([]byte(data), &j); err != nil {
		return news.Settings{}, fmt.Errorf("decode settings: %w", err)
	}
	return news.Settings{
		Name:         j.Name,
		Tagline:      j.Tagline,
		About:        j.About,
		ContactEmail: j.ContactEmail,
		Copyright:    j.Copyright,
		BaseURL:      j.BaseURL,
		Language:     j.Language,
		TimeZone:     j.TimeZone,
		Social:       linksFromJSON(j.Social),
		ConsentText:  j.ConsentText,
		FeedFullText: j.FeedFullText,
	}, nil
}
