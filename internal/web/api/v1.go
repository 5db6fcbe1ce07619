package api

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/web"
)

// v1Routes registers Masthead's own API. The OpenAPI description at
// /api/v1/openapi.json lists exactly these routes; a test holds the two
// together.
func (a *API) v1Routes(mux *web.Mux) {
	mux.HandleFunc("GET /api/v1/openapi.json", serveOpenAPI)
	h := func(fn v1Func) http.Handler { return a.v1Handler(a.withToken(fn)) }

	mux.Handle("GET /api/v1/articles", h(a.listArticles))
	mux.Handle("POST /api/v1/articles", h(a.createArticle))
	mux.Handle("GET /api/v1/articles/{id}", h(a.getArticle))
	mux.Handle("PATCH /api/v1/articles/{id}", h(a.updateArticle))
	mux.Handle("DELETE /api/v1/articles/{id}", h(a.deleteArticle))
	mux.Handle("POST /api/v1/articles/{id}/transitions", h(a.transitionArticle))

	mux.Handle("GET /api/v1/pages", h(a.listPages))
	mux.Handle("POST /api/v1/pages", h(a.createPage))
	mux.Handle("GET /api/v1/pages/{id}", h(a.getPage))
	mux.Handle("PATCH /api/v1/pages/{id}", h(a.updatePage))
	mux.Handle("DELETE /api/v1/pages/{id}", h(a.deletePage))

	mux.Handle("GET /api/v1/categories", h(a.listCategories))
	mux.Handle("POST /api/v1/categories", h(a.createCategory))
	mux.Handle("GET /api/v1/categories/{id}", h(a.getCategory))
	mux.Handle("PATCH /api/v1/categories/{id}", h(a.updateCategory))
	mux.Handle("DELETE /api/v1/categories/{id}", h(a.deleteCategory))

	mux.Handle("GET /api/v1/tags", h(a.listTags))
	mux.Handle("POST /api/v1/tags", h(a.createTag))
	mux.Handle("GET /api/v1/tags/{id}", h(a.getTag))
	mux.Handle("PATCH /api/v1/tags/{id}", h(a.updateTag))
	mux.Handle("DELETE /api/v1/tags/{id}", h(a.deleteTag))

	mux.Handle("GET /api/v1/authors", h(a.listAuthors))
	mux.Handle("POST /api/v1/authors", h(a.createAuthor))
	mux.Handle("GET /api/v1/authors/{id}", h(a.getAuthor))
	mux.Handle("PATCH /api/v1/authors/{id}", h(a.updateAuthor))

	mux.Handle("POST /api/v1/media", h(a.uploadMedia))
	mux.Handle("GET /api/v1/media/{id}", h(a.getMedia))
	unknown := a.v1Handler(func(http.ResponseWriter, *http.Request, caller) error {
		return apiErr(http.StatusNotFound, "not_found", "There is no such API address.")
	})
	for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		mux.Handle(method+" /api/v1/{path...}", unknown)
	}
}

// caller is who an admin API request acts as: the token and its owner.
type caller struct {
	key  news.APIKey
	user news.User
}

// via names the token in audit entries.
func (c caller) via() newsroom.Via {
	return newsroom.Via(fmt.Sprintf("API token %d (%s)", c.key.ID, c.key.Name))
}

type v1Func func(w http.ResponseWriter, r *http.Request, c caller) error

// apiError is an error with the status and machine-readable code the
// client gets, in the body {"error": {"code", "message", "details"}}.
type apiError struct {
	Status  int
	Code    string
	Message string
	Details []string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func apiErr(status int, code, message string, details ...string) error {
	return &apiError{Status: status, Code: code, Message: message, Details: details}
}

// v1Handler maps errors to statuses and codes in one place; errors that
// are not the client's are logged and reported without their text.
func (a *API) v1Handler(fn v1Func) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		err := fn(w, r, caller{})
		if err == nil || errors.Is(err, context.Canceled) {
			return
		}
		writeAPIError(w, a.classify(r, err))
	})
}

