package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Requests with invented methods, paths, ids and queries add no series:
// every label of the request metrics comes from a fixed set.
func TestMetricsLabelsBounded(t *testing.T) {
	h := newTestServer(t)
	const n = 500
	for i := range n {
		for _, tc := range []struct{ method, target string }{
			{fmt.Sprintf("M%04d", i), "/healthz"},
			{fmt.Sprintf("M%04d", i), fmt.Sprintf("/nowhere/%d", i)},
			{http.MethodGet, fmt.Sprintf("/nowhere/%d", i)},
			{http.MethodGet, fmt.Sprintf("/api/nowhere/%d", i)},
			{http.MethodGet, fmt.Sprintf("/statements/no-such-%d", i)},
			{http.MethodGet, fmt.Sprintf("/statements/%s/%d", seedID, i+1)},
			{http.MethodGet, fmt.Sprintf("/static/x%d.css", i)},
			{http.MethodPost, fmt.Sprintf("/search?q=w%d", i)},
		} {
			req := httptest.NewRequest(http.MethodGet, tc.target, nil)
			req.Method = tc.method
			h.ServeHTTP(httptest.NewRecorder(), req)
		}
	}
	rec := get(t, h, "/metrics")
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	allowed := map[string]map[string]bool{
		"method": {"GET": true, "HEAD": true, "POST": true, "PUT": true, "DELETE": true, "PATCH": true, "OPTIONS": true, "CONNECT": true, "TRACE": true, "other": true},
		"route": {"unmatched": true, "/": true, "/search": true, "/statements": true, "/statements/{id}": true,
			"/statements/{id}/{key}": true, "/static/{name}": true, "/healthz": true, "/readyz": true, "/metrics": true,
			"/api/search": true, "/api/statements/{id}": true},
	}
	tests := []struct {
		name    string
		family  string
		maxSize int // series, far below the n distinct inputs sent
	}{
		{"requests by route, method and code", "archive_http_requests_total", 30},
		{"latency by route", "archive_http_request_duration_seconds", 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := families[tt.family]
			if !ok {
				t.Fatalf("/metrics lacks %s", tt.family)
			}
			if got := len(f.GetMetric()); got > tt.maxSize {
				t.Errorf("%s has %d series after %d distinct invented requests, want at most %d", tt.family, got, n, tt.maxSize)
			}
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					if set, ok := allowed[l.GetName()]; ok && !set[l.GetValue()] {
						t.Errorf("%s has %s=%q, not one of the fixed values", tt.family, l.GetName(), l.GetValue())
					}
					if l.GetName() == "code" && (len(l.GetValue()) != 3 || l.GetValue() < "100" || l.GetValue() > "599") && l.GetValue() != "other" {
						t.Errorf("%s has code=%q, want a status from 100 to 599 or other", tt.family, l.GetValue())
					}
				}
			}
		})
	}
}

func TestMetricLabelValues(t *testing.T) {
	tests := []struct {
		name      string
		got, want string
	}{
		{"known method", methodLabel("DELETE"), "DELETE"},
		{"invented method", methodLabel("M0001"), "other"},
		{"lowercase method is not GET", methodLabel("get"), "other"},
		{"no status written", codeLabel(0), "200"},
		{"real status", codeLabel(404), "404"},
		{"status below range", codeLabel(42), "other"},
		{"status above range", codeLabel(1000), "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
