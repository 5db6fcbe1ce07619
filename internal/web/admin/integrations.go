package admin

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
)

// integrationRoutes registers the page where administrators give apps
// and scripts their API keys.
func (a *Admin) integrationRoutes(mux *web.Mux) {
	mux.Handle("GET /admin/integrations/{$}", a.signedIn(a.permitted(newsroom.ManageAPIKeys, a.integrations)))
	mux.Handle("POST /admin/integrations/keys", a.signedIn(a.permitted(newsroom.ManageAPIKeys, a.createAPIKey)))
	mux.Handle("POST /admin/integrations/keys/{id}/revoke", a.signedIn(a.permitted(newsroom.ManageAPIKeys, a.revokeAPIKey)))
	a.webhookRoutes(mux)
}

type integrationsPage struct {
	base
	Keys     []apiKeyRow
	Staff    []news.User // possible owners of an admin key
	Problems []string
	Form     apiKeyForm

	Hooks        []webhookRow
	HookForm     webhookForm
	HookProblems []string
	Events       []eventChoice
}

type apiKeyRow struct {
	news.APIKey
	Owner     string
	Created   string
	RevokedOn string
}

type apiKeyForm struct {
	Kind, Name, Owner string
}

func (a *Admin) integrations(w http.ResponseWriter, r *http.Request) error {
	me := currentUser(r.Context())
	return a.renderIntegrations(w, r, http.StatusOK, apiKeyForm{Kind: string(news.APIKeyContent), Owner: strconv.FormatInt(me.ID, 10)}, nil)
}

func (a *Admin) renderIntegrations(w http.ResponseWriter, r *http.Request, status int, form apiKeyForm, problems []string) error {
	return a.renderIntegrationsWith(w, r, status, integrationsPage{Form: form, Problems: problems,
		HookForm: webhookForm{Events: map[string]bool{news.EventArticlePublished: true}}})
}

// renderIntegrationsWith shows the page with the forms as given.
func (a *Admin) renderIntegrationsWith(w http.ResponseWriter, r *http.Request, status int, page integrationsPage) error {
	keys, err := a.store.APIKeys(r.Context())
	if err != nil {
		return err
	}
	staff, err := a.store.AllUsers(r.Context())
	if err != nil {
		return err
	}
	names := map[int64]string{}
	page.base = a.page(r, "Integrations")
	if page.Form.Kind == "" {
		page.Form = apiKeyForm{Kind: string(news.APIKeyContent), Owner: strconv.FormatInt(currentUser(r.Context()).ID, 10)}
	}
	page.Events = page.HookForm.choices()
	if page.Hooks, err = a.webhookRows(r); err != nil {
		return err
	}
	for _, u := range staff {
		names[u.ID] = u.Name
		if !u.Disabled {
			page.Staff = append(page.Staff, u)
		}
	}
	loc := a.publicationZone(r)
	for _, k := range keys {
		row := apiKeyRow{APIKey: k, Owner: names[k.UserID], Created: k.CreatedAt.In(loc).Format("2 Jan 2006 15:04")}
		if k.Revoked() {
			row.RevokedOn = k.RevokedAt.In(loc).Format("2 Jan 2006 15:04")
		}
		page.Keys = append(page.Keys, row)
	}
	return a.render(w, status, "integrations.html", page)
}

// createAPIKey makes a key and shows its secret once; the store keeps only
// its hash. An admin key acts with its owner's role, so the owner must be
// an enabled staff account.
func (a *Admin) createAPIKey(w http.ResponseWriter, r *http.Request) error {
	form := apiKeyForm{Kind: r.PostFormValue("kind"), Name: strings.TrimSpace(r.PostFormValue("name")), Owner: r.PostFormValue("owner")}
	k := news.APIKey{Kind: news.APIKeyKind(form.Kind), Name: form.Name, UserID: currentUser(r.Context()).ID}
	var problems []string
	if !k.Kind.Valid() {
		problems = append(problems, "Choose whether the key is for the Content API or the admin API.")
	}
	if k.Name == "" || len(k.Name) > 200 {
		problems = append(problems, "Name the integration (at most 200 characters), so that you know which key to revoke later.")
	}
	var owner news.User
	if k.Kind == news.APIKeyAdmin {
		id, _ := strconv.ParseInt(form.Owner, 10, 64)
		u, err := a.store.User(r.Context(), id)
		if err != nil || u.Disabled {
			problems = append(problems, "Choose the staff account whose role the admin key acts with.")
		}
		owner, k.UserID = u, u.ID
	}
	if len(problems) > 0 {
		return a.renderIntegrations(w, r, http.StatusUnprocessableEntity, form, problems)
	}
	secret, hash, hint := auth.NewAPISecret(k.Kind)
	k.Hash, k.Hint = hash, hint
	err := a.store.Atomic(r.Context(), func(tx store.Store) error {
		if err := tx.CreateAPIKey(r.Context(), &k); err != nil {
			return err
		}
		return a.auditIn(tx, r, "apikey.create", "apikey", k.ID, k.Name, string(k.Kind)+" key")
	})
	if err != nil {
		return err
	}
	intro := fmt.Sprintf("The Content API key for %q is below. Apps send it as ?key= to /ghost/api/content/. Copy it now: it is shown only this once.", k.Name)
	if k.Kind == news.APIKeyAdmin {
		intro = fmt.Sprintf("The admin API token for %q is below; it acts with the role of %s (%s). Apps send it as “Authorization: Bearer TOKEN” to /api/v1/. Copy it now: it is shown only this once.", k.Name, owner.Name, owner.Role)
	}
	page := shownOncePage{base: a.page(r, "API key created"), Heading: "API key created", Intro: intro,
		Values: []string{secret}, Back: "/admin/integrations/"}
	return a.render(w, http.StatusCreated, "shown_once.html", page)
}

func (a *Admin) revokeAPIKey(w http.ResponseWriter, r *http.Request) error {
	id, err := manageID(r)
	if err != nil {
		return err
	}
	err = a.store.Atomic(r.Context(), func(tx store.Store) error {
		if err := tx.RevokeAPIKey(r.Context(), id, a.now()); err != nil {
			return err
		}
		return a.auditIn(tx, r, "apikey.revoke", "apikey", id, r.PostFormValue("name"), "")
	})
	if err != nil {
		return err
	}
	redirectDone(w, r, "/admin/integrations/", "revoked")
	return nil
}
