package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
)

// FuzzSearchHandler sends every search parameter a request can carry,
// together, through the whole handler: whatever they hold, the answer is a
// page of results or a clear 400 (or 503), never a 500, and never a panic,
// which in Bleve's own goroutines would end the process.
func FuzzSearchHandler(f *testing.F) {
	idx := indextest.Build(f, corpus(f))
	h := New(Config{Archive: NewArchive(idx, search.NewGate(2, 2, 1, 0)), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	for _, seed := range []struct{ q, page, perPage, from, to, lang, issuer, tag string }{
		{"ransomware", "1", "10", "", "", "", "", ""},
		{"x", "922337203685477581", "10", "", "", "", "", ""},
		{"cyber", "9223372036854775807", "100", "", "", "en", "", ""},
		{"cyber", "1000", "10", "1000-01-01", "9999-12-31", "", "", ""},
		{"co* dé* de* me*", "1", "100", "0001-01-01", "2262-04-11", "fr", "", ""},
		{`"cyber cyber cyber cyber cyber cyber cyber cyber cyber cyber cyber cyber cyber cyber cyber cyber cyber"`, "-1", "0", "", "", "", "", ""},
		{"%zz", "1e3", "-9223372036854775808", "2024-02-30", "yesterday", "xx", "", ""},
		// Every facet's own filter set at once once left Bleve no facet
		// to answer, and the search failed.
		{"security", "1", "10", "2000-01-01", "2030-12-31", "en", "North Atlantic Council", "cyber"},
	} {
		f.Add(seed.q, seed.page, seed.perPage, seed.from, seed.to, seed.lang, seed.issuer, seed.tag)
	}
	f.Fuzz(func(t *testing.T, q, page, perPage, from, to, lang, issuer, tag string) {
		v := url.Values{"q": {q}, "page": {page}, "per_page": {perPage}, "from": {from}, "to": {to}, "lang": {lang}, "issuer": {issuer}, "tag": {tag}}
		for _, route := range []string{"/api/search", "/search"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, route+"?"+v.Encode(), nil))
			switch rec.Code {
			case http.StatusOK, http.StatusBadRequest, http.StatusServiceUnavailable:
			case http.StatusSeeOther:
				// Filters without words browse the statements list.
				if route != "/search" || strings.TrimSpace(q) != "" || !strings.HasPrefix(rec.Header().Get("Location"), "/statements") {
					t.Fatalf("GET %s?%s = 303 to %q; only /search without words goes to the statements list", route, v.Encode(), rec.Header().Get("Location"))
				}
			default:
				t.Fatalf("GET %s?%s = %d, want 200, 400, 503, or 303 from /search without words\n%.300s", route, v.Encode(), rec.Code, rec.Body.String())
			}
			if route == "/api/search" && !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("GET %s?%s answered invalid JSON: %.300s", route, v.Encode(), rec.Body.String())
			}
		}
	})
}
