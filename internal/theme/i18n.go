package theme

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Message catalogues: i18n/<lang>.json beside the templates, overlaid
// by a --theme directory like any other file. Message ids are the English
// text, so templates read as they render; a plural message has one entry
// per CLDR form ("one", "few", "many", "other"), which go-i18n picks
// from the count with each language's rules.

// DefaultLanguage is the catalogue used for a language that has none.
const DefaultLanguage = "en"

// catalogue is one language's messages, with the plain ones (no
// template, no plural) looked up without going through go-i18n, since a
// page shows a hundred of them.
type catalogue struct {
	lang      string
	localizer *i18n.Localizer
	plain     map[string]string
	// dates and plurals keep what Date and plural wrote: go-i18n runs a
	// template for each, and a page shows a date and a reading time for
	// every card. Both are bounded (memoLimit).
	dates, plurals sync.Map
	memoSize       atomic.Int64
}

// memoLimit bounds the words a catalogue keeps written: days of an
// archive and minutes of reading time are far fewer.
const memoLimit = 1 << 14

// memo returns the words kept under key in m, or writes them with write
// and keeps them while there is room.
func (c *catalogue) memo(m *sync.Map, key any, write func() string) string {
	if s, ok := m.Load(key); ok {
		return s.(string)
	}
	s := write()
	if c.memoSize.Add(1) <= memoLimit {
		m.Store(key, s)
	}
	return s
}

func (t *Theme) loadCatalogues(files fs.FS) error {
	names, err := globAll(files, "i18n/*.json")
	if err != nil {
		return err
	}
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	t.catalogues = map[string]*catalogue{}
	for _, name := range names {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		mf, err := bundle.ParseMessageFileBytes(b, path.Base(name))
		if err != nil {
			return fmt.Errorf("theme catalogue %s: %w", name, err)
		}
		lang := strings.TrimSuffix(path.Base(name), ".json")
		c := &catalogue{lang: lang, plain: map[string]string{}}
		for _, m := range mf.Messages {
			if m.Other != "" && m.One == "" && m.Few == "" && m.Many == "" && !strings.Contains(m.Other, "{{") {
				c.plain[m.ID] = m.Other
			}
		}
		t.catalogues[lang] = c
	}
	for lang, c := range t.catalogues {
		c.localizer = i18n.NewLocalizer(bundle, lang, DefaultLanguage)
	}
	if t.catalogues[DefaultLanguage] == nil {
		return fmt.Errorf("theme has no i18n/%s.json", DefaultLanguage)
	}
	return nil
}

// catalogueFor returns the catalogue of lang ("az", "pt-BR"), of its
// base language ("pt"), or the default one.
func (t *Theme) catalogueFor(lang string) *catalogue {
	if c, ok := t.catalogues[lang]; ok {
		return c
	}
	base, _, _ := strings.Cut(lang, "-")
	if c, ok := t.catalogues[strings.ToLower(base)]; ok {
		return c
	}
	return t.catalogues[DefaultLanguage]
}

// Languages lists the languages the theme has catalogues for.
func (t *Theme) Languages() []string {
	out := make([]string, 0, len(t.catalogues))
	for lang := range t.catalogues {
		out = append(out, lang)
	}
	return out
}

// Messages returns the ids of every message in lang's own catalogue, for
// completeness checks.
func (t *Theme) Messages(lang string) (map[string]bool, error) {
	b, err := fs.ReadFile(embedded, "i18n/"+lang+".json")
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for id := range raw {
		ids[id] = true
	}
	return ids, nil
}

// T translates message id into lang, filling the message's template from
// pairs of names and values ("N", 2). A message missing from every
// catalogue is shown as its id, the English text.
func (t *Theme) T(lang, id string, pairs ...any) string {
	return t.catalogueFor(lang).translate(id, pairs...)
}

// Plural translates a message that depends on a count, given to the
// message's template as .Count.
func (t *Theme) Plural(lang, id string, count int) string {
	return t.catalogueFor(lang).plural(id, count)
}

func (c *catalogue) translate(id string, pairs ...any) string {
	if len(pairs) == 0 {
		if s, ok := c.plain[id]; ok {
			return s
		}
	}
	data := map[string]any{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, ok := pairs[i].(string); ok {
			data[k] = pairs[i+1]
		}
	}
	s, err := c.localizer.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return fallback(id, data)
	}
	return s
}

// pluralKey names one plural message written for one count.
type pluralKey struct {
	id    string
	count int
}

func (c *catalogue) plural(id string, count int) string {
	return c.memo(&c.plurals, pluralKey{id, count}, func() string { return c.writePlural(id, count) })
}

func (c *catalogue) writePlural(id string, count int) string {
	s, err := c.localizer.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: map[string]any{"Count": count}})
	if err != nil {
		return fallback(id, map[string]any{"Count": count})
	}
	return s
}

// fallback fills the id's own template, for a message no catalogue has.
func fallback(id string, data map[string]any) string {
	tmpl, err := template.New("").Parse(id)
	if err != nil {
		return id
	}
	var b bytes.Buffer
	if tmpl.Execute(&b, data) != nil {
		return id
	}
	return b.String()
}

// Date formats a day for readers of lang: month names and word order
// come from the catalogue ("January 2, 2006", "2 января 2006").
func (t *Theme) Date(lang string, d time.Time) string {
	c := t.catalogueFor(lang)
	y, m, day := d.Date()
	return c.memo(&c.dates, [3]int{y, int(m), day}, func() string {
		return c.translate("{{.Month}} {{.Day}}, {{.Year}}",
			"Month", c.translate(monthIDs[m-1]), "Day", day, "Year", y)
	})
}

// monthIDs are the catalogue ids of month names as dates show them (the
// genitive, in languages that decline them).
var monthIDs = [12]string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// funcsFor are the template functions bound to one language.
func (t *Theme) funcsFor(lang string) template.FuncMap {
	c := t.catalogueFor(lang)
	return template.FuncMap{
		"t":  c.translate,
		"tn": c.plural,
	}
}
