package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

type tagListPage struct {
	base
	Query    string
	Rows     []tagRow
	Total    int // tags in the publication, before the search
	Matches  int // tags the search found, of which Rows shows the first
	Problems []string
	NewName  string
	NewSlug  string
}

// tagListRows is how many topics the list shows at once: a publication
// may have thousands, and the search narrows them.
const tagListRows = 200

type tagRow struct {
	news.Tag
	Articles int
}

type tagFormPage struct {
	base
	Problems []string
	Tag      news.Tag
	Articles int
	Others   []news.Tag // merge targets
}

func (a *Admin) tagList(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageTags); err != nil {
		return err
	}
	return a.tagListPage(w, r, http.StatusOK, tagListPage{Query: strings.TrimSpace(r.URL.Query().Get("q"))})
}

func (a *Admin) tagListPage(w http.ResponseWriter, r *http.Request, status int, page tagListPage) error {
	tags, err := a.store.AllTags(r.Context())
	if err != nil {
		return err
	}
	counts, err := a.store.TagArticleCounts(r.Context())
	if err != nil {
		return err
	}
	page.base = a.page(r, "Topics")
	page.Total = len(tags)
	found := matchTags(tags, page.Query, 0)
	page.Matches = len(found)
	for _, t := range found[:min(len(found), tagListRows)] {
		page.Rows = append(page.Rows, tagRow{Tag: t, Articles: counts[t.ID]})
	}
	return a.render(w, status, "manage_tags.html", page)
}

// matchTags returns the tags whose name or slug contains q, folded, those
// that start with it first; limit 0 keeps all.
func matchTags(tags []news.Tag, q string, limit int) []news.Tag {
	fq := news.Fold(q)
	var starts, inside []news.Tag
	for _, t := range tags {
		name := news.Fold(t.Name)
		switch {
		case fq == "" || strings.HasPrefix(name, fq) || strings.HasPrefix(t.Slug, fq):
			starts = append(starts, t)
		case strings.Contains(name, fq) || strings.Contains(t.Slug, fq):
			inside = append(inside, t)
		}
	}
	found := append(starts, inside...)
	if limit > 0 && len(found) > limit {
		found = found[:limit]
	}
	return found
}

func (a *Admin) tagCreate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageTags); err != nil {
		return err
	}
	var p formProblems
	t := news.Tag{Name: formText(r, "name")}
	if t.Name == "" {
		p.add("Give the topic a name.")
	}
	t.Slug = formSlug(formText(r, "slug"), t.Name, &p)
	if len(p) == 0 {
		if err := storeRefusal(a.store.CreateTag(r.Context(), &t), "topic", &p); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		return a.tagListPage(w, r, http.StatusUnprocessableEntity, tagListPage{Problems: p, NewName: t.Name, NewSlug: formText(r, "slug")})
	}
	redirectDone(w, r, "/admin/tags/"+strconv.FormatInt(t.ID, 10), "created")
	return nil
}

// tag returns the tag the address names and every tag.
func (a *Admin) tag(r *http.Request) (news.Tag, []news.Tag, error) {
	id, err := manageID(r)
	if err != nil {
		return news.Tag{}, nil, err
	}
	tags, err := a.store.AllTags(r.Context())
	if err != nil {
		return news.Tag{}, nil, err
	}
	for _, t := range tags {
		if t.ID == id {
			return t, tags, nil
		}
	}
	return news.Tag{}, nil, news.ErrNotFound
}

func (a *Admin) tagEdit(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageTags); err != nil {
		return err
	}
	t, all, err := a.tag(r)
	if err != nil {
		return err
	}
	return a.tagForm(w, r, http.StatusOK, t, all, nil)
}

func (a *Admin) tagForm(w http.ResponseWriter, r *http.Request, status int, t news.Tag, all []news.Tag, p formProblems) error {
	counts, err := a.store.TagArticleCounts(r.Context())
	if err != nil {
		return err
	}
	page := tagFormPage{base: a.page(r, "Edit topic"), Problems: p, Tag: t, Articles: counts[t.ID]}
	for _, o := range all {
		if o.ID != t.ID {
			page.Others = append(page.Others, o)
		}
	}
	return a.render(w, status, "manage_tag_form.html", page)
}

func (a *Admin) tagUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageTags); err != nil {
		return err
	}
	t, all, err := a.tag(r)
	if err != nil {
		return err
	}
	var p formProblems
	t.Name, t.Description = formText(r, "name"), formText(r, "description")
	if t.Name == "" {
		p.add("Give the topic a name.")
	}
	t.Slug = formSlug(formText(r, "slug"), t.Name, &p)
	if len(p) == 0 {
		if err := storeRefusal(a.store.UpdateTag(r.Context(), &t), "topic", &p); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		return a.tagForm(w, r, http.StatusUnprocessableEntity, t, all, p)
	}
	redirectDone(w, r, "/admin/tags/"+strconv.FormatInt(t.ID, 10), "saved")
	return nil
}

