package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/disintegration/imaging"

	// Registered for image.DecodeConfig and image.Decode: the formats a
	// newsroom receives.
	_ "image/gif"
	_ "image/png"

	_ "golang.org/x/image/webp"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Limits applied when a Library leaves its own at zero.
const (
	// DefaultMaxBytes is far above any photograph a web page needs, and low
	// enough that an upload cannot fill memory.
	DefaultMaxBytes = 20 << 20
	// DefaultMaxPixels admits what press cameras produce while bounding
	// the memory a decode takes (about 160 MB at four bytes a pixel), which
	// is what a small file declaring huge dimensions would attack.
	DefaultMaxPixels = 40_000_000
)

// variantWidths are the widths of the scaled copies pages choose from in
// srcset, smallest first: a phone, a tablet or narrow column, a desktop
// column and a full-width picture on a large screen.
var variantWidths = [...]int{320, 640, 1024, 1600}

// The social-card shape Open Graph and X prefer.
const (
	CardWidth  = 1200
	CardHeight = 630
)

// jpegQuality keeps variants visually clean while a 1024-pixel photo stays
// near 100 KB.
const jpegQuality = 82

// Library turns uploaded pictures into stored files and image records: it
// checks what the bytes really are, keeps the original and makes the
// variants pages serve.
type Library struct {
	Storage Storage
	// MaxBytes and MaxPixels bound what is accepted; zero means the default.
	MaxBytes  int64
	MaxPixels int64
	// Now dates the storage keys; nil means time.Now.
	Now func() time.Time
}

// formats maps a sniffed MIME type to the name image.DecodeConfig reports
// for it and the extension the original is stored with.
var formats = map[string]struct{ decoder, ext string }{
	"image/jpeg": {"jpeg", "jpg"},
	"image/png":  {"png", "png"},
	"image/gif":  {"gif", "gif"},
	"image/webp": {"webp", "webp"},
}

// AddImage checks data, stores it with its variants under content-addressed
// keys and records it in images. The file name only suggests the key's
// words: the type comes from the content. Refusals wrap news.ErrInvalid.
func (l *Library) AddImage(ctx context.Context, images store.Images, name string, data []byte, alt, caption, credit string) (news.Image, error) {
	img, err := l.StoreFiles(ctx, name, data)
	if err != nil {
		return news.Image{}, err
	}
	img.Alt, img.Caption, img.Credit = alt, caption, credit
	if err := images.CreateImage(ctx, &img); err != nil {
		return news.Image{}, fmt.Errorf("image %q: %w", name, err)
	}
	return img, nil
}

// StoreFiles does AddImage's work short of recording the image: it returns
// the record, without an ID or words, for the caller to save. It lets
// callers that add many pictures process them in parallel and then record
// them in one transaction, in an order of their choosing.
func (l *Library) StoreFiles(ctx context.Context, name string, data []byte) (news.Image, error) {
	mime, err := l.check(data)
	if err != nil {
		return news.Image{}, fmt.Errorf("image %q: %w", name, err)
	}
	src, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	if err != nil {
		return news.Image{}, fmt.Errorf("image %q: cannot decode: %v: %w", name, err, news.ErrInvalid)
	}
	now := l.now()
	base := keyBase(now, name, data)
	orig := base + "." + formats[mime].ext
	if err := l.Storage.Put(ctx, orig, bytes.NewReader(data), mime); err != nil {
		return news.Image{}, fmt.Errorf("image %q: %w", name, err)
	}
	variants, err := l.makeVariants(ctx, base, opaqueNRGBA(src))
	if err != nil {
		return news.Image{}, fmt.Errorf("image %q: %w", name, err)
	}
	b := src.Bounds()
	return news.Image{Path: orig, MIME: mime, Width: b.Dx(), Height: b.Dy(), Variants: variants, CreatedAt: now}, nil
}

// check returns the MIME type of data after making sure it is a supported
// image that is safe to decode. Dimensions are read from the header alone,
// so a small file declaring a huge picture is refused before any pixel
// memory is allocated.
func (l *Library) check(data []byte) (string, error) {
	if limit := l.maxBytes(); int64(len(data)) > limit {
		return "", fmt.Errorf("file is %s, larger than the %s limit: %w", sizeText(int64(len(data))), sizeText(limit), news.ErrInvalid)
	}
	if len(data) == 0 {
		return "", fmt.Errorf("file is empty: %w", news.ErrInvalid)
	}
	mime := http.DetectContentType(data)
	f, ok := formats[mime]
	if !ok {
		return "", fmt.Errorf("content is %s, not a JPEG, PNG, GIF or WebP picture: %w", mime, news.ErrInvalid)
	}
	cfg, decoder, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("looks like %s but its header is unreadable (%v): %w", mime, err, news.ErrInvalid)
	}
	if decoder != f.decoder {
		return "", fmt.Errorf("starts like %s but decodes as %s: %w", mime, decoder, news.ErrInvalid)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return "", fmt.Errorf("declares no pixels (%d×%d): %w", cfg.Width, cfg.Height, news.ErrInvalid)
	}
	if px, limit := int64(cfg.Width)*int64(cfg.Height), l.maxPixels(); px > limit {
		return "", fmt.Errorf("%d×%d is %s, more than the %s allowed: %w",
			cfg.Width, cfg.Height, pixelsText(px), pixelsText(limit), news.ErrInvalid)
	}
	return mime, nil
}

