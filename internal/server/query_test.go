package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
)

// A malformed query string is refused on every route with a 400 that says
// how to write it, instead of being read with its bad parts dropped.
func TestMalformedQuery(t *testing.T) {
	h := newTestServer(t)
	routes := []string{
		"/", "/search", "/statements", "/statements/" + seedID, "/statements/" + seedID + "/1",
		"/api/search", "/api/statements/" + seedID,
	}
	queries := []struct {
		name  string
		query string
	}{
		{"bad escape", "q=%zz"},
		{"bad escape after a good parameter", "lang=en&q=ransom%"},
		{"semicolon separator", "q=ransomware;lang=en"},
	}
	for _, route := range routes {
		for _, q := range queries {
			t.Run(route+"/"+q.name, func(t *testing.T) {
				rec := get(t, h, route+"?"+q.query)
				if rec.Code != http.StatusBadRequest {
					t.Fatalf("GET %s?%s = %d, want 400", route, q.query, rec.Code)
				}
				msg := rec.Body.String()
				if strings.HasPrefix(route, "/api/") {
					var body struct{ Error string }
					if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
						t.Fatalf("GET %s?%s: not JSON: %v", route, q.query, err)
					}
					msg = body.Error
				} else {
					msg = parse(t, rec).Find("main").Text()
				}
				for _, want := range []string{"query string", "malformed", "%25"} {
					if !strings.Contains(msg, want) {
						t.Errorf("GET %s?%s says %q, want it to contain %q", route, q.query, msg, want)
					}
				}
				if strings.Contains(msg, "q is empty") {
					t.Errorf("GET %s?%s says q is empty", route, q.query)
				}
			})
		}
	}
	// A well-formed query with an encoded % is searched as written.
	if rec := get(t, h, "/api/search?q=100%25"); rec.Code != http.StatusOK {
		t.Errorf("GET /api/search?q=100%%25 = %d, want 200", rec.Code)
	}
}

// Request-derived fields of a log line are clipped, with the full length.
func TestAccessLogClipped(t *testing.T) {
	idx := indextest.Build(t, map[string]string{seedID + ".txt": indextest.Seed(t)})
	var logs bytes.Buffer
	h := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(&logs, nil))}).Handler()
	long := strings.Repeat("x", 250<<10)
	tests := []struct {
		name   string
		method string
		target string
		full   int // length of the field that must be clipped
	}{
		{"long query", http.MethodGet, "/search?q=" + long, len("q=" + long)},
		{"long path", http.MethodGet, "/" + long, len("/" + long)},
		{"long method", strings.Repeat("M", 10<<10), "/", 10 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs.Reset()
			req := httptest.NewRequest(http.MethodGet, tt.target, nil)
			req.Method = tt.method
			h.ServeHTTP(httptest.NewRecorder(), req)
			line := logs.String()
			if got, max := len(line), 4*maxLogged; got > max {
				t.Errorf("access log line is %d bytes, want at most %d", got, max)
			}
			if want := "(" + strconv.Itoa(tt.full) + " bytes)"; !strings.Contains(line, want) {
				t.Errorf("access log line lacks the full length %q:\n%s", want, line)
			}
		})
	}
	logs.Reset()
	get(t, h, "/search?q=short")
	if !strings.Contains(logs.String(), `query="q=short"`) {
		t.Errorf("a short query is not logged whole:\n%s", logs.String())
	}
}
