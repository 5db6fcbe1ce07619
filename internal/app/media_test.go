package app_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// upload is one file of a multipart upload.
type upload struct {
	name string
	data []byte
}

// staff creates a staff account with role and returns a browser signed
// in as it, with the account's id.
func (n *newsroomSite) staff(email, name, role string) (*http.Client, int64) {
	n.t.Helper()
	const password = "a long enough password"
	n.createUser(email, name, role, password)
	b := n.browser()
	resp, _ := n.do(b, "POST", "/admin/login", url.Values{"email": {email}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		n.t.Fatalf("sign in as %s: %d", email, resp.StatusCode)
	}
	u, err := n.main.Store.UserByEmail(context.Background(), email)
	if err != nil {
		n.t.Fatal(err)
	}
	return b, u.ID
}

// upload posts files with words to the library as a browser's form would.
func (n *newsroomSite) upload(c *http.Client, words url.Values, files ...upload) (*http.Response, page) {
	n.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range words {
		for _, v := range vs {
			mw.WriteField(k, v) //nolint:errcheck
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile("files", f.name)
		if err != nil {
			n.t.Fatal(err)
		}
		w.Write(f.data) //nolint:errcheck
	}
	mw.Close()
	req, _ := http.NewRequest("POST", n.srv.URL+"/admin/media/", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		n.t.Fatalf("upload: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	p := page{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		p.doc, _ = goquery.NewDocumentFromReader(strings.NewReader(p.body))
	}
	return resp, p
}

func (n *newsroomSite) images() []news.Image {
	n.t.Helper()
	list, _, err := n.main.Store.ListImages(context.Background(), store.ImageFilter{Limit: 100})
	if err != nil {
		n.t.Fatal(err)
	}
	return list
}

// mediaFiles counts the files in the media folder, wherever they are.
func (n *newsroomSite) mediaFiles() int {
	n.t.Helper()
	count := 0
	filepath.WalkDir(filepath.Join(n.cfg.DataDir, "media"), func(_ string, d fs.DirEntry, err error) error { //nolint:errcheck
		if err == nil && !d.IsDir() {
			count++
		}
		return nil
	})
	return count
}

func (n *newsroomSite) fetch(c *http.Client, path string) (*http.Response, []byte) {
	n.t.Helper()
	resp, err := c.Get(n.srv.URL + path)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func gradient(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 90, 255})
		}
	}
	return img
}

func jpegOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, gradient(w, h), &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, gradient(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestContributorUploadsPicturesWithTheirWords(t *testing.T) {
	n := newNewsroom(t)
	b, uid := n.staff("writer@example.org", "Nigar Contributor", "contributor")
	resp, _ := n.upload(b, url.Values{"alt": {"Boats in the harbour at dawn"}, "caption": {"Baku Bay, March"}, "credit": {"Photo: Nigar"}},
		upload{"Harbour at dawn.jpg", jpegOf(t, 900, 500)}, upload{"chart.png", pngOf(t, 400, 300)})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/media/?done=uploaded" {
		t.Fatalf("upload answered %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	images := n.images()
	if len(images) != 2 {
		t.Fatalf("%d images recorded, want 2", len(images))
	}
	for _, img := range images {
		if img.UploadedBy != uid || img.Alt != "Boats in the harbour at dawn" || img.Caption != "Baku Bay, March" || img.Credit != "Photo: Nigar" {
			t.Errorf("recorded %+v, want the contributor's upload with the form's words", img)
		}
		var formats []string
		for _, v := range img.Variants {
			formats = append(formats, v.MIME)
		}
		if !strings.Contains(strings.Join(formats, " "), "image/webp") {
			t.Errorf("%s has variants %v, want WebP beside JPEG", img.Path, formats)
		}
	}

	lib := get2(t, n, b, "/admin/media/?done=uploaded")
	if lib.text("[role=status]") != "Uploaded." || lib.count(".media-grid .media-tile") != 2 {
		t.Errorf("library after upload: notice %q, %d tiles", lib.text("[role=status]"), lib.count(".media-grid .media-tile"))
	}
	if alt := lib.attr(".media-tile img", "alt"); alt != "Boats in the harbour at dawn" {
		t.Errorf("thumbnail alt %q", alt)
	}
	if !strings.Contains(lib.text(".media-tile__meta"), "× ") {
		t.Errorf("tile shows no size: %q", lib.text(".media-tile__meta"))
	}
	found := get2(t, n, b, "/admin/media/?q=CHART")
	if found.count(".media-tile") != 1 || !strings.Contains(found.text(".media-count"), "1 picture matching “CHART”") {
		t.Errorf("search by file name: %d tiles, %q", found.count(".media-tile"), found.text(".media-count"))
	}

	// The contributor edits their own picture's words.
	var jpegImage news.Image
	for _, img := range images {
		if img.MIME == "image/jpeg" {
			jpegImage = img
		}
	}
	edit := fmt.Sprintf("/admin/media/%d", jpegImage.ID)
	resp, _ = n.do(b, "POST", edit, url.Values{"alt": {"  Fishing boats at dawn "}, "caption": {""}, "credit": {"Photo: N. C."}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != edit+"?done=saved" {
		t.Fatalf("own edit answered %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	got, err := n.main.Store.Image(context.Background(), jpegImage.ID)
	if err != nil || got.Alt != "Fishing boats at dawn" || got.Caption != "" || got.Credit != "Photo: N. C." || got.UploadedBy != uid {
		t.Errorf("after own edit: %+v, %v", got, err)
	}
}

// get2 fetches a newsroom page with a signed-in browser.
func get2(t *testing.T, n *newsroomSite, c *http.Client, path string) page {
	t.Helper()
	resp, body := n.do(c, "GET", path, nil)
	p := page{status: resp.StatusCode, header: resp.Header, body: body}
	p.doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	return p
}

func TestMediaEditsAreOwnOnlyForContributors(t *testing.T) {
	n := newNewsroom(t)
	editor, _ := n.staff("editor@example.org", "Elvin Editor", "editor")
	contributor, _ := n.staff("writer@example.org", "Nigar Contributor", "contributor")
	if resp, _ := n.upload(editor, url.Values{"alt": {"The editor's picture"}}, upload{"desk.jpg", jpegOf(t, 500, 300)}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor upload: %d", resp.StatusCode)
	}
	if resp, _ := n.upload(contributor, url.Values{"alt": {"The contributor's picture"}}, upload{"street.jpg", jpegOf(t, 500, 320)}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("contributor upload: %d", resp.StatusCode)
	}
	ids := map[string]int64{}
	for _, img := range n.images() {
		ids[img.Alt] = img.ID
	}
	editorsPicture := fmt.Sprintf("/admin/media/%d", ids["The editor's picture"])
	contributorsPicture := fmt.Sprintf("/admin/media/%d", ids["The contributor's picture"])

	view := get2(t, n, contributor, editorsPicture)
	if view.status != http.StatusOK || view.count("form[method=post] input[name=alt]") != 0 || !strings.Contains(view.text(".notice"), "Only the person who uploaded") {
		t.Errorf("contributor viewing another's picture: %d, %d edit forms, notice %q", view.status, view.count("form[method=post] input[name=alt]"), view.text(".notice"))
	}
	resp, _ := n.do(contributor, "POST", editorsPicture, url.Values{"alt": {"Defaced"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor editing another's picture: %d, want 403", resp.StatusCode)
	}
	if img, _ := n.main.Store.Image(context.Background(), ids["The editor's picture"]); img.Alt != "The editor's picture" {
		t.Errorf("refused edit changed the alt text to %q", img.Alt)
	}

	if own := get2(t, n, contributor, contributorsPicture); own.count("form[method=post] input[name=alt]") != 1 {
		t.Error("contributor is not offered the form for their own picture")
	}
	resp, _ = n.do(editor, "POST", contributorsPicture, url.Values{"alt": {"Checked by the desk"}, "credit": {"Photo: Nigar"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("editor editing a contributor's picture: %d, want 303", resp.StatusCode)
	}
	if img, _ := n.main.Store.Image(context.Background(), ids["The contributor's picture"]); img.Alt != "Checked by the desk" || img.Credit != "Photo: Nigar" {
		t.Errorf("editor's edit not saved: %+v", img)
	}

	resp, body := n.do(editor, "POST", contributorsPicture, url.Values{"alt": {strings.Repeat("a", 501)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Alt text is 501 characters long") {
		t.Errorf("over-long alt text: %d", resp.StatusCode)
	}
	if resp, _ := n.do(editor, "GET", "/admin/media/999999", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing picture: %d", resp.StatusCode)
	}
	if resp, _ := n.do(n.browser(), "GET", "/admin/media/", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("signed-out library: %d, want a redirect to sign in", resp.StatusCode)
	}
}

// newNewsroomWith is newNewsroom with settings changed by change.
func newNewsroomWith(t *testing.T, change func(*config.Config)) *newsroomSite {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	change(&cfg)
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	return &newsroomSite{t: t, cfg: cfg, srv: srv, main: m}
}

// limitedNewsroom is a newsroom whose library takes at most 200 KiB and
// 2 megapixels a picture.
func limitedNewsroom(t *testing.T) *newsroomSite {
	return newNewsroomWith(t, func(c *config.Config) { c.MaxUpload, c.MaxPixels = 200<<10, 2_000_000 })
}

func TestUploadLimitsAreRefusedWithAMessageAndStoreNothing(t *testing.T) {
	n := limitedNewsroom(t)
	b, _ := n.staff("writer@example.org", "Nigar Contributor", "contributor")
	noise := make([]byte, 300<<10)
	for i := range noise {
		noise[i] = byte(i*7919 + i>>8)
	}
	tooBig := append(jpegOf(t, 64, 64), noise...) // a real JPEG, padded past the limit
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>`)
	tests := []struct {
		name   string
		files  []upload
		status int
		want   string
	}{
		{"file over --max-upload", []upload{{"big.jpg", tooBig}}, 422, "big.jpg: The file is 30"},
		{"more pixels than --max-pixels", []upload{{"wide.png", pngOf(t, 2000, 1001)}}, 422, "2000×1001 pixels (2.0 megapixels), more than the 2 megapixels"},
		{"decompression bomb", []upload{{"bomb.png", bombPNG(60000, 60000)}}, 422, "60000×60000 pixels (3600 megapixels)"},
		{"not an image", []upload{{"notes.jpg", []byte("Meeting notes, not a picture at all.")}}, 422, "not a JPEG, PNG, GIF or WebP picture: its content is text/plain"},
		{"SVG renamed .png", []upload{{"logo.png", svg}}, 422, "its content is text/xml"},
		{"content not matching its type", []upload{{"odd.png", append([]byte("\x89PNG\r\n\x1a\n"), jpegOf(t, 40, 40)...)}}, 422, "starts like a PNG picture but is not a readable one"},
		{"truncated picture", []upload{{"cut.png", pngOf(t, 300, 200)[:200]}}, 422, "cut.png: The picture is damaged or incomplete"},
		{"empty file", []upload{{"empty.jpg", nil}}, 422, "The file is empty."},
		{"no file", nil, 422, "Choose at least one picture"},
		{"too many files", elevenFiles(t), 422, "11 files is more than the 10"},
		// 10 files of 200 KiB and 1 MiB of form: 4 MiB is past what may arrive.
		{"whole upload over the HTTP limit", []upload{{"huge.jpg", bytes.Repeat(noise, 14)}}, 413, "The upload is larger than 3.0 MiB in all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, p := n.upload(b, url.Values{"alt": {"x"}}, tt.files...)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if p.doc == nil {
				t.Fatalf("no page: %q", p.body)
			}
			msg := p.text("[role=alert]") + " " + p.text(".refusals")
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q, want it to contain %q", msg, tt.want)
			}
			if p.count("form[enctype='multipart/form-data'] input[type=file][name=files]") != 1 {
				t.Error("the refusal page does not offer the upload form again")
			}
			if got := len(n.images()); got != 0 {
				t.Errorf("%d images recorded", got)
			}
			if got := n.mediaFiles(); got != 0 {
				t.Errorf("%d files left in the media folder", got)
			}
		})
	}
}

func TestUploadStoresTheGoodFilesAndNamesTheRefusedOnes(t *testing.T) {
	n := limitedNewsroom(t)
	b, _ := n.staff("writer@example.org", "Nigar Contributor", "contributor")
	resp, p := n.upload(b, url.Values{"alt": {"A street"}}, upload{"street.jpg", jpegOf(t, 500, 300)}, upload{"notes.png", pngOf(t, 300, 200)[:200]})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(p.text("[role=alert]"), "1 of 2 files stored") ||
		!strings.Contains(p.text(".refusals"), "notes.png: The picture is damaged or incomplete") {
		t.Errorf("mixed upload: %d, %q, %q", resp.StatusCode, p.text("[role=alert]"), p.text(".refusals"))
	}
	if images := n.images(); len(images) != 1 || images[0].Alt != "A street" {
		t.Errorf("recorded %+v, want the street only", images)
	}
	if p.attr("#upload-alt", "value") != "A street" {
		t.Error("the form lost the words typed")
	}
}

func elevenFiles(t *testing.T) []upload {
	small := jpegOf(t, 20, 20)
	var files []upload
	for i := range 11 {
		files = append(files, upload{fmt.Sprintf("p%d.jpg", i), small})
	}
	return files
}

// bombPNG is a valid PNG header declaring w×h pixels, with almost no data.
func bombPNG(w, h uint32) []byte {
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	for _, c := range []struct {
		kind string
		data []byte
	}{{"IHDR", ihdr[:]}, {"IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}}} {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(c.data)))
		buf.Write(n[:])
		crc := crc32.NewIEEE()
		crc.Write([]byte(c.kind))
		crc.Write(c.data)
		buf.WriteString(c.kind)
		buf.Write(c.data)
		binary.BigEndian.PutUint32(n[:], crc.Sum32())
		buf.Write(n[:])
	}
	return buf.Bytes()
}

// Pictures that are also HTML or script (polyglots) are accepted only as
// the pictures they are: the original is kept, and /media/ serves it with
// an image type, nosniff and a sandbox, so no browser runs what it hides;
// every variant is re-encoded and carries none of it.
func TestPolyglotPicturesAreServedOnlyAsPictures(t *testing.T) {
	n := newNewsroom(t)
	b, _ := n.staff("writer@example.org", "Nigar Contributor", "contributor")
	tail := []byte("<html><script>alert(document.cookie)</script></html>")
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, gradient(120, 80), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, wantType, wantExt string
		data                    []byte
	}{
		{"photo.html", "image/jpeg", ".jpg", append(jpegOf(t, 400, 300), tail...)},
		{"anim.gif.js", "image/gif", ".gif", append(gifBuf.Bytes(), []byte("*/=alert(1)//")...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if resp, p := n.upload(b, url.Values{"alt": {tt.name}}, upload{tt.name, tt.data}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("upload: %d %q", resp.StatusCode, p.text("[role=alert]"))
			}
			var img news.Image
			for _, i := range n.images() {
				if i.Alt == tt.name {
					img = i
				}
			}
			if filepath.Ext(img.Path) != tt.wantExt || img.MIME != tt.wantType {
				t.Errorf("stored as %s under %q, want %s with %s: the content decides, not the name", img.MIME, img.Path, tt.wantType, tt.wantExt)
			}
			resp, body := n.fetch(b, "/media/"+img.Path)
			h := resp.Header
			if h.Get("Content-Type") != tt.wantType || h.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Errorf("original served with type %q, nosniff %q, CSP %q", h.Get("Content-Type"), h.Get("X-Content-Type-Options"), h.Get("Content-Security-Policy"))
			}
			if !bytes.Equal(body, tt.data) {
				t.Error("the original was not kept byte for byte")
			}
			for _, v := range img.Variants {
				resp, body := n.fetch(b, "/media/"+v.Path)
				if resp.Header.Get("Content-Type") != v.MIME || bytes.Contains(body, []byte("alert(")) {
					t.Errorf("variant %s: type %q, carries the script: %v", v.Path, resp.Header.Get("Content-Type"), bytes.Contains(body, []byte("alert(")))
				}
			}
		})
	}
}

func TestMediaJSONGivesTheEditorWhatItNeeds(t *testing.T) {
	n := newNewsroom(t)
	b, _ := n.staff("writer@example.org", "Nigar Contributor", "contributor")
	if resp, _ := n.upload(b, url.Values{"alt": {"Flood water on the boulevard"}, "caption": {"Baku, 3 March"}, "credit": {"Photo: Nigar"}},
		upload{"boulevard.jpg", jpegOf(t, 2000, 1125)}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	img := n.images()[0]
	resp, body := n.fetch(b, "/admin/media.json?q=flood+boulevard")
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("served as %q, cache %q", ct, resp.Header.Get("Cache-Control"))
	}
	var raw map[string][]map[string]any
	if err := json.Unmarshal(body, &raw); err != nil || len(raw) != 1 || len(raw["images"]) != 1 {
		t.Fatalf("body %s: %v", body, err)
	}
	got := raw["images"][0]
	keys := []string{}
	for k := range got {
		keys = append(keys, k)
	}
	if len(got) != 8 {
		t.Errorf("keys %v, want exactly id url thumb alt caption credit width height", keys)
	}
	base := strings.TrimSuffix(img.Path, ".jpg")
	want := map[string]any{
		"id": float64(img.ID), "url": "/media/" + base + "-1600w.jpg", "thumb": "/media/" + base + "-320w.jpg",
		"alt": "Flood water on the boulevard", "caption": "Baku, 3 March", "credit": "Photo: Nigar",
		"width": float64(1600), "height": float64(900),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	for _, k := range []string{"url", "thumb"} {
		if resp, _ := n.fetch(b, got[k].(string)); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("%s answers %d %q", k, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if _, body := n.fetch(b, "/admin/media.json?q=nothing-like-this"); string(body) != `{"images":[]}` {
		t.Errorf("no match: %s", body)
	}
	if resp, _ := n.do(n.browser(), "GET", "/admin/media.json", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out: %d, want a redirect to sign in", resp.StatusCode)
	}
}

// Reader pages offer WebP through <picture>, with the JPEG set as the
// <img> inside for browsers that do not read WebP.
func TestArticlePicturesOfferWebPWithAJPEGFallback(t *testing.T) {
	p := get(t, "/")
	pic := p.doc.Find("picture").First()
	if pic.Length() == 0 {
		t.Fatal("the home page has no <picture>")
	}
	source, img := pic.Find("source[type='image/webp']"), pic.Find("img")
	srcset, _ := source.Attr("srcset")
	fallback, _ := img.Attr("srcset")
	src, _ := img.Attr("src")
	webpSet := regexp.MustCompile(`^(/media/\S+\.webp \d+w)(, /media/\S+\.webp \d+w)*$`)
	jpegSet := regexp.MustCompile(`^(/media/\S+\.jpg \d+w)(, /media/\S+\.jpg \d+w)*$`)
	if !webpSet.MatchString(srcset) || !jpegSet.MatchString(fallback) || !strings.HasSuffix(src, ".jpg") {
		t.Errorf("source srcset %q, img srcset %q src %q", srcset, fallback, src)
	}
	if _, ok := source.Attr("sizes"); !ok {
		t.Error("the WebP source has width descriptors but no sizes")
	}
	first := strings.Fields(srcset)[0]
	resp, err := client.Get(demoSite.srv.URL + first)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/webp" {
		t.Errorf("%s answers %d %q", first, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestMediaLibraryPagesNewestFirst(t *testing.T) {
	n := newNewsroom(t)
	b, _ := n.staff("editor@example.org", "Elvin Editor", "editor")
	ctx := context.Background()
	for i := range 30 {
		img := news.Image{Path: fmt.Sprintf("2026/03/p%02d-0123456789.jpg", i), MIME: "image/jpeg", Width: 800, Height: 600,
			Alt: fmt.Sprintf("Picture %02d", i), CreatedAt: time.Date(2026, 3, 1, 12, i, 0, 0, time.UTC)}
		if err := n.main.Store.CreateImage(ctx, &img); err != nil {
			t.Fatal(err)
		}
	}
	first := get2(t, n, b, "/admin/media/")
	if first.count(".media-tile") != 24 || first.text(".media-tile__alt") != "Picture 29" || first.attr("a[rel=next]", "href") != "/admin/media/?page=2" {
		t.Errorf("page 1: %d tiles starting %q, next %q", first.count(".media-tile"), first.text(".media-tile__alt"), first.attr("a[rel=next]", "href"))
	}
	if !strings.Contains(first.text(".media-count"), "30 pictures, page 1 of 2") {
		t.Errorf("count line %q", first.text(".media-count"))
	}
	second := get2(t, n, b, "/admin/media/?page=2")
	if second.count(".media-tile") != 6 || second.text(".media-tile__alt") != "Picture 05" || second.attr("a[rel=prev]", "href") != "/admin/media/" || second.count("a[rel=next]") != 0 {
		t.Errorf("page 2: %d tiles starting %q", second.count(".media-tile"), second.text(".media-tile__alt"))
	}
	found := get2(t, n, b, "/admin/media/?q=p1")
	if found.count(".media-tile") != 10 || found.attr("#media-q", "value") != "p1" {
		t.Errorf("search: %d tiles, box holds %q", found.count(".media-tile"), found.attr("#media-q", "value"))
	}
}
