package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
)

// TestMediaCanLiveInObjectStorage runs the demo publication with its media
// in an S3-compatible server and reads an article's images back through
// the site.
func TestMediaCanLiveInObjectStorage(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("newsroom-media"); err != nil {
		t.Fatal(err)
	}
	s3srv := httptest.NewServer(gofakes3.New(backend).Server())
	defer s3srv.Close()

	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.S3 = config.S3{Bucket: "newsroom-media", Endpoint: s3srv.URL, Region: "us-east-1", AccessKey: "test", SecretKey: "test-secret", Prefix: "site", PathStyle: true}
	ctx := context.Background()
	m, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.SeedDemo(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	site := httptest.NewServer(m.Handler())
	defer site.Close()

	resp, err := http.Get(site.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	src, _ := doc.Find(".lead img").Attr("src")
	if !strings.HasPrefix(src, "/media/") {
		t.Fatalf("lead image %q is not a media address", src)
	}
	img, err := http.Get(site.URL + src)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(img.Body)
	img.Body.Close()
	if img.StatusCode != 200 || len(body) < 1000 || http.DetectContentType(body) != "image/jpeg" {
		t.Fatalf("GET %s: %d, %d bytes of %s", src, img.StatusCode, len(body), http.DetectContentType(body))
	}
	obj, err := backend.HeadObject("newsroom-media", "site/"+strings.TrimPrefix(src, "/media/"))
	if err != nil || obj.Size != int64(len(body)) {
		t.Fatalf("the image is not in the bucket under the prefix: %v", err)
	}
	missing, err := http.Get(site.URL + "/media/2020/01/never-uploaded.jpg")
	if err != nil {
		t.Fatal(err)
	}
	missing.Body.Close()
	if missing.StatusCode != http.StatusNotFound {
		t.Errorf("a key missing from the bucket: %d, want 404", missing.StatusCode)
	}
}
