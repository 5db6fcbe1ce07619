package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
)

// newsroomSite is a publication of its own, so that creating staff does
// not change the shared demo.
type newsroomSite struct {
	t    *testing.T
	cfg  config.Config
	srv  *httptest.Server
	main *app.Main
}

func newNewsroom(t *testing.T) *newsroomSite {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	return &newsroomSite{t: t, cfg: cfg, srv: srv, main: m}
}

// browser is a client with its own cookies that does not follow redirects.
func (n *newsroomSite) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (n *newsroomSite) do(c *http.Client, method, path string, form url.Values) (*http.Response, string) {
	n.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, n.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func (n *newsroomSite) createUser(email, name, role, password string) string {
	n.t.Helper()
	var out, errs bytes.Buffer
	env := app.Env{Stdin: strings.NewReader(password + "\n"), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
	code := app.CLI(context.Background(), []string{"user", "create", "--data", n.cfg.DataDir, "--email", email, "--name", name, "--role", role}, env)
	if code != 0 {
		n.t.Fatalf("user create: exit %d: %s", code, errs.String())
	}
	return out.String()
}

func TestFirstAdministratorIsCreatedByTheSetupPageOnlyOnce(t *testing.T) {
	n := newNewsroom(t)
	b := n.browser()
	if resp, _ := n.do(b, "GET", "/admin/", nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/login?next=%2Fadmin%2F" {
		t.Fatalf("GET /admin/ signed out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := n.do(b, "GET", "/admin/login", nil); resp.Header.Get("Location") != "/admin/setup" {
		t.Fatalf("with no staff, sign-in does not lead to set-up: %q", resp.Header.Get("Location"))
	}
	resp, body := n.do(b, "POST", "/admin/setup", url.Values{"email": {"not-an-address"}, "name": {"Leyla"}, "password": {"long enough pass"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "valid email") {
		t.Fatalf("bad set-up: %d", resp.StatusCode)
	}
	resp, _ = n.do(b, "POST", "/admin/setup", url.Values{"email": {"Editor@Example.org"}, "name": {"Leyla Aliyeva"}, "password": {"long enough pass"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/" {
		t.Fatalf("set-up: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	cookie := resp.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Errorf("session cookie flags: %q", cookie)
	}
	if _, body := n.do(b, "GET", "/admin/", nil); !strings.Contains(body, "Leyla Aliyeva") || !strings.Contains(body, "administrator") {
		t.Error("the dashboard does not greet the new administrator")
	}
	if resp, _ := n.do(n.browser(), "GET", "/admin/setup", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("set-up page still open after the first administrator: %d", resp.StatusCode)
	}
	if resp, _ := n.do(n.browser(), "POST", "/admin/setup", url.Values{"email": {"intruder@example.org"}, "name": {"X"}, "password": {"long enough pass"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a second set-up was accepted: %d", resp.StatusCode)
	}
}

func TestStaffSignInOutAndGuessing(t *testing.T) {
	n := newNewsroom(t)
	if out := n.createUser("writer@example.org", "Tural Ismayilov", "author", "tural's long password"); !strings.Contains(out, "Created author") || strings.Contains(out, "Password:") {
		t.Fatalf("user create said %q", out)
	}
	b := n.browser()
	wrong, body := n.do(b, "POST", "/admin/login", url.Values{"email": {"writer@example.org"}, "password": {"nope nope nope"}})
	_, unknownBody := n.do(b, "POST", "/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {"nope nope nope"}})
	if wrong.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Email or password is incorrect.") || !strings.Contains(unknownBody, "Email or password is incorrect.") {
		t.Fatalf("failed sign-ins answered %d %q / %q", wrong.StatusCode, body, unknownBody)
	}
	// A token planted before sign-in must not become the session.
	u, _ := url.Parse(n.srv.URL)
	b.Jar.SetCookies(u, []*http.Cookie{{Name: "masthead_session", Value: "planted-by-an-attacker"}})
	resp, _ := n.do(b, "POST", "/admin/login", url.Values{"email": {"WRITER@example.org"}, "password": {"tural's long password"}, "next": {"//evil.example/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/" {
		t.Fatalf("sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var token string
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == "masthead_session" {
			token = c.Value
		}
	}
	if token == "" || token == "planted-by-an-attacker" {
		t.Fatalf("session token after sign-in: %q", token)
	}
	if _, body := n.do(b, "GET", "/admin/", nil); !strings.Contains(body, "Tural Ismayilov") || !strings.Contains(body, "Your latest articles") {
		t.Fatal("an author's dashboard is not theirs")
	}

	other := n.browser()
	n.do(other, "POST", "/admin/login", url.Values{"email": {"writer@example.org"}, "password": {"tural's long password"}})
	n.do(b, "POST", "/admin/logout-everywhere", url.Values{})
	for name, c := range map[string]*http.Client{"this browser": b, "the other browser": other} {
		if resp, _ := n.do(c, "GET", "/admin/", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s still signed in after signing out everywhere: %d", name, resp.StatusCode)
		}
	}
	stale := &http.Client{CheckRedirect: b.CheckRedirect}
	req, _ := http.NewRequest("GET", n.srv.URL+"/admin/", nil)
	req.AddCookie(&http.Cookie{Name: "masthead_session", Value: token})
	if resp, err := stale.Do(req); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Errorf("an ended session's token still works")
	}

	guesser := n.browser()
	for range 5 {
		n.do(guesser, "POST", "/admin/login", url.Values{"email": {"writer@example.org"}, "password": {"guess guess guess"}})
	}
	resp, body = n.do(guesser, "POST", "/admin/login", url.Values{"email": {"writer@example.org"}, "password": {"tural's long password"}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many attempts") {
		t.Errorf("sixth attempt after five wrong ones: %d, want 429 even with the right password", resp.StatusCode)
	}
}

func TestNewsroomFormsRefuseCrossSitePosts(t *testing.T) {
	n := newNewsroom(t)
	n.createUser("chief@example.org", "Chief Editor", "editor", "the chief's password")
	req, _ := http.NewRequest("POST", n.srv.URL+"/admin/login", strings.NewReader(url.Values{"email": {"chief@example.org"}, "password": {"the chief's password"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) != 0 {
		t.Errorf("cross-site sign-in: %d with cookies %v", resp.StatusCode, resp.Cookies())
	}
}

func TestUserCreateRefusesBadInputAndDuplicates(t *testing.T) {
	n := newNewsroom(t)
	out := n.createUser("desk@example.org", "Desk", "editor", "")
	if !strings.Contains(out, "Password: ") {
		t.Fatalf("no generated password shown: %q", out)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--email", "desk@example.org", "--name", "Again", "--role", "editor"}, "already exists"},
		{[]string{"--email", "x", "--name", "X", "--role", "editor"}, "not a valid address"},
		{[]string{"--email", "y@example.org", "--name", "Y", "--role", "owner"}, "--role"},
	} {
		var errs bytes.Buffer
		env := app.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errs, Getenv: func(string) string { return "" }}
		code := app.CLI(context.Background(), append([]string{"user", "create", "--data", n.cfg.DataDir}, tt.args...), env)
		if code == 0 || !strings.Contains(errs.String(), tt.want) {
			t.Errorf("%v: exit %d %q, want failure mentioning %q", tt.args, code, errs.String(), tt.want)
		}
	}
}
