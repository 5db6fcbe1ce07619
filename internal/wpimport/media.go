package wpimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
)

// checkMediaBase makes sure --media-base is an address pages can link to.
func checkMediaBase(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--media-base %q: want the absolute http or https address of the uploads folder", base)
	}
	return nil
}

// pictureTypes are the files the media library takes, by extension, with
// the type a linked one is recorded as.
var pictureTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
}

// attachment returns the Masthead image of a WordPress attachment,
// importing it first when no run has: from --uploads into the media
// library, or linked where the media stay. It reports false for an
// attachment that is not a picture, or whose file is missing, which the
// report lists once.
func (imp *Importer) attachment(ctx context.Context, id int64) (news.Image, error) {
	a := imp.ix.Attachments[id]
	if a == nil {
		return news.Image{}, errNoImage
	}
	if imp.attachmentSkipped[id] {
		return news.Image{}, errNoImage
	}
	if imageID, ok := imp.imageIDs[id]; ok {
		return imp.s.Image(ctx, imageID)
	}
	img, err := imp.importAttachment(ctx, a)
	if err == nil {
		imp.imageIDs[id] = img.ID
	}
	return img, err
}

// importAttachment does attachment's work the first time this run meets
// the attachment.
func (imp *Importer) importAttachment(ctx context.Context, a *Attachment) (news.Image, error) {
	id := a.ID
	key := strconv.FormatInt(id, 10)
	hash := hashOf("attachment", *a, imp.mediaMode())
	m, found, err := imp.mapping(ctx, "attachment", key)
	if err != nil {
		return news.Image{}, err
	}
	if found {
		img, err := imp.s.Image(ctx, m.TargetID)
		if err == nil {
			return imp.refreshImage(ctx, a, img, key, hash, m.Hash)
		}
		if !errors.Is(err, news.ErrNotFound) {
			return news.Image{}, err
		}
		// Deleted in Masthead since: import it again.
	}
	img, err := imp.newImage(ctx, a)
	if errors.Is(err, errNoImage) {
		return news.Image{}, err
	}
	if err != nil {
		return news.Image{}, err
	}
	err = imp.s.Atomic(ctx, func(s store.Store) error {
		if err := s.CreateImage(ctx, &img); err != nil {
			return err
		}
		if err := imp.remember(ctx, s, "attachment", key, img.ID, hash); err != nil {
			return err
		}
		return imp.orphanAttachmentRedirects(ctx, s, a, img)
	})
	if err != nil {
		return news.Image{}, err
	}
	imp.report.count("image", created, "")
	return img, nil
}

// errNoImage says an attachment has no Masthead image; the report says
// why.
var errNoImage = errors.New("no image")

func (imp *Importer) mediaMode() string {
	switch {
	case imp.Options.UploadsDir != "":
		return "uploads"
	case imp.Options.MediaBase != "":
		return "linked " + imp.Options.MediaBase
	}
	return "linked"
}

// refreshImage brings an imported image's words up to date with a newer
// export; the picture itself is kept.
func (imp *Importer) refreshImage(ctx context.Context, a *Attachment, img news.Image, key, hash, oldHash string) (news.Image, error) {
	if hash == oldHash {
		imp.report.count("image", unchanged, "")
		return img, nil
	}
	img.Alt, img.Caption, img.Credit = a.Alt, plainCaption(a.Caption), a.Credit
	err := imp.s.Atomic(ctx, func(s store.Store) error {
		if err := s.UpdateImage(ctx, &img); err != nil {
			return err
		}
		return imp.remember(ctx, s, "attachment", key, img.ID, hash)
	})
	if err != nil {
		return news.Image{}, err
	}
	imp.report.count("image", updated, "")
	return img, nil
}

func plainCaption(c string) string { return strings.TrimSpace(render.PlainText(c)) }

// newImage makes the record of an attachment not imported before; files
// from --uploads are stored (content-addressed, so storing one again after
// an interrupted run is harmless).
func (imp *Importer) newImage(ctx context.Context, a *Attachment) (news.Image, error) {
	mime, ok := pictureTypes[strings.ToLower(path.Ext(a.File))]
	if !ok {
		return news.Image{}, imp.noImage(a, "not a picture ("+path.Ext(a.File)+"): links to it keep pointing at the WordPress address")
	}
	words := news.Image{Alt: a.Alt, Caption: plainCaption(a.Caption), Credit: a.Credit}
	if imp.Options.UploadsDir == "" {
		img := words
		img.Path, img.MIME, img.Width, img.Height = imp.linkedURL(a), mime, a.Width, a.Height
		img.CreatedAt = parseGMT(a.Date)
		return img, nil
	}
	data, err := imp.readUpload(a.File)
	if err != nil {
		return news.Image{}, imp.noImage(a, err.Error())
	}
	img, err := imp.Library.StoreFiles(ctx, path.Base(a.File), data)
	if errors.Is(err, news.ErrInvalid) {
		return news.Image{}, imp.noImage(a, "refused by the media library: "+err.Error())
	}
	if err != nil {
		return news.Image{}, err
	}
	img.Alt, img.Caption, img.Credit = words.Alt, words.Caption, words.Credit
	return img, nil
}

