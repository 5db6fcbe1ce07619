package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/disintegration/imaging"
	"github.com/gen2brain/webp"
	xwebp "golang.org/x/image/webp"

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

// webpQuality matches jpegQuality by eye at about two thirds of the bytes.
// webpMethod trades a few per cent of size for speed: the encoder runs as
// WebAssembly (no cgo), where method 4 took three times as long as 2 for
// a 1600-pixel picture.
const (
	webpQuality = 78
	webpMethod  = 2
)

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
	// Worker, when set, is the command that makes variants in a process
	// of its own (see ServeWorker): "masthead media-worker". Without it
	// they are made in this process, which suits commands and tests but
	// not a server (see worker.go).
	Worker []string

	slotsOnce sync.Once
	slots     chan struct{}
}

// format is what the library knows of an accepted image type.
type format struct {
	name         string // as people know it
	ext          string // extension the original is stored with
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
}

// formats maps a sniffed MIME type to its decoders. They are named
// explicitly rather than found through image.Decode's registry: the WebP
// encoder registers a second "webp" decoder (libwebp in WebAssembly), and
// untrusted uploads are decoded by the pure-Go one only. JPEG goes through
// imaging so that EXIF orientation is applied.
var formats = map[string]format{
	"image/jpeg": {"JPEG", "jpg", jpeg.DecodeConfig, func(r io.Reader) (image.Image, error) {
		return imaging.Decode(r, imaging.AutoOrientation(true))
	}},
	"image/png":  {"PNG", "png", png.DecodeConfig, png.Decode},
	"image/gif":  {"GIF", "gif", gif.DecodeConfig, gif.Decode},
	"image/webp": {"WebP", "webp", xwebp.DecodeConfig, xwebp.Decode},
}

// AddImage checks data, stores it with its variants under content-addressed
// keys and records it in images. The file name only suggests the key's
// words: the type comes from the content. Refusals wrap news.ErrInvalid;
// on any failure the files this call wrote are removed again.
func (l *Library) AddImage(ctx context.Context, images store.Images, name string, data []byte, alt, caption, credit string) (news.Image, error) {
	return l.Add(ctx, images, name, data, news.Image{Alt: alt, Caption: caption, Credit: credit})
}

// Add is AddImage taking the words and the uploader from words: its Alt,
// Caption, Credit and UploadedBy are recorded with the image.
func (l *Library) Add(ctx context.Context, images store.Images, name string, data []byte, words news.Image) (news.Image, error) {
	img, written, err := l.storeFiles(ctx, name, data)
	if err != nil {
		return news.Image{}, err
	}
	img.Alt, img.Caption, img.Credit, img.UploadedBy = words.Alt, words.Caption, words.Credit, words.UploadedBy
	if err := images.CreateImage(ctx, &img); err != nil {
		l.remove(written)
		return news.Image{}, fmt.Errorf("image %q: %w", name, err)
	}
	return img, nil
}

// StoreFiles does AddImage's work short of recording the image: it returns
// the record, without an ID or words, for the caller to save. It lets
// callers that add many pictures process them in parallel and then record
// them in one transaction, in an order of their choosing.
func (l *Library) StoreFiles(ctx context.Context, name string, data []byte) (news.Image, error) {
	img, _, err := l.storeFiles(ctx, name, data)
	return img, err
}

