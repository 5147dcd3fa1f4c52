package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/rectify-dev/rectify/internal/api"
)

// TestOpenAPIValid loads the document with kin-openapi and validates it as
// OpenAPI 3.1 (kin-openapi checks the document's structure, references,
// parameters and schemas; it validates values against 3.1 schemas with a
// JSON Schema 2020-12 validator, which the response checks of the other
// tests use).
func TestOpenAPIValid(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi %q, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("validate: %v", err)
	}
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s: no operationId or summary", where)
			}
			if prev, ok := ids[op.OperationID]; ok {
				t.Errorf("%s and %s share the operationId %s", prev, where, op.OperationID)
			}
			ids[op.OperationID] = where
		}
	}
}

// TestOpenAPIMatchesRoutes checks that the document and the server speak
// of the same API: every API route the server registers is in the
// document with the same permission, and the document has no operation
// the server does not serve.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := newFixture(t)
	registered := map[string]string{}
	for _, rt := range f.srv.Routes() {
		if !rt.API && !strings.HasPrefix(rt.Path(), "/api/") {
			continue
		}
		if !rt.API {
			t.Errorf("%s: a route under /api/ that is not marked API (errors would be pages)", rt.Pattern)
		}
		registered[rt.Method()+" "+rt.Path()] = string(rt.Perm)
	}
	documented := map[string]string{}
	for path, item := range f.doc.Paths.Map() {
		for method, op := range item.Operations() {
			perm, _ := op.Extensions["x-permission"].(string)
			documented[method+" "+path] = perm
		}
	}
	for k, perm := range registered {
		doc, ok := documented[k]
		switch {
		case !ok:
			t.Errorf("%s is served but not documented", k)
		case doc != perm:
			t.Errorf("%s: documented with permission %q, served with %q", k, doc, perm)
		}
	}
	for k := range documented {
		if _, ok := registered[k]; !ok {
			t.Errorf("%s is documented but not served", k)
		}
	}
	if len(registered) < 40 {
		t.Errorf("only %d API routes registered", len(registered))
	}
}

// TestOpenAPIServed checks the document is served to anyone, as it is
// embedded.
func TestOpenAPIServed(t *testing.T) {
	f := newFixture(t)
	w := f.do(t, call{method: "GET", path: "/api/v1/openapi.json"})
	if w.Code != http.StatusOK || w.Body.String() != string(api.OpenAPI()) {
		t.Fatalf("%d, not the document", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
}

// TestOpenAPIQueryParams checks that a query parameter an operation does
// not document is refused, so that what the document lists is all an
// operation reads.
func TestOpenAPIQueryParams(t *testing.T) {
	f := newFixture(t)
	for pattern, route := range f.ops {
		if route.Method != http.MethodGet || strings.Contains(route.Path, "{") || route.Operation.Security != nil {
			continue
		}
		r := httptest.NewRequest("GET", route.Path+"?no_such_parameter=1", nil)
		r.Header.Set("Authorization", "Bearer "+f.tokens[admin])
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "no_such_parameter") {
			t.Errorf("%s: %d %s, want 422 naming the parameter", pattern, w.Code, brief(w.Body.String()))
		}
		var names []string
		for _, p := range route.Operation.Parameters {
			names = append(names, p.Value.Name)
		}
		if slices.Contains(names, "no_such_parameter") {
			t.Fatal("unexpected")
		}
	}
}
