package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/go-chi/chi/v5"
)

// The OpenAPI description is valid, lists every /api route, and
// describes what each endpoint really answers, errors included: each
// response below is validated against it by kin-openapi, an independent
// implementation of the specification.
func TestOpenAPIDescribesTheResponses(t *testing.T) {
	files := corpus(t)
	for name, text := range communiqueFile(t) {
		files[name] = text
	}
	h := handlerFor(t, files)
	rec := get(t, h, "/api/openapi.json")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/openapi.json = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	// kin-openapi decodes only the body types it knows.
	openapi3filter.RegisterBodyDecoder("application/x-bibtex", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/x-research-info-systems", openapi3filter.PlainBodyDecoder)
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the description is not valid OpenAPI: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}

	// Every /api route is described.
	var routes []string
	chi.Walk(h.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if strings.HasPrefix(route, "/api/") && method == http.MethodGet {
			routes = append(routes, routeParam.ReplaceAllString(strings.ReplaceAll(route, "{key}", "{ref}"), "{$1}"))
		}
		return nil
	})
	sort.Strings(routes)
	for _, route := range routes {
		if route != "/api/openapi.json" && doc.Paths.Find(route) == nil {
			t.Errorf("route %s is not in the OpenAPI description", route)
		}
	}

	for _, target := range []string{
		"/api/search?q=ransomware",
		"/api/search?q=cyber&lang=fr&lang=en&sort=date&per_page=2&page=2",
		"/api/search?q=Northern+Forum",
		"/api/search?q=cyber&issuer=North+Atlantic+Council&from=2020-01-01&to=2022-12-31",
		"/api/search?q=%22unclosed",
		"/api/search?q=cyber&per_page=1000",
		"/api/statements",
		"/api/statements?year=2021",
		"/api/statements?year=x",
		"/api/statements/" + seedID,
		"/api/statements/2019-06-14-bergen",
		"/api/statements/nowhere",
		"/api/statements/2019-06-14-bergen/3",
		"/api/statements/2019-06-14-bergen/preamble",
		"/api/statements/2019-06-14-bergen/n1",
		"/api/statements/2019-06-14-bergen/h9",
		"/api/trend?q=cyber+%7C+security",
		"/api/trend?q=cyber&per_lang=1&normalise=1",
		"/api/trend?q=a+%7C+b+%7C+c+%7C+d+%7C+e",
		"/api/statements/2019-06-14-bergen/n1/cite?lang=de",
		"/api/statements/2019-06-14-bergen/3/cite?format=bibtex&lang=fr",
		"/api/statements/2019-06-14-bergen/3/cite?format=ris",
		"/api/statements/2019-06-14-bergen/3/cite?format=csl-json",
		"/api/statements/2019-06-14-bergen/3/cite?format=apa",
		"/api/statements/2019-06-14-bergen/3/cite?format=nope",
		"/api/statements/2019-06-14-bergen/h9/cite",
	} {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Errorf("GET %s: no route in the description: %v", target, err)
			continue
		}
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in,
			Status:                 rec.Code,
			Header:                 rec.Header(),
			Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
			Options:                &openapi3filter.Options{IncludeResponseStatus: true},
		}
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			t.Errorf("GET %s = %d does not match the description: %v\n%.400s", target, rec.Code, err, rec.Body.String())
		}
	}
}

// routeParam is a chi parameter with its pattern, {n:[0-9]+}, written as
// OpenAPI writes a parameter, {n}.
var routeParam = regexp.MustCompile(`\{(\w+):[^}]+\}`)
