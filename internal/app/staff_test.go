package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/pquerna/otp/totp"
)

func parseHTML(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// signIn returns a browser signed in with a password (no second factor).
func (n *newsroomSite) signIn(email, password string) *http.Client {
	n.t.Helper()
	b := n.browser()
	resp, body := n.do(b, "POST", "/admin/login", url.Values{"email": {email}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/" {
		n.t.Fatalf("sign-in as %s: %d to %q: %s", email, resp.StatusCode, resp.Header.Get("Location"), body)
	}
	return b
}

func (n *newsroomSite) sessionToken(b *http.Client) string {
	u, _ := url.Parse(n.srv.URL)
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == "masthead_session" {
			return c.Value
		}
	}
	return ""
}

func (n *newsroomSite) signedIn(b *http.Client) bool {
	n.t.Helper()
	resp, _ := n.do(b, "GET", "/admin/", nil)
	return resp.StatusCode == http.StatusOK
}

// auditActions returns the actions the audit page lists, newest first.
func (n *newsroomSite) auditActions(admin *http.Client, query string) []string {
	n.t.Helper()
	resp, body := n.do(admin, "GET", "/admin/audit?"+query, nil)
	if resp.StatusCode != http.StatusOK {
		n.t.Fatalf("audit log: %d", resp.StatusCode)
	}
	var actions []string
	parseHTML(n.t, body).Find("table.audit tbody tr").Each(func(_ int, tr *goquery.Selection) {
		actions = append(actions, tr.Find("td").Eq(2).Text()+" "+tr.Find("td").Eq(5).Text())
	})
	return actions
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// staffID finds an account's id on the staff list by name.
func (n *newsroomSite) staffID(admin *http.Client, name string) string {
	n.t.Helper()
	_, body := n.do(admin, "GET", "/admin/users/", nil)
	var id string
	parseHTML(n.t, body).Find("table.staff a").Each(func(_ int, a *goquery.Selection) {
		if a.Text() == name {
			id = strings.TrimPrefix(a.AttrOr("href", ""), "/admin/users/")
		}
	})
	if id == "" {
		n.t.Fatalf("%s is not on the staff list", name)
	}
	return id
}

func TestTOTPEnrolmentSignInReplayAndRecoveryCodes(t *testing.T) {
	n := newNewsroom(t)
	n.createUser("chief@example.org", "Chief Editor", "administrator", "the chief's password")
	b := n.signIn("chief@example.org", "the chief's password")

	resp, body := n.do(b, "GET", "/admin/account/totp", nil)
	doc := parseHTML(t, body)
	secret := strings.ReplaceAll(doc.Find("#totp-secret").Text(), " ", "")
	if resp.StatusCode != http.StatusOK || len(secret) != 32 || doc.Find(`img[src="/admin/account/totp.png"]`).Length() != 1 {
		t.Fatalf("enrolment page: %d, secret %q", resp.StatusCode, secret)
	}
	if resp, png := n.do(b, "GET", "/admin/account/totp.png", nil); resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(png, "\x89PNG") {
		t.Fatalf("QR code: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Reloading the page keeps the key the phone may already have scanned.
	if _, again := n.do(b, "GET", "/admin/account/totp", nil); !strings.Contains(again, doc.Find("#totp-secret").Text()) {
		t.Fatal("reloading the enrolment page changed the key")
	}
	// Starting again makes a new key, and the old one stops working.
	_, body = n.do(b, "POST", "/admin/account/totp/new", url.Values{})
	fresh := strings.ReplaceAll(parseHTML(t, body).Find("#totp-secret").Text(), " ", "")
	if fresh == secret || len(fresh) != 32 {
		t.Fatalf("starting again: key %q, was %q", fresh, secret)
	}
	stale, _ := totp.GenerateCode(secret, time.Now())
	if resp, _ := n.do(b, "POST", "/admin/account/totp", url.Values{"code": {stale}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a code from the replaced key: %d", resp.StatusCode)
	}
	secret = fresh
	if resp, body := n.do(b, "POST", "/admin/account/totp", url.Values{"code": {"12345"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not right") {
		t.Fatalf("a wrong enrolment code: %d", resp.StatusCode)
	}
	if _, body := n.do(b, "GET", "/admin/users/", nil); !strings.Contains(parseHTML(t, body).Find("table.staff tbody tr").First().Text(), "off") {
		t.Fatal("a pending set-up already counts as two-factor on")
	}
	code, _ := totp.GenerateCode(secret, time.Now())
	resp, body = n.do(b, "POST", "/admin/account/totp", url.Values{"code": {code}})
	var recovery []string
	parseHTML(t, body).Find("ul.secrets code").Each(func(_ int, s *goquery.Selection) { recovery = append(recovery, s.Text()) })
	if resp.StatusCode != http.StatusOK || len(recovery) != 10 {
		t.Fatalf("enabling TOTP: %d with %d recovery codes", resp.StatusCode, len(recovery))
	}
	if resp, _ := n.do(b, "GET", "/admin/account/totp.png", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the QR code is still served once TOTP is on: %d", resp.StatusCode)
	}
	if resp, body := n.do(b, "GET", "/admin/account/totp", nil); resp.StatusCode != http.StatusSeeOther || strings.Contains(body, secret[:8]) {
		t.Errorf("the key is shown again once TOTP is on: %d", resp.StatusCode)
	}
	if _, body := n.do(b, "GET", "/admin/account", nil); !strings.Contains(body, "10 recovery codes left") {
		t.Error("the account page does not say TOTP is on")
	}

	// The password alone now leads to the code step, with no session yet,
	// and the planted token never becomes one.
	c := n.browser()
	u, _ := url.Parse(n.srv.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "masthead_session", Value: "planted-by-an-attacker"}})
	resp, _ = n.do(c, "POST", "/admin/login", url.Values{"email": {"chief@example.org"}, "password": {"the chief's password"}, "next": {"/admin/account"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/login/code" {
		t.Fatalf("password step with TOTP on: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == "masthead_session" {
			t.Fatalf("the password alone set a session cookie")
		}
	}
	if n.signedIn(c) {
		t.Fatal("signed in after the password alone")
	}
	if resp, _ := n.do(c, "POST", "/admin/login/code", url.Values{"code": {"000000"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong code: %d", resp.StatusCode)
	}
	// The enrolment used this step's code; the next step's is still valid.
	next, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	resp, _ = n.do(c, "POST", "/admin/login/code", url.Values{"code": {next}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/account" {
		t.Fatalf("the right code: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if tok := n.sessionToken(c); tok == "" || tok == "planted-by-an-attacker" || !n.signedIn(c) {
		t.Fatalf("after the code step: token %q", tok)
	}
	if resp, _ := n.do(c, "POST", "/admin/login/code", url.Values{"code": {next}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a spent challenge was accepted again: %d", resp.StatusCode)
	}

	// The same code in another browser is a replay.
	d := n.browser()
	n.do(d, "POST", "/admin/login", url.Values{"email": {"chief@example.org"}, "password": {"the chief's password"}})
	if resp, body := n.do(d, "POST", "/admin/login/code", url.Values{"code": {next}}); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "used already") {
		t.Fatalf("a replayed code: %d", resp.StatusCode)
	}
	if resp, _ := n.do(d, "POST", "/admin/login/code", url.Values{"code": {strings.ToUpper(recovery[0])}}); resp.StatusCode != http.StatusSeeOther || !n.signedIn(d) {
		t.Fatalf("a recovery code: %d", resp.StatusCode)
	}
	e := n.browser()
	n.do(e, "POST", "/admin/login", url.Values{"email": {"chief@example.org"}, "password": {"the chief's password"}})
	if resp, body := n.do(e, "POST", "/admin/login/code", url.Values{"code": {recovery[0]}}); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "has been used") {
		t.Fatalf("a recovery code used twice: %d", resp.StatusCode)
	}
	actions := n.auditActions(b, "action=totp.")
	if !containsPrefix(actions, "totp.enable") {
		t.Errorf("no totp.enable in the audit log: %q", actions)
	}
	signins := n.auditActions(b, "action=signin.")
	for _, want := range []string{"signin.success with a TOTP code", "signin.success with a recovery code", "signin.failure wrong second-factor code"} {
		if !containsPrefix(signins, want) {
			t.Errorf("audit log lacks %q: %q", want, signins)
		}
	}

	// Turning it off asks for the password.
	if resp, _ := n.do(b, "POST", "/admin/account/totp/off", url.Values{"current": {"wrong password"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("turning TOTP off with a wrong password: %d", resp.StatusCode)
	}

	// Guessing codes counts against the sign-in limits of the account:
	// within five failures in all, even a good code is refused.
	blocked := false
	for range 5 {
		resp, body := n.do(e, "POST", "/admin/login/code", url.Values{"code": {"000000"}})
		if resp.StatusCode == http.StatusTooManyRequests && strings.Contains(body, "Too many attempts") {
			blocked = true
			break
		}
	}
	if resp, _ := n.do(e, "POST", "/admin/login/code", url.Values{"code": {recovery[1]}}); !blocked || resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("guessing codes is not limited: blocked %v, then a good code answered %d", blocked, resp.StatusCode)
	}
}

func TestStaffManagementIsForAdministratorsOnly(t *testing.T) {
	n := newNewsroom(t)
	n.createUser("chief@example.org", "Chief Editor", "administrator", "the chief's password")
	n.createUser("desk@example.org", "Desk Editor", "editor", "the desk's password")
	admin := n.signIn("chief@example.org", "the chief's password")
	editor := n.signIn("desk@example.org", "the desk's password")
	deskID := n.staffID(admin, "Desk Editor")

	for _, tt := range []struct{ method, path string }{
		{"GET", "/admin/users/"}, {"GET", "/admin/users/" + deskID}, {"GET", "/admin/audit"},
		{"POST", "/admin/users/"}, {"POST", "/admin/users/" + deskID + "/role"}, {"POST", "/admin/users/" + deskID + "/disable"},
		{"POST", "/admin/users/" + deskID + "/password"}, {"POST", "/admin/users/" + deskID + "/signout"},
	} {
		form := url.Values{"name": {"Mole"}, "email": {"mole@example.org"}, "role": {"administrator"}, "password": {"a mole's password"}}
		if resp, body := n.do(editor, tt.method, tt.path, form); resp.StatusCode != http.StatusForbidden || strings.Contains(body, "Chief Editor") {
			t.Errorf("an editor's %s %s: %d", tt.method, tt.path, resp.StatusCode)
		}
	}
	if _, body := n.do(admin, "GET", "/admin/users/", nil); strings.Contains(body, "Mole") {
		t.Fatal("an editor created an account")
	}
	if _, body := n.do(editor, "GET", "/admin/", nil); strings.Contains(body, `href="/admin/users/"`) || strings.Contains(body, `href="/admin/audit"`) {
		t.Error("an editor's navigation links to staff or the audit log")
	}
	if resp, _ := n.do(n.browser(), "GET", "/admin/users/", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out, the staff list answers %d", resp.StatusCode)
	}
}

func TestAdministratorManagesStaff(t *testing.T) {
	n := newNewsroom(t)
	n.createUser("chief@example.org", "Chief Editor", "administrator", "the chief's password")
	admin := n.signIn("chief@example.org", "the chief's password")

	// Invite with a generated password, shown once, and a new byline.
	resp, body := n.do(admin, "POST", "/admin/users/", url.Values{"name": {"Aysel Hasanova"}, "email": {"Aysel@Example.org"}, "role": {"author"}, "author": {"new"}})
	password := parseHTML(t, body).Find("ul.secrets code").Text()
	if resp.StatusCode != http.StatusCreated || len(password) < 20 {
		t.Fatalf("invite: %d, password %q", resp.StatusCode, password)
	}
	aysel := n.signIn("aysel@example.org", password)
	id := n.staffID(admin, "Aysel Hasanova")
	_, body = n.do(admin, "GET", "/admin/users/"+id, nil)
	facts := parseHTML(t, body).Find("dl.facts").Text()
	for _, want := range []string{"aysel@example.org", "author", "active", "Aysel Hasanova", "1 browser"} {
		if !strings.Contains(facts, want) {
			t.Errorf("Aysel's page lacks %q: %q", want, facts)
		}
	}
	if resp, body := n.do(admin, "POST", "/admin/users/", url.Values{"name": {"Again"}, "email": {"aysel@example.org"}, "role": {"editor"}}); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "already exists") {
		t.Errorf("a second account with the same address: %d", resp.StatusCode)
	}
	if resp, body := n.do(admin, "POST", "/admin/users/", url.Values{"name": {"Short"}, "email": {"short@example.org"}, "role": {"editor"}, "password": {"short"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "at least 10") {
		t.Errorf("a typed password that is too short: %d", resp.StatusCode)
	}

	// Role, disable (which ends her sessions), enable, reset, sign out.
	if resp, _ := n.do(admin, "POST", "/admin/users/"+id+"/role", url.Values{"role": {"editor"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change role: %d", resp.StatusCode)
	}
	if _, body := n.do(aysel, "GET", "/admin/", nil); !strings.Contains(body, "(editor)") {
		t.Error("the new role does not apply to Aysel's open session")
	}
	n.do(admin, "POST", "/admin/users/"+id+"/disable", url.Values{})
	if n.signedIn(aysel) {
		t.Error("a disabled account is still signed in")
	}
	if resp, _ := n.do(n.browser(), "POST", "/admin/login", url.Values{"email": {"aysel@example.org"}, "password": {password}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled account signed in: %d", resp.StatusCode)
	}
	n.do(admin, "POST", "/admin/users/"+id+"/enable", url.Values{})
	aysel = n.signIn("aysel@example.org", password)
	if resp, _ := n.do(admin, "POST", "/admin/users/"+id+"/password", url.Values{"password": {"a brand new password"}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("reset password: %d", resp.StatusCode)
	}
	if n.signedIn(aysel) {
		t.Error("a password reset did not end the sessions")
	}
	aysel = n.signIn("aysel@example.org", "a brand new password")
	n.do(admin, "POST", "/admin/users/"+id+"/signout", url.Values{})
	if n.signedIn(aysel) {
		t.Error("signing a user out everywhere left a session")
	}

	// The last enabled administrator can be neither demoted nor disabled.
	chief := n.staffID(admin, "Chief Editor")
	for _, change := range []struct {
		path string
		form url.Values
	}{{"/role", url.Values{"role": {"editor"}}}, {"/disable", url.Values{}}} {
		resp, body := n.do(admin, "POST", "/admin/users/"+chief+change.path, change.form)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "last enabled administrator") {
			t.Errorf("%s of the last administrator: %d", change.path, resp.StatusCode)
		}
	}
	if !n.signedIn(admin) {
		t.Fatal("a refused change signed the administrator out")
	}
	n.do(admin, "POST", "/admin/users/"+id+"/role", url.Values{"role": {"administrator"}})
	if resp, _ := n.do(admin, "POST", "/admin/users/"+id+"/role", url.Values{"role": {"editor"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("demoting one of two administrators: %d", resp.StatusCode)
	}

	actions := n.auditActions(admin, "user="+chief+"&action=user.")
	for _, want := range []string{"user.create role author", "user.role author → editor", "user.disable", "user.enable", "user.password", "user.signout", "user.role administrator → editor"} {
		if !containsPrefix(actions, want) {
			t.Errorf("audit log lacks %q: %q", want, actions)
		}
	}
	if theirs := n.auditActions(admin, "user="+id); !containsPrefix(theirs, "signin.success") || containsPrefix(theirs, "user.") {
		t.Errorf("the person filter mixes people: Aysel's entries are %q", theirs)
	}
}

func TestYourAccountPage(t *testing.T) {
	n := newNewsroom(t)
	n.createUser("writer@example.org", "Tural Ismayilov", "contributor", "tural's long password")
	here := n.signIn("writer@example.org", "tural's long password")
	there := n.signIn("writer@example.org", "tural's long password")

	_, body := n.do(here, "GET", "/admin/account", nil)
	rows := parseHTML(t, body).Find("table.sessions tbody tr")
	if rows.Length() != 2 || !strings.Contains(rows.Text(), "(this browser)") {
		t.Fatalf("sessions listed: %d: %q", rows.Length(), rows.Text())
	}
	var other string
	rows.Each(func(_ int, tr *goquery.Selection) {
		if !strings.Contains(tr.Text(), "this browser") {
			other = tr.Find(`input[name="session"]`).AttrOr("value", "")
		}
	})
	if resp, _ := n.do(here, "POST", "/admin/account/sessions/end", url.Values{"session": {other}}); resp.StatusCode != http.StatusSeeOther || n.signedIn(there) || !n.signedIn(here) {
		t.Fatalf("ending the other session: %d", resp.StatusCode)
	}

	if resp, _ := n.do(here, "POST", "/admin/account/name", url.Values{"name": {"Tural İsmayılov"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", resp.StatusCode)
	}
	if _, body := n.do(here, "GET", "/admin/account", nil); !strings.Contains(body, "Signed in as <strong>Tural İsmayılov</strong>") {
		t.Error("the new name is not shown")
	}

	there = n.signIn("writer@example.org", "tural's long password")
	if resp, body := n.do(here, "POST", "/admin/account/password", url.Values{"current": {"not my password"}, "password": {"a better password"}, "confirm": {"a better password"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "current password is not right") {
		t.Errorf("a password change without the current password: %d", resp.StatusCode)
	}
	if resp, _ := n.do(here, "POST", "/admin/account/password", url.Values{"current": {"tural's long password"}, "password": {"a better password"}, "confirm": {"a better password"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("password change: %d", resp.StatusCode)
	}
	if !n.signedIn(here) || n.signedIn(there) {
		t.Error("a password change must keep this session and end the others")
	}
	n.signIn("writer@example.org", "a better password")

	// A contributor may use their own account page, and nothing of staff.
	for _, path := range []string{"/admin/users/", "/admin/audit"} {
		if resp, _ := n.do(here, "GET", path, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a contributor's GET %s: %d", path, resp.StatusCode)
		}
	}

	n.createUser("chief@example.org", "Chief Editor", "administrator", "the chief's password")
	admin := n.signIn("chief@example.org", "the chief's password")
	actions := n.auditActions(admin, "")
	for _, want := range []string{"account.name was Tural Ismayilov", "account.password 1 other session ended", "signout.session", "signin.success"} {
		if !containsPrefix(actions, want) {
			t.Errorf("audit log lacks %q: %q", want, actions)
		}
	}
}
