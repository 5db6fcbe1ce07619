package newsroom

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
)

// The publication's structure (static pages, sections, topics and author
// profiles) has no workflow or versions; these use cases check the
// permission matrix, tidy and validate what they are given, and write it
// with an audit entry in one transaction. The API writes through them.

// ReservedPageSlugs are first path segments the site serves itself: a
// page there could never be reached.
var ReservedPageSlugs = []string{"admin", "api", "assets", "author", "category", "feed", "ghost", "healthz",
	"media", "page", "preview", "readyz", "search", "signin", "tag"}

// Via says where a change came from, for the audit log: "api key 3
// (Wire bot)", say. Empty for none.
type Via string

// audit records what u did inside the change's transaction.
func (n *Newsroom) audit(ctx context.Context, s store.Store, u news.User, via Via, action, kind string, id int64, title string) error {
	return s.RecordAudit(ctx, &news.AuditEntry{At: n.now().Truncate(1e9), UserID: u.ID, UserName: u.Name,
		Action: action, SubjectKind: kind, SubjectID: id, SubjectTitle: title, Detail: string(via)})
}

// tidySlug is the slug given, or one made from the name.
func tidySlug(slug, name string) string {
	slug = strings.TrimSpace(slug)
	if slug == "" {
		return news.Slugify(name)
	}
	return slug
}

// SavePage creates (ID zero) or replaces a static page.
func (n *Newsroom) SavePage(ctx context.Context, u news.User, via Via, p news.Page) (news.Page, error) {
	if !Allowed(u.Role, ManagePages, false) {
		return news.Page{}, news.ErrForbidden
	}
	p.Title = strings.TrimSpace(p.Title)
	p.Slug = tidySlug(p.Slug, p.Title)
	p.Body = render.Sanitize(p.Body)
	if p.Status == "" {
		p.Status = news.StatusDraft
	}
	var problems []string
	if p.Title == "" {
		problems = append(problems, "The title is empty.")
	}
	if !news.ValidSlug(p.Slug) || slices.Contains(ReservedPageSlugs, p.Slug) {
		problems = append(problems, fmt.Sprintf("The address /%s/ cannot be used for a page.", p.Slug))
	}
	if p.Status != news.StatusDraft && p.Status != news.StatusPublished && p.Status != news.StatusUnpublished {
		problems = append(problems, "A page is a draft, published or unpublished.")
	}
	if len(problems) > 0 {
		return news.Page{}, &ProblemError{Problems: problems}
	}
	now := n.now().Truncate(1e9)
	if p.Status == news.StatusPublished && p.PublishedAt.IsZero() {
		p.PublishedAt = now
	}
	p.UpdatedAt = now
	err := n.Store.Atomic(ctx, func(s store.Store) error {
		action, change := "page.update", "updated"
		if p.ID == 0 {
			action, change = "page.create", "created"
			if err := s.CreatePage(ctx, &p); err != nil {
				return err
			}
		} else if err := s.UpdatePage(ctx, &p); err != nil {
			return err
		}
		if err := QueuePageChanged(ctx, s, p, change, now); err != nil {
			return err
		}
		return n.audit(ctx, s, u, via, action, "page", p.ID, p.Title)
	})
	return p, err
}

// DeletePage removes a static page.
func (n *Newsroom) DeletePage(ctx context.Context, u news.User, via Via, p news.Page) error {
	if !Allowed(u.Role, ManagePages, false) {
		return news.ErrForbidden
	}
	return n.Store.Atomic(ctx, func(s store.Store) error {
		if err := s.DeletePage(ctx, p.ID); err != nil {
			return err
		}
		if err := QueuePageChanged(ctx, s, p, "deleted", n.now()); err != nil {
			return err
		}
		return n.audit(ctx, s, u, via, "page.delete", "page", p.ID, p.Title)
	})
}

