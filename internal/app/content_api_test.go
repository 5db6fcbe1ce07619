package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/store"
)

// contentGet fetches a Content API address with the demo's key and
// decodes the JSON answer.
func contentGet(t *testing.T, path string, header http.Header) (int, http.Header, map[string]json.RawMessage) {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	req, _ := http.NewRequest("GET", demoSite.srv.URL+path+sep+"key="+demoContentKey(), nil)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var body map[string]json.RawMessage
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("GET %s: %d, not JSON: %s", path, resp.StatusCode, b)
	}
	return resp.StatusCode, resp.Header, body
}

type ghostErrorBody struct {
	Errors []struct {
		Message string  `json:"message"`
		Context *string `json:"context"`
		Type    string  `json:"type"`
		ID      string  `json:"id"`
	} `json:"errors"`
}

func ghostErrorOf(t *testing.T, body map[string]json.RawMessage) ghostErrorBody {
	t.Helper()
	var e ghostErrorBody
	b, _ := json.Marshal(body)
	if err := json.Unmarshal(b, &e); err != nil || len(e.Errors) != 1 || e.Errors[0].ID == "" {
		t.Fatalf("not Ghost's error shape: %s", b)
	}
	return e
}

func TestContentAPIRefusesBadRequestsInGhostsShape(t *testing.T) {
	tests := []struct {
		path, accept string
		status       int
		errType, msg string
	}{
		{"/ghost/api/content/posts/?filter=" + url.QueryEscape("tag:(news"), "", 400, "BadRequestError", "Error parsing filter"},
		{"/ghost/api/content/posts/?filter=" + url.QueryEscape("tag:news+"), "", 400, "BadRequestError", "Error parsing filter"},
		{"/ghost/api/content/posts/?filter=" + url.QueryEscape("tag:'news"), "", 400, "BadRequestError", "Error parsing filter"},
		{"/ghost/api/content/posts/?filter=" + url.QueryEscape("password:x"), "", 400, "BadRequestError", "Error parsing filter"},
		{"/ghost/api/content/posts/?filter=" + url.QueryEscape("body:x"), "", 400, "BadRequestError", "Error parsing filter"},
		{"/ghost/api/content/tags/?filter=" + url.QueryEscape("email:x"), "", 400, "BadRequestError", "Error parsing filter"},
		{"/ghost/api/content/posts/?filter=" + url.QueryEscape(strings.Repeat("(", 100)), "", 400, "BadRequestError", "Error parsing filter"},
		{"/ghost/api/content/posts/?limit=ten", "", 422, "ValidationError", "Validation error, cannot list posts."},
		{"/ghost/api/content/posts/?limit=0", "", 422, "ValidationError", "Validation error, cannot list posts."},
		{"/ghost/api/content/authors/?page=-1", "", 422, "ValidationError", "Validation error, cannot list authors."},
		{"/ghost/api/content/posts/slug/no-such-thing/", "", 404, "NotFoundError", "Post not found."},
		{"/ghost/api/content/posts/000000020000000000000001/", "", 404, "NotFoundError", "Post not found."},
		{"/ghost/api/content/posts/not-an-id/", "", 404, "NotFoundError", "Post not found."},
		{"/ghost/api/content/tags/slug/nothing/", "", 404, "NotFoundError", "Tag not found."},
		{"/ghost/api/content/members/", "", 404, "NotFoundError", "Resource not found"},
		{"/ghost/api/content/posts/", "banana", 400, "BadRequestError", "Requested version is not supported."},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.accept != "" {
			h.Set("Accept-Version", tt.accept)
		}
		status, _, body := contentGet(t, tt.path, h)
		e := ghostErrorOf(t, body)
		if status != tt.status || e.Errors[0].Type != tt.errType || e.Errors[0].Message != tt.msg {
			t.Errorf("GET %s: %d %s %q, want %d %s %q", tt.path, status, e.Errors[0].Type, e.Errors[0].Message, tt.status, tt.errType, tt.msg)
		}
	}
	_, _, body := contentGet(t, "/ghost/api/content/posts/?filter="+url.QueryEscape("tag:news tag:sport"), nil)
	if ctx := ghostErrorOf(t, body).Errors[0].Context; ctx == nil || !strings.Contains(*ctx, "at char 10") {
		t.Errorf("the filter error does not say where: %v", ctx)
	}
}

func TestContentAPIKeysVersionsAndCORS(t *testing.T) {
	for path, want := range map[string]string{
		"/ghost/api/content/posts/":                                          "NoPermissionError",
		"/ghost/api/content/posts/?key=ffffffffffffffffffffffffff":           "UnauthorizedError",
		"/api/content/tags/?key=a&key=b":                                     "BadRequestError",
		"/ghost/api/content/settings/?key=" + url.QueryEscape("' OR 1=1 --"): "UnauthorizedError",
	} {
		resp, err := client.Get(demoSite.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		var e ghostErrorBody
		json.NewDecoder(resp.Body).Decode(&e) //nolint:errcheck
		resp.Body.Close()
		if len(e.Errors) != 1 || e.Errors[0].Type != want || resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("GET %s: %d %+v, want %s", path, resp.StatusCode, e, want)
		}
	}
	status, h, body := contentGet(t, "/api/content/posts/?limit=1", http.Header{"Accept-Version": {"v5.0"}})
	if status != 200 || h.Get("Content-Version") != "v6.0" || h.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(h.Get("Vary"), "Accept-Version") || body["posts"] == nil {
		t.Errorf("/api/content/ answered %d with headers %v", status, h)
	}
	req, _ := http.NewRequest("OPTIONS", demoSite.srv.URL+"/ghost/api/content/posts/", nil)
	req.Header.Set("Origin", "https://app.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "accept-version")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "accept-version") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestContentAPIShowsOnlyWhatReadersSee(t *testing.T) {
	ctx := context.Background()
	all, err := demoSite.main.Store.ArticlesAfter(ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	hidden := 0
	for _, a := range all {
		if a.VisibleAt(time.Now()) {
			continue
		}
		hidden++
		status, _, _ := contentGet(t, "/ghost/api/content/posts/slug/"+a.Slug+"/", nil)
		if status != 404 {
			t.Errorf("%s article %q: %d through the Content API", a.Status, a.Slug, status)
		}
	}
	visible, _ := demoSite.main.Store.CountArticles(ctx, store.ArticleFilter{VisibleAt: time.Now()})
	_, _, body := contentGet(t, "/ghost/api/content/posts/?limit=all&fields=slug&filter="+url.QueryEscape("status:-published"), nil)
	var none []map[string]any
	json.Unmarshal(body["posts"], &none) //nolint:errcheck
	if len(none) != 0 {
		t.Errorf("status:-published found %d posts", len(none))
	}
	_, _, body = contentGet(t, "/ghost/api/content/posts/?limit=all&fields=slug", nil)
	var every []map[string]any
	json.Unmarshal(body["posts"], &every) //nolint:errcheck
	if hidden == 0 {
		t.Log("the demo has no hidden article to look for")
	}
	if len(every) != visible {
		t.Errorf("limit=all gave %d posts, %d are visible (%d hidden)", len(every), visible, hidden)
	}
}
