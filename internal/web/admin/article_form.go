package admin

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

// editorPage is the article editor: the article's fields, what the
// choices are, what the writer may do, and who else has it open.
type editorPage struct {
	base
	Article      news.Article
	New          bool
	PublishAt    string // datetime-local value in the publication's zone
	Zone         string
	Tags         string // comma-separated names
	Categories   []categoryOption
	Primary      int64
	Authors      []authorOption
	Image        *news.Image
	Steps        []stepButton
	CanDelete    bool
	CanPreview   bool
	Others       []string // other staff with the article open
	Draft        *news.Draft
	DraftSavedAt string
	PreviewLink  string
	PreviewUntil string
	ReaderURL    string
	Kinds        []kindOption
	// Editions offers a new article's language; TranslateInto the
	// editions an article may be translated into.
	Editions      []editionChoice
	TranslateInto []editionChoice
	// LangName names the article's edition when there are several.
	LangName string
	// Original is the article a translation was made from, shown
	// read-only beside the editor; OriginalBody is its text.
	Original     *news.Article
	OriginalLang string
	OriginalBody template.HTML
}

type authorOption struct {
	ID      int64
	Name    string
	Checked bool
}

type kindOption struct {
	Value, Label string
	Selected     bool
}

type stepButton struct {
	Step    newsroom.Step
	Label   string
	Primary bool
}

// presenceWindow is how recently someone must have been seen in the
// editor to count as having the article open.
const presenceWindow = 90 * time.Second

func (a *Admin) editorPage(r *http.Request, art news.Article, title string) (editorPage, error) {
	ctx := r.Context()
	u := currentUser(ctx)
	loc := a.location(r)
	p := editorPage{base: a.page(r, title), Article: art, New: art.ID == 0, Zone: loc.String()}
	p.Nav = markCurrent(p.Nav, "/admin/articles/")
	if !art.PublishedAt.IsZero() {
		// With seconds, so that saving again keeps the time exactly.
		p.PublishAt = art.PublishedAt.In(loc).Format("2006-01-02T15:04:05")
	}
	var catIDs []int64
	for _, c := range art.Categories {
		catIDs = append(catIDs, c.ID)
	}
	if len(catIDs) > 0 {
		p.Primary = catIDs[0]
	}
	var err error
	if p.Categories, err = a.categoryOptions(r, catIDs[min(1, len(catIDs)):]); err != nil {
		return p, err
	}
	if err := a.fillNames(r, &p); err != nil {
		return p, err
	}
	own := art.ID == 0 || newsroom.Owns(u, art)
	p.Steps = stepsFor(u, art, own)
	p.CanDelete = art.ID != 0 && newsroom.Allowed(u.Role, newsroom.DeleteArticle, own)
	p.CanPreview = art.ID != 0 && newsroom.Allowed(u.Role, newsroom.PreviewUnpublished, own)
	p.Kinds = kindOptions(art.Source.Kind)
	if err := a.fillEditions(r, &p); err != nil {
		return p, err
	}
	art = p.Article
	if art.VisibleAt(a.now()) {
		p.ReaderURL = news.ArticlePath(art, loc)
		if art.Lang != "" {
			p.ReaderURL = "/" + art.Lang + p.ReaderURL
		}
	}
	if art.ID == 0 {
		return p, nil
	}
	return p, a.fillLive(r, &p)
}

// fillNames resolves the article's tags, authors and image, which may
// carry only ids (after a refused save, or from a revision).
func (a *Admin) fillNames(r *http.Request, p *editorPage) error {
	ctx := r.Context()
	tags, err := a.store.AllTags(ctx)
	if err != nil {
		return err
	}
	byID := map[int64]string{}
	for _, t := range tags {
		byID[t.ID] = t.Name
	}
	var names []string
	for _, t := range p.Article.Tags {
		if n := byID[t.ID]; n != "" {
			names = append(names, n)
		} else if t.Name != "" {
			names = append(names, t.Name)
		}
	}
	p.Tags = strings.Join(names, ", ")
	authors, err := a.store.AllAuthors(ctx)
	if err != nil {
		return err
	}
	for _, au := range authors {
		opt := authorOption{ID: au.ID, Name: au.Name}
		for _, x := range p.Article.Authors {
			opt.Checked = opt.Checked || x.ID == au.ID
		}
		p.Authors = append(p.Authors, opt)
	}
	if p.Article.Image != nil && p.Article.Image.ID != 0 {
		img, err := a.store.Image(ctx, p.Article.Image.ID)
		if err == nil {
			p.Image = &img
		} else if !errors.Is(err, news.ErrNotFound) {
			return err
		}
	}
	return nil
}

