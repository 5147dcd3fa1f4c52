package api

import (
	_ "embed"
	"net/http"
)

// openAPIFile is the OpenAPI 3.1 document of the API, generated from the
// route table and the Go types (see openapi_gen_test.go).
//
//go:embed openapi.json
var openAPIFile string

// OpenAPI returns the OpenAPI 3.1 document of the API (JSON).
func OpenAPI() []byte { return []byte(openAPIFile) }

// openAPIDocument is the document as a JSON object, for its own entry.
type openAPIDocument map[string]any

// openAPI serves the document.
func (a *API) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, err := w.Write([]byte(openAPIFile))
	return err
}
