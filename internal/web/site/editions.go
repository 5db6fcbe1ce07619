package site

import (
	"context"
	"net/http"
	"regexp"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Editions: the default language is served at unprefixed addresses, each
// further edition under "/<code>/". EditionPrefixes strips the prefix
// before the routes see the request, so that every reader route serves
// every edition, and notes the edition in the request's context; pages
// then read the edition's chrome (its menus, section names, words) and
// list only its articles. The page cache keys pages by the address asked
// for, before the prefix is taken off, so /az/ and / are kept apart.

type editionKey struct{}

// editionOf is the code of the edition a request is for; "" is the
// default edition.
func editionOf(ctx context.Context) string {
	code, _ := ctx.Value(editionKey{}).(string)
	return code
}

// editionPrefix is the addresses' prefix of the request's edition: "" or
// "/az".
func editionPrefix(ctx context.Context) string {
	if code := editionOf(ctx); code != "" {
		return "/" + code
	}
	return ""
}

// langsOf is the store filter that keeps a request's edition's articles:
// articles of the default edition are stored without a language.
func langsOf(ctx context.Context) []string { return []string{editionOf(ctx)} }

var editionSegment = regexp.MustCompile(`^/([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)(/.*)?$`)

// editionRoutes are the reader addresses an edition has; anything else
// under a prefix is not found (accounts, the newsletter, static pages and
// machine files belong to the publication as a whole).
func editionRoute(rest string) bool {
	switch {
	case rest == "/" || rest == "/search" || rest == "/search.json":
		return true
	case strings.HasPrefix(rest, "/category/"), strings.HasPrefix(rest, "/tag/"),
		strings.HasPrefix(rest, "/author/"), strings.HasPrefix(rest, "/feed/"):
		return true
	}
	return articleRoute.MatchString(rest) || articleRoute.MatchString(rest+"/")
}

// EditionPrefixes serves the addresses of further editions through next,
// with the prefix taken off.
func (s *Site) EditionPrefixes(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := editionSegment.FindStringSubmatch(r.URL.Path)
		if m == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		c, err := s.loadChrome(r.Context())
		if err != nil || c.byLang[m[1]] == nil {
			next.ServeHTTP(w, r)
			return
		}
		code, rest := m[1], m[2]
		if rest == "" {
			http.Redirect(w, r, "/"+code+"/", http.StatusMovedPermanently)
			return
		}
		if !editionRoute(rest) {
			s.handle(func(http.ResponseWriter, *http.Request) error { return notFound("edition path " + r.URL.Path) }).ServeHTTP(w, r)
			return
		}
		r2 := r.Clone(context.WithValue(r.Context(), editionKey{}, code))
		r2.URL.Path, r2.URL.RawPath = rest, ""
		next.ServeHTTP(w, r2)
	})
}

// editionMenu is the stored name of a menu in a further edition, such
// as "header@az"; the default edition's menus keep their plain names.
func editionMenu(name, code string) string { return name + "@" + code }

// EditionMenu is editionMenu for the newsroom's menu editor.
func EditionMenu(name, code string) string { return editionMenu(name, code) }

// defaultEdition is the edition of the settings' language, from the
// stored list when it is there.
func defaultEdition(settings news.Settings, stored []news.Edition) news.Edition {
	code := settings.Language
	if code == "" {
		code = "en"
	}
	for _, e := range stored {
		if strings.EqualFold(e.Code, code) {
			return e
		}
	}
	return news.Edition{Code: code, Name: nativeName(code), Dir: news.DefaultDir(code)}
}

// nativeNames name common languages in themselves, for an edition whose
// name was never set (the default one, usually).
var nativeNames = map[string]string{
	"en": "English", "az": "Azərbaycanca", "ru": "Русский", "tr": "Türkçe", "fr": "Français",
	"de": "Deutsch", "ka": "ქართული", "hy": "Հայերեն", "fa": "فارسی", "uk": "Українська", "ar": "العربية",
}

func nativeName(code string) string {
	if n, ok := nativeNames[strings.ToLower(code)]; ok {
		return n
	}
	return code
}

