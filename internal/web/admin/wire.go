package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
	"github.com/mastheadhq/masthead/internal/webhooks"
)

// wireRoutes registers the wire: the inbox of items from other outlets'
// feeds, where writers mark them seen or start a reprint or translation,
// and the list of sources, which editors keep.
func (a *Admin) wireRoutes(mux *web.Mux) {
	mux.Handle("GET /admin/wire/{$}", a.signedIn(a.permitted(newsroom.ReadWire, a.wireInbox)))
	mux.Handle("POST /admin/wire/seen", a.signedIn(a.permitted(newsroom.ReadWire, a.wireSeen)))
	mux.Handle("POST /admin/wire/items/{id}/reprint", a.signedIn(a.permitted(newsroom.ReadWire, a.wireDraft(news.Reprint))))
	mux.Handle("POST /admin/wire/items/{id}/translate", a.signedIn(a.permitted(newsroom.ReadWire, a.wireDraft(news.Translation))))
	mux.Handle("GET /admin/wire/sources/{$}", a.signedIn(a.permitted(newsroom.ManageWireSources, a.wireSources)))
	mux.Handle("POST /admin/wire/sources/{$}", a.signedIn(a.permitted(newsroom.ManageWireSources, a.createWireSource)))
	mux.Handle("GET /admin/wire/sources/{id}", a.signedIn(a.permitted(newsroom.ManageWireSources, a.wireSourceForm)))
	mux.Handle("POST /admin/wire/sources/{id}", a.signedIn(a.permitted(newsroom.ManageWireSources, a.updateWireSource)))
	mux.Handle("POST /admin/wire/sources/{id}/poll", a.signedIn(a.permitted(newsroom.ManageWireSources, a.pollWireSource)))
	mux.Handle("POST /admin/wire/sources/{id}/delete", a.signedIn(a.permitted(newsroom.ManageWireSources, a.deleteWireSource)))
}

// wirePageSize is how many items one page of the inbox shows.
const wirePageSize = 50

type wirePage struct {
	base
	Items     []wireRow
	Sources   []wireSourceChoice
	Languages []wireSourceChoice
	// Editions are offered for a translation when there is more than
	// the default one.
	Editions   []editionChoice
	Keyword    string
	WithSeen   bool
	Back       string // this page's address, for the forms to return to
	Older      string // the next page's address, or ""
	CanManage  bool
	NoSources  bool
	FailingAny bool
}

type wireRow struct {
	news.WireItem
	Source    string
	Published string
	ISO       string
}

type wireSourceChoice struct {
	Value, Label string
	Selected     bool
}

// wireInbox lists new items, newest first, as filtered.
func (a *Admin) wireInbox(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := store.WireFilter{Language: strings.TrimSpace(q.Get("lang")), Keyword: strings.TrimSpace(q.Get("q")),
		WithSeen: q.Get("seen") == "1", Limit: wirePageSize + 1}
	f.SourceID, _ = strconv.ParseInt(q.Get("source"), 10, 64)
	pageNo, _ := strconv.Atoi(q.Get("page"))
	pageNo = max(pageNo, 1)
	f.Offset = (pageNo - 1) * wirePageSize
	items, err := a.store.WireItems(ctx, f)
	if err != nil {
		return err
	}
	sources, err := a.store.WireSources(ctx)
	if err != nil {
		return err
	}
	page := wirePage{base: a.page(r, "Wire"), Keyword: f.Keyword, WithSeen: f.WithSeen,
		CanManage: newsroom.Allowed(currentUser(ctx).Role, newsroom.ManageWireSources, false), NoSources: len(sources) == 0}
	names := map[int64]string{}
	langs := map[string]bool{}
	page.Sources = append(page.Sources, wireSourceChoice{Value: "", Label: "All sources"})
	page.Languages = append(page.Languages, wireSourceChoice{Value: "", Label: "All languages"})
	for _, s := range sources {
		names[s.ID] = s.Name
		id := strconv.FormatInt(s.ID, 10)
		page.Sources = append(page.Sources, wireSourceChoice{Value: id, Label: s.Name, Selected: s.ID == f.SourceID})
		if s.Language != "" && !langs[s.Language] {
			langs[s.Language] = true
			page.Languages = append(page.Languages, wireSourceChoice{Value: s.Language, Label: s.Language, Selected: s.Language == f.Language})
		}
		page.FailingAny = page.FailingAny || s.Poll.LastError != ""
	}
	if editions, err := a.editionChoices(r, ""); err != nil {
		return err
	} else if len(editions) > 1 {
		page.Editions = editions
	}
	if len(items) > wirePageSize {
		items = items[:wirePageSize]
		older := r.URL.Query()
		older.Set("page", strconv.Itoa(pageNo+1))
		page.Older = "/admin/wire/?" + older.Encode()
	}
	loc := a.location(r)
	for _, it := range items {
		page.Items = append(page.Items, wireRow{WireItem: it, Source: names[it.SourceID],
			Published: it.PublishedAt.In(loc).Format("2 Jan 15:04"), ISO: it.PublishedAt.Format(time.RFC3339)})
	}
	page.Back = "/admin/wire/"
	if r.URL.RawQuery != "" {
		page.Back += "?" + r.URL.RawQuery
	}
	return a.render(w, http.StatusOK, "wire.html", page)
}

