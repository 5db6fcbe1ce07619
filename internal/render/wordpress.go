package render

// WordPressOptions tells FromWordPress about the site the content came from.
type WordPressOptions struct {
	// MediaURL returns the Masthead address for a media URL of the
	// WordPress site (an original or any of its size variants), or false
	// to leave the URL as it is. Nil leaves every URL as it is.
	MediaURL func(wordpressURL string) (string, bool)
	// Attachment returns what Masthead knows of the WordPress attachment
	// with the given id, for galleries and blocks that name pictures by
	// id, or false. Nil knows none.
	Attachment func(id int64) (WordPressMedia, bool)
}

// WordPressMedia is an imported attachment as content refers to it.
type WordPressMedia struct {
	URL     string // its Masthead address
	Alt     string
	Caption string
}

// ConversionNote records something FromWordPress could not carry across
// exactly, for the import report. The text stays readable either way.
type ConversionNote struct {
	Kind   string // e.g. "shortcode", "block", "embed"
	Detail string // e.g. the shortcode's name
}

// FromWordPress converts a post's content, as WordPress stores it
// (classic-editor text, Gutenberg block comments, shortcodes), into a
// sanitised Masthead body that shows readers what WordPress showed them.
func FromWordPress(content string, opt WordPressOptions) (body string, notes []ConversionNote) {
	// Placeholder until the converter lands: keeps the text, safely.
	return Sanitize(content), nil
}
