package api

import (
	"errors"
	"net/http"

	"github.com/mastheadhq/masthead/internal/news"
)

func isNotFound(err error) bool { return errors.Is(err, news.ErrNotFound) }

// browseTiers lists the one tier every reader is on: Masthead has no paid
// memberships, and a Ghost site without them has just its free tier.
func (a *API) browseTiers(w http.ResponseWriter, r *http.Request) error {
	q, err := parseGhostQuery(r, resourceRules{name: "tiers", filterFields: set("id", "slug", "name", "type", "active", "visibility")})
	if err != nil {
		return err
	}
	v, err := a.view(r)
	if err != nil {
		return err
	}
	free := object{
		{"id", ghostID(kindTier, 1)}, {"name", "Free"}, {"description", nil}, {"slug", "free"}, {"active", true},
		{"type", "free"}, {"welcome_page_url", nil}, {"created_at", nil}, {"updated_at", nil},
		{"visibility", "public"}, {"benefits", []string{}}, {"currency", nil}, {"monthly_price", nil},
		{"yearly_price", nil}, {"trial_days", 0},
	}
	recs := []record{{values: taxonRecord(ghostID(kindTier, 1), "free", "Free", ""), build: func() object { return free }}}
	items, total, _ := finish(q, recs, v)
	return writeBrowse(w, "tiers", items, q.pagination(total))
}

// browseNewsletters lists none: Masthead's digest is not a Ghost newsletter.
func (a *API) browseNewsletters(w http.ResponseWriter, r *http.Request) error {
	q, err := parseGhostQuery(r, resourceRules{name: "newsletters"})
	if err != nil {
		return err
	}
	return writeBrowse(w, "newsletters", nil, q.pagination(0))
}

// readOffer finds no offer: there are no paid tiers to discount.
func (a *API) readOffer(http.ResponseWriter, *http.Request) error {
	return notFoundError("Offer not found.")
}

// browseSettings gives the publication's identity in Ghost's settings
// shape; the header and footer menus are its navigation.
func (a *API) browseSettings(w http.ResponseWriter, r *http.Request) error {
	v, err := a.view(r)
	if err != nil {
		return err
	}
	header, err := a.navigation(r, news.MenuHeader)
	if err != nil {
		return err
	}
	footer, err := a.navigation(r, news.MenuFooter)
	if err != nil {
		return err
	}
	s := v.settings
	var facebook, twitter any
	for _, l := range s.Social {
		switch l.Network {
		case "facebook":
			facebook = handle(l.URL, "")
		case "x", "twitter":
			twitter = handle(l.URL, "@")
		}
	}
	lang := s.Language
	if lang == "" {
		lang = "en"
	}
	settings := object{
		{"title", s.Name}, {"description", s.Tagline}, {"logo", v.imageURL(s.Logo)}, {"icon", nil},
		{"accent_color", nil}, {"cover_image", nil}, {"facebook", facebook}, {"twitter", twitter},
		{"lang", lang}, {"locale", lang}, {"timezone", v.loc.String()},
		{"codeinjection_head", nil}, {"codeinjection_foot", nil},
		{"navigation", header}, {"secondary_navigation", footer},
		{"meta_title", nil}, {"meta_description", nullable(s.Tagline)},
		{"og_image", nil}, {"og_title", nil}, {"og_description", nil},
		{"twitter_image", nil}, {"twitter_title", nil}, {"twitter_description", nil},
		{"members_support_address", nullable(s.ContactEmail)}, {"members_enabled", false},
		{"allow_self_signup", false}, {"members_invite_only", false}, {"members_signup_access", "none"},
		{"paid_members_enabled", false}, {"comments_enabled", "off"}, {"recommendations_enabled", false},
		{"url", v.base + "/"},
	}
	return writeJSON(w, http.StatusOK, object{{"settings", settings}, {"meta", object{}}})
}

// navigation is a menu's top-level items as Ghost's {label, url} list.
func (a *API) navigation(r *http.Request, name string) ([]object, error) {
	items, err := a.store.Menu(r.Context(), name)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, it := range items {
		if it.ParentID == 0 {
			out = append(out, object{{"label", it.Label}, {"url", it.URL}})
		}
	}
	return out, nil
}
