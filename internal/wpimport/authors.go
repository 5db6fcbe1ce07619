package wpimport

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// author returns the Masthead author id of a WordPress login, importing
// the author first when no run has: an author profile, and a staff
// account without a password (the person sets one through a reset) when
// the export gives a usable email address. An existing account with that
// address is linked instead, keeping its byline if it has one.
func (imp *Importer) author(ctx context.Context, login string) (int64, error) {
	if id, ok := imp.authors[login]; ok {
		return id, nil
	}
	a, ok := imp.ix.Authors[login]
	if !ok {
		a = Author{Login: login}
	}
	name := authorName(a)
	hash := hashOf("author", name)
	m, found, err := imp.mapping(ctx, "author", login)
	if err != nil {
		return 0, err
	}
	if found {
		id, err := imp.refreshAuthor(ctx, m, name, hash)
		if err == nil {
			imp.authors[login] = id
			return id, nil
		}
		if !errors.Is(err, news.ErrNotFound) {
			return 0, err
		}
		// Deleted in Masthead since: make the profile again.
	}
	var au news.Author
	outcome := created
	err = imp.s.Atomic(ctx, func(s store.Store) error {
		var err error
		au, outcome, err = imp.newAuthor(ctx, s, a, name)
		if err != nil {
			return err
		}
		if err := imp.remember(ctx, s, "author", login, au.ID, hash); err != nil {
			return err
		}
		return imp.authorRedirects(ctx, s, a, au)
	})
	if err != nil {
		return 0, fmt.Errorf("author %s: %w", login, err)
	}
	imp.report.count("author", outcome, "")
	imp.authors[login] = au.ID
	return au.ID, nil
}

func authorName(a Author) string {
	if n := strings.TrimSpace(a.DisplayName); n != "" {
		return n
	}
	if n := strings.TrimSpace(a.FirstName + " " + a.LastName); n != "" {
		return n
	}
	return a.Login
}

func (imp *Importer) refreshAuthor(ctx context.Context, m news.ImportMapping, name, hash string) (int64, error) {
	au, err := imp.s.Author(ctx, m.TargetID)
	if err != nil {
		return 0, err
	}
	if m.Hash == hash {
		imp.report.count("author", unchanged, "")
		return au.ID, nil
	}
	au.Name = name
	err = imp.s.Atomic(ctx, func(s store.Store) error {
		if err := s.UpdateAuthor(ctx, &au); err != nil {
			return err
		}
		return imp.remember(ctx, s, "author", m.SourceID, au.ID, hash)
	})
	if err != nil {
		return 0, err
	}
	imp.report.count("author", updated, "")
	return au.ID, nil
}

// newAuthor makes (or finds) the byline and staff account of a WordPress
// author, in the transaction s.
func (imp *Importer) newAuthor(ctx context.Context, s store.Store, a Author, name string) (news.Author, string, error) {
	email, hasEmail := news.NormalizeEmail(a.Email)
	var user news.User
	if hasEmail {
		u, err := s.UserByEmail(ctx, email)
		switch {
		case err == nil:
			user = u
			if u.AuthorID != 0 {
				au, err := s.Author(ctx, u.AuthorID)
				if err == nil {
					imp.report.count("staff account", linked, "")
					return au, linked, nil
				}
			}
		case !errors.Is(err, news.ErrNotFound):
			return news.Author{}, "", err
		}
	}
	au := news.Author{Name: name, Email: email}
	slug, err := freeAuthorSlug(ctx, s, mastheadSlug(nicename(a.Login), name, "author-"+strconv.FormatInt(a.ID, 10)))
	if err != nil {
		return news.Author{}, "", err
	}
	au.Slug = slug
	if err := s.CreateAuthor(ctx, &au); err != nil {
		return news.Author{}, "", err
	}
	if !hasEmail {
		imp.report.advise("Some authors have no usable email address in the export, so they have a byline but no staff account; invite them at /admin/users/ if they will write.")
		return au, created, nil
	}
	if user.ID != 0 {
		user.AuthorID = au.ID
		imp.report.count("staff account", linked, "")
		return au, created, s.UpdateUser(ctx, &user)
	}
	user = news.User{Email: email, Name: name, Role: news.RoleContributor, AuthorID: au.ID, MustResetPassword: true}
	if err := s.CreateUser(ctx, &user); err != nil {
		return news.Author{}, "", err
	}
	imp.report.count("staff account", created, "")
	imp.report.advise("Staff accounts made for WordPress authors have no password and the contributor role: " +
		"an administrator sets a password at /admin/users/ (Reset password) or with " +
		"\"masthead user password --email ADDRESS\", and gives them their role there.")
	return au, created, nil
}

// freeAuthorSlug returns slug, or slug-2, slug-3… when another author has
// it.
func freeAuthorSlug(ctx context.Context, s store.Store, slug string) (string, error) {
	candidate := slug
	for n := 2; ; n++ {
		_, err := s.AuthorBySlug(ctx, candidate)
		if errors.Is(err, news.ErrNotFound) {
			return candidate, nil
		}
		if err != nil {
			return "", err
		}
		candidate = slug + "-" + strconv.Itoa(n)
	}
}

func (imp *Importer) authorRedirects(ctx context.Context, s store.Store, a Author, au news.Author) error {
	target := "/author/" + au.Slug + "/"
	if err := imp.redirectWithFeed(ctx, s, imp.ix.BasePath+"/author/"+nicename(a.Login)+"/", target); err != nil {
		return err
	}
	if a.ID != 0 {
		return imp.redirect(ctx, s, news.Redirect{Path: imp.queryPath("author", strconv.FormatInt(a.ID, 10)), Target: target})
	}
	return nil
}
