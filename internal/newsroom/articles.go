package newsroom

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
)

// Step is what a writer asks for when saving an article: keep its status,
// or move it along the workflow.
type Step string

// Workflow steps. A save without a step keeps the status.
const (
	StepSave      Step = ""
	StepSubmit    Step = "submit"    // draft → review
	StepPublish   Step = "publish"   // → published now (or at its past date)
	StepSchedule  Step = "schedule"  // → scheduled for its future date
	StepUnpublish Step = "unpublish" // published or scheduled → unpublished
	StepDraft     Step = "draft"     // review, scheduled or unpublished → draft
)

var errStale = fmt.Errorf("%w: stale version", news.ErrConflict)

// autosaveMerge is how long consecutive autosaves by one writer keep
// replacing the same revision: history shows sittings, not keystrokes.
const autosaveMerge = 10 * time.Minute

// Newsroom carries out the staff's changes to articles, checking each
// against the permission matrix.
type Newsroom struct {
	Store store.Store
	Now   func() time.Time
}

// ConflictError says that someone saved the article after the writer
// started from it. The writer's text is kept as their unsaved draft.
type ConflictError struct {
	Version int       // the version now stored
	By      string    // who saved it
	At      time.Time // when
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("version %d was saved by %s since you opened the article", e.Version, e.By)
}

// Unwrap makes a ConflictError a news.ErrConflict.
func (e *ConflictError) Unwrap() error { return news.ErrConflict }

// ProblemError is a clear reason why a save cannot be taken; nothing was
// changed.
type ProblemError struct{ Problems []string }

func (e *ProblemError) Error() string { return strings.Join(e.Problems, " ") }

// Unwrap makes a ProblemError a news.ErrInvalid.
func (e *ProblemError) Unwrap() error { return news.ErrInvalid }

func (n *Newsroom) now() time.Time {
	if n.Now != nil {
		return n.Now().UTC()
	}
	return time.Now().UTC()
}

// Owns reports whether the user is in the article's byline, or is the
// translator of a translation (whose byline is the original's writers).
func Owns(u news.User, a news.Article) bool {
	if a.TranslatorID != 0 && a.TranslatorID == u.ID {
		return true
	}
	if u.AuthorID == 0 {
		return false
	}
	return slices.ContainsFunc(a.Authors, func(au news.Author) bool { return au.ID == u.AuthorID })
}

// Save stores a writer's version of an article and takes the workflow step
// asked for, in one transaction with its revision. in.ID zero creates a
// draft; otherwise in.Version must be the version the writer started from.
// A stale save is a *ConflictError and keeps in as the writer's draft.
func (n *Newsroom) Save(ctx context.Context, u news.User, in news.Article, step Step, note string) (news.Article, error) {
	if in.ID == 0 {
		return n.create(ctx, u, in, step, note)
	}
	var saved news.Article
	err := n.Store.Atomic(ctx, func(s store.Store) error {
		cur, err := s.Article(ctx, in.ID)
		if err != nil {
			return err
		}
		if cur.Version != in.Version {
			return errStale
		}
		next, err := n.prepare(ctx, s, u, cur, in, step)
		if err != nil {
			return err
		}
		if err := s.UpdateArticle(ctx, &next); err != nil {
			return err
		}
		if err := n.record(ctx, s, u, next, revisionNote(step, note)); err != nil {
			return err
		}
		if err := n.keepOldAddress(ctx, s, cur, next); err != nil {
			return err
		}
		if event := articleEvent(cur, next); event != "" {
			if err := QueueArticleEvent(ctx, s, event, next, n.now()); err != nil {
				return err
			}
		}
		saved = next
		return s.DeleteDraft(ctx, next.ID, u.ID)
	})
	// The version check above catches a stale save; the store's own check
	// catches one that raced it.
	if errors.Is(err, errStale) || (errors.Is(err, news.ErrConflict) && !errors.As(err, new(*ProblemError))) {
		return news.Article{}, n.conflict(ctx, u, in)
	}
	if err != nil {
		return news.Article{}, err
	}
	return n.Store.Article(ctx, saved.ID)
}

