package media_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

const testBucket = "masthead-media"

// s3Server is a real S3-compatible server (gofakes3 on an in-memory
// backend) on a loopback port, with a log of the requests it was sent so
// tests can check what the client asked for, not just what came back.
type s3Server struct {
	url     string
	backend *s3mem.Backend

	mu       sync.Mutex
	requests []*http.Request
}

func startS3Server(t *testing.T) *s3Server {
	t.Helper()
	srv := &s3Server{backend: s3mem.New()}
	if err := srv.backend.CreateBucket(testBucket); err != nil {
		t.Fatal(err)
	}
	fake := gofakes3.New(srv.backend).Server()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.mu.Lock()
		srv.requests = append(srv.requests, r.Clone(context.Background()))
		srv.mu.Unlock()
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	srv.url = ts.URL
	return srv
}

// config is how a publication would point Masthead at a self-hosted server.
func (srv *s3Server) config(prefix string) media.S3Config {
	return media.S3Config{
		Bucket:    testBucket,
		Endpoint:  srv.url,
		Region:    "us-east-1",
		AccessKey: "masthead",
		SecretKey: "not-a-secret",
		Prefix:    prefix,
		PathStyle: true,
	}
}

func (srv *s3Server) storage(t *testing.T, prefix string) *media.S3 {
	t.Helper()
	s, err := media.NewS3(context.Background(), srv.config(prefix))
	if err != nil {
		t.Fatal(err)
	}
	srv.forget()
	return s
}

// forget clears the request log, so a test sees only its own requests.
func (srv *s3Server) forget() {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	srv.requests = nil
}

// sent returns the requests of the given method, in order.
func (srv *s3Server) sent(method string) []*http.Request {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	var out []*http.Request
	for _, r := range srv.requests {
		if r.Method == method {
			out = append(out, r)
		}
	}
	return out
}

func TestStorageBehaviour(t *testing.T) {
	t.Run("folder", func(t *testing.T) {
		f, _ := newFolder(t)
		testStorage(t, f)
	})
	t.Run("s3", func(t *testing.T) {
		testStorage(t, startS3Server(t).storage(t, ""))
	})
	t.Run("s3 with prefix", func(t *testing.T) {
		testStorage(t, startS3Server(t).storage(t, "site/media"))
	})
}

// testStorage is the behaviour every Storage must have for the library to
// write through it and the site to serve from it.
func testStorage(t *testing.T, s media.Storage) {
	t.Run("returns what was put", func(t *testing.T) { testRoundTrip(t, s) })
	t.Run("seeks as ServeContent needs", func(t *testing.T) { testSeek(t, s) })
	t.Run("serves byte ranges", func(t *testing.T) { testServeRanges(t, s) })
	t.Run("missing file is not found", func(t *testing.T) { testMissing(t, s) })
	t.Run("put of an existing key keeps the file", func(t *testing.T) { testPutKeeps(t, s) })
	t.Run("delete is idempotent", func(t *testing.T) { testDelete(t, s) })
	t.Run("refuses invalid keys", func(t *testing.T) { testInvalidKeys(t, s) })
}

// sample is content whose every byte says where it is, so a read from the
// wrong offset cannot pass.
func sample(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func put(t *testing.T, s media.Storage, key string, data []byte) {
	t.Helper()
	if err := s.Put(context.Background(), key, bytes.NewReader(data), "application/octet-stream"); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
}

func open(t *testing.T, s media.Storage, key string) media.File {
	t.Helper()
	file, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	t.Cleanup(func() { file.Close() })
	return file
}

func testRoundTrip(t *testing.T, s media.Storage) {
	const key = "2026/03/flag-0123456789-640w.jpg"
	want := sample(3000)
	before := time.Now().Add(-time.Minute)
	put(t, s, key, want)
	file := open(t, s, key)
	got, err := io.ReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("read %d bytes, not the %d put", len(got), len(want))
	}
	if file.Size() != int64(len(want)) {
		t.Errorf("Size() = %d, want %d", file.Size(), len(want))
	}
	if mt := file.ModTime(); mt.Before(before) || mt.After(time.Now().Add(time.Minute)) {
		t.Errorf("ModTime() = %v, want about now", mt)
	}
}

