package app_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
)

// apikeyCLI runs "masthead apikey ARGS" on the site's data folder and
// returns what it printed and its exit code.
func (n *newsroomSite) apikeyCLI(args ...string) (string, int) {
	n.t.Helper()
	var out, errs bytes.Buffer
	env := app.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
	code := app.CLI(context.Background(), append(append([]string{"apikey"}, args...), "--data", n.cfg.DataDir), env)
	return out.String() + errs.String(), code
}

var (
	contentKeyLine = regexp.MustCompile(`Key: ([0-9a-f]{26})\n`)
	adminKeyLine   = regexp.MustCompile(`Key: (mh_admin_[a-z2-7]{26})\n`)
)

func TestAPIKeysFromTheCommandLineAreShownOnceAndStoredHashed(t *testing.T) {
	n := newNewsroom(t)
	n.createUser("chief@example.org", "Chief", "editor", "a long enough password")
	out, code := n.apikeyCLI("create", "--kind", "content", "--name", "Mobile app")
	m := contentKeyLine.FindStringSubmatch(out)
	if code != 0 || m == nil || !strings.Contains(out, "shown only this once") {
		t.Fatalf("create content key: exit %d, %q", code, out)
	}
	out, code = n.apikeyCLI("create", "--kind", "admin", "--name", "Wire", "--owner", "CHIEF@example.org")
	adm := adminKeyLine.FindStringSubmatch(out)
	if code != 0 || adm == nil || !strings.Contains(out, "acting as Chief") {
		t.Fatalf("create admin key: exit %d, %q", code, out)
	}
	ctx := context.Background()
	for _, secret := range []string{m[1], adm[1]} {
		k, err := n.main.Store.ActiveAPIKey(ctx, auth.HashAPISecret(secret))
		if err != nil || k.Hash == secret || !strings.HasPrefix(secret, k.Hint) {
			t.Errorf("key %q: stored %+v, %v", secret, k, err)
		}
	}
	refusals := map[string][]string{
		"--kind":  {"create", "--kind", "root", "--name", "x"},
		"--name":  {"create", "--kind", "content"},
		"--owner": {"create", "--kind", "admin", "--name", "x"},
		"no such": {"create", "--kind", "admin", "--name", "x", "--owner", "ghost@example.org"},
		"no work": {"revoke", "--id", "999"},
	}
	for want, args := range refusals {
		if out, code := n.apikeyCLI(args...); code == 0 || !strings.Contains(out, want) {
			t.Errorf("apikey %v: exit %d, %q; want a refusal naming %q", args, code, out, want)
		}
	}
	list, code := n.apikeyCLI("list")
	if code != 0 || !strings.Contains(list, "Mobile app") || !strings.Contains(list, "Wire") || strings.Contains(list, m[1]) || strings.Contains(list, adm[1]) {
		t.Errorf("list: exit %d\n%s", code, list)
	}
	if out, code := n.apikeyCLI("revoke", "--id", "1"); code != 0 || !strings.Contains(out, "Revoked") {
		t.Fatalf("revoke: %d %q", code, out)
	}
	if _, err := n.main.Store.ActiveAPIKey(ctx, auth.HashAPISecret(m[1])); err == nil {
		t.Error("a revoked key still works")
	}
	if list, _ := n.apikeyCLI("list"); !strings.Contains(list, "revoked") {
		t.Errorf("list after revoking:\n%s", list)
	}
}

func TestAdministratorsManageAPIKeysInTheNewsroom(t *testing.T) {
	n := newNewsroom(t)
	admin, _ := n.staff("admin@example.org", "Ada Admin", "administrator")
	editor, editorID := n.staff("ed@example.org", "Eddie Editor", "editor")
	for _, try := range []struct{ method, path string }{{"GET", "/admin/integrations/"}, {"POST", "/admin/integrations/keys"}, {"POST", "/admin/integrations/keys/1/revoke"}} {
		if resp, _ := n.do(editor, try.method, try.path, url.Values{"kind": {"content"}, "name": {"x"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor %s %s: %d, want 403", try.method, try.path, resp.StatusCode)
		}
	}
	n.refused(admin, "/admin/integrations/keys", url.Values{"kind": {"content"}, "name": {""}}, "Name the integration")
	n.refused(admin, "/admin/integrations/keys", url.Values{"kind": {"admin"}, "name": {"Bot"}, "owner": {"0"}}, "Choose the staff account")

	resp, body := n.do(admin, "POST", "/admin/integrations/keys", url.Values{"kind": {"admin"}, "name": {"Wire bot"}, "owner": {itoa(editorID)}})
	doc := parse(t, body)
	token := doc.Find("code.secret").Text()
	if resp.StatusCode != http.StatusCreated || !adminKeyLine.MatchString("Key: "+token+"\n") || !strings.Contains(doc.Find("main").Text(), "Eddie Editor") {
		t.Fatalf("create admin token: %d, token %q", resp.StatusCode, token)
	}
	k, err := n.main.Store.ActiveAPIKey(context.Background(), auth.HashAPISecret(token))
	if err != nil || k.UserID != editorID || k.Kind != news.APIKeyAdmin {
		t.Fatalf("stored token: %+v, %v", k, err)
	}
	_, body = n.do(admin, "GET", "/admin/integrations/", nil)
	list := parse(t, body)
	if row := list.Find("tbody tr").First().Text(); !strings.Contains(row, "Wire bot") || !strings.Contains(row, "Eddie Editor") || strings.Contains(body, token) {
		t.Errorf("the list shows %q (and must never show the token)", row)
	}
	n.posted(admin, "/admin/integrations/keys/"+itoa(k.ID)+"/revoke", url.Values{"name": {"Wire bot"}})
	if _, err := n.main.Store.ActiveAPIKey(context.Background(), k.Hash); err == nil {
		t.Error("the revoked token still works")
	}
	if got := n.auditActions(admin, "action=apikey."); !strings.Contains(strings.Join(got, " "), "apikey.create") || !strings.Contains(strings.Join(got, " "), "apikey.revoke") {
		t.Errorf("audit log: %v", got)
	}
}
