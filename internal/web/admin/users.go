package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

type usersPage struct {
	base
	Staff   []staffRow
	Roles   []news.Role
	Authors []news.Author
	Form    newUserForm
}

type staffRow struct {
	news.User
	LastSignIn string
}

// newUserForm is what the invite form was given, shown again after a mistake.
type newUserForm struct {
	Name, Email, Role, Author string
}

type userPage struct {
	base
	Person     news.User
	LastSignIn string
	Sessions   int
	Roles      []news.Role
	Author     string // the linked byline's name
}

// shownOncePage shows secrets that are never shown again: a generated
// password, recovery codes.
type shownOncePage struct {
	base
	Heading string
	Intro   string
	Values  []string
	Back    string
}

// errLastAdministrator refuses a change that would leave the newsroom
// without an enabled administrator, and so with nobody able to manage
// accounts or settings.
var errLastAdministrator = fmt.Errorf("%w: the last enabled administrator", news.ErrConflict)

const lastAdministratorMessage = "This is the last enabled administrator: make someone else an administrator first."

// staffList lists every account and offers the invite form.
func (a *Admin) staffList(w http.ResponseWriter, r *http.Request) error {
	return a.renderStaff(w, r, http.StatusOK, newUserForm{Role: string(news.RoleContributor)}, "")
}

func (a *Admin) renderStaff(w http.ResponseWriter, r *http.Request, status int, form newUserForm, problem string) error {
	ctx := r.Context()
	users, err := a.store.AllUsers(ctx)
	if err != nil {
		return err
	}
	authors, err := a.store.AllAuthors(ctx)
	if err != nil {
		return err
	}
	page := usersPage{base: a.page(r, "Staff"), Roles: news.Roles, Authors: authors, Form: form}
	page.Error = problem
	loc := a.location(r)
	for _, u := range users {
		page.Staff = append(page.Staff, staffRow{User: u, LastSignIn: when(u.LastSignInAt, loc)})
	}
	return a.render(w, status, "users.html", page)
}

func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "never"
	}
	return t.In(loc).Format("2 Jan 2006 15:04")
}

// createStaff creates an account. The password is the one typed or, when
// none is, a generated one shown once on the answer page.
func (a *Admin) createStaff(w http.ResponseWriter, r *http.Request) error {
	form := newUserForm{Name: strings.TrimSpace(r.FormValue("name")), Email: strings.TrimSpace(r.FormValue("email")),
		Role: r.FormValue("role"), Author: r.FormValue("author")}
	email, ok := news.NormalizeEmail(form.Email)
	password := r.FormValue("password")
	generated := password == ""
	if generated {
		password = auth.GeneratePassword()
	}
	var problem string
	switch {
	case form.Name == "":
		problem = "Enter the person's name."
	case !ok:
		problem = "Enter a valid email address."
	case !news.Role(form.Role).Valid():
		problem = "Choose a role."
	case auth.CheckPasswordRules(password) != nil:
		problem = auth.CheckPasswordRules(password).Error() + "."
	}
	authorID, err := strconv.ParseInt(form.Author, 10, 64)
	if form.Author != "" && form.Author != "new" && (err != nil || authorID <= 0) {
		problem = "Choose an author profile."
	}
	if problem != "" {
		return a.renderStaff(w, r, http.StatusUnprocessableEntity, form, problem)
	}
	hash, err := auth.HashPassword(password, a.params)
	if err != nil {
		return err
	}
	u := news.User{Email: email, Name: form.Name, Role: news.Role(form.Role), PasswordHash: hash, AuthorID: authorID}
	err = a.store.Atomic(r.Context(), func(tx store.Store) error {
		if form.Author == "new" {
			au := news.Author{Name: u.Name, Slug: news.Slugify(u.Name), Email: email}
			if err := tx.CreateAuthor(r.Context(), &au); err != nil {
				if errors.Is(err, news.ErrConflict) {
					return errAuthorExists
				}
				return err
			}
			u.AuthorID = au.ID
		} else if u.AuthorID != 0 {
			if _, err := tx.Author(r.Context(), u.AuthorID); err != nil {
				return err
			}
		}
		if err := tx.CreateUser(r.Context(), &u); err != nil {
			return err
		}
		return a.auditIn(tx, r, "user.create", "user", u.ID, u.Name, "role "+string(u.Role))
	})
	switch {
	case errors.Is(err, errAuthorExists):
		return a.renderStaff(w, r, http.StatusConflict, form, "An author profile with this name already exists: link the account to it instead.")
	case errors.Is(err, news.ErrConflict):
		return a.renderStaff(w, r, http.StatusConflict, form, "An account with this email address already exists.")
	case errors.Is(err, news.ErrNotFound):
		return a.renderStaff(w, r, http.StatusUnprocessableEntity, form, "That author profile no longer exists.")
	case err != nil:
		return err
	}
	page := shownOncePage{base: a.page(r, "Account created"), Heading: "Account created",
		Intro: fmt.Sprintf("%s (%s) can now sign in as %s with the password you typed.", u.Name, u.Role, u.Email),
		Back:  fmt.Sprintf("/admin/users/%d", u.ID)}
	if generated {
		page.Intro = fmt.Sprintf("%s (%s) can now sign in as %s with this password. Pass it on safely: it is shown only now.", u.Name, u.Role, u.Email)
		page.Values = []string{password}
	}
	return a.render(w, http.StatusCreated, "shown_once.html", page)
}