// wireBack is where a form on the inbox returns to: the inbox as it was
// filtered, and never another site.
func wireBack(r *http.Request) string {
	back := r.PostFormValue("back")
	u, err := url.Parse(back)
	if err != nil || u.Path != "/admin/wire/" || u.Host != "" || u.Scheme != "" {
		return "/admin/wire/"
	}
	return u.String()
}

// wireSeen marks the items posted as seen: one, or all those shown.
func (a *Admin) wireSeen(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errors.Join(news.ErrInvalid, err)
	}
	var ids []int64
	for _, v := range r.PostForm["id"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		if _, err := a.store.MarkWireSeen(r.Context(), ids); err != nil {
			return err
		}
	}
	http.Redirect(w, r, wireBack(r), http.StatusSeeOther)
	return nil
}

// wireDraft starts a reprint or a translation of an item and opens it.
func (a *Admin) wireDraft(kind news.AttributionKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := manageID(r)
		if err != nil {
			return err
		}
		art, err := a.newsroom.DraftFromWire(r.Context(), currentUser(r.Context()), id, kind, r.PostFormValue("lang"))
		if err != nil {
			return err
		}
		redirectDone(w, r, "/admin/articles/"+strconv.FormatInt(art.ID, 10)+"/", "created")
		return nil
	}
}

// wireSourceFields is the source form as typed.
type wireSourceFields struct {
	ID       int64
	Name     string
	FeedURL  string
	Language string
	Minutes  string
}

type wireSourcesPage struct {
	base
	Sources  []wireSourceRow
	Form     wireSourceFields
	Problems []string
}

type wireSourceRow struct {
	news.WireSource
	Every    string
	LastPoll string
	NextPoll string
}

type wireSourcePage struct {
	base
	Source   wireSourceRow
	Form     wireSourceFields
	Problems []string
}

func (a *Admin) wireSources(w http.ResponseWriter, r *http.Request) error {
	return a.renderWireSources(w, r, http.StatusOK, wireSourceFields{Minutes: "15"}, nil)
}

func (a *Admin) renderWireSources(w http.ResponseWriter, r *http.Request, status int, form wireSourceFields, problems []string) error {
	sources, err := a.store.WireSources(r.Context())
	if err != nil {
		return err
	}
	page := wireSourcesPage{base: a.page(r, "Wire sources"), Form: form, Problems: problems}
	for _, s := range sources {
		page.Sources = append(page.Sources, a.wireSourceRow(r, s))
	}
	return a.render(w, status, "wire_sources.html", page)
}

func (a *Admin) wireSourceRow(r *http.Request, s news.WireSource) wireSourceRow {
	loc := a.location(r)
	row := wireSourceRow{WireSource: s, Every: minutesText(s.Interval), LastPoll: "never", NextPoll: "soon"}
	if !s.Poll.LastPolledAt.IsZero() {
		row.LastPoll = s.Poll.LastPolledAt.In(loc).Format("2 Jan 15:04")
	}
	if s.Poll.NextPollAt.After(a.now()) {
		row.NextPoll = s.Poll.NextPollAt.In(loc).Format("2 Jan 15:04")
	}
	return row
}

func minutesText(d time.Duration) string {
	m := int(d / time.Minute)
	if m%60 == 0 {
		if m == 60 {
			return "hour"
		}
		return strconv.Itoa(m/60) + " hours"
	}
	return strconv.Itoa(m) + " minutes"
}

