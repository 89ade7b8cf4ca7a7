package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"statementarchive/internal/server/servertest"
)

// testBaseURL is the public URL the tests' servers are configured with.
const testBaseURL = "http://archive.test"

// hostilePaths are the pages and JSON that carry absolute URLs or could.
var hostilePaths = []string{
	"/statements/" + seedID + "/1",
	"/statements/" + seedID,
	"/search?q=ransomware",
	"/api/search?q=ransomware",
	"/api/statements/" + seedID,
	"/",
}

// No header a client sends can choose the host a page's links carry.
func TestHostHeaderNeverEchoed(t *testing.T) {
	h := newTestServer(t)
	for _, path := range hostilePaths {
		t.Run(path, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Host = "evil.example"
			req.Header.Set("X-Forwarded-Host", "evil.example")
			req.Header.Set("X-Forwarded-Proto", "https")
			req.Header.Set("Forwarded", "host=evil.example;proto=https")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d, want 200", path, rec.Code)
			}
			if where := mentions(rec.Header(), rec.Body.String(), "evil.example"); where != "" {
				t.Errorf("GET %s with Host: evil.example carries it in %s", path, where)
			}
		})
	}
	doc := parse(t, get(t, h, "/statements/"+seedID+"/1"))
	if got, want := doc.Find(`link[rel=canonical]`).AttrOr("href", ""), testBaseURL+"/statements/"+seedID+"/1"; got != want {
		t.Errorf("canonical = %q, want %q", got, want)
	}
}

// An absolute URI in the request line (which Go's server takes as the Host)
// reaches no page either; only a raw connection can send one.
func TestAbsoluteRequestURINeverEchoed(t *testing.T) {
	srv := httptest.NewServer(newTestServer(t))
	defer srv.Close()
	for _, path := range hostilePaths {
		t.Run(path, func(t *testing.T) {
			head, body := servertest.RawGet(t, srv.Listener.Addr().String(), "http://evil.example"+path, "evil.example")
			if !strings.HasPrefix(head, "HTTP/1.1 200") {
				t.Fatalf("GET http://evil.example%s = %q, want 200", path, strings.SplitN(head, "\r\n", 2)[0])
			}
			if strings.Contains(head+body, "evil.example") {
				t.Errorf("GET http://evil.example%s carries evil.example in its answer", path)
			}
		})
	}
}

// mentions says where s appears in a response, or "" if nowhere.
func mentions(h http.Header, body, s string) string {
	for k, vs := range h {
		for _, v := range vs {
			if strings.Contains(v, s) {
				return "header " + k
			}
		}
	}
	if strings.Contains(body, s) {
		return "the body"
	}
	return ""
}

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		want    string
		wantErr string // "" means valid
	}{
		{"https host", "https://archive.example.org", "https://archive.example.org", ""},
		{"trailing slash trimmed", "https://archive.example.org/", "https://archive.example.org", ""},
		{"path kept", "https://example.org/archive/", "https://example.org/archive", ""},
		{"http with port", "http://localhost:8080", "http://localhost:8080", ""},
		{"empty", "", "", "not set"},
		{"no scheme", "archive.example.org", "", "https://"},
		{"other scheme", "ftp://archive.example.org", "", "https://"},
		{"no host", "https:///path", "", "no host"},
		{"opaque", "https:archive.example.org", "", "no host"},
		{"query", "https://archive.example.org/?a=b", "", "query or fragment"},
		{"empty query", "https://archive.example.org/?", "", "query or fragment"},
		{"fragment", "https://archive.example.org/#top", "", "query or fragment"},
		{"user", "https://me:secret@archive.example.org", "", "user"},
		{"space", "https://archive example.org", "", "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBaseURL(tt.raw)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("ParseBaseURL(%q) = %v, want %q", tt.raw, err, tt.want)
			case tt.wantErr == "" && got != tt.want:
				t.Errorf("ParseBaseURL(%q) = %q, want %q", tt.raw, got, tt.want)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("ParseBaseURL(%q) = %q, %v; want an error saying %q", tt.raw, got, err, tt.wantErr)
			}
		})
	}
}

// A server cannot be built without a public URL: there is no fallback to
// the request's host.
func TestNewRequiresBaseURL(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("New without a BaseURL did not panic")
		}
	}()
	New(Config{Archive: nil})
}

// Every class of response carries a deliberate Cache-Control.
func TestCacheControl(t *testing.T) {
	h := newTestServer(t)
	css := parse(t, get(t, h, "/")).Find(`link[rel=stylesheet]`).AttrOr("href", "")
	tests := []struct {
		name   string
		method string
		target string
		code   int
		want   string
	}{
		{"home page", http.MethodGet, "/", 200, cachePublic},
		{"search page", http.MethodGet, "/search?q=ransomware", 200, cachePublic},
		{"statement page", http.MethodGet, "/statements/" + seedID, 200, cachePublic},
		{"paragraph page", http.MethodGet, "/statements/" + seedID + "/1", 200, cachePublic},
		{"statements list", http.MethodGet, "/statements", 200, cachePublic},
		{"JSON search", http.MethodGet, "/api/search?q=ransomware", 200, cachePublic},
		{"JSON statement", http.MethodGet, "/api/statements/" + seedID, 200, cachePublic},
		{"HEAD of a page", http.MethodHead, "/", 200, cachePublic},
		{"static asset", http.MethodGet, css, 200, "public, max-age=31536000, immutable"},
		{"missing static asset", http.MethodGet, "/static/nothing.css", 404, cacheNever},
		{"bad search", http.MethodGet, "/search?q=%22", 400, cacheNever},
		{"bad JSON search", http.MethodGet, "/api/search?q=", 400, cacheNever},
		{"malformed query", http.MethodGet, "/?q=%zz", 400, cacheNever},
		{"no such page", http.MethodGet, "/nowhere", 404, cacheNever},
		{"no such paragraph", http.MethodGet, "/statements/" + seedID + "/999", 404, cacheNever},
		{"method not allowed", http.MethodPost, "/search", 405, cacheNever},
		{"healthz", http.MethodGet, "/healthz", 200, cacheNever},
		{"readyz", http.MethodGet, "/readyz", 200, cacheNever},
		{"metrics", http.MethodGet, "/metrics", 200, cacheNever},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
			if rec.Code != tt.code {
				t.Fatalf("%s %s = %d, want %d", tt.method, tt.target, rec.Code, tt.code)
			}
			if got := rec.Header().Values("Cache-Control"); len(got) != 1 || got[0] != tt.want {
				t.Errorf("%s %s: Cache-Control = %q, want %q", tt.method, tt.target, got, tt.want)
			}
		})
	}
}
