package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/mastheadhq/masthead/internal/web"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

// The media library's page sizes and the most files one upload may carry.
const (
	mediaPageSize     = 24
	mediaJSONSize     = 50
	maxFilesPerUpload = 10
	// formOverhead is room in an upload's body for the text fields and
	// the multipart framing around the files.
	formOverhead = 1 << 20
	// uploadMemory is how much of an upload is held in memory; the rest
	// of a large upload waits in temporary files, removed after the
	// request by net/http.
	uploadMemory = 8 << 20
)

// Longest words accepted with an image, in characters: generous for
// their purpose, short enough that they cannot carry an essay.
const (
	maxAltLength     = 500
	maxCaptionLength = 2000
	maxCreditLength  = 300
)

func (a *Admin) mediaRoutes(mux *web.Mux) {
	mux.Handle("GET /admin/media/{$}", a.signedIn(a.mediaLibrary))
	mux.Handle("POST /admin/media/{$}", a.signedIn(a.mediaUpload))
	mux.Handle("GET /admin/media/{id}", a.signedIn(a.mediaEditForm))
	mux.Handle("POST /admin/media/{id}", a.signedIn(a.mediaEdit))
	mux.Handle("GET /admin/media.json", a.signedIn(a.mediaJSON))
}

type mediaPage struct {
	base
	Query     string
	Tiles     []mediaTile
	Total     int
	PageNo    int
	Pages     int
	PrevURL   string
	NextURL   string
	Refusals  []string // one line per file not stored
	Words     imageWords
	MaxUpload string
	MaxFiles  int
}

type mediaTile struct {
	ID      int64
	EditURL string
	Thumb   string
	ThumbW  int
	ThumbH  int
	Alt     string
	Size    string // "1600 × 900 JPEG"
	Date    string
}

// imageWords are the words that go with a picture wherever it is used.
type imageWords struct {
	Alt, Caption, Credit string
}

// mediaLibrary shows the library: a search box, the upload form and a
// page of pictures, newest first.
func (a *Admin) mediaLibrary(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	if !newsroom.Allowed(u.Role, newsroom.UploadMedia, true) {
		return news.ErrForbidden
	}
	page, err := a.libraryPage(r)
	if err != nil {
		return err
	}
	return a.render(w, http.StatusOK, "media.html", page)
}

func (a *Admin) libraryPage(r *http.Request) (mediaPage, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = max(pageNo, 1)
	maxBytes, _ := a.media.Limits()
	page := mediaPage{base: a.page(r, "Media"), Query: q, PageNo: pageNo,
		MaxUpload: media.SizeText(maxBytes), MaxFiles: maxFilesPerUpload}
	images, total, err := a.store.ListImages(r.Context(), store.ImageFilter{
		Query: q, Limit: mediaPageSize, Offset: (pageNo - 1) * mediaPageSize})
	if err != nil {
		return mediaPage{}, err
	}
	loc := a.location(r)
	for _, img := range images {
		thumb := smallestVariant(img)
		page.Tiles = append(page.Tiles, mediaTile{
			ID: img.ID, EditURL: "/admin/media/" + strconv.FormatInt(img.ID, 10),
			Thumb: media.URL(thumb.Path), ThumbW: thumb.Width, ThumbH: thumb.Height,
			Alt: img.Alt, Size: fmt.Sprintf("%d × %d %s", img.Width, img.Height, typeName(img.MIME)),
			Date: img.CreatedAt.In(loc).Format("2 Jan 2006"),
		})
	}
	page.Total = total
	page.Pages = (total + mediaPageSize - 1) / mediaPageSize
	if pageNo > 1 {
		page.PrevURL = libraryURL(q, pageNo-1)
	}
	if pageNo < page.Pages {
		page.NextURL = libraryURL(q, pageNo+1)
	}
	return page, nil
}

func libraryURL(q string, pageNo int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if pageNo > 1 {
		v.Set("page", strconv.Itoa(pageNo))
	}
	if len(v) == 0 {
		return "/admin/media/"
	}
	return "/admin/media/?" + v.Encode()
}