func (n *Newsroom) create(ctx context.Context, u news.User, in news.Article, step Step, note string) (news.Article, error) {
	if !Allowed(u.Role, WriteArticle, true) {
		return news.Article{}, news.ErrForbidden
	}
	var id int64
	err := n.Store.Atomic(ctx, func(s store.Store) error {
		if err := ensureByline(ctx, s, &u); err != nil {
			return err
		}
		if len(in.Authors) == 0 {
			in.Authors = []news.Author{{ID: u.AuthorID}}
		}
		draft := news.Article{Status: news.StatusDraft, Authors: in.Authors}
		next, err := n.prepare(ctx, s, u, draft, in, step)
		if err != nil {
			return err
		}
		next.ID, next.Version = 0, 0
		if err := s.CreateArticle(ctx, &next); err != nil {
			return err
		}
		id = next.ID
		if event := articleEvent(news.Article{}, next); event != "" {
			if err := QueueArticleEvent(ctx, s, event, next, n.now()); err != nil {
				return err
			}
		}
		return n.record(ctx, s, u, next, revisionNote(step, note))
	})
	if err != nil {
		return news.Article{}, err
	}
	return n.Store.Article(ctx, id)
}

// ensureByline gives a staff member without an author profile one in
// their name the first time they write, so that what they write is theirs.
func ensureByline(ctx context.Context, s store.Store, u *news.User) error {
	if u.AuthorID != 0 {
		return nil
	}
	au := news.Author{Name: u.Name, Slug: news.Slugify(u.Name)}
	if _, err := s.AuthorBySlug(ctx, au.Slug); err == nil {
		au.Slug = fmt.Sprintf("%s-%d", au.Slug, u.ID)
	}
	if err := s.CreateAuthor(ctx, &au); err != nil {
		return err
	}
	stored, err := s.User(ctx, u.ID)
	if err != nil {
		return err
	}
	stored.AuthorID = au.ID
	if err := s.UpdateUser(ctx, &stored); err != nil {
		return err
	}
	u.AuthorID = au.ID
	return nil
}

// prepare checks the user's rights over cur and the step, and returns the
// article to store: in's editable fields, cleaned, with the status and
// dates the step gives.
func (n *Newsroom) prepare(ctx context.Context, s store.Store, u news.User, cur, in news.Article, step Step) (news.Article, error) {
	own := cur.ID == 0 || Owns(u, cur)
	if !Allowed(u.Role, EditArticle, own) {
		return news.Article{}, news.ErrForbidden
	}
	if (cur.Status == news.StatusPublished || cur.Status == news.StatusScheduled) && !Allowed(u.Role, EditPublished, own) {
		return news.Article{}, news.ErrForbidden
	}
	next := clean(in)
	next.ID, next.Version, next.Status, next.CreatedAt = cur.ID, in.Version, cur.Status, cur.CreatedAt
	if cur.ID != 0 {
		// An article's language and translation links are set when it is
		// made (a new article's edition, or Translate): an editor's
		// save, which does not send them, keeps them.
		next.Lang, next.TranslationGroup, next.TranslatedFrom, next.TranslatorID = cur.Lang, cur.TranslationGroup, cur.TranslatedFrom, cur.TranslatorID
	} else {
		lang, err := storedLang(ctx, s, in.Lang)
		if err != nil {
			return news.Article{}, err
		}
		next.Lang = lang
	}
	// Writers who may touch only their own work must stay in its byline,
	// or one save would lock them out of their own draft.
	if !Allowed(u.Role, EditArticle, false) && u.AuthorID != 0 && !Owns(u, next) {
		next.Authors = append([]news.Author{{ID: u.AuthorID}}, next.Authors...)
	}
	if err := n.takeStep(u, own, cur, &next, step); err != nil {
		return news.Article{}, err
	}
	if err := check(ctx, s, next); err != nil {
		return news.Article{}, err
	}
	if cur.Status == news.StatusPublished && next.Status == news.StatusPublished && changedForReaders(cur, next) {
		next.UpdatedAt = n.now()
	}
	return next, nil
}

// clean trims what a form sends and makes the derived fields: the body
// sanitised and counted, a slug from the title when none was given.
func clean(in news.Article) news.Article {
	a := cleanFields(in)
	a.Body = render.Sanitize(a.Body)
	a.WordCount = render.WordCount(a.Body)
	return a
}

// cleanFields is clean without the body.
func cleanFields(in news.Article) news.Article {
	a := in
	a.Title = strings.TrimSpace(a.Title)
	a.Standfirst = strings.TrimSpace(a.Standfirst)
	a.Slug = strings.TrimSpace(a.Slug)
	if a.Slug == "" {
		a.Slug = news.Slugify(a.Title)
	}
	a.SEOTitle = strings.TrimSpace(a.SEOTitle)
	a.SEODescription = strings.TrimSpace(a.SEODescription)
	return a
}