func testSeek(t *testing.T, s media.Storage) {
	const key = "seek/sample.bin"
	data := sample(1000)
	put(t, s, key, data)
	file := open(t, s, key)
	steps := []struct {
		offset int64
		whence int
		at     int64 // the offset Seek must report
		read   int
	}{
		{0, io.SeekEnd, 1000, 0}, // how ServeContent learns the size
		{0, io.SeekStart, 0, 10},
		{500, io.SeekStart, 500, 10},
		{-5, io.SeekCurrent, 505, 20},
		{-3, io.SeekEnd, 997, 3},
		{0, io.SeekCurrent, 1000, 0},
	}
	for _, st := range steps {
		at, err := file.Seek(st.offset, st.whence)
		if err != nil || at != st.at {
			t.Fatalf("Seek(%d, %d) = %d, %v; want %d", st.offset, st.whence, at, err, st.at)
		}
		got := make([]byte, st.read)
		if _, err := io.ReadFull(file, got); err != nil {
			t.Fatalf("read %d at %d: %v", st.read, at, err)
		}
		if want := data[at : at+int64(st.read)]; !bytes.Equal(got, want) {
			t.Errorf("read at %d = %v, want %v", at, got, want)
		}
	}
	if n, err := file.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("read at the end = %d, %v; want 0, EOF", n, err)
	}
	if _, err := file.Seek(-1, io.SeekStart); err == nil {
		t.Error("seek before the start succeeded")
	}
}

// serve answers a GET of the file through http.ServeContent, as the site
// does.
func serve(t *testing.T, s media.Storage, key, rangeHeader string) *http.Response {
	t.Helper()
	file := open(t, s, key)
	req := httptest.NewRequest(http.MethodGet, media.URL(key), nil)
	if rangeHeader != "" {
		req.Header.Set("Range", rangeHeader)
	}
	rec := httptest.NewRecorder()
	http.ServeContent(rec, req, key, file.ModTime(), file)
	return rec.Result()
}

func testServeRanges(t *testing.T, s media.Storage) {
	const key = "serve/sample.bin"
	data := sample(4096)
	put(t, s, key, data)

	t.Run("whole file", func(t *testing.T) {
		resp := serve(t, s, key, "")
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !bytes.Equal(body, data) {
			t.Errorf("status %d, %d bytes; want 200 and all %d", resp.StatusCode, len(body), len(data))
		}
	})
	ranges := []struct {
		header, contentRange string
		from, to             int
	}{
		{"bytes=100-199", "bytes 100-199/4096", 100, 200},
		{"bytes=4000-", "bytes 4000-4095/4096", 4000, 4096},
		{"bytes=-10", "bytes 4086-4095/4096", 4086, 4096},
	}
	for _, r := range ranges {
		t.Run(r.header, func(t *testing.T) {
			resp := serve(t, s, key, r.header)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusPartialContent {
				t.Fatalf("status %d, want 206", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Range"); got != r.contentRange {
				t.Errorf("Content-Range %q, want %q", got, r.contentRange)
			}
			if !bytes.Equal(body, data[r.from:r.to]) {
				t.Errorf("body is %d bytes, not bytes %d to %d", len(body), r.from, r.to)
			}
		})
	}
	t.Run("two ranges", func(t *testing.T) {
		resp := serve(t, s, key, "bytes=0-9,2048-2057")
		if resp.StatusCode != http.StatusPartialContent {
			t.Fatalf("status %d, want 206", resp.StatusCode)
		}
		parts := byteRanges(t, resp)
		if len(parts) != 2 || !bytes.Equal(parts[0], data[0:10]) || !bytes.Equal(parts[1], data[2048:2058]) {
			t.Errorf("parts %v, want bytes 0-9 and 2048-2057", parts)
		}
	})
	t.Run("unsatisfiable", func(t *testing.T) {
		if resp := serve(t, s, key, "bytes=5000-"); resp.StatusCode != http.StatusRequestedRangeNotSatisfiable {
			t.Errorf("status %d, want 416", resp.StatusCode)
		}
	})
}

// byteRanges returns the bodies of a multipart/byteranges response.
func byteRanges(t *testing.T, resp *http.Response) [][]byte {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/byteranges" {
		t.Fatalf("Content-Type %q (%v), want multipart/byteranges", resp.Header.Get("Content-Type"), err)
	}
	var parts [][]byte
	mr := multipart.NewReader(resp.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return parts
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, b)
	}
}

