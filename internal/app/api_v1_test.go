package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
	"github.com/mastheadhq/masthead/internal/web/api"
)

// apiClient calls /api/v1/ with an admin token.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

type apiAnswer struct {
	status int
	header http.Header
	body   map[string]any
}

func (c apiClient) call(method, path string, body any, header ...string) apiAnswer {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := apiAnswer{status: resp.StatusCode, header: resp.Header}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &a.body); err != nil {
			c.t.Fatalf("%s %s: %d, not JSON: %s", method, path, resp.StatusCode, raw)
		}
	}
	return a
}

// code is the machine-readable code of an error answer.
func (a apiAnswer) code() string {
	e, _ := a.body["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func (a apiAnswer) id() int64 {
	f, _ := a.body["id"].(float64)
	return int64(f)
}

// adminToken makes an admin token owned by a new staff member of role.
func (n *newsroomSite) adminToken(email, role string) (apiClient, news.User) {
	n.t.Helper()
	n.createUser(email, "API "+role, role, "a long enough password")
	u, err := n.main.Store.UserByEmail(context.Background(), email)
	if err != nil {
		n.t.Fatal(err)
	}
	secret, hash, hint := auth.NewAPISecret(news.APIKeyAdmin)
	k := news.APIKey{Kind: news.APIKeyAdmin, Name: role + " bot", UserID: u.ID, Hash: hash, Hint: hint}
	if err := n.main.Store.CreateAPIKey(context.Background(), &k); err != nil {
		n.t.Fatal(err)
	}
	return apiClient{t: n.t, base: n.srv.URL, token: secret}, u
}

func TestAdminAPIWritesThroughTheNewsroomWithTheOwnersRole(t *testing.T) {
	n := newNewsroom(t)
	editor, _ := n.adminToken("editor@example.org", "editor")
	contributor, _ := n.adminToken("contrib@example.org", "contributor")
	ctx := context.Background()

	section := editor.call("POST", "/api/v1/categories", map[string]any{"name": "Economy"})
	topic := editor.call("POST", "/api/v1/tags", map[string]any{"name": "Oil and gas"})
	if section.status != 201 || topic.status != 201 || topic.body["slug"] != "oil-and-gas" {
		t.Fatalf("create section %d, topic %d %v", section.status, topic.status, topic.body)
	}
	if a := contributor.call("POST", "/api/v1/categories", map[string]any{"name": "Mine"}); a.status != 403 || a.code() != "forbidden" {
		t.Errorf("a contributor's token created a section: %d %s", a.status, a.code())
	}

	draft := contributor.call("POST", "/api/v1/articles", map[string]any{
		"title": "Refinery expands", "body": "<p>Words <script>alert(1)</script>here.</p>",
		"category_ids": []int64{section.id()}, "tag_ids": []int64{topic.id()}})
	if draft.status != 201 || draft.body["status"] != "draft" || strings.Contains(draft.body["body"].(string), "script") || draft.header.Get("ETag") != `"v1"` {
		t.Fatalf("contributor's draft: %d %v etag %q", draft.status, draft.body, draft.header.Get("ETag"))
	}
	path := fmt.Sprintf("/api/v1/articles/%d", draft.id())
	if revs, _ := n.main.Store.Revisions(ctx, draft.id()); len(revs) != 1 {
		t.Errorf("%d revisions after the API created the article", len(revs))
	}

	if a := editor.call("PATCH", path, map[string]any{"title": "No If-Match"}); a.status != 428 || a.code() != "precondition_required" {
		t.Errorf("PATCH without If-Match: %d %s", a.status, a.code())
	}
	saved := editor.call("PATCH", path, map[string]any{"standfirst": "The plant doubles."}, "If-Match", `"v1"`)
	if saved.status != 200 || saved.body["standfirst"] != "The plant doubles." || saved.body["title"] != "Refinery expands" || saved.header.Get("ETag") != `"v2"` {
		t.Fatalf("PATCH with If-Match: %d %v", saved.status, saved.body)
	}
	if a := contributor.call("PATCH", path, map[string]any{"title": "Overwritten"}, "If-Match", `"v1"`); a.status != 412 || a.code() != "version_mismatch" {
		t.Errorf("a stale PATCH: %d %s", a.status, a.code())
	}
	if a := contributor.call("POST", path+"/transitions", map[string]any{"step": "publish"}, "If-Match", `"v2"`); a.status != 403 {
		t.Errorf("a contributor published through the API: %d %s", a.status, a.code())
	}
	pub := editor.call("POST", path+"/transitions", map[string]any{"step": "publish"}, "If-Match", `"v2"`)
	details, _ := pub.body["error"].(map[string]any)["details"].([]any)
	if pub.status != 422 || pub.code() != "invalid" || len(details) == 0 || !strings.Contains(fmt.Sprint(details), "featured image") {
		t.Errorf("publishing without a picture: %d %s %v", pub.status, pub.code(), details)
	}
	if a := editor.call("PATCH", path, map[string]any{"titel": "typo"}, "If-Match", `"v2"`); a.status != 400 || a.code() != "bad_request" {
		t.Errorf("an unknown field: %d %s", a.status, a.code())
	}
	art, err := n.main.Store.Article(ctx, draft.id())
	must(t, err)
	if art.Title != "Refinery expands" || art.Version != 2 || art.Status != news.StatusDraft {
		t.Errorf("after refusals the article is %q v%d %s", art.Title, art.Version, art.Status)
	}

	got := editor.call("GET", path, nil)
	if got.status != 200 || got.header.Get("ETag") != `"v2"` {
		t.Errorf("GET: %d %q", got.status, got.header.Get("ETag"))
	}
	if a := contributor.call("DELETE", path, nil, "If-Match", `"v2"`); a.status != 204 {
		t.Errorf("a contributor deleting their own draft: %d %s", a.status, a.code())
	}
	if _, err := n.main.Store.Article(ctx, draft.id()); err == nil {
		t.Error("the deleted article is still stored")
	}
	entries, err := n.main.Store.AuditLog(ctx, store.AuditFilter{Limit: 50})
	must(t, err)
	var actions []string
	for _, e := range entries {
		if strings.Contains(e.Detail, "API token") {
			actions = append(actions, e.Action)
		}
	}
	for _, want := range []string{"category.create", "tag.save", "article.create", "article.save", "article.deleted"} {
		if !slices.Contains(actions, want) {
			t.Errorf("audit log lacks %s from the API: %v", want, actions)
		}
	}
}

func TestAdminAPIStructureMediaAndCursors(t *testing.T) {
	n := newNewsroom(t)
	editor, _ := n.adminToken("editor@example.org", "editor")
	for i := range 5 {
		if a := editor.call("POST", "/api/v1/tags", map[string]any{"name": fmt.Sprintf("Topic %d", i)}); a.status != 201 {
			t.Fatalf("tag %d: %d", i, a.status)
		}
	}
	var names []string
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		a := editor.call("GET", "/api/v1/tags?limit=2&cursor="+cursor, nil)
		for _, it := range a.body["data"].([]any) {
			names = append(names, it.(map[string]any)["name"].(string))
		}
		next, _ := a.body["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if !slices.Equal(names, []string{"Topic 0", "Topic 1", "Topic 2", "Topic 3", "Topic 4"}) {
		t.Errorf("walking tags two at a time: %v", names)
	}
	if a := editor.call("GET", "/api/v1/tags?cursor=bogus", nil); a.status != 400 || a.code() != "bad_request" {
		t.Errorf("a forged cursor: %d", a.status)
	}

	page := editor.call("POST", "/api/v1/pages", map[string]any{"title": "About us", "body": "<p>Hi</p>", "status": "published"})
	if page.status != 201 {
		t.Fatalf("page: %d %v", page.status, page.body)
	}
	if a := editor.call("POST", "/api/v1/pages", map[string]any{"title": "Admin", "slug": "admin"}); a.status != 422 {
		t.Errorf("a page at /admin/: %d", a.status)
	}
	etag := page.header.Get("ETag")
	ppath := fmt.Sprintf("/api/v1/pages/%d", page.id())
	if a := editor.call("PATCH", ppath, map[string]any{"title": "About"}, "If-Match", `"0000"`); a.status != 412 {
		t.Errorf("stale page PATCH: %d", a.status)
	}
	if a := editor.call("PATCH", ppath, map[string]any{"title": "About"}, "If-Match", etag); a.status != 200 || a.body["title"] != "About" {
		t.Errorf("page PATCH: %d %v", a.status, a.body)
	}
	if code, body := n.reader("/about-us/"); code != 200 || !strings.Contains(body, "About") {
		t.Errorf("the page on the site: %d", code)
	}

	up := uploadPictureAnswer(t, n, editor.token)
	if a := editor.call("GET", fmt.Sprintf("/api/v1/media/%v", up["id"]), nil); a.status != 200 || a.body["mime"] == "" {
		t.Errorf("media read: %d", a.status)
	}
}

func TestAdminAPIRefusesBadTokens(t *testing.T) {
	n := newNewsroom(t)
	editor, owner := n.adminToken("editor@example.org", "editor")
	contentKey, hash, _ := auth.NewAPISecret(news.APIKeyContent)
	must(t, n.main.Store.CreateAPIKey(context.Background(), &news.APIKey{Kind: news.APIKeyContent, Name: "site", Hash: hash}))
	for name, token := range map[string]string{"none": "", "unknown": "mh_admin_nope", "content key": contentKey} {
		c := apiClient{t: t, base: n.srv.URL, token: token}
		if a := c.call("GET", "/api/v1/articles", nil); a.status != 401 || a.code() != "unauthorized" || a.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s token: %d %s", name, a.status, a.code())
		}
	}
	owner.Disabled = true
	must(t, n.main.Store.UpdateUser(context.Background(), &owner))
	if a := editor.call("GET", "/api/v1/articles", nil); a.status != 401 {
		t.Errorf("a disabled owner's token: %d", a.status)
	}
	if a := editor.call("GET", "/api/v1/nothing-here", nil); a.status != 404 || a.code() != "not_found" {
		t.Errorf("an unknown address: %d %s", a.status, a.code())
	}
}