// storeFiles returns, besides the record, the keys it wrote that did not
// exist before, so that a caller failing later can take back exactly
// those: content addressing means an earlier upload of the same picture
// may own the others.
func (l *Library) storeFiles(ctx context.Context, name string, data []byte) (img news.Image, written []string, err error) {
	mime, err := l.check(data)
	if err != nil {
		return news.Image{}, nil, fmt.Errorf("image %q: %w", name, err)
	}
	m, err := l.make(ctx, data)
	if err != nil {
		return news.Image{}, nil, fmt.Errorf("image %q: %w", name, err)
	}
	w := writer{lib: l}
	defer func() {
		if err != nil {
			l.remove(w.written)
			written = nil
		}
	}()
	now := l.now()
	base := keyBase(now, name, data)
	orig := base + "." + formats[mime].ext
	if err := w.put(ctx, orig, data, mime); err != nil {
		return news.Image{}, w.written, fmt.Errorf("image %q: %w", name, err)
	}
	variants := make([]news.Variant, len(m.Files))
	for i, f := range m.Files {
		key := base + f.Suffix
		if err := w.put(ctx, key, f.Data, f.MIME); err != nil {
			return news.Image{}, w.written, fmt.Errorf("image %q: %w", name, err)
		}
		variants[i] = news.Variant{Path: key, MIME: f.MIME, Width: f.Width, Height: f.Height, Crop: f.Crop}
	}
	return news.Image{Path: orig, MIME: mime, Width: m.Width, Height: m.Height, Variants: variants, CreatedAt: now}, w.written, nil
}

// remove deletes keys on a best-effort basis with a context of its own:
// it runs because something failed, often the request's context itself.
func (l *Library) remove(keys []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, k := range keys {
		l.Storage.Delete(ctx, k) //nolint:errcheck // a leftover file is harmless: nothing refers to it
	}
}

// check returns the MIME type of data after making sure it is a supported
// image that is safe to decode. Dimensions are read from the header alone,
// so a small file declaring a huge picture is refused before any pixel
// memory is allocated.
func (l *Library) check(data []byte) (string, error) {
	if limit := l.maxBytes(); int64(len(data)) > limit {
		return "", refuse(nil, "The file is %s, larger than the %s limit.", sizeText(int64(len(data))), sizeText(limit))
	}
	if len(data) == 0 {
		return "", refuse(nil, "The file is empty.")
	}
	mime := http.DetectContentType(data)
	f, ok := formats[mime]
	if !ok {
		return "", refuse(nil, "This is not a JPEG, PNG, GIF or WebP picture: its content is %s, whatever its name says.", mimeName(mime))
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", refuse(err, "The file starts like a %s picture but is not a readable one.", f.name)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return "", refuse(nil, "The picture declares no pixels (%d×%d).", cfg.Width, cfg.Height)
	}
	if px, limit := int64(cfg.Width)*int64(cfg.Height), l.maxPixels(); px > limit {
		return "", refuse(nil, "The picture declares %d×%d pixels (%s), more than the %s that can be processed safely.",
			cfg.Width, cfg.Height, pixelsText(px), pixelsText(limit))
	}
	return mime, nil
}

// Refusal is why an upload was not accepted, in words for the person who
// sent it. It wraps news.ErrInvalid.
type Refusal struct {
	Reason string
	cause  error // the decoder's own words, for logs
}

func refuse(cause error, format string, args ...any) *Refusal {
	return &Refusal{Reason: fmt.Sprintf(format, args...), cause: cause}
}

func (r *Refusal) Error() string {
	if r.cause != nil {
		return r.Reason + " (" + r.cause.Error() + ")"
	}
	return r.Reason
}

func (r *Refusal) Unwrap() error { return news.ErrInvalid }

// Limits returns the largest file, in bytes, and the most pixels the
// library accepts, defaults applied.
func (l *Library) Limits() (maxBytes, maxPixels int64) { return l.maxBytes(), l.maxPixels() }

// SizeText writes a number of bytes as people read file sizes.
func SizeText(n int64) string { return sizeText(n) }

