package api

import (
	_ "embed"
	"net/http"
)

// openAPI describes /api/v1/ in OpenAPI 3.1. It is written by hand, for
// people to read; TestOpenAPIMatchesTheRoutes holds it to the routes the
// server really registers, both ways.
//
//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the description, for tests and tools.
func OpenAPI() []byte { return openAPI }

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(openAPI) //nolint:errcheck
}
