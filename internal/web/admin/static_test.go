package admin

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestStaticServesTheEditorBundle(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin/static/{file}", serveStatic)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	cases := []struct {
		file, contentType, contains string
	}{
		{"editor.js", "text/javascript; charset=utf-8", "[data-editor]"},
		{"editor.css", "text/css; charset=utf-8", ".editor__toolbar"},
	}
	for _, c := range cases {
		res, err := http.Get(srv.URL + "/admin/static/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != c.contentType || res.Header.Get("Cache-Control") != "public, max-age=300" {
			t.Errorf("%s: %d %q %q", c.file, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
		}
		if !strings.Contains(string(body), c.contains) {
			t.Errorf("%s does not contain %q", c.file, c.contains)
		}
	}
	for _, missing := range []string{"nothing.js", "editor.txt", "..%2Fadmin.go"} {
		res, err := http.Get(srv.URL + "/admin/static/" + missing)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", missing, res.StatusCode)
		}
	}
}

// The bundle must not need what the admin's Content Security Policy
// forbids: evaluating strings as code.
func TestEditorBundleNeedsNoEval(t *testing.T) {
	js, err := staticFiles.ReadFile("static/editor.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"eval(", "new Function("} {
		if strings.Contains(string(js), bad) {
			t.Errorf("editor.js contains %q", bad)
		}
	}
}
