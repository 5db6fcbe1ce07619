package render

import (
	"sort"
	"strings"
)

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
//
// The kinds FromWordPress writes are "shortcode" (an unknown shortcode,
// its tag removed and its text kept; Detail is its name), "block" (a
// block whose text was kept but not its layout or behaviour), "dynamic
// block" (a block WordPress generated on each page view, dropped),
// "embed" (an embed other than YouTube, X or Instagram, kept as a link;
// Detail is the host), "media" (an audio or video player or a playlist,
// kept as a link or dropped), "gallery" (a gallery shown as separate
// pictures, or a picture it names that is unknown), "image" (a picture
// neither MediaURL nor Attachment knows, left at its address; Detail is
// the host) and "html" (an element the sanitiser removes, such as a
// script or a form).
type ConversionNote struct {
	Kind   string // e.g. "shortcode", "block", "embed"
	Detail string // e.g. the shortcode's name
}

// FromWordPress converts a post's content, as WordPress stores it
// (classic-editor text, Gutenberg block comments, shortcodes), into a
// sanitised Masthead body that shows readers what WordPress showed them.
//
// It follows the order of WordPress's own content filters: a post with
// blocks has its blocks rendered and is not paragraphed; a classic post
// has URLs alone on a line marked for embedding and is then paragraphed as
// wpautop does; shortcodes are expanded after either. The resulting HTML is
// parsed as a browser would parse it and rebuilt in the spelling the
// newsroom editor writes, then sanitised.
func FromWordPress(content string, opt WordPressOptions) (body string, notes []ConversionNote) {
	c := &wpConverter{opt: opt, notes: map[ConversionNote]bool{}}
	// A WXR file is XML and so valid UTF-8; other callers' stray bytes
	// are replaced here, once, rather than differently by each step.
	text := strings.ToValidUTF8(content, "\uFFFD")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	if hasBlocks(text) {
		text = c.renderBlocks(text)
	} else {
		pieces := lexHTML(text)
		isolateEmbedLines(pieces)
		text = autopPieces(pieces, len(text))
	}
	text = c.expandShortcodes(text)
	return Sanitize(c.rebuild(text)), c.sortedNotes()
}

// wpConverter holds what one conversion needs besides the text: the
// site's callbacks and the notes gathered so far.
type wpConverter struct {
	opt   WordPressOptions
	notes map[ConversionNote]bool
	// shortcodes are the names seen used as shortcodes, so that a stray
	// closing tag of one can be recognised.
	shortcodes map[string]bool
	// shortcodeDepth is how deep inside shortcodes expansion is.
	shortcodeDepth int
}

// Note kinds, as documented on ConversionNote.
const (
	noteShortcode    = "shortcode"
	noteBlock        = "block"
	noteDynamicBlock = "dynamic block"
	noteEmbed        = "embed"
	noteMedia        = "media"
	noteGallery      = "gallery"
	noteHTML         = "html"
	noteImage        = "image"
)

func (c *wpConverter) note(kind, detail string) {
	c.notes[ConversionNote{Kind: kind, Detail: detail}] = true
}

// sortedNotes returns the notes once each, ordered by kind and detail so
// that the same content always gives the same report.
func (c *wpConverter) sortedNotes() []ConversionNote {
	if len(c.notes) == 0 {
		return nil
	}
	out := make([]ConversionNote, 0, len(c.notes))
	for n := range c.notes {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Detail < out[j].Detail
	})
	return out
}

// mediaURL is the Masthead address for a URL of the WordPress site, or
// the URL itself.
func (c *wpConverter) mediaURL(u string) string {
	if c.opt.MediaURL == nil || u == "" {
		return u
	}
	if m, ok := c.opt.MediaURL(u); ok {
		return m
	}
	return u
}

func (c *wpConverter) attachment(id int64) (WordPressMedia, bool) {
	if c.opt.Attachment == nil || id <= 0 {
		return WordPressMedia{}, false
	}
	return c.opt.Attachment(id)
}