// addEditions completes the default chrome c with the publication's
// editions and builds each further edition's chrome from it: the same
// settings and banners, the sections under their names in that language,
// its own menus (the default ones until it has some), its own tagline and
// about text when set.
func addEditions(c *chrome, stored []news.Edition, names []news.CategoryName, cats []news.Category, menus func(string) ([]news.MenuItem, error)) error {
	def := defaultEdition(c.settings, stored)
	c.edition = def
	c.editions = []news.Edition{def}
	c.byLang = map[string]*chrome{}
	for _, e := range stored {
		if !strings.EqualFold(e.Code, def.Code) {
			c.editions = append(c.editions, e)
		}
	}
	for _, e := range c.editions[1:] {
		ec := *c
		ec.edition, ec.prefix = e, "/"+e.Code
		if e.Tagline != "" {
			ec.settings.Tagline = e.Tagline
		}
		if e.About != "" {
			ec.settings.About = e.About
		}
		// The privacy bar's sentence is written in the default language;
		// editions show the theme's, in theirs.
		ec.settings.ConsentText = ""
		translated := make([]news.Category, len(cats))
		for i, cat := range cats {
			translated[i] = cat
			for _, n := range names {
				if n.CategoryID == cat.ID && strings.EqualFold(n.Lang, e.Code) {
					translated[i].Name = n.Name
					if n.Description != "" {
						translated[i].Description = n.Description
					}
				}
			}
		}
		ec.tree = news.NewCategoryTree(translated)
		for name, dst := range map[string]*[]news.MenuItem{news.MenuHeader: &ec.header, news.MenuMobile: &ec.mobile, news.MenuFooter: &ec.footer} {
			items, err := menus(editionMenu(name, e.Code))
			if err != nil {
				return err
			}
			if len(items) > 0 {
				*dst = news.BuildMenu(items)
			}
		}
		c.byLang[e.Code] = &ec
	}
	for _, ec := range c.byLang {
		ec.byLang = c.byLang
	}
	return nil
}

// forEdition returns the chrome of the edition code, "" for the default.
func (c chrome) forEdition(code string) chrome {
	if ec, ok := c.byLang[code]; ok && code != "" {
		out := *ec
		out.baseURL = c.baseURL
		return out
	}
	return c
}

// chromeFor returns the chrome of the request's edition.
func (s *Site) chromeFor(ctx context.Context) (chrome, error) {
	c, err := s.loadChrome(ctx)
	if err != nil {
		return c, err
	}
	return c.forEdition(editionOf(ctx)), nil
}

// langCode is the edition code of an article: its own, or the default's.
func (c chrome) langCode(a news.Article) string {
	if a.Lang == "" {
		return c.editions[0].Code
	}
	return a.Lang
}

// editionByCode finds an edition among the publication's.
func (c chrome) editionByCode(code string) (news.Edition, bool) {
	for _, e := range c.editions {
		if strings.EqualFold(e.Code, code) {
			return e, true
		}
	}
	return news.Edition{}, false
}

// editionLink is an edition in the language switcher.
type editionLink struct {
	Code    string
	Name    string
	URL     string
	Current bool
}

// alternate is a <link rel="alternate" hreflang> of a page.
type alternate struct {
	Lang string
	URL  string
}

// langFilter is how the store names this chrome's edition: "" for the
// default.
func (c chrome) langFilter() string {
	if c.prefix == "" {
		return ""
	}
	return c.edition.Code
}

// addTranslations fills an article page's "Read in" links and hreflang
// alternates from the article's visible translations. The page depends
// on the group's key, which any write to one of its articles changes.
func (s *Site) addTranslations(ctx context.Context, page *articlePage, a news.Article, d *deps) error {
	if a.TranslationGroup == 0 {
		return nil
	}
	d.add(store.TranslationsKey(a.TranslationGroup))
	group, err := s.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: s.now(), TranslationGroups: []int64{a.TranslationGroup}})
	if err != nil {
		return err
	}
	c := page.chrome
	seen := map[string]bool{c.langCode(a): true}
	var xDefault string
	self := page.Canonical
	page.Alternates = append(page.Alternates, alternate{Lang: c.langCode(a), URL: self})
	if a.Lang == "" {
		xDefault = self
	}
	for _, t := range group {
		code := c.langCode(t)
		if t.ID == a.ID || seen[code] {
			continue
		}
		seen[code] = true
		u := page.BaseURL + articlePath(t, c.loc)
		name := code
		if e, ok := c.editionByCode(code); ok {
			name = e.Name
		}
		page.ReadIn = append(page.ReadIn, editionLink{Code: code, Name: name, URL: u})
		page.Alternates = append(page.Alternates, alternate{Lang: code, URL: u})
		if t.Lang == "" {
			xDefault = u
		}
	}
	if len(page.ReadIn) == 0 {
		page.Alternates = nil
		return nil
	}
	if xDefault == "" {
		xDefault = self
	}
	page.Alternates = append(page.Alternates, alternate{Lang: "x-default", URL: xDefault})
	return nil
}

// sectionName is a section's name in the chrome's edition: articles carry
// the default language's.
func (c chrome) sectionName(cat news.Category) string {
	if named, ok := c.tree.ByID(cat.ID); ok {
		return named.Name
	}
	return cat.Name
}
