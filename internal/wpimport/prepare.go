package wpimport

import (
	"context"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/render"
)

// prepared is the work on a post that needs no database: its hash and,
// when no picture in it had to be looked up, its converted content. The
// goroutine that reads the export does it, on the second core, while the
// writer writes the posts before it.
type prepared struct {
	hash string
	// converted is false when the writer must convert the content itself:
	// a picture it names by id or, with --uploads, by address has to be
	// imported or looked up first, or the item is unchanged since the
	// last run and will not be converted at all.
	converted bool
	body      string
	notes     []render.ConversionNote
	clean     newsroom.CleanedBody // body, sanitised and counted for the newsroom
}

// prepare does a post's database-free work. It reads only the index, the
// options and the hashes of earlier runs, none of which change during the
// pass, so it may run beside the writer.
func (imp *Importer) prepare(it *Item) *prepared {
	if it.Type != "post" || !importable(it.Status) {
		return nil
	}
	p := &prepared{hash: imp.itemHash(*it)}
	if imp.postHashes[strconv.FormatInt(it.ID, 10)] == p.hash {
		return p // unchanged: the writer skips it
	}
	needsStore := false
	body, notes := render.FromWordPress(it.Content, render.WordPressOptions{
		MediaURL: func(addr string) (string, bool) {
			if imp.Options.UploadsDir == "" {
				return imp.linkedMediaURL(addr)
			}
			if a, _ := imp.ix.AttachmentByURL(addr); a != nil {
				needsStore = true
			}
			return "", false
		},
		Attachment: func(int64) (render.WordPressMedia, bool) {
			needsStore = true
			return render.WordPressMedia{}, false
		},
	})
	if !needsStore {
		p.converted, p.body, p.notes, p.clean = true, body, notes, newsroom.CleanBody(body)
	}
	return p
}

// loadPostHashes reads the hash each post had when an earlier run
// imported it, so that prepare spends nothing on unchanged posts.
func (imp *Importer) loadPostHashes(ctx context.Context) error {
	ms, err := imp.s.ImportMappings(ctx, imp.ix.Source, "post")
	if err != nil {
		return err
	}
	imp.postHashes = make(map[string]string, len(ms))
	for _, m := range ms {
		imp.postHashes[m.SourceID] = m.Hash
	}
	return nil
}

// noteConversion adds what the converter noted to the report.
func (imp *Importer) noteConversion(notes []render.ConversionNote) {
	for _, n := range notes {
		imp.report.Notes[strings.TrimSpace(n.Kind+" "+n.Detail)]++
	}
}
