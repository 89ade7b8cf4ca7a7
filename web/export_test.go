package web

import (
	"net/url"
	"testing"
	"time"

	"statementarchive/internal/search"
)

// A search's exports and feed keep every filter of its page and drop
// what only a page has: the page, its size and the order.
func TestOutputURLs(t *testing.T) {
	req := search.Request{
		Query: "cyber defence", Langs: []string{"en", "fr"}, Issuer: "North Atlantic Council", Tag: "cyber",
		From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC),
		Page: 3, PerPage: 50, Sort: search.SortDate,
	}
	want := "from=2020-01-01&issuer=North+Atlantic+Council&lang=en&lang=fr&q=cyber+defence&tag=cyber&to=2021-12-31"
	for name, tt := range map[string]struct{ got, want string }{
		"csv":   {ExportURL(req, "csv"), "/search.csv?" + want},
		"jsonl": {ExportURL(req, "jsonl"), "/search.jsonl?" + want},
		"feed":  {SearchFeedURL(req), "/search.atom?" + want},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", name, tt.got, tt.want)
		}
		u, err := url.Parse(tt.got)
		if err != nil {
			t.Fatal(err)
		}
		back, err := search.ParseValues(u.Query())
		if err != nil || back.Query != req.Query || back.Issuer != req.Issuer || back.Tag != req.Tag || !back.From.Equal(req.From) || !back.To.Equal(req.To) || len(back.Langs) != 2 {
			t.Errorf("%s: %q reads back as %+v, %v", name, tt.got, back, err)
		}
	}
	if req.Page != 3 || req.Langs[0] != "en" {
		t.Errorf("building the addresses changed the request: %+v", req)
	}
}

func TestSearchFeedTitle(t *testing.T) {
	tests := []struct {
		req  search.Request
		want string
	}{
		{search.Request{Query: "ransomware"}, "Search: ransomware"},
		{search.Request{Query: "cyber", Langs: []string{"fr"}, Issuer: "North Atlantic Council"}, "Search: cyber (Language: français; Issuer: North Atlantic Council)"},
		{search.Request{Query: "a\u202Eb"}, "Search: ab"},
	}
	for _, tt := range tests {
		if got := SearchFeedTitle(tt.req); got != tt.want {
			t.Errorf("SearchFeedTitle(%+v) = %q, want %q", tt.req, got, tt.want)
		}
	}
}

func TestExportable(t *testing.T) {
	for total, want := range map[int]bool{1: true, search.MaxExportRows: true, search.MaxExportRows + 1: false} {
		if got := Exportable(&search.Result{Total: total}); got != want {
			t.Errorf("Exportable(%d rows) = %v, want %v", total, got, want)
		}
	}
	if got := exportLimit(); got != "100,000" {
		t.Errorf("exportLimit() = %q", got)
	}
}
