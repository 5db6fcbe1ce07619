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
