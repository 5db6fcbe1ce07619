package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

type authorListPage struct {
	base
	Authors []news.Author
}

type authorFormPage struct {
	base
	Problems []string
	Author   news.Author
	Avatar   string // the image id as typed
	Links    []socialRow
	New      bool
	// OwnOnly is set for staff editing their own byline without
	// ManageAuthors: the slug, and so the profile's address, stays.
	OwnOnly bool
}

func (a *Admin) authorList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	if !newsroom.Allowed(u.Role, newsroom.ManageAuthors, false) {
		// Staff who may edit only their own byline go straight to it.
		if newsroom.Allowed(u.Role, newsroom.EditOwnProfile, true) && u.AuthorID != 0 {
			http.Redirect(w, r, "/admin/authors/"+strconv.FormatInt(u.AuthorID, 10), http.StatusSeeOther)
			return nil
		}
		return news.ErrForbidden
	}
	authors, err := a.store.AllAuthors(r.Context())
	if err != nil {
		return err
	}
	return a.render(w, http.StatusOK, "manage_authors.html", authorListPage{base: a.page(r, "Authors"), Authors: authors})
}

// authorAccess says whether the signed-in staff member may edit author
// id, and whether only as its owner.
func authorAccess(r *http.Request, id int64) (ownOnly bool, err error) {
	u := currentUser(r.Context())
	switch {
	case newsroom.Allowed(u.Role, newsroom.ManageAuthors, false):
		return false, nil
	case id != 0 && id == u.AuthorID && newsroom.Allowed(u.Role, newsroom.EditOwnProfile, true):
		return true, nil
	}
	return false, news.ErrForbidden
}

func (a *Admin) authorNew(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageAuthors); err != nil {
		return err
	}
	return a.authorForm(w, r, http.StatusOK, authorFormPage{New: true, Links: socialRows(nil, 3)})
}

func (a *Admin) authorEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := manageID(r)
	if err != nil {
		return err
	}
	ownOnly, err := authorAccess(r, id)
	if err != nil {
		return err
	}
	au, err := a.store.Author(r.Context(), id)
	if err != nil {
		return err
	}
	return a.authorForm(w, r, http.StatusOK, authorFormPage{
		Author: au, Avatar: imageIDText(au.Avatar), Links: socialRows(au.Links, 2), OwnOnly: ownOnly,
	})
}

func (a *Admin) authorForm(w http.ResponseWriter, r *http.Request, status int, page authorFormPage) error {
	title := "New author"
	switch {
	case page.OwnOnly:
		title = "Your author profile"
	case !page.New:
		title = "Edit author"
	}
	page.base = a.page(r, title)
	return a.render(w, status, "manage_author_form.html", page)
}

// postedAuthor reads the profile form over au.
func (a *Admin) postedAuthor(r *http.Request, au news.Author, ownOnly bool, p *formProblems) authorFormPage {
	au.Name, au.Bio = formText(r, "name"), formText(r, "bio")
	if au.Name == "" {
		p.add("Give the author a name.")
	}
	if !ownOnly {
		au.Slug = formSlug(formText(r, "slug"), au.Name, p)
	}
	au.Email = formText(r, "email")
	if au.Email != "" {
		email, ok := news.NormalizeEmail(au.Email)
		if !ok {
			p.add("The email address is not valid.")
		} else {
			au.Email = email
		}
	}
	page := authorFormPage{Avatar: formText(r, "avatar"), OwnOnly: ownOnly}
	au.Avatar = a.formImage(r, page.Avatar, "Picture", p)
	au.Links, page.Links = postedSocialLinks(r, p)
	page.Author = au
	return page
}

func (a *Admin) authorCreate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageAuthors); err != nil {
		return err
	}
	var p formProblems
	page := a.postedAuthor(r, news.Author{}, false, &p)
	page.New = true
	if len(p) == 0 {
		if err := storeRefusal(a.store.CreateAuthor(r.Context(), &page.Author), "author", &p); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		page.Problems = p
		return a.authorForm(w, r, http.StatusUnprocessableEntity, page)
	}
	redirectDone(w, r, "/admin/authors/", "created")
	return nil
}

func (a *Admin) authorUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := manageID(r)
	if err != nil {
		return err
	}
	ownOnly, err := authorAccess(r, id)
	if err != nil {
		return err
	}
	au, err := a.store.Author(r.Context(), id)
	if err != nil {
		return err
	}
	var p formProblems
	page := a.postedAuthor(r, au, ownOnly, &p)
	if len(p) == 0 {
		if err := storeRefusal(a.store.UpdateAuthor(r.Context(), &page.Author), "author", &p); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		page.Problems = p
		return a.authorForm(w, r, http.StatusUnprocessableEntity, page)
	}
	redirectDone(w, r, "/admin/authors/"+strconv.FormatInt(id, 10), "saved")
	return nil
}

func (a *Admin) authorDelete(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageAuthors); err != nil {
		return err
	}
	id, err := manageID(r)
	if err != nil {
		return err
	}
	if err := a.store.DeleteAuthor(r.Context(), id); err != nil {
		return err
	}
	redirectDone(w, r, "/admin/authors/", "deleted")
	return nil
}

// authorJSON is an author as the editor's byline picker sees it.
type authorJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// authorLookup suggests bylines for the editor: anyone who writes may
// look them up.
func (a *Admin) authorLookup(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.WriteArticle); err != nil {
		return err
	}
	authors, err := a.store.AllAuthors(r.Context())
	if err != nil {
		return err
	}
	fq := news.Fold(strings.TrimSpace(r.URL.Query().Get("q")))
	out := struct {
		Authors []authorJSON `json:"authors"`
	}{Authors: []authorJSON{}}
	var inside []authorJSON
	for _, au := range authors {
		name, row := news.Fold(au.Name), authorJSON{ID: au.ID, Name: au.Name, Slug: au.Slug}
		switch {
		case fq == "" || strings.HasPrefix(name, fq) || strings.HasPrefix(au.Slug, fq) || strings.Contains(name, " "+fq):
			out.Authors = append(out.Authors, row)
		case strings.Contains(name, fq):
			inside = append(inside, row)
		}
	}
	out.Authors = append(out.Authors, inside...)
	if len(out.Authors) > lookupLimit {
		out.Authors = out.Authors[:lookupLimit]
	}
	return answerJSON(w, http.StatusOK, out)
}