func (imp *Importer) noImage(a *Attachment, reason string) error {
	if imp.attachmentSkipped == nil {
		imp.attachmentSkipped = map[int64]bool{}
	}
	imp.attachmentSkipped[a.ID] = true
	imp.report.skipAttachment(a, reason)
	return errNoImage
}

// readUpload reads a file below --uploads, refusing any path that would
// leave it.
func (imp *Importer) readUpload(rel string) ([]byte, error) {
	if rel == "" || !fs.ValidPath(rel) {
		return nil, fmt.Errorf("the export gives no usable file name (%q)", rel)
	}
	root, err := os.OpenRoot(imp.Options.UploadsDir)
	if err != nil {
		return nil, fmt.Errorf("--uploads: %w", err)
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(rel))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("file %s is not in --uploads", rel)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	limit, _ := imp.Library.Limits()
	if info.Size() > limit {
		return nil, fmt.Errorf("file %s is %s, larger than the %s the media library takes", rel, media.SizeText(info.Size()), media.SizeText(limit))
	}
	data := make([]byte, info.Size())
	_, err = io.ReadFull(f, data)
	return data, err
}

// linkedURL is where a linked attachment is: below --media-base, or where
// the export says.
func (imp *Importer) linkedURL(a *Attachment) string {
	if imp.Options.MediaBase != "" && a.File != "" {
		return strings.TrimRight(imp.Options.MediaBase, "/") + "/" + a.File
	}
	return a.URL
}

// mediaURL is the converter's MediaURL: the Masthead address of a
// WordPress media address, original or resized copy.
func (imp *Importer) mediaURL(ctx context.Context) func(string) (string, bool) {
	return func(addr string) (string, bool) {
		if imp.Options.UploadsDir == "" {
			return imp.linkedMediaURL(addr)
		}
		a, width := imp.ix.AttachmentByURL(addr)
		if a == nil {
			return "", false
		}
		img, err := imp.attachment(ctx, a.ID)
		if err != nil {
			imp.failLater(err)
			return "", false
		}
		return media.URL(variantFor(img, width)), true
	}
}

// linkedMediaURL is mediaURL for media that stay where they are: every
// file below uploads, resized copies included, stays at its place under
// the media base.
func (imp *Importer) linkedMediaURL(addr string) (string, bool) {
	if rel := uploadsPath(addr); rel != "" && imp.Options.MediaBase != "" {
		return strings.TrimRight(imp.Options.MediaBase, "/") + "/" + rel, true
	}
	return "", false
}

// attachmentMedia is the converter's Attachment: what it needs of an
// attachment named by id.
func (imp *Importer) attachmentMedia(ctx context.Context) func(int64) (render.WordPressMedia, bool) {
	return func(id int64) (render.WordPressMedia, bool) {
		img, err := imp.attachment(ctx, id)
		if err != nil {
			imp.failLater(err)
			return render.WordPressMedia{}, false
		}
		return render.WordPressMedia{URL: media.URL(variantFor(img, 1024)), Alt: img.Alt, Caption: img.Caption}, true
	}
}

// failLater keeps a failure met inside a converter callback, which cannot
// return one, for the item to return afterwards.
func (imp *Importer) failLater(err error) {
	if err != nil && !errors.Is(err, errNoImage) && imp.callbackErr == nil {
		imp.callbackErr = err
	}
}

// variantFor picks the stored file to show for a resized copy WordPress
// made width pixels wide: the narrowest JPEG variant at least that wide,
// or the original.
func variantFor(img news.Image, width int) string {
	if width == 0 {
		return img.Path
	}
	for _, v := range img.Variants {
		if !v.Crop && v.MIME == "image/jpeg" && v.Width >= width {
			return v.Path
		}
	}
	return img.Path
}

// orphanAttachmentRedirects sends the address of an attachment's page to
// the picture itself when the attachment belongs to no post or page this
// import brings in; the others follow their post (see postRedirects).
func (imp *Importer) orphanAttachmentRedirects(ctx context.Context, s store.Store, a *Attachment, img news.Image) error {
	if parent, ok := imp.ix.Items[a.Parent]; ok && (parent.Type == "post" || parent.Type == "page") && importable(parent.Status) {
		return nil
	}
	return imp.attachmentRedirects(ctx, s, a, news.Redirect{Target: media.URL(img.Path)})
}

func (imp *Importer) attachmentRedirects(ctx context.Context, s store.Store, a *Attachment, to news.Redirect) error {
	froms := []string{imp.queryPath("attachment_id", strconv.FormatInt(a.ID, 10))}
	if p, ok := imp.oldPath(a.Link); ok {
		froms = append(froms, p)
	}
	for _, from := range froms {
		r := to
		r.Path = from
		if err := imp.redirect(ctx, s, r); err != nil {
			return err
		}
	}
	return nil
}
