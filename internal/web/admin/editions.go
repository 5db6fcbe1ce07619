package admin

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
)

// editionRoutes registers the editions page and the Translate action.
func (a *Admin) editionRoutes(mux *web.Mux) {
	mux.Handle("GET /admin/editions", a.signedIn(a.editionsEdit))
	mux.Handle("POST /admin/editions", a.signedIn(a.editionsUpdate))
	mux.Handle("POST /admin/articles/{id}/translate", a.signedIn(a.articleTranslate))
}

// blankEditionRows is how many empty rows the editions form offers.
const blankEditionRows = 2

type editionsPage struct {
	base
	Problems []string
	Default  string
	Rows     []editionRow
}

type editionRow struct {
	N                               int
	Code, Name, Dir, Tagline, About string
	Position                        string
}

func (a *Admin) editionsEdit(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageSettings); err != nil {
		return err
	}
	editions, err := a.store.Editions(r.Context())
	if err != nil {
		return err
	}
	var rows []editionRow
	for _, e := range editions {
		rows = append(rows, editionRow{Code: e.Code, Name: e.Name, Dir: e.Dir, Tagline: e.Tagline, About: e.About, Position: strconv.Itoa(e.Position)})
	}
	return a.editionsForm(w, r, http.StatusOK, rows, nil)
}

func (a *Admin) editionsForm(w http.ResponseWriter, r *http.Request, status int, rows []editionRow, problems []string) error {
	page := editionsPage{base: a.page(r, "Editions"), Problems: problems, Default: a.defaultLanguage(r)}
	for range blankEditionRows {
		rows = append(rows, editionRow{Dir: news.DirLTR})
	}
	for i := range rows {
		rows[i].N = i + 1
	}
	page.Rows = rows
	return a.render(w, status, "manage_editions.html", page)
}

// editionsUpdate replaces the editions with the form's rows; a row whose
// code is left empty is dropped.
func (a *Admin) editionsUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageSettings); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	var p formProblems
	var rows []editionRow
	var editions []news.Edition
	for i := 1; ; i++ {
		key := strconv.Itoa(i)
		if _, ok := r.PostForm["code"+key]; !ok {
			break
		}
		row := editionRow{Code: formText(r, "code"+key), Name: formText(r, "name"+key), Dir: formText(r, "dir"+key),
			Tagline: formText(r, "tagline"+key), About: formText(r, "about"+key), Position: formText(r, "position"+key)}
		if row.Code == "" && row.Name == "" {
			continue
		}
		rows = append(rows, row)
		pos, err := strconv.Atoi(row.Position)
		if row.Position != "" && err != nil {
			p.add("Row %d: the order must be a whole number.", i)
		}
		e := news.Edition{Code: row.Code, Name: row.Name, Dir: row.Dir, Position: pos, Tagline: row.Tagline, About: row.About}
		if e.Dir == "" {
			e.Dir = news.DefaultDir(e.Code)
		}
		if err := e.Validate(); err != nil {
			p.add("Row %d: %s.", i, strings.TrimPrefix(err.Error(), "invalid: "))
		}
		editions = append(editions, e)
	}
	if len(p) == 0 {
		if err := a.store.SetEditions(r.Context(), editions); err != nil {
			p.add("Not saved: %s.", strings.TrimPrefix(err.Error(), "set editions: invalid: "))
		}
	}
	if len(p) > 0 {
		return a.editionsForm(w, r, http.StatusUnprocessableEntity, rows, p)
	}
	a.audit(r, currentUser(r.Context()), "editions.save", "settings", 0, "editions", fmt.Sprintf("%d editions", len(editions)))
	redirectDone(w, r, "/admin/editions", "saved")
	return nil
}

func (a *Admin) defaultLanguage(r *http.Request) string {
	s, err := a.store.Settings(r.Context())
	if err != nil || s.Language == "" {
		return "en"
	}
	return s.Language
}

// editionChoice is an edition offered in a form.
type editionChoice struct {
	Code, Name string
	Selected   bool
}