// SaveCategory creates (ID zero) or changes a section. A section cannot
// move under itself or its own sub-sections.
func (n *Newsroom) SaveCategory(ctx context.Context, u news.User, via Via, c news.Category) (news.Category, error) {
	if !Allowed(u.Role, ManageCategories, false) {
		return news.Category{}, news.ErrForbidden
	}
	c.Name = strings.TrimSpace(c.Name)
	c.Slug = tidySlug(c.Slug, c.Name)
	c.Description = strings.TrimSpace(c.Description)
	err := n.Store.Atomic(ctx, func(s store.Store) error {
		cats, err := s.AllCategories(ctx)
		if err != nil {
			return err
		}
		tree := news.NewCategoryTree(cats)
		var problems []string
		if c.Name == "" {
			problems = append(problems, "The name is empty.")
		}
		if !news.ValidSlug(c.Slug) {
			problems = append(problems, "The slug may hold only lower-case letters, digits and hyphens.")
		}
		if _, ok := tree.ByID(c.ParentID); c.ParentID != 0 && !ok {
			problems = append(problems, "The parent section does not exist.")
		}
		if c.ID != 0 && slices.Contains(append(tree.Descendants(c.ID), c.ID), c.ParentID) {
			problems = append(problems, "A section cannot move under itself or one of its sub-sections.")
		}
		if len(problems) > 0 {
			return &ProblemError{Problems: problems}
		}
		action := "category.update"
		if c.ID == 0 {
			action = "category.create"
			err = s.CreateCategory(ctx, &c)
		} else {
			if _, ok := tree.ByID(c.ID); !ok {
				return news.ErrNotFound
			}
			err = s.UpdateCategory(ctx, &c)
		}
		if err != nil {
			return err
		}
		return n.audit(ctx, s, u, via, action, "category", c.ID, c.Name)
	})
	return c, err
}

// DeleteCategory removes a section; its sub-sections move up.
func (n *Newsroom) DeleteCategory(ctx context.Context, u news.User, via Via, c news.Category) error {
	if !Allowed(u.Role, ManageCategories, false) {
		return news.ErrForbidden
	}
	return n.Store.Atomic(ctx, func(s store.Store) error {
		if err := s.DeleteCategory(ctx, c.ID); err != nil {
			return err
		}
		return n.audit(ctx, s, u, via, "category.delete", "category", c.ID, c.Name)
	})
}

// SaveTag creates a topic (anyone who writes may) or changes one (those
// who manage topics may).
func (n *Newsroom) SaveTag(ctx context.Context, u news.User, via Via, t news.Tag) (news.Tag, error) {
	action := CreateTag
	if t.ID != 0 {
		action = ManageTags
	}
	if !Allowed(u.Role, action, false) {
		return news.Tag{}, news.ErrForbidden
	}
	t.Name = strings.TrimSpace(t.Name)
	t.Slug = tidySlug(t.Slug, t.Name)
	t.Description = strings.TrimSpace(t.Description)
	if t.Name == "" || !news.ValidSlug(t.Slug) {
		return news.Tag{}, problem("A topic needs a name and a slug of lower-case letters, digits and hyphens.")
	}
	err := n.Store.Atomic(ctx, func(s store.Store) error {
		var err error
		if t.ID == 0 {
			err = s.CreateTag(ctx, &t)
		} else {
			err = s.UpdateTag(ctx, &t)
		}
		if err != nil {
			return err
		}
		return n.audit(ctx, s, u, via, "tag.save", "tag", t.ID, t.Name)
	})
	return t, err
}

// DeleteTag removes a topic from every article.
func (n *Newsroom) DeleteTag(ctx context.Context, u news.User, via Via, t news.Tag) error {
	if !Allowed(u.Role, ManageTags, false) {
		return news.ErrForbidden
	}
	return n.Store.Atomic(ctx, func(s store.Store) error {
		if err := s.DeleteTag(ctx, t.ID); err != nil {
			return err
		}
		return n.audit(ctx, s, u, via, "tag.delete", "tag", t.ID, t.Name)
	})
}

// SaveAuthor creates or changes an author profile: anyone's for those who
// manage authors, one's own otherwise (keeping its slug, as the newsroom
// does, so that bylines' addresses stay).
func (n *Newsroom) SaveAuthor(ctx context.Context, u news.User, via Via, au news.Author) (news.Author, error) {
	own := au.ID != 0 && au.ID == u.AuthorID
	if !Allowed(u.Role, ManageAuthors, false) && !(own && Allowed(u.Role, EditOwnProfile, true)) {
		return news.Author{}, news.ErrForbidden
	}
	au.Name = strings.TrimSpace(au.Name)
	au.Slug = tidySlug(au.Slug, au.Name)
	au.Bio = strings.TrimSpace(au.Bio)
	if au.Name == "" || !news.ValidSlug(au.Slug) {
		return news.Author{}, problem("An author needs a name and a slug of lower-case letters, digits and hyphens.")
	}
	err := n.Store.Atomic(ctx, func(s store.Store) error {
		var err error
		if au.ID == 0 {
			err = s.CreateAuthor(ctx, &au)
		} else {
			cur, err := s.Author(ctx, au.ID)
			if err != nil {
				return err
			}
			if !Allowed(u.Role, ManageAuthors, false) {
				au.Slug = cur.Slug
			}
			err = s.UpdateAuthor(ctx, &au)
			if err != nil {
				return err
			}
		}
		if err != nil {
			return err
		}
		return n.audit(ctx, s, u, via, "author.save", "author", au.ID, au.Name)
	})
	return au, err
}