// fillLive adds who else is editing and the writer's own unsaved work.
func (a *Admin) fillLive(r *http.Request, p *editorPage) error {
	ctx := r.Context()
	u := currentUser(ctx)
	if err := a.store.TouchPresence(ctx, p.Article.ID, u.ID, a.now()); err != nil {
		return err
	}
	present, err := a.store.PresentUsers(ctx, p.Article.ID, a.now().Add(-presenceWindow))
	if err != nil {
		return err
	}
	for _, o := range present {
		if o.ID != u.ID {
			p.Others = append(p.Others, o.Name)
		}
	}
	d, err := a.store.Draft(ctx, p.Article.ID, u.ID)
	if errors.Is(err, news.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	p.Draft = &d
	p.DraftSavedAt = d.SavedAt.In(a.location(r)).Format("2 Jan 15:04")
	return nil
}

func markCurrent(nav []navLink, url string) []navLink {
	for i := range nav {
		nav[i].Current = nav[i].URL == url
	}
	return nav
}

// stepsFor lists the workflow buttons the user may press for the article
// in its status.
func stepsFor(u news.User, art news.Article, own bool) []stepButton {
	publish := newsroom.Allowed(u.Role, newsroom.PublishArticle, own)
	var steps []stepButton
	add := func(s newsroom.Step, label string, primary bool) {
		steps = append(steps, stepButton{Step: s, Label: label, Primary: primary})
	}
	switch art.Status {
	case news.StatusDraft, news.StatusUnpublished, news.StatusReview:
		add(newsroom.StepSave, "Save draft", !publish)
		if art.Status != news.StatusReview && newsroom.Allowed(u.Role, newsroom.SubmitArticle, own) && !publish {
			add(newsroom.StepSubmit, "Submit for review", true)
		}
		if art.Status == news.StatusReview && (own || publish) {
			add(newsroom.StepDraft, "Back to draft", false)
		}
		if publish {
			add(newsroom.StepSchedule, "Schedule", false)
			add(newsroom.StepPublish, "Publish", true)
		}
	case news.StatusScheduled:
		add(newsroom.StepSave, "Save", true)
		if publish {
			add(newsroom.StepPublish, "Publish now", false)
			add(newsroom.StepDraft, "Back to draft", false)
		}
	case news.StatusPublished:
		add(newsroom.StepSave, "Update", true)
		if publish {
			add(newsroom.StepUnpublish, "Unpublish", false)
		}
	}
	return steps
}

func kindOptions(k news.AttributionKind) []kindOption {
	opts := []kindOption{
		{string(news.Original), "Original", false},
		{string(news.Reprint), "Reprint", false},
		{string(news.Translation), "Translation", false},
	}
	for i := range opts {
		opts[i].Selected = opts[i].Value == string(k)
	}
	return opts
}

// articleFromForm reads the editor's form into an article whose relations
// hold ids. Problems with what was typed come back as sentences; the
// article still carries everything typed, so the form can be shown again.
func (a *Admin) articleFromForm(r *http.Request, id int64) (news.Article, []string, error) {
	if err := r.ParseForm(); err != nil {
		return news.Article{}, nil, fmt.Errorf("%w: %w", news.ErrInvalid, err)
	}
	f := r.PostForm
	art := news.Article{
		ID: id, Lang: strings.TrimSpace(f.Get("lang")), Title: f.Get("title"), Slug: f.Get("slug"), Standfirst: f.Get("standfirst"),
		Body: f.Get("body"), SEOTitle: f.Get("seo_title"), SEODescription: f.Get("seo_description"),
		Source: news.Attribution{
			Kind: news.AttributionKind(f.Get("source_kind")), Publication: strings.TrimSpace(f.Get("source_publication")),
			URL: strings.TrimSpace(f.Get("source_url")), Language: strings.TrimSpace(f.Get("source_language")),
			Translator: strings.TrimSpace(f.Get("source_translator")), OriginalAuthor: strings.TrimSpace(f.Get("source_original_author")),
			Note: strings.TrimSpace(f.Get("source_note")), Canonical: f.Get("source_canonical") == "1",
		},
	}
	var problems []string
	art.Version, _ = strconv.Atoi(f.Get("version"))
	switch art.Source.Kind {
	case news.Original, news.Reprint, news.Translation:
	default:
		problems = append(problems, "Choose original, reprint or translation.")
		art.Source.Kind = news.Original
	}
	if u := art.Source.URL; u != "" && !webURL(u) {
		problems = append(problems, "The original's address must start with http:// or https://.")
	}
	if art.Source.Canonical && (art.Source.Kind == news.Original || art.Source.URL == "") {
		problems = append(problems, "A canonical link to the original needs a reprint or translation with the original's address.")
	}
	if at := strings.TrimSpace(f.Get("published_at")); at != "" {
		t, err := parseLocalTime(at, a.location(r))
		if err != nil {
			problems = append(problems, "The publication time is not a date and time.")
		} else {
			art.PublishedAt = t.UTC()
		}
	}
	if primary, _ := strconv.ParseInt(f.Get("category"), 10, 64); primary > 0 {
		art.Categories = append(art.Categories, news.Category{ID: primary})
	}
	for _, v := range f["categories"] {
		if cid, _ := strconv.ParseInt(v, 10, 64); cid > 0 && !hasCategory(art.Categories, cid) {
			art.Categories = append(art.Categories, news.Category{ID: cid})
		}
	}
	for _, v := range f["authors"] {
		if aid, _ := strconv.ParseInt(v, 10, 64); aid > 0 {
			art.Authors = append(art.Authors, news.Author{ID: aid})
		}
	}
	if img, _ := strconv.ParseInt(f.Get("image"), 10, 64); img > 0 {
		art.Image = &news.Image{ID: img}
	}
	tags, tagProblems, err := a.tagsFromNames(r, f.Get("tags"))
	if err != nil {
		return art, nil, err
	}
	art.Tags = tags
	problems = append(problems, tagProblems...)
	if err := a.saveImageWords(r, art.Image); err != nil {
		if !errors.Is(err, news.ErrForbidden) && !errors.Is(err, news.ErrNotFound) {
			return art, nil, err
		}
		problems = append(problems, "You may not change that image's alt text, caption or credit.")
	}
	return art, problems, nil
}

func hasCategory(cs []news.Category, id int64) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// tagsFromNames finds the topics named in a comma-separated list, making
// the new ones when the user may.
func (a *Admin) tagsFromNames(r *http.Request, list string) ([]news.Tag, []string, error) {
	ctx := r.Context()
	u := currentUser(ctx)
	var tags []news.Tag
	var problems []string
	seen := map[int64]bool{}
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		slug := news.Slugify(name)
		if slug == "" {
			continue
		}
		t, err := a.store.TagBySlug(ctx, slug)
		if errors.Is(err, news.ErrNotFound) {
			if !newsroom.Allowed(u.Role, newsroom.CreateTag, true) {
				problems = append(problems, fmt.Sprintf("There is no topic %q.", name))
				continue
			}
			t = news.Tag{Name: name, Slug: slug}
			err = a.store.CreateTag(ctx, &t)
		}
		if err != nil {
			return nil, nil, err
		}
		if !seen[t.ID] {
			seen[t.ID] = true
			tags = append(tags, t)
		}
	}
	return tags, problems, nil
}

