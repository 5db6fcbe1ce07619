package api

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/mastheadhq/masthead/internal/news"
)

// ghostError is an error the Content API reports in Ghost's shape:
// {"errors":[{"message", "context", "type", ...}]}. Ghost's clients turn
// the first entry into the error they throw, by its type and message.
type ghostError struct {
	Status  int
	Type    string // NotFoundError, BadRequestError, …
	Message string
	Context string // more detail, or empty for null
}

func (e *ghostError) Error() string { return e.Type + ": " + e.Message }

func notFoundError(message string) error {
	return &ghostError{Status: http.StatusNotFound, Type: "NotFoundError", Message: message}
}

func badRequest(message, context string) error {
	return &ghostError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: message, Context: context}
}

func validationError(resource, param string) error {
	return &ghostError{Status: http.StatusUnprocessableEntity, Type: "ValidationError",
		Message: fmt.Sprintf("Validation error, cannot list %s.", resource),
		Context: fmt.Sprintf("Validation (isInt) failed for %s", param)}
}

// ghostHandler adapts a Content API handler: an error becomes Ghost's
// error body with its status; errors that are not the client's are
// logged and reported without their text.
func (a *API) ghostHandler(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		contentHeaders(w, r)
		err := h(w, r)
		if err == nil || errors.Is(err, context.Canceled) {
			return
		}
		var ge *ghostError
		switch {
		case errors.As(err, &ge):
		case errors.Is(err, news.ErrNotFound):
			ge = &ghostError{Status: http.StatusNotFound, Type: "NotFoundError", Message: "Resource not found"}
		default:
			a.log.ErrorContext(r.Context(), "content API failed", "path", r.URL.Path, "err", err)
			ge = &ghostError{Status: http.StatusInternalServerError, Type: "InternalServerError", Message: "An unexpected error occurred, please try again."}
		}
		writeGhostError(w, ge)
	})
}

func writeGhostError(w http.ResponseWriter, ge *ghostError) {
	var ctx any
	if ge.Context != "" {
		ctx = ge.Context
	}
	entry := object{
		{"message", ge.Message}, {"context", ctx}, {"type", ge.Type}, {"details", nil},
		{"property", nil}, {"help", nil}, {"code", nil}, {"id", errorID()}, {"ghostErrorCode", nil},
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache, private, no-store, must-revalidate, max-stale=0, post-check=0, pre-check=0")
	w.WriteHeader(ge.Status)
	json.NewEncoder(w).Encode(map[string][]object{"errors": {entry}}) //nolint:errcheck
}

// errorID is a random UUID, as Ghost gives every error one to find it in
// the logs.
func errorID() string {
	var b [16]byte
	rand.Read(b[:]) //nolint:errcheck // never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
