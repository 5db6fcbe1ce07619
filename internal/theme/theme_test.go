package theme

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestThemeDirectoryOverridesFilesByPath(t *testing.T) {
	embeddedTheme, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, dir, "static/site.css", "body { color: rebeccapurple }")
	write(t, dir, "static/extra.css", ".extra {}")
	write(t, dir, "templates/pages/probe.html", `{{define "probe.html"}}probe {{asset "site.css"}}{{end}}`)
	th, err := Load(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := embeddedTheme.AssetURL("site.css")
	after, _ := th.AssetURL("site.css")
	if before == after {
		t.Errorf("overridden stylesheet kept its address %s; browsers would keep the old file", after)
	}
	out, err := th.Render("probe", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "probe "+after {
		t.Errorf("probe page = %q", out)
	}
	if !th.Has("article") {
		t.Error("embedded templates lost when a theme directory is given")
	}
	rec := httptest.NewRecorder()
	th.ServeAsset(rec, httptest.NewRequest("GET", after, nil), strings.TrimPrefix(after, AssetPrefix))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "rebeccapurple") {
		t.Errorf("overridden stylesheet served as %d %q", rec.Code, rec.Body.String())
	}
	if _, err := th.AssetURL("extra.css"); err != nil {
		t.Errorf("a new file in the theme directory is not served: %v", err)
	}
}

func TestBrokenThemeIsRefusedWithTheFileNamed(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "templates/pages/article.html", `{{if}}`)
	_, err := Load(dir, nil)
	if err == nil || !strings.Contains(err.Error(), "article.html") {
		t.Errorf("error %v does not name the broken template", err)
	}
	if _, err := Load(filepath.Join(dir, "missing"), nil); err == nil {
		t.Error("a missing theme directory was accepted")
	}
}

func TestThemeSymlinksCannotEscape(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.css")
	write(t, filepath.Dir(secret), "secret.css", "secret")
	if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "static", "leak.css")); err != nil {
		t.Skip("symlinks not supported here")
	}
	th, err := Load(dir, nil)
	if err == nil {
		if _, err := th.AssetURL("leak.css"); err == nil {
			t.Error("a symlink out of the theme directory was served")
		}
	}
}
