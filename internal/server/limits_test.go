package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
)

// With the heavy lane of the search gate taken, a cheap search is still
// answered, and a costly one gets a 503 that says when to come back,
// on the page and in the API.
func TestCostlySearchesCannotCrowdOutCheapOnes(t *testing.T) {
	gate := search.NewGate(1, 1, time.Millisecond)
	idx := indextest.Build(t, corpus(t))
	h := New(Config{Archive: NewArchive(idx, gate), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	hold, err := gate.Enter(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	defer hold()

	// A result window past 1,000 hits is heavy whatever the corpus.
	costly := "q=cyber&per_page=100&page=11"
	tests := []struct {
		name, path string
		status     int
	}{
		{"cheap page", "/search?q=ransomware", http.StatusOK},
		{"cheap API", "/api/search?q=ransomware", http.StatusOK},
		{"costly page", "/search?" + costly, http.StatusServiceUnavailable},
		{"costly API", "/api/search?" + costly, http.StatusServiceUnavailable},
		{"a statement, which no search gate holds", "/statements/" + seedID, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, h, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("GET %s = %d, want %d\n%.300s", tt.path, rec.Code, tt.status, rec.Body.String())
			}
			if tt.status != http.StatusServiceUnavailable {
				return
			}
			if got := rec.Header().Get("Retry-After"); got != "1" {
				t.Errorf("Retry-After = %q, want 1 (the gate's wait, rounded up to a second)", got)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store on a refusal", cc)
			}
			if body := rec.Body.String(); !strings.Contains(body, "try again in 1 seconds") || !strings.Contains(body, "narrow the search") {
				t.Errorf("the 503 does not say when to come back and how to narrow the search:\n%.500s", body)
			}
		})
	}
}

// A search that the server stops for taking too long says so, with a 503.
func TestTimedOutSearchIs503(t *testing.T) {
	idx := indextest.Build(t, corpus(t))
	arch := fakeArchive{Archive: NewArchive(idx, nil), search: func(ctx context.Context, req search.Request) (*search.Result, error) {
		return nil, context.DeadlineExceeded
	}}
	h := New(Config{Archive: arch, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	for _, path := range []string{"/search?q=cyber", "/api/search?q=cyber"} {
		rec := get(t, h, path)
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "took too long") {
			t.Errorf("GET %s = %d %.200s, want a 503 saying it took too long", path, rec.Code, rec.Body.String())
		}
	}
}

// A query far over the limit is refused without being echoed back whole:
// the page shows at most MaxQueryLength bytes of it, the JSON none.
func TestLongQueryIsNotEchoed(t *testing.T) {
	h := newTestServer(t)
	q := strings.Repeat("cyber ", 250<<10/6)
	for _, route := range []string{"/search", "/api/search"} {
		rec := get(t, h, route+"?q="+url.QueryEscape(q))
		if rec.Code != http.StatusBadRequest {
			t.Errorf("GET %s with a 250 KB query = %d, want 400", route, rec.Code)
		}
		if n := rec.Body.Len(); n > 2*search.MaxQueryLength+16<<10 {
			t.Errorf("GET %s with a 250 KB query answered %d bytes: the query is echoed", route, n)
		}
		if route == "/api/search" {
			var body struct{ Error string }
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || !strings.Contains(body.Error, "limit") {
				t.Errorf("GET %s: %v %q, want an error naming the limit", route, err, body.Error)
			}
		}
	}
}