// mediaUpload stores the pictures of a multipart form, each with the
// words given in the form. Refused files are listed on the page with
// their reason and leave nothing behind; the others are stored.
func (a *Admin) mediaUpload(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	if !newsroom.Allowed(u.Role, newsroom.UploadMedia, true) {
		return news.ErrForbidden
	}
	maxBytes, _ := a.media.Limits()
	// The body is limited before it is read, so that an oversized upload
	// costs no more than the limit in bandwidth and temporary disk.
	r.Body = http.MaxBytesReader(w, r.Body, maxFilesPerUpload*maxBytes+formOverhead)
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return a.refuseUpload(w, r, http.StatusRequestEntityTooLarge, imageWords{}, fmt.Sprintf(
				"The upload is larger than %s in all. Send at most %d files of up to %s each.",
				media.SizeText(tooBig.Limit), maxFilesPerUpload, media.SizeText(maxBytes)))
		}
		return a.refuseUpload(w, r, http.StatusBadRequest, imageWords{}, "The form did not arrive as a file upload. Please try again.")
	}
	words := imageWords{
		Alt:     strings.TrimSpace(r.PostFormValue("alt")),
		Caption: strings.TrimSpace(r.PostFormValue("caption")),
		Credit:  strings.TrimSpace(r.PostFormValue("credit")),
	}
	if msg := words.problem(); msg != "" {
		return a.refuseUpload(w, r, http.StatusUnprocessableEntity, words, msg)
	}
	files := r.MultipartForm.File["files"]
	switch {
	case len(files) == 0:
		return a.refuseUpload(w, r, http.StatusUnprocessableEntity, words, "Choose at least one picture to upload.")
	case len(files) > maxFilesPerUpload:
		return a.refuseUpload(w, r, http.StatusUnprocessableEntity, words, fmt.Sprintf(
			"%d files is more than the %d one upload may carry. Nothing was stored.", len(files), maxFilesPerUpload))
	}
	var refusals []string
	for _, fh := range files {
		reason, err := a.storeUpload(r, fh, words, u.ID)
		if err != nil {
			return err
		}
		if reason != "" {
			refusals = append(refusals, uploadName(fh.Filename)+": "+reason)
		}
	}
	if len(refusals) > 0 {
		msg := "Nothing was stored:"
		if stored := len(files) - len(refusals); stored > 0 {
			msg = fmt.Sprintf("%d of %d files stored; these were not:", stored, len(files))
		}
		return a.refuseUpload(w, r, http.StatusUnprocessableEntity, words, msg, refusals...)
	}
	http.Redirect(w, r, "/admin/media/?done=uploaded", http.StatusSeeOther)
	return nil
}

// storeUpload adds one uploaded file to the library. A refusal comes back
// as its reason; an error means something other than the file failed.
func (a *Admin) storeUpload(r *http.Request, fh *multipart.FileHeader, words imageWords, userID int64) (string, error) {
	maxBytes, _ := a.media.Limits()
	// Checked before reading, so a huge file is refused without being
	// copied into memory; the library checks the bytes it gets again.
	if fh.Size > maxBytes {
		return fmt.Sprintf("The file is %s, larger than the %s limit.", media.SizeText(fh.Size), media.SizeText(maxBytes)), nil
	}
	f, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return "", err
	}
	_, err = a.media.Add(r.Context(), a.store, fh.Filename, data, news.Image{
		Alt: words.Alt, Caption: words.Caption, Credit: words.Credit, UploadedBy: userID})
	var refusal *media.Refusal
	if errors.As(err, &refusal) {
		a.log.InfoContext(r.Context(), "upload refused", "file", fh.Filename, "user", userID, "why", err)
		return refusal.Reason, nil
	}
	return "", err
}

func (a *Admin) refuseUpload(w http.ResponseWriter, r *http.Request, status int, words imageWords, msg string, refusals ...string) error {
	page, err := a.libraryPage(r)
	if err != nil {
		return err
	}
	page.Error, page.Refusals, page.Words = msg, refusals, words
	return a.render(w, status, "media.html", page)
}

// uploadName is the last part of a file name as a browser sent it, short
// enough for a message.
func uploadName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	if utf8.RuneCountInString(name) > 80 {
		name = string([]rune(name)[:80]) + "…"
	}
	if name == "" {
		return "(no name)"
	}
	return name
}

// problem says what is wrong with the words, or nothing.
func (w imageWords) problem() string {
	for _, f := range []struct {
		label, value string
		max          int
	}{{"Alt text", w.Alt, maxAltLength}, {"Caption", w.Caption, maxCaptionLength}, {"Credit", w.Credit, maxCreditLength}} {
		if n := utf8.RuneCountInString(f.value); n > f.max {
			return fmt.Sprintf("%s is %d characters long; the most is %d.", f.label, n, f.max)
		}
		if !utf8.ValidString(f.value) {
			return f.label + " is not valid text."
		}
	}
	return ""
}

type mediaEditPage struct {
	base
	ID       int64
	Preview  string
	PreviewW int
	PreviewH int
	Original string
	Size     string
	Uploaded string
	Uploader string
	Files    []mediaFile
	Words    imageWords
	CanEdit  bool
	EditURL  string
}

type mediaFile struct {
	URL, Label string
}

// mediaEditForm shows one picture with its words, editable by those who
// may edit it.
func (a *Admin) mediaEditForm(w http.ResponseWriter, r *http.Request) error {
	page, _, err := a.mediaEditPage(r)
	if err != nil {
		return err
	}
	return a.render(w, http.StatusOK, "media-edit.html", page)
}

// mediaEdit saves the words of a picture. Staff who may edit only their
// own pictures are refused on anyone else's, whatever the form says.
func (a *Admin) mediaEdit(w http.ResponseWriter, r *http.Request) error {
	page, img, err := a.mediaEditPage(r)
	if err != nil {
		return err
	}
	if !page.CanEdit {
		return news.ErrForbidden
	}
	words := imageWords{
		Alt:     strings.TrimSpace(r.PostFormValue("alt")),
		Caption: strings.TrimSpace(r.PostFormValue("caption")),
		Credit:  strings.TrimSpace(r.PostFormValue("credit")),
	}
	if msg := words.problem(); msg != "" {
		page.Error, page.Words = msg, words
		return a.render(w, http.StatusUnprocessableEntity, "media-edit.html", page)
	}
	img.Alt, img.Caption, img.Credit = words.Alt, words.Caption, words.Credit
	if err := a.store.UpdateImage(r.Context(), &img); err != nil {
		return err
	}
	http.Redirect(w, r, page.EditURL+"?done=saved", http.StatusSeeOther)
	return nil
}

