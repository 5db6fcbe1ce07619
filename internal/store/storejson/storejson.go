// Package storejson is the stored JSON form of the domain values that the
// backends keep as JSON (social links, image variants, settings). One
// definition for every backend keeps the format identical everywhere, so
// the stored documents never drift between SQLite and PostgreSQL.
package storejson

import "github.com/mastheadhq/masthead/internal/news"

// Link is the stored form of a news.SocialLink; the tags fix the format
// whatever the domain type's field names become.
type Link struct {
	Network string `json:"network"`
	URL     string `json:"url"`
}

// Links never returns nil: nil would be stored as JSON null rather than
// the empty array the schemas expect.
func Links(links []news.SocialLink) []Link {
	out := make([]Link, len(links))
	for i, l := range links {
		out[i] = Link(l)
	}
	return out
}

// SocialLinks is the inverse of Links; none stored reads back as nil.
func SocialLinks(links []Link) []news.SocialLink {
	if len(links) == 0 {
		return nil
	}
	out := make([]news.SocialLink, len(links))
	for i, l := range links {
		out[i] = news.SocialLink(l)
	}
	return out
}

// Variant is the stored form of a news.Variant.
type Variant struct {
	Path   string `json:"path"`
	MIME   string `json:"mime"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Crop   bool   `json:"crop,omitempty"`
}

// Variants never returns nil, for the same reason as Links.
func Variants(vs []news.Variant) []Variant {
	out := make([]Variant, len(vs))
	for i, v := range vs {
		out[i] = Variant(v)
	}
	return out
}

// NewsVariants is the inverse of Variants; none stored reads back as nil.
func NewsVariants(stored []Variant) []news.Variant {
	if len(stored) == 0 {
		return nil
	}
	out := make([]news.Variant, len(stored))
	for i, v := range stored {
		out[i] = news.Variant(v)
	}
	return out
}

// Settings is the stored form of news.Settings. The logo is not in it:
// backends keep it in a column of its own, where the database can check
// that the image exists.
type Settings struct {
	Name         string `json:"name"`
	Tagline      string `json:"tagline,omitempty"`
	About        string `json:"about,omitempty"`
	ContactEmail string `json:"contact_email,omitempty"`
	Copyright    string `json:"copyright,omitempty"`
	BaseURL      string `json:"base_url,omitempty"`
	Language     string `json:"language,omitempty"`
	TimeZone     string `json:"time_zone,omitempty"`
	Social       []Link `json:"social,omitempty"`
	ConsentText  string `json:"consent_text,omitempty"`
	FeedFullText bool   `json:"feed_full_text,omitempty"`
}

// SettingsOf returns the stored form of s, without its logo.
func SettingsOf(s news.Settings) Settings {
	return Settings{
		Name: s.Name, Tagline: s.Tagline, About: s.About, ContactEmail: s.ContactEmail,
		Copyright: s.Copyright, BaseURL: s.BaseURL, Language: s.Language, TimeZone: s.TimeZone,
		Social: Links(s.Social), ConsentText: s.ConsentText, FeedFullText: s.FeedFullText,
	}
}

// News returns the settings the stored form holds, without a logo.
func (j Settings) News() news.Settings {
	return news.Settings{
		Name: j.Name, Tagline: j.Tagline, About: j.About, ContactEmail: j.ContactEmail,
		Copyright: j.Copyright, BaseURL: j.BaseURL, Language: j.Language, TimeZone: j.TimeZone,
		Social: SocialLinks(j.Social), ConsentText: j.ConsentText, FeedFullText: j.FeedFullText,
	}
}