func TestAdminAPIRateLimitsEachToken(t *testing.T) {
	n := newNewsroom(t)
	first, _ := n.adminToken("one@example.org", "editor")
	second, _ := n.adminToken("two@example.org", "editor")
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	mux := web.NewMux()
	api.New(api.Config{Store: n.main.Store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return now }, RateLimit: 3, RateWindow: time.Minute}).Routes(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	first.base, second.base = srv.URL, srv.URL
	for i := range 3 {
		if a := first.call("GET", "/api/v1/tags", nil); a.status != 200 {
			t.Fatalf("request %d: %d", i+1, a.status)
		}
	}
	a := first.call("GET", "/api/v1/tags", nil)
	if a.status != 429 || a.code() != "rate_limited" || !regexp.MustCompile(`^\d+$`).MatchString(a.header.Get("Retry-After")) {
		t.Errorf("fourth request in a minute: %d %s Retry-After %q", a.status, a.code(), a.header.Get("Retry-After"))
	}
	if a := second.call("GET", "/api/v1/tags", nil); a.status != 200 {
		t.Errorf("another token shares the limit: %d", a.status)
	}
	now = now.Add(61 * time.Second)
	if a := first.call("GET", "/api/v1/tags", nil); a.status != 200 {
		t.Errorf("after the window: %d", a.status)
	}
}

func TestOpenAPIMatchesTheRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Title   string `json:"title"`
			Version string `json:"version"`
		} `json:"info"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	resp, err := client.Get(demoSite.srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err := json.Unmarshal(raw, &doc); err != nil || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("openapi.json: %v, %s", err, resp.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") || doc.Info.Title == "" || doc.Info.Version == "" || len(doc.Paths) == 0 {
		t.Fatalf("missing OpenAPI fields: %q %+v, %d paths", doc.OpenAPI, doc.Info, len(doc.Paths))
	}
	described := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			described[strings.ToUpper(method)+" "+path] = true
		}
	}
	served := map[string]bool{}
	for _, r := range demoSite.main.Routes() {
		method, path, ok := strings.Cut(r, " ")
		if ok && strings.HasPrefix(path, "/api/v1/") && path != "/api/v1/{path...}" {
			served[method+" "+path] = true
		}
	}
	for r := range served {
		if !described[r] {
			t.Errorf("%s is served but not in openapi.json", r)
		}
	}
	for r := range described {
		if !served[r] {
			t.Errorf("%s is in openapi.json but not served", r)
		}
	}
	refs := regexp.MustCompile(`"#/components/schemas/([A-Za-z]+)"`).FindAllStringSubmatch(string(raw), -1)
	for _, m := range refs {
		if _, ok := doc.Components.Schemas[m[1]]; !ok {
			t.Errorf("openapi.json refers to a schema %s it does not define", m[1])
		}
	}
}

// uploadPictureAnswer uploads a small PNG with alt text through the API
// and returns the answer, checking it was stored.
func uploadPictureAnswer(t *testing.T, n *newsroomSite, token string) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "square.png")
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		img.Set(x, x%48, color.RGBA{200, 30, 30, 255})
	}
	png.Encode(fw, img)                //nolint:errcheck
	mw.WriteField("alt", "A red line") //nolint:errcheck
	mw.Close()
	req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/media", &buf)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var up map[string]any
	json.NewDecoder(resp.Body).Decode(&up) //nolint:errcheck
	resp.Body.Close()
	if resp.StatusCode != 201 || up["alt"] != "A red line" || up["width"] != float64(64) {
		t.Fatalf("upload: %d %v", resp.StatusCode, up)
	}
	return up
}

// uploadPicture uploads a picture and returns its id.
func uploadPicture(t *testing.T, n *newsroomSite, token string) int64 {
	t.Helper()
	return int64(uploadPictureAnswer(t, n, token)["id"].(float64))
}