// keyBase is the key shared by an image's files: dated so folders stay a
// manageable size, named so people can recognise a file, and ending in a
// hash of the content so that a key never changes meaning.
func keyBase(now time.Time, name string, data []byte) string {
	sum := sha256.Sum256(data)
	return now.Format("2006/01") + "/" + nameSlug(name) + "-" + hex.EncodeToString(sum[:])[:10]
}

func nameSlug(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.TrimSuffix(name, path.Ext(name))
	if s := news.Slugify(name); s != "" {
		return s
	}
	return "image"
}

// makeVariants stores the scaled JPEG copies, smallest first, then the
// social card. Widths the original cannot fill are skipped, since upscaled
// copies only waste bytes; a picture narrower than every width still gets
// one copy at its own width, so pages always have a JPEG to serve.
func (l *Library) makeVariants(ctx context.Context, base string, src *image.NRGBA) ([]news.Variant, error) {
	widths := widthsFor(src.Bounds().Dx())
	out := make([]news.Variant, len(widths), len(widths)+1)
	// Each copy is scaled from the next larger one rather than from the
	// original: resizing costs in proportion to the source's area, and the
	// filter keeps a two-step reduction as sharp as a direct one.
	from := src
	for i := len(widths) - 1; i >= 0; i-- {
		from = imaging.Resize(from, widths[i], 0, imaging.CatmullRom)
		v, err := l.putJPEG(ctx, base+"-"+strconv.Itoa(widths[i])+"w.jpg", from, false)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	card := imaging.Fill(src, CardWidth, CardHeight, imaging.Center, imaging.CatmullRom)
	v, err := l.putJPEG(ctx, base+"-"+strconv.Itoa(CardWidth)+"x"+strconv.Itoa(CardHeight)+".jpg", card, true)
	if err != nil {
		return nil, err
	}
	return append(out, v), nil
}

func widthsFor(width int) []int {
	var ws []int
	for _, w := range variantWidths {
		if w < width {
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		ws = []int{width}
	}
	return ws
}

func (l *Library) putJPEG(ctx context.Context, key string, img *image.NRGBA, crop bool) (news.Variant, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, asRGBA(img), &jpeg.Options{Quality: jpegQuality}); err != nil {
		return news.Variant{}, fmt.Errorf("encode %s: %w", key, err)
	}
	if err := l.Storage.Put(ctx, key, &buf, "image/jpeg"); err != nil {
		return news.Variant{}, err
	}
	b := img.Bounds()
	return news.Variant{Path: key, MIME: "image/jpeg", Width: b.Dx(), Height: b.Dy(), Crop: crop}, nil
}

// opaqueNRGBA converts src once into the pixel format imaging works in,
// instead of at every resize, putting any transparency on white because
// JPEG has no alpha and would turn transparent areas black.
func opaqueNRGBA(src image.Image) *image.NRGBA {
	if o, ok := src.(interface{ Opaque() bool }); ok && o.Opaque() {
		return imaging.Clone(src)
	}
	b := src.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Over)
	return dst
}

// asRGBA lets the JPEG encoder take its fast path, which it has for RGBA
// but not for the NRGBA that imaging returns. Reusing the pixels unchanged
// is exact only for opaque pictures, which opaqueNRGBA guarantees variants
// are.
func asRGBA(img *image.NRGBA) *image.RGBA {
	return &image.RGBA{Pix: img.Pix, Stride: img.Stride, Rect: img.Rect}
}

func (l *Library) now() time.Time {
	if l.Now != nil {
		return l.Now().UTC()
	}
	return time.Now().UTC()
}

func (l *Library) maxBytes() int64 {
	if l.MaxBytes > 0 {
		return l.MaxBytes
	}
	return DefaultMaxBytes
}

func (l *Library) maxPixels() int64 {
	if l.MaxPixels > 0 {
		return l.MaxPixels
	}
	return DefaultMaxPixels
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)/1024)
}

func pixelsText(n int64) string {
	if n >= 1_000_000 {
		return fmt.Sprintf("%.1f megapixels", float64(n)/1e6)
	}
	return fmt.Sprintf("%d pixels", n)
}
