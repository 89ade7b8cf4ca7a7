package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
	"statementarchive/web"
)

// With the heavy lane of the search gate taken, a cheap search is still
// answered, and a costly one gets a 503 that says when to come back,
// on the page and in the API.
func TestCostlySearchesCannotCrowdOutCheapOnes(t *testing.T) {
	gate := search.NewGate(1, 1, 1, time.Millisecond)
	idx := indextest.Build(t, corpus(t))
	h := New(Config{Archive: NewArchive(idx, gate), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	for _, w := range []search.Weight{search.Heavy, search.Medium} {
		hold, err := gate.Enter(context.Background(), w)
		if err != nil {
			t.Fatal(err)
		}
		defer hold()
	}

	// A result window of 1,000 hits is heavy, and one past 100 medium,
	// whatever the corpus.
	costly := "q=cyber&per_page=100&page=10"
	medium := "q=cyber&per_page=100&page=2"
	tests := []struct {
		name, path string
		status     int
	}{
		{"cheap page", "/search?q=ransomware", http.StatusOK},
		{"cheap API", "/api/search?q=ransomware", http.StatusOK},
		{"costly page", "/search?" + costly, http.StatusServiceUnavailable},
		{"costly API", "/api/search?" + costly, http.StatusServiceUnavailable},
		{"medium page", "/search?" + medium, http.StatusServiceUnavailable},
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

// Large responses share a budget while they are written: with it taken
// (as by clients that never read), a large statement gets a 503 that says
// when to come back, and small pages are still answered.
func TestLargeResponsesShareABudget(t *testing.T) {
	files := corpus(t)
	files["long.txt"] = longStatement(400)
	idx := indextest.Build(t, files)
	s := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	s.responseWait = time.Millisecond
	h := s.Handler()
	if rec := get(t, h, "/statements/long"); rec.Code != http.StatusOK || rec.Body.Len() <= LargeResponse {
		t.Fatalf("GET /statements/long = %d, %d bytes; want a 200 over %d bytes", rec.Code, rec.Body.Len(), LargeResponse)
	}
	if !s.responses.TryAcquire(ResponseBudget) {
		t.Fatal("a large response kept its share of the budget after it was written")
	}
	defer s.responses.Release(ResponseBudget)
	for _, path := range []string{"/statements/long", "/api/statements/long", "/api/search?q=long&per_page=100", "/search?q=long&per_page=100"} {
		rec := get(t, h, path)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "large pages") {
			t.Errorf("GET %s with the budget taken = %d (Retry-After %q) %.200s; want a 503 saying to come back", path, rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
		}
	}
	// (LargeResponse is 128 KiB: ten seed rows can come to more, at worst.)
	for _, path := range []string{"/statements/" + seedID, "/api/statements/" + seedID, "/search?q=cyber&per_page=3", "/"} {
		if rec := get(t, h, path); rec.Code != http.StatusOK {
			t.Errorf("GET %s with the budget taken = %d, want 200", path, rec.Code)
		}
	}
}

// The statement list is paged, so that its size does not grow with the
// archive; every page link keeps the filters, and a page that does not
// exist is a 400 that says how many there are.
func TestStatementListIsPaged(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 2*web.StatementsPerPage+7; i++ {
		files[fmt.Sprintf("s%03d.txt", i)] = fmt.Sprintf("---\ntitle: {en: Statement %d}\ndate: 2020-01-%02d\nissuer: Council\n---\n[en]\n1. Text %d.\n", i, i%28+1, i)
	}
	idx := indextest.Build(t, files)
	h := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	tests := []struct {
		path   string
		status int
		rows   int
	}{
		{"/statements", http.StatusOK, web.StatementsPerPage},
		{"/statements?page=2", http.StatusOK, web.StatementsPerPage},
		{"/statements?page=3&issuer=Council&year=2020", http.StatusOK, 7},
		{"/statements?page=4", http.StatusBadRequest, web.StatementsPerPage},
		{"/statements?page=0", http.StatusBadRequest, web.StatementsPerPage},
		{"/statements?page=-9223372036854775808", http.StatusBadRequest, web.StatementsPerPage},
		{"/statements?page=99999999999999999999", http.StatusBadRequest, web.StatementsPerPage},
		{"/statements?year=99999999999999999999", http.StatusBadRequest, web.StatementsPerPage},
		{"/statements?lang=xx", http.StatusBadRequest, web.StatementsPerPage},
		{"/statements?lang=EN", http.StatusBadRequest, web.StatementsPerPage},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, h, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("GET %s = %d, want %d", tt.path, rec.Code, tt.status)
			}
			doc := parse(t, rec)
			if n := doc.Find("main ul.statements > li").Length(); n != tt.rows {
				t.Errorf("GET %s lists %d statements, want %d", tt.path, n, tt.rows)
			}
			if tt.status == http.StatusBadRequest && doc.Find("[role=alert]").Length() == 0 {
				t.Errorf("GET %s: no message says what is wrong", tt.path)
			}
		})
	}
	rec := get(t, h, "/statements?issuer=Council&year=2020&page=2")
	links := parse(t, rec).Find("nav.pages a")
	if links.Length() == 0 {
		t.Fatal("page 2 has no page links")
	}
	links.Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u, err := url.Parse(href)
		if err != nil || u.Path != "/statements" || u.Query().Get("issuer") != "Council" || u.Query().Get("year") != "2020" {
			t.Errorf("page link %q drops a filter", href)
		}
	})
}
