package newsroom

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
)

// Importer is who imports act as: the revisions they write name it, and
// it holds the rights an import needs (writing and publishing anyone's
// articles, managing pages).
var Importer = news.User{Name: "WordPress import", Role: news.RoleAdministrator}

// NoteImportedFromWordPress marks the revision an import writes. An
// article whose newest revision still carries it has not been edited in
// Masthead since, so a later import may update it.
const NoteImportedFromWordPress = "Imported from WordPress"

// ImportArticle stores an article as it stood in the system it comes
// from: its status, dates, bylines and address are kept as given, with no
// workflow step taken and no readiness checked, since readers there saw
// it (or not) already. It runs in the caller's transaction s, so that the
// caller records what it imported in the same one. in.ID zero creates the
// article; otherwise it replaces the stored one, and a changed address
// keeps the old one as a redirect, as Save does. The body is sanitised and
// counted, and a revision with note is added.
func (n *Newsroom) ImportArticle(ctx context.Context, s store.Store, u news.User, in news.Article, note string) (news.Article, error) {
	return n.ImportArticleWithBody(ctx, s, u, in, CleanBody(in.Body), note)
}

// CleanedBody is an article body sanitised and counted as every saved
// body is. Only CleanBody makes one, so an import may do that work on
// another goroutine, beside the writer, and still write nothing unclean.
type CleanedBody struct {
	html  string
	words int
}

// CleanBody sanitises html and counts its words.
func CleanBody(html string) CleanedBody {
	b := render.Sanitize(html)
	return CleanedBody{html: b, words: render.WordCount(b)}
}

// ImportArticleWithBody is ImportArticle with the body cleaned beforehand;
// in.Body is not read.
func (n *Newsroom) ImportArticleWithBody(ctx context.Context, s store.Store, u news.User, in news.Article, body CleanedBody, note string) (news.Article, error) {
	if !Allowed(u.Role, PublishArticle, false) || !Allowed(u.Role, EditPublished, false) {
		return news.Article{}, news.ErrForbidden
	}
	next := cleanFields(in)
	next.Body, next.WordCount = body.html, body.words
	if err := importProblems(ctx, s, next); err != nil {
		return news.Article{}, err
	}
	var cur news.Article
	if next.ID != 0 {
		var err error
		if cur, err = s.Article(ctx, next.ID); err != nil {
			return news.Article{}, err
		}
		next.CreatedAt, next.Version = cur.CreatedAt, 0
		if err := s.UpdateArticle(ctx, &next); err != nil {
			return news.Article{}, err
		}
	} else {
		next.Version = 0
		if err := s.CreateArticle(ctx, &next); err != nil {
			return news.Article{}, err
		}
	}
	if err := n.record(ctx, s, u, next, note); err != nil {
		return news.Article{}, err
	}
	if err := n.keepOldAddress(ctx, s, cur, next); err != nil {
		return news.Article{}, err
	}
	return next, nil
}

// importProblems refuses what no article may be, whatever its status: no
// title, a malformed or taken address, an unknown status.
func importProblems(ctx context.Context, s store.Store, a news.Article) error {
	var problems []string
	if a.Title == "" {
		problems = append(problems, "The title is empty.")
	}
	if !a.Status.Valid() {
		problems = append(problems, fmt.Sprintf("Unknown status %q.", a.Status))
	}
	if !news.ValidSlug(a.Slug) {
		problems = append(problems, "The address (slug) may hold only lower-case letters, digits and hyphens.")
	} else if other, err := s.ArticleBySlug(ctx, a.Slug); err == nil && other.ID != a.ID {
		problems = append(problems, fmt.Sprintf("The address %q is taken by another article (%q).", a.Slug, other.Title))
	} else if err != nil && !errors.Is(err, news.ErrNotFound) {
		return err
	}
	if (a.Status == news.StatusPublished || a.Status == news.StatusScheduled) && a.PublishedAt.IsZero() {
		problems = append(problems, "A published or scheduled article needs its publication time.")
	}
	if len(problems) > 0 {
		return &ProblemError{Problems: problems}
	}
	return nil
}

// EditedSinceImport reports whether anyone saved the article after the
// import that wrote it, so that a later import leaves their work alone.
func EditedSinceImport(ctx context.Context, s store.Store, articleID int64) (bool, error) {
	revs, err := s.Revisions(ctx, articleID)
	if err != nil {
		return false, err
	}
	return len(revs) > 0 && !strings.HasPrefix(revs[0].Note, NoteImportedFromWordPress), nil
}

// ImportPage stores a static page as it stood in the system it comes
// from, in the caller's transaction s. p.ID zero creates it; otherwise it
// replaces the stored one. Pages may only be drafts, published or
// unpublished, and their address must be free and not one the site
// serves itself.
func (n *Newsroom) ImportPage(ctx context.Context, s store.Store, u news.User, p news.Page) (news.Page, error) {
	if !Allowed(u.Role, ManagePages, false) {
		return news.Page{}, news.ErrForbidden
	}
	p.Title, p.Slug = strings.TrimSpace(p.Title), strings.TrimSpace(p.Slug)
	p.Body = render.Sanitize(p.Body)
	var problems []string
	if p.Title == "" {
		problems = append(problems, "The title is empty.")
	}
	switch p.Status {
	case news.StatusDraft, news.StatusPublished, news.StatusUnpublished:
	default:
		problems = append(problems, fmt.Sprintf("A page cannot be %q.", p.Status))
	}
	switch {
	case !news.ValidSlug(p.Slug):
		problems = append(problems, "The address (slug) may hold only lower-case letters, digits and hyphens.")
	case slices.Contains(ReservedPageSlugs, p.Slug):
		problems = append(problems, fmt.Sprintf("The address /%s/ belongs to the site itself.", p.Slug))
	default:
		other, err := s.PageBySlug(ctx, p.Slug)
		if err == nil && other.ID != p.ID {
			problems = append(problems, fmt.Sprintf("The address %q is taken by another page (%q).", p.Slug, other.Title))
		} else if err != nil && !errors.Is(err, news.ErrNotFound) {
			return news.Page{}, err
		}
	}
	if len(problems) > 0 {
		return news.Page{}, &ProblemError{Problems: problems}
	}
	if p.ID != 0 {
		return p, s.UpdatePage(ctx, &p)
	}
	return p, s.CreatePage(ctx, &p)
}