// takeStep moves next's status as the step asks, if the user may.
func (n *Newsroom) takeStep(u news.User, own bool, cur news.Article, next *news.Article, step Step) error {
	now := n.now()
	switch step {
	case StepSave:
		return nil
	case StepSubmit:
		if !Allowed(u.Role, SubmitArticle, own) {
			return news.ErrForbidden
		}
		if cur.Status != news.StatusDraft && cur.Status != news.StatusUnpublished {
			return problem("Only a draft can be submitted for review.")
		}
		next.Status = news.StatusReview
	case StepPublish:
		if !Allowed(u.Role, PublishArticle, own) {
			return news.ErrForbidden
		}
		if next.PublishedAt.IsZero() || next.PublishedAt.After(now) {
			next.PublishedAt = now
		}
		next.Status = news.StatusPublished
	case StepSchedule:
		if !Allowed(u.Role, PublishArticle, own) {
			return news.ErrForbidden
		}
		if !next.PublishedAt.After(now) {
			return problem("Choose a publication time in the future to schedule the article.")
		}
		next.Status = news.StatusScheduled
	case StepUnpublish:
		if !Allowed(u.Role, PublishArticle, own) {
			return news.ErrForbidden
		}
		if cur.Status != news.StatusPublished && cur.Status != news.StatusScheduled {
			return problem("Only a published or scheduled article can be unpublished.")
		}
		next.Status = news.StatusUnpublished
	case StepDraft:
		switch {
		case cur.Status == news.StatusPublished:
			return problem("Unpublish the article before turning it back into a draft.")
		case cur.Status == news.StatusReview && own:
			// A writer may withdraw their own submission.
		case !Allowed(u.Role, PublishArticle, own):
			return news.ErrForbidden
		}
		next.Status = news.StatusDraft
	default:
		return problem(fmt.Sprintf("Unknown action %q.", step))
	}
	return nil
}

// check refuses an article that cannot be stored in its status, with the
// reasons a writer can act on.
func check(ctx context.Context, s store.Store, a news.Article) error {
	var problems []string
	if a.Title == "" {
		problems = append(problems, "The title is empty.")
	}
	if !news.ValidSlug(a.Slug) {
		problems = append(problems, "The address (slug) may hold only lower-case letters, digits and hyphens.")
	}
	if other, err := s.ArticleBySlug(ctx, a.Slug); err == nil && other.ID != a.ID {
		problems = append(problems, fmt.Sprintf("The address %q is taken by another article (%q).", a.Slug, other.Title))
	}
	if a.Status == news.StatusPublished || a.Status == news.StatusScheduled {
		problems = append(problems, readyProblems(ctx, s, a)...)
	}
	if len(problems) > 0 {
		return &ProblemError{Problems: problems}
	}
	return nil
}

// readyProblems lists what an article lacks before readers may see it.
func readyProblems(ctx context.Context, s store.Store, a news.Article) []string {
	var problems []string
	if a.WordCount == 0 {
		problems = append(problems, "The article has no text.")
	}
	if len(a.Categories) == 0 {
		problems = append(problems, "Choose a section.")
	}
	if len(a.Authors) == 0 {
		problems = append(problems, "Add at least one author.")
	}
	if a.Image == nil || a.Image.ID == 0 {
		return append(problems, "Choose a featured image.")
	}
	img, err := s.Image(ctx, a.Image.ID)
	if err != nil || strings.TrimSpace(img.Alt) == "" {
		problems = append(problems, "The featured image needs alt text describing it.")
	}
	return problems
}

func problem(p string) error { return &ProblemError{Problems: []string{p}} }

// changedForReaders reports whether an edit changes what readers read, so
// that the page shows an "Updated" date; retagging does not.
func changedForReaders(a, b news.Article) bool {
	return a.Title != b.Title || a.Standfirst != b.Standfirst || a.Body != b.Body
}

func revisionNote(step Step, note string) string {
	if note != "" {
		return note
	}
	switch step {
	case StepSubmit:
		return "Submitted for review"
	case StepPublish:
		return "Published"
	case StepSchedule:
		return "Scheduled"
	case StepUnpublish:
		return "Unpublished"
	case StepDraft:
		return "Returned to draft"
	}
	return ""
}

// record adds the revision for a save; consecutive autosaves by the same
// writer replace the previous one.
func (n *Newsroom) record(ctx context.Context, s store.Store, u news.User, a news.Article, note string) error {
	rev := news.Revision{ArticleID: a.ID, Version: a.Version, CreatedAt: n.now(), UserID: u.ID, UserName: u.Name, Note: note, Article: a}
	if note == NoteAutosave {
		revs, err := s.Revisions(ctx, a.ID)
		if err != nil {
			return err
		}
		if len(revs) > 0 && revs[0].Note == NoteAutosave && revs[0].UserID == u.ID && rev.CreatedAt.Sub(revs[0].CreatedAt) < autosaveMerge {
			return s.ReplaceRevision(ctx, rev)
		}
	}
	return s.AddRevision(ctx, rev)
}