var errAuthorExists = errors.New("author profile exists")

// staffMember loads the account named by the {id} in the address.
func (a *Admin) staffMember(r *http.Request, s store.Store) (news.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return news.User{}, news.ErrNotFound
	}
	return s.User(r.Context(), id)
}

func (a *Admin) staffPage(w http.ResponseWriter, r *http.Request) error {
	return a.renderStaffMember(w, r, http.StatusOK, "")
}

func (a *Admin) renderStaffMember(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	ctx := r.Context()
	u, err := a.staffMember(r, a.store)
	if err != nil {
		return err
	}
	sessions, err := a.store.UserSessions(ctx, u.ID, a.now())
	if err != nil {
		return err
	}
	page := userPage{base: a.page(r, u.Name), Person: u, LastSignIn: when(u.LastSignInAt, a.location(r)), Sessions: len(sessions), Roles: news.Roles}
	page.Error = problem
	if u.AuthorID != 0 {
		if au, err := a.store.Author(ctx, u.AuthorID); err == nil {
			page.Author = au.Name
		}
	}
	return a.render(w, status, "user.html", page)
}

// changeStaff applies change to the account in the address inside one
// transaction, refuses it when it would leave no enabled administrator,
// ends the account's sessions when asked, and records it in the log.
func (a *Admin) changeStaff(r *http.Request, action string, endSessions bool, change func(u *news.User) (detail string, err error)) (news.User, error) {
	var u news.User
	err := a.store.Atomic(r.Context(), func(tx store.Store) error {
		var err error
		if u, err = a.staffMember(r, tx); err != nil {
			return err
		}
		before := u
		detail, err := change(&u)
		if err != nil {
			return err
		}
		if err := keepAnAdministrator(r, tx, before, u); err != nil {
			return err
		}
		u.UpdatedAt = time.Time{}
		if err := tx.UpdateUser(r.Context(), &u); err != nil {
			return err
		}
		if endSessions {
			if _, err := tx.DeleteUserSessions(r.Context(), u.ID); err != nil {
				return err
			}
		}
		return a.auditIn(tx, r, action, "user", u.ID, u.Name, detail)
	})
	return u, err
}

// finish answers a change made by changeStaff: the account's page with a
// confirmation, or with the reason it was refused.
func (a *Admin) finish(w http.ResponseWriter, r *http.Request, u news.User, err error, notice string) error {
	if errors.Is(err, errLastAdministrator) {
		return a.renderStaffMember(w, r, http.StatusConflict, lastAdministratorMessage)
	}
	if err != nil {
		return err
	}
	a.done(w, r, u, notice)
	return nil
}

// keepAnAdministrator refuses to demote or disable the last enabled
// administrator. The count locks the administrators' rows, so two such
// changes at once are decided one after the other.
func keepAnAdministrator(r *http.Request, tx store.Store, before, after news.User) error {
	wasActiveAdmin := before.Role == news.RoleAdministrator && !before.Disabled
	isActiveAdmin := after.Role == news.RoleAdministrator && !after.Disabled
	if !wasActiveAdmin || isActiveAdmin {
		return nil
	}
	n, err := tx.CountActiveAdministrators(r.Context())
	if err != nil {
		return err
	}
	if n <= 1 {
		return errLastAdministrator
	}
	return nil
}

