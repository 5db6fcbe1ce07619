package admin

import (
	"encoding/json"

	"fmt"
	"net/http"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

// autosaveAnswer tells the editor's script what became of its autosave.
type autosaveAnswer struct {
	ID      int64    `json:"id"`
	Version int      `json:"version"`
	Saved   bool     `json:"saved"` // false: kept as unsaved changes
	Edit    string   `json:"edit"`  // the editor's address
	Message string   `json:"message"`
	Others  []string `json:"others,omitempty"`
}

// articleAutosave keeps the editor's form while the writer types; see
// newsroom.Autosave for where it lands.
func (a *Admin) articleAutosave(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = articleID(r); err != nil {
			return err
		}
	}
	ctx := r.Context()
	in, problems, err := a.articleFromForm(r, id)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return writeJSON(w, http.StatusUnprocessableEntity, autosaveAnswer{ID: id, Version: in.Version, Message: problems[0]})
	}
	art, saved, err := a.newsroom.Autosave(ctx, currentUser(ctx), in)
	if msg, ok := saveProblem(err); ok {
		return writeJSON(w, http.StatusUnprocessableEntity, autosaveAnswer{ID: id, Version: in.Version, Message: msg})
	}
	if err != nil {
		return err
	}
	ans := autosaveAnswer{ID: art.ID, Version: art.Version, Saved: saved, Edit: fmt.Sprintf("/admin/articles/%d/", art.ID)}
	loc := a.location(r)
	if saved {
		ans.Message = "Saved at " + a.now().In(loc).Format("15:04:05")
	} else {
		ans.Version = in.Version
		ans.Message = "Changes kept at " + a.now().In(loc).Format("15:04:05") + " (not yet on the site)"
	}
	return writeJSON(w, http.StatusOK, ans)
}

// articlePresence is the editor's heartbeat: it records that the writer
// still has the article open and answers who else has.
func (a *Admin) articlePresence(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := articleID(r)
	if err != nil {
		return err
	}
	u := currentUser(ctx)
	art, err := a.store.Article(ctx, id)
	if err != nil {
		return err
	}
	if !newsroom.Allowed(u.Role, newsroom.EditArticle, newsroom.Owns(u, art)) {
		return news.ErrForbidden
	}
	if r.FormValue("leave") != "" {
		return a.store.LeavePresence(ctx, id, u.ID)
	}
	if err := a.store.TouchPresence(ctx, id, u.ID, a.now()); err != nil {
		return err
	}
	present, err := a.store.PresentUsers(ctx, id, a.now().Add(-presenceWindow))
	if err != nil {
		return err
	}
	ans := struct {
		Others  []string `json:"others"`
		Version int      `json:"version"`
	}{Others: []string{}, Version: art.Version}
	for _, o := range present {
		if o.ID != u.ID {
			ans.Others = append(ans.Others, o.Name)
		}
	}
	return writeJSON(w, http.StatusOK, ans)
}

// articleDiscard forgets the writer's unsaved changes.
func (a *Admin) articleDiscard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := articleID(r)
	if err != nil {
		return err
	}
	if err := a.store.DeleteDraft(ctx, id, currentUser(ctx).ID); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/articles/%d/", id), http.StatusSeeOther)
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}