// keepOldAddress makes the address readers knew redirect to the new one
// when a visible article's slug or date changes, and drops any redirect
// from the new address, which now serves the article itself.
func (n *Newsroom) keepOldAddress(ctx context.Context, s store.Store, cur, next news.Article) error {
	settings, err := s.Settings(ctx)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return err
	}
	loc := settings.Location()
	if next.PublishedAt.IsZero() {
		return nil
	}
	newPath := news.ArticlePath(next, loc)
	if err := s.DeleteRedirect(ctx, newPath); err != nil {
		return err
	}
	if cur.PublishedAt.IsZero() || !cur.VisibleAt(n.now()) {
		return nil
	}
	if oldPath := news.ArticlePath(cur, loc); oldPath != newPath {
		return s.SetRedirect(ctx, news.Redirect{Path: oldPath, ArticleID: cur.ID, CreatedAt: n.now()})
	}
	return nil
}

// conflict keeps the refused text as the writer's draft and says who got
// there first.
func (n *Newsroom) conflict(ctx context.Context, u news.User, in news.Article) error {
	kept := clean(in)
	if err := n.Store.SaveDraft(ctx, news.Draft{ArticleID: in.ID, UserID: u.ID, BaseVersion: in.Version, SavedAt: n.now(), Article: kept}); err != nil {
		return err
	}
	ce := &ConflictError{}
	revs, err := n.Store.Revisions(ctx, in.ID)
	if err != nil {
		return err
	}
	if len(revs) > 0 {
		ce.Version, ce.By, ce.At = revs[0].Version, revs[0].UserName, revs[0].CreatedAt
	}
	return ce
}

// NoteAutosave marks revisions written by autosave.
const NoteAutosave = "Autosave"

// Autosave keeps a writer's work while they type. A draft or a piece in
// review is saved into the article itself (one revision per sitting); a
// live or scheduled article, or one saved by someone else meanwhile, is
// kept as the writer's unsaved draft so readers never see half an edit.
// It reports whether the article itself was saved.
func (n *Newsroom) Autosave(ctx context.Context, u news.User, in news.Article) (news.Article, bool, error) {
	if in.ID == 0 {
		if strings.TrimSpace(in.Title) == "" {
			in.Title = "Untitled draft"
		}
		a, err := n.Save(ctx, u, in, StepSave, NoteAutosave)
		return a, err == nil, err
	}
	cur, err := n.Store.Article(ctx, in.ID)
	if err != nil {
		return news.Article{}, false, err
	}
	if !Allowed(u.Role, EditArticle, Owns(u, cur)) {
		return news.Article{}, false, news.ErrForbidden
	}
	if (cur.Status == news.StatusDraft || cur.Status == news.StatusReview) && cur.Version == in.Version {
		a, err := n.Save(ctx, u, in, StepSave, NoteAutosave)
		if err == nil || !errors.Is(err, news.ErrConflict) {
			return a, err == nil, err
		}
	}
	d := news.Draft{ArticleID: cur.ID, UserID: u.ID, BaseVersion: in.Version, SavedAt: n.now(), Article: clean(in)}
	if err := n.Store.SaveDraft(ctx, d); err != nil {
		return news.Article{}, false, err
	}
	return cur, false, nil
}

// Restore saves an earlier version's text and fields as the newest
// version; the status stays as it is.
func (n *Newsroom) Restore(ctx context.Context, u news.User, id int64, version, base int) (news.Article, error) {
	rev, err := n.Store.Revision(ctx, id, version)
	if err != nil {
		return news.Article{}, err
	}
	in := rev.Article
	in.Version = base
	return n.Save(ctx, u, in, StepSave, fmt.Sprintf("Restored version %d", version))
}

// Delete removes an article the user may delete.
func (n *Newsroom) Delete(ctx context.Context, u news.User, id int64) error {
	a, err := n.Store.Article(ctx, id)
	if err != nil {
		return err
	}
	if !Allowed(u.Role, DeleteArticle, Owns(u, a)) {
		return news.ErrForbidden
	}
	if a.Status == news.StatusPublished && !Allowed(u.Role, PublishArticle, Owns(u, a)) {
		return news.ErrForbidden
	}
	return n.Store.Atomic(ctx, func(s store.Store) error {
		if err := s.DeleteArticle(ctx, id); err != nil {
			return err
		}
		return QueueArticleEvent(ctx, s, news.EventArticleDeleted, a, n.now())
	})
}