// mimeName shortens a sniffed type for a message: the parameters say
// nothing to a person uploading a picture.
func mimeName(mime string) string {
	if i := strings.IndexByte(mime, ';'); i >= 0 {
		return mime[:i]
	}
	return mime
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

// writer puts one image's files and remembers which keys it created.
type writer struct {
	lib     *Library
	written []string
}

func (w *writer) put(ctx context.Context, key string, data []byte, mime string) error {
	existed, err := w.exists(ctx, key)
	if err != nil {
		return err
	}
	if err := w.lib.Storage.Put(ctx, key, bytes.NewReader(data), mime); err != nil {
		return err
	}
	if !existed {
		w.written = append(w.written, key)
	}
	return nil
}

func (w *writer) exists(ctx context.Context, key string) (bool, error) {
	f, err := w.lib.Storage.Open(ctx, key)
	if errors.Is(err, news.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, f.Close()
}

// made is a picture's size and its variants' files, encoded.
type made struct {
	Width, Height int
	Files         []madeFile
}

// madeFile is one variant, encoded; its key is the picture's key base
// and Suffix.
type madeFile struct {
	Suffix        string // "-320w.jpg"
	MIME          string
	Width, Height int
	Crop          bool
	Data          []byte
}

// makeVariants decodes a checked picture and encodes its variants, in
// memory: the scaled copies, smallest first, each width as JPEG then
// WebP, and last the JPEG social card. Widths the original cannot fill
// are skipped, since upscaled copies only waste bytes; a picture narrower
// than every width still gets one copy at its own width, so pages always
// have a JPEG to serve. JPEG comes first at each width so that code
// picking "the first variant of a width" gets the format every reader and
// feed client understands. The card has no WebP twin: only og:image and
// twitter:image use it, and the crawlers behind them do not all read WebP.
func makeVariants(data []byte) (made, error) {
	mime := http.DetectContentType(data)
	decoded, err := formats[mime].decode(bytes.NewReader(data))
	if err != nil {
		return made{}, refuse(err, "The picture is damaged or incomplete and cannot be read.")
	}
	src := opaqueNRGBA(decoded)
	b := src.Bounds()
	m := made{Width: b.Dx(), Height: b.Dy()}
	widths := widthsFor(b.Dx())
	m.Files = make([]madeFile, 2*len(widths), 2*len(widths)+1)
	// Each copy is scaled from the next larger one rather than from the
	// original: resizing costs in proportion to the source's area, and the
	// filter keeps a two-step reduction as sharp as a direct one.
	from := src
	for i := len(widths) - 1; i >= 0; i-- {
		from = imaging.Resize(from, widths[i], 0, imaging.CatmullRom)
		name := "-" + strconv.Itoa(widths[i]) + "w"
		jf, err := encodeJPEG(name+".jpg", from, false)
		if err != nil {
			return made{}, err
		}
		wf, err := encodeWebP(name+".webp", from)
		if err != nil {
			return made{}, err
		}
		m.Files[2*i], m.Files[2*i+1] = jf, wf
	}
	card := imaging.Fill(src, CardWidth, CardHeight, imaging.Center, imaging.CatmullRom)
	cf, err := encodeJPEG("-"+strconv.Itoa(CardWidth)+"x"+strconv.Itoa(CardHeight)+".jpg", card, true)
	if err != nil {
		return made{}, err
	}
	m.Files = append(m.Files, cf)
	return m, nil
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

func encodeJPEG(suffix string, img *image.NRGBA, crop bool) (madeFile, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, asRGBA(img), &jpeg.Options{Quality: jpegQuality}); err != nil {
		return madeFile{}, fmt.Errorf("encode %s: %w", suffix, err)
	}
	b := img.Bounds()
	return madeFile{Suffix: suffix, MIME: "image/jpeg", Width: b.Dx(), Height: b.Dy(), Crop: crop, Data: buf.Bytes()}, nil
}

func encodeWebP(suffix string, img *image.NRGBA) (madeFile, error) {
	var buf bytes.Buffer
	if err := webp.Encode(&buf, img, webp.Options{Quality: webpQuality, Method: webpMethod}); err != nil {
		return madeFile{}, fmt.Errorf("encode %s: %w", suffix, err)
	}
	b := img.Bounds()
	return madeFile{Suffix: suffix, MIME: "image/webp", Width: b.Dx(), Height: b.Dy(), Data: buf.Bytes()}, nil
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
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)/1024)
}

func pixelsText(n int64) string {
	if n >= 1_000_000 && n%1_000_000 == 0 {
		return fmt.Sprintf("%d megapixels", n/1_000_000)
	}
	if n >= 1_000_000 {
		return fmt.Sprintf("%.1f megapixels", float64(n)/1e6)
	}
	return fmt.Sprintf("%d pixels", n)
}
