package admin

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// namer shows relations held by id (as revisions keep them) by their
// current names.
type namer struct {
	cats      map[int64]string
	tagsBy    map[int64]string
	authorsBy map[int64]string
}

func (a *Admin) namer(r *http.Request) (namer, error) {
	ctx := r.Context()
	n := namer{cats: map[int64]string{}, tagsBy: map[int64]string{}, authorsBy: map[int64]string{}}
	cats, err := a.store.AllCategories(ctx)
	if err != nil {
		return n, err
	}
	for _, c := range cats {
		n.cats[c.ID] = c.Name
	}
	tags, err := a.store.AllTags(ctx)
	if err != nil {
		return n, err
	}
	for _, t := range tags {
		n.tagsBy[t.ID] = t.Name
	}
	authors, err := a.store.AllAuthors(ctx)
	if err != nil {
		return n, err
	}
	for _, au := range authors {
		n.authorsBy[au.ID] = au.Name
	}
	return n, nil
}

func (n namer) list(ids []int64, names map[int64]string) string {
	var out []string
	for _, id := range ids {
		name := names[id]
		if name == "" {
			name = fmt.Sprintf("(deleted #%d)", id)
		}
		out = append(out, name+",")
	}
	return strings.TrimSuffix(strings.Join(out, " "), ",")
}

func (n namer) categories(cs []news.Category) string {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return n.list(ids, n.cats)
}

func (n namer) tags(ts []news.Tag) string {
	var ids []int64
	for _, t := range ts {
		ids = append(ids, t.ID)
	}
	return n.list(ids, n.tagsBy)
}

func (n namer) authors(as []news.Author) string {
	var ids []int64
	for _, au := range as {
		ids = append(ids, au.ID)
	}
	return n.list(ids, n.authorsBy)
}

func timeText(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2 Jan 2006 15:04")
}

func imageText(img *news.Image) string {
	if img == nil || img.ID == 0 {
		return ""
	}
	return fmt.Sprintf("image #%d", img.ID)
}

func sourceText(s news.Attribution) string {
	if s.IsZero() {
		return "original"
	}
	parts := []string{string(s.Kind)}
	for _, p := range []string{s.Publication, s.URL, s.OriginalAuthor, s.Translator, s.Language, s.Note} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if s.Canonical {
		parts = append(parts, "canonical to the original")
	}
	return strings.Join(parts, " · ")
}