func (a *Admin) mediaEditPage(r *http.Request) (mediaEditPage, news.Image, error) {
	u := currentUser(r.Context())
	if !newsroom.Allowed(u.Role, newsroom.UploadMedia, true) {
		return mediaEditPage{}, news.Image{}, news.ErrForbidden
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return mediaEditPage{}, news.Image{}, fmt.Errorf("media %q: %w", r.PathValue("id"), news.ErrNotFound)
	}
	img, err := a.store.Image(r.Context(), id)
	if err != nil {
		return mediaEditPage{}, news.Image{}, err
	}
	own := img.UploadedBy != 0 && img.UploadedBy == u.ID
	preview := largestVariant(img, 1024)
	page := mediaEditPage{
		base: a.page(r, "Edit picture"), ID: img.ID,
		Preview: media.URL(preview.Path), PreviewW: preview.Width, PreviewH: preview.Height,
		Original: media.URL(img.Path),
		Size:     fmt.Sprintf("%d × %d %s", img.Width, img.Height, typeName(img.MIME)),
		Uploaded: img.CreatedAt.In(a.location(r)).Format("2 Jan 2006 15:04"),
		Words:    imageWords{Alt: img.Alt, Caption: img.Caption, Credit: img.Credit},
		CanEdit:  newsroom.Allowed(u.Role, newsroom.EditMedia, own),
		EditURL:  "/admin/media/" + strconv.FormatInt(img.ID, 10),
	}
	page.Uploader = a.uploaderName(r, img.UploadedBy)
	for _, v := range img.Variants {
		label := fmt.Sprintf("%d × %d %s", v.Width, v.Height, typeName(v.MIME))
		if v.Crop {
			label += " (social card)"
		}
		page.Files = append(page.Files, mediaFile{URL: media.URL(v.Path), Label: label})
	}
	return page, img, nil
}

func (a *Admin) uploaderName(r *http.Request, id int64) string {
	if id == 0 {
		return "unknown"
	}
	u, err := a.store.User(r.Context(), id)
	if err != nil {
		return "a former account"
	}
	return u.Name
}

// jsonImage is one picture as the article editor receives it.
type jsonImage struct {
	ID      int64  `json:"id"`
	URL     string `json:"url"`
	Thumb   string `json:"thumb"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
}

// mediaJSON lists the newest pictures matching ?q= for the article
// editor's picker: the address to put in an article (the widest JPEG up
// to 1600 pixels, or the original), a thumbnail and the words.
func (a *Admin) mediaJSON(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	if !newsroom.Allowed(u.Role, newsroom.UploadMedia, true) {
		return news.ErrForbidden
	}
	images, _, err := a.store.ListImages(r.Context(), store.ImageFilter{
		Query: strings.TrimSpace(r.URL.Query().Get("q")), Limit: mediaJSONSize})
	if err != nil {
		return err
	}
	out := struct {
		Images []jsonImage `json:"images"`
	}{Images: make([]jsonImage, 0, len(images))}
	for _, img := range images {
		large, thumb := largestVariant(img, 1600), smallestVariant(img)
		out.Images = append(out.Images, jsonImage{
			ID: img.ID, URL: media.URL(large.Path), Thumb: media.URL(thumb.Path),
			Alt: img.Alt, Caption: img.Caption, Credit: img.Credit, Width: large.Width, Height: large.Height,
		})
	}
	body, err := json.Marshal(out)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(body)
	return err
}

// largestVariant is the widest scaled JPEG no wider than width, or the
// original when there is none. JPEG, because every browser, feed reader
// and email client shows it; pages offer WebP through srcset themselves.
func largestVariant(img news.Image, width int) news.Variant {
	best := news.Variant{Path: img.Path, MIME: img.MIME, Width: img.Width, Height: img.Height}
	found := false
	for _, v := range img.Variants {
		if !v.Crop && v.MIME == "image/jpeg" && v.Width <= width && (!found || v.Width > best.Width) {
			best, found = v, true
		}
	}
	return best
}

// smallestVariant is the narrowest scaled JPEG, or the original.
func smallestVariant(img news.Image) news.Variant {
	best := news.Variant{Path: img.Path, MIME: img.MIME, Width: img.Width, Height: img.Height}
	found := false
	for _, v := range img.Variants {
		if !v.Crop && v.MIME == "image/jpeg" && (!found || v.Width < best.Width) {
			best, found = v, true
		}
	}
	return best
}

func typeName(mime string) string {
	name, ok := strings.CutPrefix(mime, "image/")
	if !ok || name == "" {
		return mime
	}
	return strings.ToUpper(name)
}
