package admin

import (
	"bytes"
	"embed"
	"net/http"
	"path"
	"time"
)

// staticFiles are the newsroom's built front-end files: the editor bundle
// (built from editor/ and committed, so the binary needs no Node).
//
//go:embed static/*
var staticFiles embed.FS

var staticTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
}

// serveStatic serves a file from static/. The files change only with a new
// binary, so a short public cache is safe and keeps deploys visible soon.
func serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	contentType, known := staticTypes[path.Ext(name)]
	data, err := staticFiles.ReadFile("static/" + name)
	if !known || err != nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "public, max-age=300")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}