// saveImageWords stores the alt text, caption and credit typed for the
// featured image, which belong to the image wherever it is used.
func (a *Admin) saveImageWords(r *http.Request, ref *news.Image) error {
	if ref == nil {
		return nil
	}
	f := r.PostForm
	// The words on the form belong to the picture they were shown for; a
	// number typed in without them keeps the picture's own words.
	if f.Get("image_words_for") != strconv.FormatInt(ref.ID, 10) {
		return nil
	}
	ctx := r.Context()
	img, err := a.store.Image(ctx, ref.ID)
	if err != nil {
		return err
	}
	alt, caption, credit := strings.TrimSpace(f.Get("image_alt")), strings.TrimSpace(f.Get("image_caption")), strings.TrimSpace(f.Get("image_credit"))
	if img.Alt == alt && img.Caption == caption && img.Credit == credit {
		return nil
	}
	u := currentUser(ctx)
	own := img.UploadedBy != 0 && img.UploadedBy == u.ID
	if !newsroom.Allowed(u.Role, newsroom.EditMedia, own) {
		return news.ErrForbidden
	}
	img.Alt, img.Caption, img.Credit = alt, caption, credit
	return a.store.UpdateImage(ctx, &img)
}

// parseLocalTime reads a datetime-local value, which browsers send with or
// without seconds.
func parseLocalTime(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02T15:04:05", s, loc)
	}
	return t, err
}