// tagMerge folds this tag into the one chosen: its articles gain that
// tag and this one goes, in one transaction of the store.
func (a *Admin) tagMerge(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageTags); err != nil {
		return err
	}
	t, all, err := a.tag(r)
	if err != nil {
		return err
	}
	var p formProblems
	into, err := strconv.ParseInt(formText(r, "into"), 10, 64)
	switch {
	case err != nil || into == 0:
		p.add("Choose the topic to merge “%s” into.", t.Name)
	case into == t.ID:
		p.add("A topic cannot be merged into itself.")
	default:
		err := a.store.MergeTags(r.Context(), t.ID, into)
		if errors.Is(err, news.ErrNotFound) {
			p.add("The topic to merge into no longer exists; choose another.")
		} else if err != nil {
			return err
		}
	}
	if len(p) > 0 {
		return a.tagForm(w, r, http.StatusUnprocessableEntity, t, all, p)
	}
	redirectDone(w, r, "/admin/tags/"+strconv.FormatInt(into, 10), "merged")
	return nil
}

func (a *Admin) tagDelete(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageTags); err != nil {
		return err
	}
	id, err := manageID(r)
	if err != nil {
		return err
	}
	if err := a.store.DeleteTag(r.Context(), id); err != nil {
		return err
	}
	redirectDone(w, r, "/admin/tags/", "deleted")
	return nil
}

// lookupLimit is how many suggestions a type-ahead offers.
const lookupLimit = 20

// tagJSON is a tag as the editor's type-ahead sees it.
type tagJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// tagLookup suggests tags for the editor's type-ahead. Anyone who may
// create tags while writing may look them up.
func (a *Admin) tagLookup(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.CreateTag); err != nil {
		return err
	}
	tags, err := a.store.AllTags(r.Context())
	if err != nil {
		return err
	}
	out := struct {
		Tags []tagJSON `json:"tags"`
	}{Tags: []tagJSON{}}
	for _, t := range matchTags(tags, strings.TrimSpace(r.URL.Query().Get("q")), lookupLimit) {
		out.Tags = append(out.Tags, tagJSON{ID: t.ID, Name: t.Name, Slug: t.Slug})
	}
	return answerJSON(w, http.StatusOK, out)
}

// tagEnsure returns the tag a writer typed, creating it when no tag has
// that name or slug yet, so that "Cop29" and "COP29" stay one topic.
func (a *Admin) tagEnsure(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.CreateTag); err != nil {
		return err
	}
	name := formText(r, "name")
	slug := news.Slugify(name)
	if slug == "" {
		return answerJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": "A topic needs at least one letter or digit."})
	}
	if t, ok, err := a.existingTag(r, name, slug); err != nil || ok {
		if err != nil {
			return err
		}
		return answerJSON(w, http.StatusOK, tagAnswer{Tag: tagJSON{ID: t.ID, Name: t.Name, Slug: t.Slug}})
	}
	t := news.Tag{Name: name, Slug: slug}
	err := a.store.CreateTag(r.Context(), &t)
	if errors.Is(err, news.ErrConflict) {
		// Someone created it a moment ago.
		if t, ok, err := a.existingTag(r, name, slug); err != nil || ok {
			if err != nil {
				return err
			}
			return answerJSON(w, http.StatusOK, tagAnswer{Tag: tagJSON{ID: t.ID, Name: t.Name, Slug: t.Slug}})
		}
	}
	if err != nil {
		return err
	}
	return answerJSON(w, http.StatusCreated, tagAnswer{Tag: tagJSON{ID: t.ID, Name: t.Name, Slug: t.Slug}, Created: true})
}

type tagAnswer struct {
	Tag     tagJSON `json:"tag"`
	Created bool    `json:"created"`
}

func (a *Admin) existingTag(r *http.Request, name, slug string) (news.Tag, bool, error) {
	t, err := a.store.TagBySlug(r.Context(), slug)
	if err == nil {
		return t, true, nil
	}
	if !errors.Is(err, news.ErrNotFound) {
		return news.Tag{}, false, err
	}
	tags, err := a.store.AllTags(r.Context())
	if err != nil {
		return news.Tag{}, false, err
	}
	for _, t := range tags {
		if sameFolded(t.Name, name) {
			return t, true, nil
		}
	}
	return news.Tag{}, false, nil
}

// writeJSON answers with v; newsroom answers are never cached.
func answerJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
}
