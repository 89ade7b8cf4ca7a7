package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
)

func TestReadyz(t *testing.T) {
	h := newTestServer(t)
	if rec := get(t, h, "/readyz"); rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != "ready" {
		t.Errorf("/readyz = %d %q", rec.Code, rec.Body.String())
	}
	idx := indextest.Build(t, map[string]string{seedID + ".txt": indextest.Seed(t)})
	broken := fakeArchive{Archive: NewArchive(idx, nil), ready: func(context.Context) error { return errors.New("shard gone") }}
	h = New(Config{Archive: broken, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	if rec := get(t, h, "/readyz"); rec.Code != 503 {
		t.Errorf("/readyz with an index that does not answer = %d, want 503", rec.Code)
	}
	if rec := get(t, h, "/healthz"); rec.Code != 200 {
		t.Errorf("/healthz = %d: the process is up even when the index is not", rec.Code)
	}
}

func TestMetrics(t *testing.T) {
	h := newTestServer(t)
	for _, p := range []string{"/search?q=ransomware", "/search?q=%22", "/statements/" + seedID, "/statements/" + seedID + "/1", "/nowhere"} {
		get(t, h, p)
	}
	rec := get(t, h, "/metrics")
	if rec.Code != 200 {
		t.Fatalf("/metrics = %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`archive_http_requests_total{code="200",method="GET",route="/search"} 1`,
		`archive_http_requests_total{code="400",method="GET",route="/search"} 1`,
		`archive_http_requests_total{code="200",method="GET",route="/statements/{id}"} 1`,
		`archive_http_requests_total{code="200",method="GET",route="/statements/{id}/{key}"} 1`,
		`archive_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`archive_http_request_duration_seconds_bucket{route="/search",le=`,
		`archive_search_duration_seconds_count{outcome="ok"} 1`,
		`archive_search_duration_seconds_count{outcome="bad_request"} 1`,
		`archive_index_paragraphs{lang="en"} 11`,
		`archive_index_paragraphs{lang="fr"} 10`,
		`archive_index_statements 3`,
		`archive_index_age_seconds `,
		`archive_build_info{version=`,
		`go_build_info{`,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
