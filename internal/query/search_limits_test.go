package query_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/fault"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// Every integer of a request is bounded before it reaches Bleve, without
// overflow: page × per page once wrapped to a negative size, which Bleve
// panicked on in a goroutine no handler can recover.
func TestPagingBoundsWithoutOverflow(t *testing.T) {
	s := newEngine(t)
	tests := []struct {
		name          string
		page, perPage int
		ok            bool
	}{
		{"first page", 1, 10, true},
		{"last page of the window", search.MaxResultWindow / 10, 10, true},
		{"one past the window", search.MaxResultWindow/10 + 1, 10, false},
		{"last page at 100", search.MaxResultWindow / 100, 100, true},
		{"the page that crashed the archive", 922337203685477581, 10, false},
		{"page × per page wraps to a small number", math.MaxInt/100 + 2, 100, false},
		{"page × per page wraps to a negative", math.MaxInt/10 + 1, 10, false},
		{"max int page", math.MaxInt, 1, false},
		{"min int page", math.MinInt, 10, false},
		{"negative per page", 1, -10, false},
		{"max int per page", 1, math.MaxInt, false},
		{"min int per page", 1, math.MinInt, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Search(context.Background(), search.Request{Query: "cyber", Page: tt.page, PerPage: tt.perPage})
			var se *fault.Error
			switch {
			case tt.ok && err != nil:
				t.Errorf("Search(page %d, per page %d) = %v, want results", tt.page, tt.perPage, err)
			case !tt.ok && (!errors.As(err, &se) || se.Kind != fault.Invalid):
				t.Errorf("Search(page %d, per page %d) = %v, want a fault.Invalid error", tt.page, tt.perPage, err)
			}
		})
	}
}

// Days outside what the index can store select what the nearest day it
// can store selects, instead of failing (they used to give a 500).
func TestDatesOutsideTheRangeAreClamped(t *testing.T) {
	s := newEngine(t)
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name     string
		from, to string
		want     int // hits, or -1 for as many as with no range
	}{
		{"from the year 1000", "1000-01-01", "", -1},
		{"to the year 9999", "", "9999-12-31", -1},
		{"past Bleve's own limit", "", "2262-04-12", -1},
		{"from the year 1 to 9999", "0001-01-01", "9999-12-31", -1},
		{"only after the range", "2300-01-01", "", 0},
		{"only before the range", "", "1700-01-01", 0},
		{"up to 2000: the 1999 statement", "1000-01-01", "2000-01-01", 1},
	}
	all, err := s.Search(context.Background(), search.Request{Query: "security securite", PerPage: 100})
	if err != nil || all.Total < 2 {
		t.Fatalf("Search(security) with no range = %v, %v; want several hits", all, err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := search.Request{Query: "security securite", PerPage: 100}
			if tt.from != "" {
				req.From = day(tt.from)
			}
			if tt.to != "" {
				req.To = day(tt.to)
			}
			res, err := s.Search(context.Background(), req)
			if err != nil {
				t.Fatalf("Search(%s..%s) = %v", tt.from, tt.to, err)
			}
			if tt.want < 0 {
				tt.want = all.Total
			}
			if res.Total != tt.want {
				t.Errorf("Search(%s..%s) = %d rows %v, want %d", tt.from, tt.to, res.Total, rowKeys(res), tt.want)
			}
		})
	}
}

