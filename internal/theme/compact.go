package theme

import (
	"bytes"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// minifier shrinks the theme's scripts and style sheets once, at load:
// the sources stay readable in the repository (and in a theme overlay)
// while readers download less (issue #2 caps the article page's
// JavaScript at 10 KB uncompressed).
var minifier = func() *minify.M {
	m := minify.New()
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("text/css", css.Minify)
	return m
}()

// minified returns src minified as the media type says, or src itself
// for other types and for a file the minifier cannot parse (a theme's
// own script with an error is then served as written, and fails in the
// browser where its author will see it).
func minified(mediaType string, src []byte) []byte {
	var out bytes.Buffer
	if err := minifier.Minify(mediaType, &out, bytes.NewReader(src)); err != nil {
		return src
	}
	return out.Bytes()
}
