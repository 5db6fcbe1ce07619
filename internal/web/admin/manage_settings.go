package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

type settingsFormPage struct {
	base
	Problems []string
	Settings news.Settings
	Logo     string // image id as typed
	Links    []socialRow
}

func (a *Admin) settingsEdit(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageSettings); err != nil {
		return err
	}
	s, err := a.store.Settings(r.Context())
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return err
	}
	page := settingsFormPage{Settings: s, Logo: imageIDText(s.Logo), Links: socialRows(s.Social, 2)}
	return a.settingsForm(w, r, http.StatusOK, page)
}

func (a *Admin) settingsForm(w http.ResponseWriter, r *http.Request, status int, page settingsFormPage) error {
	page.base = a.page(r, "Settings")
	return a.render(w, status, "manage_settings.html", page)
}

func (a *Admin) settingsUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageSettings); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	var p formProblems
	s := news.Settings{
		Name: formText(r, "name"), Tagline: formText(r, "tagline"), About: formText(r, "about"),
		Copyright: formText(r, "copyright"), ConsentText: formText(r, "consent"),
		FeedFullText: r.PostFormValue("feed_full_text") == "on",
	}
	if s.Name == "" {
		p.add("Give the publication a name.")
	}
	if email := formText(r, "contact_email"); email != "" {
		if norm, ok := news.NormalizeEmail(email); ok {
			s.ContactEmail = norm
		} else {
			s.ContactEmail = email
			p.add("The contact email address is not valid.")
		}
	}
	s.BaseURL = baseURLOf(formText(r, "base_url"), &p)
	s.Language = languageOf(formText(r, "language"), &p)
	s.TimeZone = formText(r, "time_zone")
	if s.TimeZone != "" {
		if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "Local" {
			p.add("“%s” is not a time zone this server knows; use a name such as Asia/Baku or Europe/Paris.", s.TimeZone)
		}
	}
	page := settingsFormPage{Logo: formText(r, "logo")}
	s.Logo = a.formImage(r, page.Logo, "Logo", &p)
	s.Social, page.Links = postedSocialLinks(r, &p)
	page.Settings = s
	if len(p) == 0 {
		if err := storeRefusal(a.store.SaveSettings(r.Context(), s), "setting", &p); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		page.Problems = p
		return a.settingsForm(w, r, http.StatusUnprocessableEntity, page)
	}
	redirectDone(w, r, "/admin/settings", "saved")
	return nil
}

// baseURLOf checks the publication's public address: absolute, http or
// https, with nothing after the path. The trailing slash goes, since
// pages append their own paths to it.
func baseURLOf(raw string, p *formProblems) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(raw, " \t\r\n") {
		p.add("The site address must be a full address such as https://example.org, with no query or #fragment.")
		return raw
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/")
}

// languageOf checks a BCP 47 language code and returns it in canonical
// form ("en-gb" becomes "en-GB").
func languageOf(raw string, p *formProblems) string {
	if raw == "" {
		return ""
	}
	tag, err := language.Parse(raw)
	if err != nil {
		p.add("“%s” is not a language code; use a BCP 47 code such as en, az or fr-CA.", raw)
		return raw
	}
	return tag.String()
}