// The work a query may cause is bounded whatever its shape: the prefixes
// of a query together, not each alone, and the words of a phrase. Each
// refusal names its limit.
func TestCostLimits(t *testing.T) {
	var za, zb []string
	for i := 0; i < search.MaxExpandedTerms*3/4; i++ {
		suffix := fmt.Sprintf("%c%c%c", 'a'+i/676%26, 'a'+i/26%26, 'a'+i%26)
		za = append(za, "za"+suffix)
		zb = append(zb, "zb"+suffix)
	}
	idx := indextest.Build(t, map[string]string{
		"wide.txt": "---\ntitle: {en: Wide}\ndate: 2024-01-01\n---\n[en]\n1. " + strings.Join(za, " ") + "\n2. " + strings.Join(zb, " ") + "\n",
		"seed.txt": indextest.Seed(t),
	})
	s := query.New(idx, nil)
	phrase := func(n int) string { return `"` + strings.TrimSpace(strings.Repeat("cyber ", n)) + `"` }
	tests := []struct {
		name    string
		query   string
		refused string // part of the message, or "" for a search that runs
	}{
		{"one prefix under the limit", "za*", ""},
		{"another prefix under the limit", "zb*", ""},
		{"two prefixes over the limit together", "za* zb*", fmt.Sprint(search.MaxExpandedTerms)},
		{"the same prefix twice", "za* +za*", fmt.Sprint(search.MaxExpandedTerms)},
		{"many narrow prefixes", strings.TrimSpace(strings.Repeat("zaaa* ", 20)), ""},
		{"a phrase at the limit", phrase(search.MaxPhraseWords), ""},
		{"a phrase over the limit", phrase(search.MaxPhraseWords + 1), fmt.Sprintf("at most %d", search.MaxPhraseWords)},
		{"an excluded phrase over the limit", "cyber -" + phrase(search.MaxPhraseWords+1), fmt.Sprintf("at most %d", search.MaxPhraseWords)},
		{"a phrase of stop words only", `"the of and the of and the of and the of and the of and the"`, ""},
		{"too many clauses", strings.TrimSpace(strings.Repeat("cyber ", search.MaxClauses+1)), fmt.Sprint(search.MaxClauses)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Search(context.Background(), search.Request{Query: tt.query})
			var se *fault.Error
			switch {
			case tt.refused == "" && err != nil:
				t.Errorf("Search(%.60q) = %v, want it to run", tt.query, err)
			case tt.refused != "" && (!errors.As(err, &se) || !strings.Contains(se.Msg, tt.refused)):
				t.Errorf("Search(%.60q) = %v, want a refusal naming %q", tt.query, err, tt.refused)
			}
		})
	}
}

// A search never takes a lighter one's place: with the heavy and medium
// lanes full, a cheap search still runs, and a costly one is told to come
// back.
func TestGateLanes(t *testing.T) {
	gate := search.NewGate(1, 1, 1, time.Millisecond)
	ctx := context.Background()
	var releases []func()
	for _, w := range []search.Weight{search.Heavy, search.Medium, search.Cheap} {
		release, err := gate.Enter(ctx, w)
		if err != nil {
			t.Fatalf("weight %d with the heavier lanes full: %v, want a place", w, err)
		}
		releases = append(releases, release)
	}
	for _, w := range []search.Weight{search.Heavy, search.Medium, search.Cheap} {
		var busy *fault.Error
		if _, err := gate.Enter(ctx, w); !errors.As(err, &busy) || busy.Kind != fault.Busy || busy.RetryAfter <= 0 {
			t.Errorf("a second search of weight %d = %v, want a *BusyError of that weight with a RetryAfter", w, err)
		}
		if got := gate.Running(w); got != 1 {
			t.Errorf("Running(%d) = %d, want 1", w, got)
		}
	}
	for _, release := range releases {
		release()
	}
	release, err := gate.Enter(ctx, search.Heavy)
	if err != nil {
		t.Fatalf("a heavy search after the lane emptied: %v", err)
	}
	release()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := search.NewGate(1, 1, 1, time.Hour).Enter(cancelled, search.Cheap); err != nil {
		t.Errorf("an empty lane refused a cancelled request's place: %v", err)
	}
}

// A search through a gate whose lane stays full gets a *BusyError, and a
// search whose context is done stops with the context's error.
func TestSearchThroughGate(t *testing.T) {
	idx := indextest.Build(t, corpus(t))
	s := query.New(idx, nil)
	gate := search.NewGate(1, 1, 1, time.Millisecond)
	gated := query.New(idx, gate)
	hold, err := gate.Enter(context.Background(), search.Cheap)
	if err != nil {
		t.Fatal(err)
	}
	var busy *fault.Error
	if _, err := gated.Search(context.Background(), search.Request{Query: "ransomware"}); !errors.As(err, &busy) {
		t.Errorf("Search with the light lane full = %v, want a *BusyError", err)
	}
	hold()
	if res, err := gated.Search(context.Background(), search.Request{Query: "ransomware"}); err != nil || res.Total != 1 {
		t.Errorf("Search with room = %v, %v; want one hit", res, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Search(ctx, search.Request{Query: "ransomware"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search with a cancelled context = %v, want context.Canceled", err)
	}
}