func testMissing(t *testing.T, s media.Storage) {
	put(t, s, "missing/there.jpg", []byte("x"))
	for _, key := range []string{"missing/nothing.jpg", "missing", "missing/there.jpg/deeper.jpg"} {
		if _, err := s.Open(context.Background(), key); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", key, err)
		}
	}
}

// testPutKeeps writes different bytes under a key on purpose: storage
// promises to replace nothing, which content addressing makes safe.
func testPutKeeps(t *testing.T, s media.Storage) {
	const key = "again/b.png"
	put(t, s, key, []byte("first"))
	put(t, s, key, []byte("first"))
	put(t, s, key, []byte("second"))
	if got, _ := io.ReadAll(open(t, s, key)); string(got) != "first" {
		t.Errorf("content %q, want the first", got)
	}
}

func testDelete(t *testing.T, s media.Storage) {
	ctx := context.Background()
	const key = "gone/y.gif"
	put(t, s, key, []byte("gif"))
	for i := 0; i < 2; i++ {
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("delete %d: %v", i+1, err)
		}
	}
	if _, err := s.Open(ctx, key); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	put(t, s, key, []byte("back"))
	if got, _ := io.ReadAll(open(t, s, key)); string(got) != "back" {
		t.Errorf("put after delete stored %q", got)
	}
}

func testInvalidKeys(t *testing.T, s media.Storage) {
	ctx := context.Background()
	keys := []string{"", "../escaped.jpg", "a/../../b.jpg", "/etc/passwd", `a\b.jpg`, "a//b.jpg", "a/", "./a.jpg", "a/.hidden", "C:/a.jpg", "a\x00.jpg"}
	for _, key := range keys {
		if err := s.Put(ctx, key, strings.NewReader("x"), "image/jpeg"); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("Put(%q) = %v, want ErrInvalid", key, err)
		}
		if _, err := s.Open(ctx, key); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("Open(%q) = %v, want ErrInvalid", key, err)
		}
		if err := s.Delete(ctx, key); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("Delete(%q) = %v, want ErrInvalid", key, err)
		}
	}
}

func TestS3PutSendsTypeAndLongCaching(t *testing.T) {
	srv := startS3Server(t)
	s := srv.storage(t, "")
	put(t, s, "2026/03/a.bin", []byte("bytes"))
	if err := s.Put(context.Background(), "2026/03/a.webp", strings.NewReader("webp"), "image/webp"); err != nil {
		t.Fatal(err)
	}
	puts := srv.sent(http.MethodPut)
	if len(puts) != 2 {
		t.Fatalf("%d uploads, want 2", len(puts))
	}
	last := puts[1]
	if got := last.Header.Get("Content-Type"); got != "image/webp" {
		t.Errorf("Content-Type %q, want image/webp", got)
	}
	if got := last.Header.Get("Cache-Control"); !strings.Contains(got, "max-age=31536000") || !strings.Contains(got, "immutable") {
		t.Errorf("Cache-Control %q, want a year and immutable", got)
	}
}

func TestS3PutSkipsUploadOfExistingKey(t *testing.T) {
	srv := startS3Server(t)
	s := srv.storage(t, "")
	for i := 0; i < 3; i++ {
		put(t, s, "2026/03/same.jpg", []byte("same bytes"))
	}
	if n := len(srv.sent(http.MethodPut)); n != 1 {
		t.Errorf("%d uploads for three puts of one key, want 1", n)
	}
}

func TestS3KeepsObjectsUnderPrefix(t *testing.T) {
	srv := startS3Server(t)
	s := srv.storage(t, "/daily/media/")
	put(t, s, "2026/03/a.jpg", []byte("jpeg"))
	if _, err := srv.backend.HeadObject(testBucket, "daily/media/2026/03/a.jpg"); err != nil {
		t.Errorf("object not under the prefix: %v", err)
	}
	if _, err := srv.backend.HeadObject(testBucket, "2026/03/a.jpg"); err == nil {
		t.Error("object also stored without the prefix")
	}
}