// done answers a successful change by going back to the account's page
// with a confirmation, unless the change signed the user out.
func (a *Admin) done(w http.ResponseWriter, r *http.Request, u news.User, notice string) {
	if u.ID == currentUser(r.Context()).ID {
		if _, ok, _ := a.sessionUser(r); !ok {
			clearSessionCookie(w, r)
			http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
			return
		}
		if !newsroom.Allowed(u.Role, newsroom.ManageUsers, false) {
			// They have just given up the right to this page.
			http.Redirect(w, r, "/admin/account?done="+notice, http.StatusSeeOther)
			return
		}
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/users/%d?done=%s", u.ID, notice), http.StatusSeeOther)
}

func (a *Admin) changeRole(w http.ResponseWriter, r *http.Request) error {
	role := news.Role(r.FormValue("role"))
	if !role.Valid() {
		return a.renderStaffMember(w, r, http.StatusUnprocessableEntity, "Choose a role.")
	}
	u, err := a.changeStaff(r, "user.role", false, func(u *news.User) (string, error) {
		detail := string(u.Role) + " → " + string(role)
		u.Role = role
		return detail, nil
	})
	return a.finish(w, r, u, err, "saved")
}

func (a *Admin) disableStaff(w http.ResponseWriter, r *http.Request) error {
	return a.setDisabled(w, r, true)
}

func (a *Admin) enableStaff(w http.ResponseWriter, r *http.Request) error {
	return a.setDisabled(w, r, false)
}

// setDisabled turns an account off or on. Turning it off ends its
// sessions at once: a disabled person must not keep working in an open tab.
func (a *Admin) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	action, notice := "user.enable", "enabled"
	if disabled {
		action, notice = "user.disable", "disabled"
	}
	u, err := a.changeStaff(r, action, disabled, func(u *news.User) (string, error) {
		u.Disabled = disabled
		return "", nil
	})
	return a.finish(w, r, u, err, notice)
}

// resetStaffPassword sets a new password, typed or generated and shown
// once, and ends the account's sessions.
func (a *Admin) resetStaffPassword(w http.ResponseWriter, r *http.Request) error {
	password := r.FormValue("password")
	generated := password == ""
	if generated {
		password = auth.GeneratePassword()
	}
	if err := auth.CheckPasswordRules(password); err != nil {
		return a.renderStaffMember(w, r, http.StatusUnprocessableEntity, err.Error()+".")
	}
	hash, err := auth.HashPassword(password, a.params)
	if err != nil {
		return err
	}
	u, err := a.changeStaff(r, "user.password", true, func(u *news.User) (string, error) {
		u.PasswordHash = hash
		return "sessions ended", nil
	})
	if err != nil || u.ID == currentUser(r.Context()).ID {
		return a.finish(w, r, u, err, "saved")
	}
	page := shownOncePage{base: a.page(r, "Password reset"), Heading: "Password reset",
		Intro: fmt.Sprintf("%s's sessions have ended; they sign in with the password you typed.", u.Name),
		Back:  fmt.Sprintf("/admin/users/%d", u.ID)}
	if generated {
		page.Intro = fmt.Sprintf("%s's sessions have ended. Their new password is below; pass it on safely: it is shown only now.", u.Name)
		page.Values = []string{password}
	}
	return a.render(w, http.StatusOK, "shown_once.html", page)
}

// signOutStaff ends every session of an account.
func (a *Admin) signOutStaff(w http.ResponseWriter, r *http.Request) error {
	var u news.User
	var n int
	err := a.store.Atomic(r.Context(), func(tx store.Store) error {
		var err error
		if u, err = a.staffMember(r, tx); err != nil {
			return err
		}
		if n, err = tx.DeleteUserSessions(r.Context(), u.ID); err != nil {
			return err
		}
		return a.auditIn(tx, r, "user.signout", "user", u.ID, u.Name, fmt.Sprintf("%d sessions ended", n))
	})
	return a.finish(w, r, u, err, "signed-out")
}

// resetStaffTOTP turns off someone's second factor, for a lost phone.
func (a *Admin) resetStaffTOTP(w http.ResponseWriter, r *http.Request) error {
	var u news.User
	err := a.store.Atomic(r.Context(), func(tx store.Store) error {
		var err error
		if u, err = a.staffMember(r, tx); err != nil {
			return err
		}
		if err := tx.DeleteTOTP(r.Context(), u.ID); err != nil {
			return err
		}
		return a.auditIn(tx, r, "totp.reset", "user", u.ID, u.Name, "two-factor sign-in turned off by an administrator")
	})
	return a.finish(w, r, u, err, "totp-off")
}
