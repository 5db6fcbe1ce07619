package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/gen2brain/webp"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

var uploadTime = time.Date(2026, 3, 15, 23, 30, 0, 0, time.FixedZone("Baku", 4*3600))

// fixture is a library writing to a temporary folder and recording into
// a real SQLite store.
type fixture struct {
	lib  *media.Library
	st   *sqlite.DB
	root string
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	folder, root := newFolder(t)
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return fixture{
		lib:  &media.Library{Storage: folder, Now: func() time.Time { return uploadTime }},
		st:   st,
		root: root,
	}
}

func (f fixture) add(t *testing.T, name string, data []byte) (news.Image, error) {
	t.Helper()
	return f.lib.AddImage(context.Background(), f.st, name, data, "Alt text", "A caption", "Photo: Test")
}

// recorded reports whether the store holds any image record; ids start at
// one, so the first record is enough to tell.
func (f fixture) recorded(t *testing.T) bool {
	t.Helper()
	_, err := f.st.Image(context.Background(), 1)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

// stored decodes the file under key, proving it was written and is a
// picture of the size its record claims.
func (f fixture) stored(t *testing.T, key string) image.Config {
	t.Helper()
	cfg, _ := f.storedFormat(t, key)
	return cfg
}

// storedFormat is stored also returning the format the file decodes as.
func (f fixture) storedFormat(t *testing.T, key string) (image.Config, string) {
	t.Helper()
	file, err := f.lib.Storage.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer file.Close()
	cfg, format, err := image.DecodeConfig(file)
	if err != nil {
		t.Fatalf("decode %s: %v", key, err)
	}
	return cfg, format
}

func (f fixture) fileCount(t *testing.T) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(f.root, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// picture draws a gradient with a block of colour, so that encoders have
// real content to work on and crops are visible.
func picture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 140, 255})
		}
	}
	return img
}

func jpegBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, picture(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngBytes(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAddImageMakesVariantsNoWiderThanTheOriginal(t *testing.T) {
	tests := []struct {
		width, height int
		wantWidths    []int
	}{
		{2000, 1000, []int{320, 640, 1024, 1600}},
		{1600, 900, []int{320, 640, 1024}},
		{700, 1400, []int{320, 640}},
		{200, 100, []int{200}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dx%d", tt.width, tt.height), func(t *testing.T) {
			f := newFixture(t)
			img, err := f.add(t, "photo.jpg", jpegBytes(t, tt.width, tt.height))
			if err != nil {
				t.Fatal(err)
			}
			if img.Width != tt.width || img.Height != tt.height || img.MIME != "image/jpeg" {
				t.Errorf("record says %dx%d %s", img.Width, img.Height, img.MIME)
			}
			if len(img.Variants) != 2*len(tt.wantWidths)+1 {
				t.Fatalf("%d variants, want a JPEG and a WebP per width and a card", len(img.Variants))
			}
			for i, w := range tt.wantWidths {
				wantHeight := (tt.height*w + tt.width/2) / tt.width
				for j, mime := range []string{"image/jpeg", "image/webp"} {
					v := img.Variants[2*i+j]
					if v.Width != w || abs(v.Height-wantHeight) > 1 || v.Crop || v.MIME != mime {
						t.Errorf("variant %d = %+v, want %s %dx%d keeping the aspect ratio", 2*i+j, v, mime, w, wantHeight)
					}
					cfg, format := f.storedFormat(t, v.Path)
					if cfg.Width != v.Width || cfg.Height != v.Height || "image/"+format != mime {
						t.Errorf("file %s is a %dx%d %s, record says %dx%d %s", v.Path, cfg.Width, cfg.Height, format, v.Width, v.Height, v.MIME)
					}
				}
			}
			card := img.Variants[len(img.Variants)-1]
			if !card.Crop || card.Width != 1200 || card.Height != 630 {
				t.Errorf("last variant %+v, want the 1200x630 crop", card)
			}
			if cfg := f.stored(t, card.Path); cfg.Width != 1200 || cfg.Height != 630 {
				t.Errorf("card file is %dx%d", cfg.Width, cfg.Height)
			}
			if cfg := f.stored(t, img.Path); cfg.Width != tt.width {
				t.Errorf("original file is %d wide", cfg.Width)
			}
		})
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestAddImageRecordsTheImage(t *testing.T) {
	f := newFixture(t)
	img, err := f.add(t, "harbour.jpg", jpegBytes(t, 800, 600))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.st.Image(context.Background(), img.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Path != img.Path || rec.MIME != "image/jpeg" || rec.Width != 800 || rec.Height != 600 ||
		rec.Alt != "Alt text" || rec.Caption != "A caption" || rec.Credit != "Photo: Test" || !rec.CreatedAt.Equal(uploadTime) {
		t.Errorf("recorded %+v", rec)
	}
	if len(rec.Variants) != 5 || rec.Variants[0].Width != 320 || rec.Variants[1].MIME != "image/webp" ||
		rec.Variants[2].Width != 640 || !rec.Variants[4].Crop {
		t.Errorf("recorded variants %+v, want 320w and 640w in JPEG and WebP, and the card", rec.Variants)
	}
}

func TestAddImageKeysAreContentAddressed(t *testing.T) {
	f := newFixture(t)
	data := jpegBytes(t, 900, 500)
	first, err := f.add(t, `C:\Photos\Harbour at Dawn.JPG`, data)
	if err != nil {
		t.Fatal(err)
	}
	keyPattern := regexp.MustCompile(`^2026/03/harbour-at-dawn-[0-9a-f]{10}\.jpg$`)
	if !keyPattern.MatchString(first.Path) {
		t.Errorf("original key %q does not match %s", first.Path, keyPattern)
	}
	base := first.Path[:len(first.Path)-len(".jpg")]
	wantKeys := []string{base + "-320w.jpg", base + "-320w.webp", base + "-640w.jpg", base + "-640w.webp", base + "-1200x630.jpg"}
	for i, v := range first.Variants {
		if v.Path != wantKeys[i] {
			t.Errorf("variant %d key %q, want %q", i, v.Path, wantKeys[i])
		}
	}

	again, err := f.add(t, "Harbour at dawn.jpeg", data)
	if err != nil {
		t.Fatal(err)
	}
	if again.Path != first.Path {
		t.Errorf("same content stored as %q then %q", first.Path, again.Path)
	}
	other, err := f.add(t, "Harbour at Dawn.JPG", jpegBytes(t, 901, 500))
	if err != nil {
		t.Fatal(err)
	}
	if other.Path == first.Path {
		t.Errorf("different content shares key %q", other.Path)
	}
}

func TestAddImageKeyMonthIsUTC(t *testing.T) {
	f := newFixture(t)
	f.lib.Now = func() time.Time { return time.Date(2026, 4, 1, 2, 0, 0, 0, time.FixedZone("Baku", 4*3600)) }
	img, err := f.add(t, "a.jpg", jpegBytes(t, 100, 100))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Path[:8]; got != "2026/03/" {
		t.Errorf("key starts %q: 02:00 in Baku on 1 April is still March in UTC", got)
	}
}

func TestAddImageTrustsContentNotName(t *testing.T) {
	f := newFixture(t)
	img, err := f.add(t, "really-a-png.jpg", pngBytes(t, picture(400, 300)))
	if err != nil {
		t.Fatal(err)
	}
	if img.MIME != "image/png" || filepath.Ext(img.Path) != ".png" {
		t.Errorf("stored as %s under %q, want image/png with a .png key", img.MIME, img.Path)
	}
}

func TestAddImageAcceptsGIF(t *testing.T) {
	f := newFixture(t)
	var buf bytes.Buffer
	if err := gif.Encode(&buf, picture(300, 200), nil); err != nil {
		t.Fatal(err)
	}
	img, err := f.add(t, "animation.gif", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if img.MIME != "image/gif" || filepath.Ext(img.Path) != ".gif" || len(img.Variants) != 3 || img.Variants[0].MIME != "image/jpeg" {
		t.Errorf("stored %s under %q with variants %+v", img.MIME, img.Path, img.Variants)
	}
}

func TestAddImagePutsTransparencyOnWhite(t *testing.T) {
	f := newFixture(t)
	transparent := image.NewNRGBA(image.Rect(0, 0, 400, 400))
	img, err := f.add(t, "logo.png", pngBytes(t, transparent))
	if err != nil {
		t.Fatal(err)
	}
	file, err := f.lib.Storage.Open(context.Background(), img.Variants[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	variant, err := jpeg.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	if r, g, b, _ := variant.At(160, 160).RGBA(); r>>8 < 250 || g>>8 < 250 || b>>8 < 250 {
		t.Errorf("transparent area became %d,%d,%d, want white", r>>8, g>>8, b>>8)
	}
}

func TestAddImageRefusals(t *testing.T) {
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		lib  func(l *media.Library)
	}{
		{"text named .jpg", func(*testing.T) []byte { return []byte("<html>not a picture, honestly</html>") }, nil},
		{"empty file", func(*testing.T) []byte { return nil }, nil},
		{"PNG signature with a JPEG after it", func(t *testing.T) []byte {
			return append([]byte("\x89PNG\r\n\x1a\n"), jpegBytes(t, 50, 50)...)
		}, nil},
		{"truncated JPEG", func(t *testing.T) []byte { return jpegBytes(t, 300, 200)[:20] }, nil},
		{"larger than MaxBytes", func(t *testing.T) []byte { return jpegBytes(t, 300, 200) },
			func(l *media.Library) { l.MaxBytes = 1000 }},
		{"more pixels than MaxPixels", func(t *testing.T) []byte { return jpegBytes(t, 300, 200) },
			func(l *media.Library) { l.MaxPixels = 50_000 }},
		{"bomb declaring 50000x50000", func(*testing.T) []byte { return pngHeader(50000, 50000) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if tt.lib != nil {
				tt.lib(f.lib)
			}
			_, err := f.add(t, "upload.jpg", tt.data(t))
			if !errors.Is(err, news.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if n := f.fileCount(t); n != 0 || f.recorded(t) {
				t.Errorf("refused upload left %d files and a record: %v", n, f.recorded(t))
			}
		})
	}
}

func TestAddImageRefusesBombBeforeAllocatingPixels(t *testing.T) {
	f := newFixture(t)
	bomb := pngHeader(50000, 50000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := f.add(t, "bomb.png", bomb)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, news.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	// Decoding would need gigabytes; reading the header needs a few KB.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", grew)
	}
}

// pngHeader returns the start of a PNG whose header declares a w×h RGB
// picture with no pixel data behind it: all a decompression bomb needs to
// make a careless decoder allocate w×h×4 bytes.
func pngHeader(w, h uint32) []byte {
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, truecolour
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	writeChunk(&buf, "IHDR", ihdr[:])
	writeChunk(&buf, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	return buf.Bytes()
}

func writeChunk(w io.Writer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	io.WriteString(crc, kind)
	crc.Write(data)
	io.WriteString(w, kind)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}

func TestAddImageAcceptsWebP(t *testing.T) {
	f := newFixture(t)
	var buf bytes.Buffer
	if err := webp.Encode(&buf, picture(700, 400), webp.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	img, err := f.add(t, "from-a-phone.webp", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if img.MIME != "image/webp" || filepath.Ext(img.Path) != ".webp" || img.Width != 700 || len(img.Variants) != 5 {
		t.Errorf("stored %s %dx%d under %q with %d variants", img.MIME, img.Width, img.Height, img.Path, len(img.Variants))
	}
}

// failingImages refuses every record, as a database that went away would.
type failingImages struct{ store.Images }

func (failingImages) CreateImage(context.Context, *news.Image) error {
	return errors.New("database unavailable")
}

func TestAddImageTakesBackItsFilesWhenTheRecordFails(t *testing.T) {
	f := newFixture(t)
	_, err := f.lib.AddImage(context.Background(), failingImages{f.st}, "a.jpg", jpegBytes(t, 700, 400), "", "", "")
	if err == nil {
		t.Fatal("AddImage succeeded without a record")
	}
	if n := f.fileCount(t); n != 0 {
		t.Errorf("%d files left behind by a failed upload", n)
	}
}

func TestAddImageFailureKeepsFilesOfAnEarlierUpload(t *testing.T) {
	f := newFixture(t)
	data := jpegBytes(t, 700, 400)
	first, err := f.add(t, "a.jpg", data)
	if err != nil {
		t.Fatal(err)
	}
	before := f.fileCount(t)
	if _, err := f.lib.AddImage(context.Background(), failingImages{f.st}, "a.jpg", data, "", "", ""); err == nil {
		t.Fatal("AddImage succeeded without a record")
	}
	if after := f.fileCount(t); after != before {
		t.Errorf("files went from %d to %d: the failed upload deleted the earlier one's", before, after)
	}
	f.stored(t, first.Path)
}

func TestAddImageRecordsTheUploader(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := news.User{Email: "c@example.com", Name: "Contributor", Role: news.RoleContributor}
	if err := f.st.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	img, err := f.lib.Add(ctx, f.st, "a.jpg", jpegBytes(t, 400, 300), news.Image{Alt: "A", UploadedBy: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.st.Image(ctx, img.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.UploadedBy != u.ID || rec.Alt != "A" {
		t.Errorf("recorded uploader %d and alt %q, want %d and A", rec.UploadedBy, rec.Alt, u.ID)
	}
}

func TestAddImageRefusesContentDisguisedAsPictures(t *testing.T) {
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	html := []byte("<!DOCTYPE html><script>alert(1)</script>")
	for name, data := range map[string][]byte{"svg.png": svg, "page.jpg": html, "page.gif": append([]byte("GIF89a"), html...)} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.add(t, name, data)
			if !errors.Is(err, news.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if n := f.fileCount(t); n != 0 || f.recorded(t) {
				t.Errorf("refused upload left %d files", n)
			}
		})
	}
}