// TestS3ServesRangeWithOneRangedRequest checks that Open fetches no bytes
// and that serving a range downloads from its start, not the whole object.
func TestS3ServesRangeWithOneRangedRequest(t *testing.T) {
	srv := startS3Server(t)
	s := srv.storage(t, "")
	put(t, s, "big/photo.jpg", sample(100_000))
	srv.forget()
	resp := serve(t, s, "big/photo.jpg", "bytes=90000-90099")
	if resp.StatusCode != http.StatusPartialContent {
		t.Fatalf("status %d, want 206", resp.StatusCode)
	}
	gets := srv.sent(http.MethodGet)
	if len(gets) != 1 || gets[0].Header.Get("Range") != "bytes=90000-" {
		var ranges []string
		for _, g := range gets {
			ranges = append(ranges, g.Header.Get("Range"))
		}
		t.Errorf("GET requests with ranges %q, want one from 90000", ranges)
	}
	if n := len(srv.sent(http.MethodHead)); n != 1 {
		t.Errorf("%d HEAD requests, want 1 (at open)", n)
	}
}

func TestNewS3RefusesBadConfig(t *testing.T) {
	srv := startS3Server(t)
	cases := map[string]func(*media.S3Config){
		"no bucket":           func(c *media.S3Config) { c.Bucket = "" },
		"missing bucket":      func(c *media.S3Config) { c.Bucket = "no-such-bucket" },
		"access key only":     func(c *media.S3Config) { c.SecretKey = "" },
		"prefix leaving root": func(c *media.S3Config) { c.Prefix = "media/../.." },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := srv.config("")
			change(&cfg)
			if _, err := media.NewS3(context.Background(), cfg); err == nil {
				t.Error("NewS3 succeeded")
			}
		})
	}
}

// TestAddImageStoresVariantsInS3 runs the whole upload path against S3:
// the library writes the original and every variant, the record goes to
// a real SQLite store, and each recorded file reads back as the picture
// its record describes.
func TestAddImageStoresVariantsInS3(t *testing.T) {
	ctx := context.Background()
	srv := startS3Server(t)
	s := srv.storage(t, "media")
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib := &media.Library{Storage: s, Now: func() time.Time { return uploadTime }}

	img, err := lib.AddImage(ctx, st, "Harbour at dawn.jpg", jpegBytes(t, 1800, 1200), "Alt text", "A caption", "Photo: Test")
	if err != nil {
		t.Fatal(err)
	}
	saved, err := st.Image(ctx, img.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Variants) != 9 { // 320, 640, 1024, 1600 in JPEG and WebP, and the card
		t.Fatalf("%d variants recorded, want 9", len(saved.Variants))
	}
	if cfg := decodeStored(t, s, saved.Path); cfg.Width != 1800 || cfg.Height != 1200 {
		t.Errorf("original decodes as %d×%d", cfg.Width, cfg.Height)
	}
	for _, v := range saved.Variants {
		cfg := decodeStored(t, s, v.Path)
		if cfg.Width != v.Width || cfg.Height != v.Height {
			t.Errorf("%s decodes as %d×%d, recorded as %d×%d", v.Path, cfg.Width, cfg.Height, v.Width, v.Height)
		}
		obj, err := srv.backend.HeadObject(testBucket, "media/"+v.Path)
		if err != nil {
			t.Errorf("%s not in the bucket under the prefix: %v", v.Path, err)
			continue
		}
		if ct := obj.Metadata["Content-Type"]; ct != v.MIME {
			t.Errorf("%s stored as %q", v.Path, ct)
		}
	}

	// The same picture again makes the same keys, so nothing is uploaded.
	srv.forget()
	if _, err := lib.StoreFiles(ctx, "Harbour at dawn.jpg", jpegBytes(t, 1800, 1200)); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.sent(http.MethodPut)); n != 0 {
		t.Errorf("%d uploads for a picture already stored, want 0", n)
	}
}

func decodeStored(t *testing.T, s media.Storage, key string) image.Config {
	t.Helper()
	cfg, _, err := image.DecodeConfig(open(t, s, key))
	if err != nil {
		t.Fatalf("decode %s: %v", key, err)
	}
	return cfg
}