func (a *API) classify(r *http.Request, err error) *apiError {
	var ae *apiError
	var problem *newsroom.ProblemError
	var conflict *newsroom.ConflictError
	var maxBytes *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &problem):
		return &apiError{http.StatusUnprocessableEntity, "invalid", "The request cannot be carried out as given.", problem.Problems}
	case errors.As(err, &conflict):
		return &apiError{http.StatusPreconditionFailed, "version_mismatch",
			fmt.Sprintf("Version %d was saved by %s since the version you sent; fetch it again.", conflict.Version, conflict.By), nil}
	case errors.As(err, &maxBytes):
		return &apiError{http.StatusRequestEntityTooLarge, "too_large", "The request body is too large.", nil}
	case errors.Is(err, news.ErrNotFound):
		return &apiError{http.StatusNotFound, "not_found", "Not found.", nil}
	case errors.Is(err, news.ErrForbidden):
		return &apiError{http.StatusForbidden, "forbidden", "The token's owner may not do this.", nil}
	case errors.Is(err, news.ErrConflict):
		return &apiError{http.StatusConflict, "conflict", "This conflicts with what is stored (a slug or name taken?).", nil}
	case errors.Is(err, news.ErrInvalid):
		return &apiError{http.StatusUnprocessableEntity, "invalid", "The request cannot be carried out as given.", nil}
	}
	a.log.ErrorContext(r.Context(), "API request failed", "path", r.URL.Path, "err", err)
	return &apiError{http.StatusInternalServerError, "internal", "Something went wrong on our side; it has been logged.", nil}
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	details := e.Details
	if details == nil {
		details = []string{}
	}
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="masthead"`)
	}
	writeJSON(w, e.Status, object{{"error", object{{"code", e.Code}, {"message", e.Message}, {"details", details}}}}) //nolint:errcheck
}

// withToken lets a request through with a working admin token, within
// the token's rate limit, acting as the token's owner.
func (a *API) withToken(fn v1Func) v1Func {
	return func(w http.ResponseWriter, r *http.Request, _ caller) error {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			return apiErr(http.StatusUnauthorized, "unauthorized", "Send an admin API token as “Authorization: Bearer TOKEN”.")
		}
		k, err := a.store.ActiveAPIKey(r.Context(), auth.HashAPISecret(strings.TrimSpace(token)))
		if errors.Is(err, news.ErrNotFound) || (err == nil && k.Kind != news.APIKeyAdmin) {
			return apiErr(http.StatusUnauthorized, "unauthorized", "The token is unknown or has been revoked.")
		}
		if err != nil {
			return err
		}
		u, err := a.store.User(r.Context(), k.UserID)
		if err != nil || u.Disabled {
			return apiErr(http.StatusUnauthorized, "unauthorized", "The token's owner can no longer sign in.")
		}
		if err := a.spend(w, r, k); err != nil {
			return err
		}
		return fn(w, r, caller{key: k, user: u})
	}
}

// spend counts a request against the token's limit, refusing it when the
// limit is used up. Counts live in the database, so every node shares
// them.
func (a *API) spend(w http.ResponseWriter, r *http.Request, k news.APIKey) error {
	key := strconv.FormatInt(k.ID, 10)
	blocked, until, err := a.limiter.Blocked(r.Context(), key)
	if err != nil {
		return err
	}
	if blocked {
		wait := max(1, int(time.Until(until).Seconds()+0.999))
		w.Header().Set("Retry-After", strconv.Itoa(wait))
		return apiErr(http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("This token may make %d requests in %s; try again in %d s.", a.limiter.Max, a.limiter.Window, wait))
	}
	return a.limiter.Fail(r.Context(), key)
}

// maxJSONBody bounds a JSON request body.
const maxJSONBody = 2 << 20

// decodeBody reads a JSON body into v, refusing unknown fields so that a
// misspelt field is an error rather than silently ignored.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var maxBytes *http.MaxBytesError
		if errors.As(err, &maxBytes) {
			return err
		}
		return apiErr(http.StatusBadRequest, "bad_request", "The body is not the JSON this address takes.", err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return apiErr(http.StatusBadRequest, "bad_request", "The body holds more than one JSON value.")
	}
	return nil
}

// pathID reads the {id} of the address.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apiErr(http.StatusNotFound, "not_found", "Not found.")
	}
	return id, nil
}

// Conditional requests. An article's ETag is its version; other objects,
// which have no versions, use a hash of their representation. A change
// must name the ETag it started from in If-Match: 428 without one, 412
// when it is no longer current.

func etagOf(body any) string {
	b, _ := json.Marshal(body)
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

// requireMatch checks If-Match against the current ETag.
func requireMatch(r *http.Request, current string) error {
	im := strings.TrimSpace(r.Header.Get("If-Match"))
	if im == "" {
		return apiErr(http.StatusPreconditionRequired, "precondition_required", "Send the ETag you fetched in If-Match, so that a newer change is not overwritten.")
	}
	if im == "*" {
		return nil
	}
	for _, tag := range strings.Split(im, ",") {
		if strings.TrimPrefix(strings.TrimSpace(tag), "W/") == current {
			return nil
		}
	}
	return apiErr(http.StatusPreconditionFailed, "version_mismatch", "Someone changed this since the version you sent; fetch it again.")
}

// writeObject answers with one object and its ETag.
func writeObject(w http.ResponseWriter, status int, etag string, body any) error {
	if etag != "" {
		w.Header().Set("ETag", etag)
	}
	return writeJSON(w, status, body)
}

// Cursor pagination: a list is walked in id order, and the cursor is the
// last id of the page, opaque to clients.

const (
	defaultPageSize = 50
	maxPageSize     = 200
)

func pageSize(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return defaultPageSize, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPageSize {
		return 0, apiErr(http.StatusBadRequest, "bad_request", fmt.Sprintf("limit must be a number from 1 to %d.", maxPageSize))
	}
	return n, nil
}

func encodeCursor(lastID int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("after:" + strconv.FormatInt(lastID, 10)))
}

func decodeCursor(r *http.Request) (int64, error) {
	s := r.URL.Query().Get("cursor")
	if s == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	rest, ok := strings.CutPrefix(string(b), "after:")
	id, perr := strconv.ParseInt(rest, 10, 64)
	if err != nil || !ok || perr != nil || id < 0 {
		return 0, apiErr(http.StatusBadRequest, "bad_request", "The cursor is not one this API gave out.")
	}
	return id, nil
}

// writeList answers with a page of a list and the cursor of the next.
func writeList(w http.ResponseWriter, items []any, lastID int64, more bool) error {
	var next any
	if more {
		next = encodeCursor(lastID)
	}
	if items == nil {
		items = []any{}
	}
	return writeJSON(w, http.StatusOK, object{{"data", items}, {"next_cursor", next}})
}

// pageOf cuts a list sorted by id at the cursor.
func pageOf[T any](r *http.Request, all []T, id func(T) int64) ([]T, bool, error) {
	after, err := decodeCursor(r)
	if err != nil {
		return nil, false, err
	}
	size, err := pageSize(r)
	if err != nil {
		return nil, false, err
	}
	var out []T
	for _, x := range all {
		if id(x) > after {
			out = append(out, x)
		}
	}
	if len(out) > size {
		return out[:size], true, nil
	}
	return out, false, nil
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}