// sourceFromForm reads the source form and says what is wrong with it.
func (a *Admin) sourceFromForm(r *http.Request, id int64) (news.WireSource, wireSourceFields, []string) {
	form := wireSourceFields{ID: id, Name: formText(r, "name"), FeedURL: formText(r, "feed_url"),
		Language: formText(r, "language"), Minutes: formText(r, "minutes")}
	minutes, err := strconv.Atoi(form.Minutes)
	src := news.WireSource{ID: id, Name: form.Name, FeedURL: form.FeedURL, Language: form.Language,
		Interval: time.Duration(minutes) * time.Minute}
	var problems []string
	if err != nil {
		problems = append(problems, "Give the polling interval in whole minutes.")
		src.Interval = news.MinWireInterval
	}
	problems = append(problems, src.Validate()...)
	if len(problems) == 0 {
		if err := webhooks.CheckURL(src.FeedURL, a.wireAllowPrivate, webhooks.LookupIP); err != nil {
			problems = append(problems, "The feed address cannot be used: "+err.Error()+".")
		}
	}
	return src, form, problems
}

func (a *Admin) createWireSource(w http.ResponseWriter, r *http.Request) error {
	src, form, problems := a.sourceFromForm(r, 0)
	if len(problems) > 0 {
		return a.renderWireSources(w, r, http.StatusUnprocessableEntity, form, problems)
	}
	src.CreatedAt = a.now()
	err := a.store.Atomic(r.Context(), func(tx store.Store) error {
		if err := tx.CreateWireSource(r.Context(), &src); err != nil {
			return err
		}
		return a.auditIn(tx, r, "wire.source.create", "wire source", src.ID, src.Name, src.FeedURL)
	})
	if err != nil {
		return err
	}
	redirectDone(w, r, "/admin/wire/sources/", "created")
	return nil
}

func (a *Admin) wireSource(r *http.Request) (news.WireSource, error) {
	id, err := manageID(r)
	if err != nil {
		return news.WireSource{}, err
	}
	return a.store.WireSource(r.Context(), id)
}

func (a *Admin) wireSourceForm(w http.ResponseWriter, r *http.Request) error {
	s, err := a.wireSource(r)
	if err != nil {
		return err
	}
	form := wireSourceFields{ID: s.ID, Name: s.Name, FeedURL: s.FeedURL, Language: s.Language,
		Minutes: strconv.Itoa(int(s.Interval / time.Minute))}
	return a.render(w, http.StatusOK, "wire_source.html", wireSourcePage{base: a.page(r, "Wire source: "+s.Name),
		Source: a.wireSourceRow(r, s), Form: form})
}

func (a *Admin) updateWireSource(w http.ResponseWriter, r *http.Request) error {
	cur, err := a.wireSource(r)
	if err != nil {
		return err
	}
	src, form, problems := a.sourceFromForm(r, cur.ID)
	if len(problems) > 0 {
		return a.render(w, http.StatusUnprocessableEntity, "wire_source.html", wireSourcePage{
			base: a.page(r, "Wire source: "+cur.Name), Source: a.wireSourceRow(r, cur), Form: form, Problems: problems})
	}
	err = a.store.Atomic(r.Context(), func(tx store.Store) error {
		if err := tx.UpdateWireSource(r.Context(), src); err != nil {
			return err
		}
		return a.auditIn(tx, r, "wire.source.update", "wire source", src.ID, src.Name, src.FeedURL)
	})
	if err != nil {
		return err
	}
	redirectDone(w, r, "/admin/wire/sources/", "saved")
	return nil
}

// pollWireSource makes a source due now: the wire job asks for it within
// a minute, backoff or not.
func (a *Admin) pollWireSource(w http.ResponseWriter, r *http.Request) error {
	s, err := a.wireSource(r)
	if err != nil {
		return err
	}
	s.Poll.NextPollAt = time.Time{}
	if err := a.store.RecordWirePoll(r.Context(), s.ID, s.Poll); err != nil {
		return err
	}
	redirectDone(w, r, "/admin/wire/sources/", "poll-soon")
	return nil
}

func (a *Admin) deleteWireSource(w http.ResponseWriter, r *http.Request) error {
	s, err := a.wireSource(r)
	if err != nil {
		return err
	}
	err = a.store.Atomic(r.Context(), func(tx store.Store) error {
		if err := tx.DeleteWireSource(r.Context(), s.ID); err != nil {
			return err
		}
		return a.auditIn(tx, r, "wire.source.delete", "wire source", s.ID, s.Name, s.FeedURL)
	})
	if err != nil {
		return err
	}
	redirectDone(w, r, "/admin/wire/sources/", "deleted")
	return nil
}
