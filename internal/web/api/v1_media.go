package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

func imageJSON(img news.Image) object {
	return object{{"id", img.ID}, {"url", "/media/" + img.Path}, {"mime", img.MIME}, {"width", img.Width},
		{"height", img.Height}, {"alt", img.Alt}, {"caption", img.Caption}, {"credit", img.Credit},
		{"created_at", timeOrNil(img.CreatedAt)}}
}

// uploadMedia adds one picture to the media library: a multipart form
// with the image as "file" and its words as "alt", "caption" and
// "credit". The library re-encodes it and refuses anything that is not a
// raster image within the size limits.
func (a *API) uploadMedia(w http.ResponseWriter, r *http.Request, c caller) error {
	if !newsroom.Allowed(c.user.Role, newsroom.UploadMedia, false) {
		return news.ErrForbidden
	}
	if a.media == nil {
		return apiErr(http.StatusNotFound, "not_found", "This server takes no uploads.")
	}
	maxBytes, _ := a.media.Limits()
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return apiErr(http.StatusBadRequest, "bad_request", "Send the image as multipart/form-data with the field “file”.")
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		return apiErr(http.StatusBadRequest, "bad_request", "Send the image in the field “file”.")
	}
	defer f.Close()
	if fh.Size > maxBytes {
		return apiErr(http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("The file is larger than the %s limit.", media.SizeText(maxBytes)))
	}
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return err
	}
	img, err := a.media.Add(r.Context(), a.store, fh.Filename, data, news.Image{
		Alt: r.FormValue("alt"), Caption: r.FormValue("caption"), Credit: r.FormValue("credit"), UploadedBy: c.user.ID})
	var refusal *media.Refusal
	if errors.As(err, &refusal) {
		return apiErr(http.StatusUnprocessableEntity, "invalid", "The file was not stored.", refusal.Reason)
	}
	if err != nil {
		return err
	}
	a.audit(r, c, "media.upload", "image", img.ID, fh.Filename, "")
	w.Header().Set("Location", fmt.Sprintf("/api/v1/media/%d", img.ID))
	return writeObject(w, http.StatusCreated, etagOf(imageJSON(img)), imageJSON(img))
}

func (a *API) getMedia(w http.ResponseWriter, r *http.Request, _ caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	img, err := a.store.Image(r.Context(), id)
	if err != nil {
		return err
	}
	return writeObject(w, http.StatusOK, etagOf(imageJSON(img)), imageJSON(img))
}
