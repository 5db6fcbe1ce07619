package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mastheadhq/masthead/internal/web"
)

func TestErrorsLoggedInARequestCarryItsID(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(web.WithRequestIDs(slog.NewJSONHandler(&logs, nil)))
	h := web.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.ErrorContext(r.Context(), "page failed", "err", "disk on fire")
		w.WriteHeader(http.StatusInternalServerError)
	}), log)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/broken", nil))
	id := rec.Header().Get("X-Request-Id")
	if id == "" {
		t.Fatal("no X-Request-Id")
	}
	var lines []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		lines = append(lines, rec)
	}
	if len(lines) != 2 || lines[0]["msg"] != "page failed" || lines[1]["msg"] != "request" {
		t.Fatalf("log lines: %v", lines)
	}
	for _, l := range lines {
		if l["request_id"] != id {
			t.Errorf("%q logged with request_id %v, want %s", l["msg"], l["request_id"], id)
		}
	}
}