// editionChoices lists the default language, then the further editions;
// selected is a stored code ("" for the default).
func (a *Admin) editionChoices(r *http.Request, selected string) ([]editionChoice, error) {
	def := a.defaultLanguage(r)
	editions, err := a.store.Editions(r.Context())
	if err != nil {
		return nil, err
	}
	out := []editionChoice{{Code: def, Name: def + " (default)", Selected: selected == "" || strings.EqualFold(selected, def)}}
	for _, e := range editions {
		if strings.EqualFold(e.Code, def) {
			continue
		}
		out = append(out, editionChoice{Code: e.Code, Name: e.Name + " (" + e.Code + ")", Selected: strings.EqualFold(selected, e.Code)})
	}
	return out, nil
}

// articleTranslate starts a translation of the article into the edition
// the form names, and opens it; a translation that exists already is
// opened instead.
func (a *Admin) articleTranslate(w http.ResponseWriter, r *http.Request) error {
	id, err := articleID(r)
	if err != nil {
		return err
	}
	u := currentUser(r.Context())
	lang := strings.TrimSpace(r.PostFormValue("lang"))
	draft, err := a.newsroom.Translate(r.Context(), u, id, lang)
	var existing *newsroom.ExistingTranslationError
	switch {
	case errors.As(err, &existing):
		http.Redirect(w, r, fmt.Sprintf("/admin/articles/%d/", existing.ID), http.StatusSeeOther)
		return nil
	case err != nil:
		var pe *newsroom.ProblemError
		if errors.As(err, &pe) {
			return fmt.Errorf("%w: %s", news.ErrInvalid, pe.Error())
		}
		return err
	}
	a.audit(r, u, "article.translate", "article", draft.ID, draft.Title, fmt.Sprintf("into %s from article %d", lang, id))
	http.Redirect(w, r, fmt.Sprintf("/admin/articles/%d/?done=translating", draft.ID), http.StatusSeeOther)
	return nil
}

// fillEditions adds the editor's language choices and, for a
// translation, the original to show beside it. A form sent back after a
// refused save lacks the stored language and links, so they are read
// from the stored article.
func (a *Admin) fillEditions(r *http.Request, p *editorPage) error {
	ctx := r.Context()
	art := &p.Article
	if art.ID != 0 {
		cur, err := a.store.Article(ctx, art.ID)
		if err != nil {
			return err
		}
		art.Lang, art.TranslationGroup, art.TranslatedFrom, art.TranslatorID = cur.Lang, cur.TranslationGroup, cur.TranslatedFrom, cur.TranslatorID
	}
	choices, err := a.editionChoices(r, art.Lang)
	if err != nil {
		return err
	}
	if len(choices) < 2 {
		return nil
	}
	if art.ID == 0 {
		p.Editions = choices
		return nil
	}
	u := currentUser(ctx)
	taken := map[string]bool{}
	if art.TranslationGroup != 0 {
		group, err := a.store.ListArticles(ctx, store.ArticleFilter{TranslationGroups: []int64{art.TranslationGroup}})
		if err != nil {
			return err
		}
		for _, m := range group {
			taken[m.Lang] = true
		}
	}
	taken[art.Lang] = true
	for i, c := range choices {
		code := c.Code
		if i == 0 {
			code = ""
		}
		if c.Selected {
			p.LangName = c.Name
		}
		if !taken[code] && newsroom.Allowed(u.Role, newsroom.WriteArticle, true) {
			c.Selected = false
			p.TranslateInto = append(p.TranslateInto, c)
		}
	}
	if art.TranslatedFrom != 0 {
		orig, err := a.store.Article(ctx, art.TranslatedFrom)
		if err == nil {
			p.Original = &orig
			p.OriginalLang = orig.Lang
			if p.OriginalLang == "" {
				p.OriginalLang = a.defaultLanguage(r)
			}
			p.OriginalBody = template.HTML(orig.Body) // sanitised when it was saved
		} else if !errors.Is(err, news.ErrNotFound) {
			return err
		}
	}
	return nil
}
