package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
)

// trendFiles are the server's corpus (the seed of 2021, an undated raw
// statement, a hostile one of 2024, all in English and French) and two
// more years: 2016, also in German, and 2019.
func trendFiles(t testing.TB) map[string]string {
	files := corpus(t)
	files["2016-07-09-warsaw.txt"] = `---
title: {en: Warsaw Summit Communiqué, fr: Communiqué du sommet de Varsovie}
date: 2016-07-09
issuer: Heads of State and Government
---
[en]
1. Terrorism in all its forms threatens NATO Allies.
2. Cyber defence is part of NATO's collective defence.
[fr]
1. Le terrorisme sous toutes ses formes menace les Alliés de l'OTAN.
2. La cyberdéfense fait partie de la défense collective de l'OTAN.
[de]
1. Der Terrorismus in all seinen Formen bedroht die Verbündeten der NATO.
2. Die Cyberabwehr ist Teil der kollektiven Verteidigung der NATO.
`
	files["2019-05-01-cyber.txt"] = `---
title: {en: Cyber Statement}
date: 2019-05-01
issuer: North Atlantic Council
---
[en]
1. Cyber threats and terrorism are on the agenda.
2. Allies condemn malicious cyber activity.
3. Allies will meet again.
`
	return files
}

type trendJSON struct {
	Query      string   `json:"query"`
	Terms      []string `json:"terms"`
	PerLang    bool     `json:"per_lang"`
	Normalised bool     `json:"normalised"`
	Years      []int    `json:"years"`
	Series     []struct {
		Term   string    `json:"term"`
		Lang   string    `json:"lang"`
		Counts []int     `json:"counts"`
		Total  int       `json:"total"`
		Rows   []int     `json:"rows"`
		Rates  []float64 `json:"rates"`
	} `json:"series"`
}

func getJSON(t *testing.T, h http.Handler, target string, into any) int {
	t.Helper()
	rec := get(t, h, target)
	if err := json.Unmarshal(rec.Body.Bytes(), into); err != nil {
		t.Fatalf("GET %s: %v\n%s", target, err, rec.Body.String())
	}
	return rec.Code
}

// The chart's numbers equal the facet counts, through HTTP: each series
// of /api/trend counts what /api/search's year facet counts for its term
// with the same filters.
func TestAPITrendEqualsSearchFacets(t *testing.T) {
	h := handlerFor(t, trendFiles(t))
	for _, filters := range []string{"", "&lang=en", "&lang=fr", "&issuer=North+Atlantic+Council"} {
		var tr trendJSON
		if code := getJSON(t, h, "/api/trend?q=cyber|terrorism|NATO"+filters, &tr); code != http.StatusOK {
			t.Fatalf("GET /api/trend%s = %d", filters, code)
		}
		if want := []string{"cyber", "terrorism", "NATO"}; strings.Join(tr.Terms, ",") != strings.Join(want, ",") || tr.Query != "cyber | terrorism | NATO" {
			t.Errorf("terms %q, query %q", tr.Terms, tr.Query)
		}
		matched := 0
		for _, s := range tr.Series {
			var res struct {
				Total  int                       `json:"total"`
				Facets map[string]map[string]int `json:"facets"`
			}
			getJSON(t, h, "/api/search?q="+url.QueryEscape(s.Term)+filters, &res)
			got := map[string]int{}
			for i, y := range tr.Years {
				if s.Counts[i] > 0 {
					got[strconv.Itoa(y)] = s.Counts[i]
					matched++
				}
			}
			want := res.Facets["year"]
			if len(got) != len(want) {
				t.Errorf("%s%s: trend %v, year facet %v", s.Term, filters, got, want)
			}
			for y, n := range want {
				if got[y] != n {
					t.Errorf("%s%s: trend %v, year facet %v", s.Term, filters, got, want)
					break
				}
			}
			if s.Total != res.Total {
				t.Errorf("%s%s: total %d, search total %d", s.Term, filters, s.Total, res.Total)
			}
		}
		if matched == 0 {
			t.Errorf("%s: nothing matched, the comparison proves nothing", filters)
		}
	}
}

// The API's JSON: years oldest first, one count per year; rows and rates
// when normalised; a language per series when counted per language.
func TestAPITrendShape(t *testing.T) {
	h := handlerFor(t, trendFiles(t))
	var tr trendJSON
	getJSON(t, h, "/api/trend?q=NATO&per_lang=1&normalise=1&lang=fr&lang=en", &tr)
	if !tr.PerLang || !tr.Normalised {
		t.Errorf("per_lang %v, normalised %v; want both", tr.PerLang, tr.Normalised)
	}
	if want := []int{2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024}; !slices.Equal(tr.Years, want) {
		t.Errorf("years = %v, want %v", tr.Years, want)
	}
	if len(tr.Series) != 2 || tr.Series[0].Lang != "en" || tr.Series[1].Lang != "fr" {
		t.Fatalf("series %+v, want NATO in English and in French", tr.Series)
	}
	for _, s := range tr.Series {
		if len(s.Counts) != len(tr.Years) || len(s.Rows) != len(tr.Years) || len(s.Rates) != len(tr.Years) {
			t.Errorf("%s in %s: %d counts, %d rows, %d rates for %d years", s.Term, s.Lang, len(s.Counts), len(s.Rows), len(s.Rates), len(tr.Years))
		}
	}
	// 2016 in French: two rows, both say OTAN; NATO is searched as typed,
	// so French counts none of them.
	fr := tr.Series[1]
	if fr.Rows[0] != 2 || fr.Counts[0] != 0 || fr.Rates[0] != 0 {
		t.Errorf("NATO in French in 2016: %d of %d rows (%g), want 0 of 2", fr.Counts[0], fr.Rows[0], fr.Rates[0])
	}
	en := tr.Series[0]
	if en.Rows[0] != 2 || en.Counts[0] != 2 || en.Rates[0] != 1 {
		t.Errorf("NATO in English in 2016: %d of %d rows (%g), want 2 of 2", en.Counts[0], en.Rows[0], en.Rates[0])
	}

	var plain map[string]any
	getJSON(t, h, "/api/trend?q=NATO", &plain)
	series := plain["series"].([]any)[0].(map[string]any)
	for _, absent := range []string{"lang", "rows", "rates"} {
		if _, ok := series[absent]; ok {
			t.Errorf("a plain trend's series has %q: %v", absent, series)
		}
	}
}

// The page: the form keeps the request, the chart is an image with a
// title, the table has every year, and every count links to a search
// whose total is that count.
func TestTrendPage(t *testing.T) {
	h := handlerFor(t, trendFiles(t))
	rec := get(t, h, "/trend?q=cyber+%7C+terrorism&lang=en&normalise=1")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /trend = %d\n%s", rec.Code, rec.Body.String())
	}
	doc := parse(t, rec)
	if v, _ := doc.Find("input#q").Attr("value"); v != "cyber | terrorism" {
		t.Errorf("query box = %q", v)
	}
	if doc.Find(`input[name="lang"][value="en"][checked]`).Length() != 1 || doc.Find(`input[name="normalise"][checked]`).Length() != 1 {
		t.Error("the form does not keep lang=en and normalise")
	}
	img := doc.Find(`.chart-wide svg g[role="img"]`)
	if img.Length() != 1 {
		t.Fatal("no chart")
	}
	title, desc := doc.Find("#"+img.AttrOr("aria-labelledby", "")), doc.Find("#"+img.AttrOr("aria-describedby", ""))
	if !strings.HasPrefix(text(title), "Share of paragraphs matching “cyber”, “terrorism”") || text(desc) == "" {
		t.Errorf("the chart is labelled %q, described %q", text(title), text(desc))
	}
	if n := doc.Find(".chart-wide svg g.bars a").Length(); n == 0 {
		t.Error("no bar")
	}
	if got := doc.Find("table.trend-table tbody tr").Length(); got != 2024-2016+1 {
		t.Errorf("%d rows in the table, want every year from 2016 to 2024", got)
	}
	links := doc.Find("table.trend-table tbody td a")
	if links.Length() == 0 {
		t.Fatal("no count links to its search")
	}
	// Following every count: the search it opens finds that many rows.
	for i := range links.Length() {
		a := links.Eq(i)
		href := a.AttrOr("href", "")
		u, err := url.Parse(href)
		if err != nil || u.Path != "/search" || u.Query().Get("lang") != "en" {
			t.Fatalf("count links to %q, want an English /search", href)
		}
		var res struct{ Total int }
		getJSON(t, h, "/api/search?"+u.RawQuery, &res)
		if want, _ := strconv.Atoi(text(a)); res.Total != want {
			t.Errorf("%s finds %d rows, the table says %d", href, res.Total, want)
		}
	}
	// The bars link to the same searches.
	var bars, cells []string
	doc.Find(".chart-wide svg g.bars a").Each(func(_ int, s *goquery.Selection) { bars = append(bars, s.AttrOr("href", "")) })
	links.Each(func(_ int, s *goquery.Selection) { cells = append(cells, s.AttrOr("href", "")) })
	slices.Sort(bars)
	slices.Sort(cells)
	if !slices.Equal(bars, cells) {
		t.Errorf("bars link to\n%s\nthe table to\n%s", strings.Join(bars, "\n"), strings.Join(cells, "\n"))
	}
	if href := doc.Find(`a[href^="/api/trend"]`).AttrOr("href", ""); href != "/api/trend?lang=en&normalise=1&q=cyber+%7C+terrorism" {
		t.Errorf("JSON link = %q", href)
	}
}

// Without terms, the page is the form and an example.
func TestTrendPageForm(t *testing.T) {
	h := handlerFor(t, trendFiles(t))
	rec := get(t, h, "/trend")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /trend = %d", rec.Code)
	}
	doc := parse(t, rec)
	if doc.Find("svg").Length() != 0 || doc.Find(`form[action="/trend"] input#q`).Length() != 1 {
		t.Error("want the form and no chart")
	}
	if doc.Find(`a[href="/trend?q=cyber+%7C+terrorism"]`).Length() != 1 {
		t.Error("no example")
	}
}

// Bad input gets the page (or JSON) with what to change, and a 400.
func TestTrendBadInput(t *testing.T) {
	h := handlerFor(t, trendFiles(t))
	tests := []struct {
		name, query, says string
	}{
		{"five terms", "q=a1|b2|c3|d4|NATO", "at most 4"},
		{"an empty term", "q=cyber|", "term 2 of 2 is empty"},
		{"a term of excluded words", "q=cyber|-china", "nothing to look for"},
		{"a bad flag", "q=cyber&normalise=maybe", "normalise must be 1 (yes) or 0 (no)"},
		{"a language the archive lacks", "q=cyber&lang=xx", "no statement in the archive is in language"},
		{"too many series", "q=a1|b2|c3|NATO&per_lang=1", "4 terms in 3 languages make 12 series; a chart draws at most 8"},
		{"a bad day", "q=cyber&from=yesterday", "from must be a day"},
		{"an unclosed phrase", "q=%22cyber", "never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, h, "/trend?"+tt.query)
			if rec.Code != http.StatusBadRequest {
				t.Errorf("GET /trend?%s = %d, want 400", tt.query, rec.Code)
			}
			notice := text(parse(t, rec).Find(`.notice.error[role="alert"]`))
			if !strings.Contains(strings.ToLower(notice), strings.ToLower(tt.says)) {
				t.Errorf("GET /trend?%s says %q, want %q", tt.query, notice, tt.says)
			}
			var e struct{ Error string }
			if code := getJSON(t, h, "/api/trend?"+tt.query, &e); code != http.StatusBadRequest || !strings.Contains(strings.ToLower(e.Error), strings.ToLower(tt.says)) {
				t.Errorf("GET /api/trend?%s = %d %q, want 400 saying %q", tt.query, code, e.Error, tt.says)
			}
		})
	}
	var e struct{ Error string }
	if code := getJSON(t, h, "/api/trend", &e); code != http.StatusBadRequest || !strings.Contains(e.Error, "Q is empty") {
		t.Errorf("GET /api/trend = %d %q, want 400 saying q is empty", code, e.Error)
	}
}

// A trend goes through the archive's gate like a search: with its lane
// full, 503 and when to come back; a Reader whose count fails for a
// reason of its own is the server's fault, told without details.
func TestTrendFaults(t *testing.T) {
	idx := indextest.Build(t, trendFiles(t))
	gate := search.NewGate(1, 1, 1, time.Millisecond)
	quiet := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	h := New(Config{Archive: NewArchive(idx, gate), BaseURL: testBaseURL, Logger: quiet}).Handler()
	hold, err := gate.Enter(context.Background(), search.Cheap)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/trend?q=cyber", "/api/trend?q=cyber"} {
		if rec := get(t, h, path); rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("GET %s with the gate full = %d, Retry-After %q; want 503 with one", path, rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	hold()
	if rec := get(t, h, "/trend?q=cyber"); rec.Code != http.StatusOK {
		t.Errorf("GET /trend with room = %d", rec.Code)
	}

	broken := fakeTrendArchive{Archive: NewArchive(idx, nil), trend: func(context.Context, search.Request, []string, bool, bool) (*search.Trend, error) {
		return nil, errors.New("shard 3 unreadable at /srv/secret")
	}}
	noTrend := New(Config{Archive: broken, BaseURL: testBaseURL, Logger: quiet}).Handler()
	for _, path := range []string{"/trend?q=cyber", "/api/trend?q=cyber"} {
		rec := get(t, noTrend, path)
		if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("GET %s from a Reader whose Trend fails = %d %.200s, want a 500 without details", path, rec.Code, rec.Body.String())
		}
	}
}

// fakeTrendArchive hands out the Readers of a real Archive with their
// Trend replaced by trend.
type fakeTrendArchive struct {
	Archive
	trend func(ctx context.Context, req search.Request, terms []string, perLang, normalise bool) (*search.Trend, error)
}

func (a fakeTrendArchive) Acquire() (Reader, func()) {
	rd, release := a.Archive.Acquire()
	return fakeTrendReader{Reader: rd, trend: a.trend}, release
}

// fakeTrendReader is a Reader whose Trend is a function.
type fakeTrendReader struct {
	Reader
	trend func(ctx context.Context, req search.Request, terms []string, perLang, normalise bool) (*search.Trend, error)
}

func (r fakeTrendReader) Trend(ctx context.Context, req search.Request, terms []string, perLang, normalise bool) (*search.Trend, error) {
	return r.trend(ctx, req, terms, perLang, normalise)
}

// A trend's bound is its whole answer's: the counting it asks of the
// index must end within search.SearchTimeout of the request's arrival (not
// within the server's longer bound of every request), and counts that come
// back once the bound has passed are not rendered and sent as a 200 but
// answered as a trend that took too long.
func TestTrendBoundIsTheAnswers(t *testing.T) {
	idx := indextest.Build(t, trendFiles(t))
	quiet := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	paths := []string{"/trend?q=cyber", "/api/trend?q=cyber"}

	t.Run("the counting's deadline", func(t *testing.T) {
		h := New(Config{Archive: fakeTrendArchive{Archive: NewArchive(idx, nil), trend: func(ctx context.Context, req search.Request, terms []string, _, _ bool) (*search.Trend, error) {
			// Called once the request has arrived: its deadline cannot be
			// more than the bound from now.
			latest := time.Now().Add(search.SearchTimeout)
			if deadline, ok := ctx.Deadline(); !ok || deadline.After(latest) {
				t.Errorf("the trend counts with a deadline %v (set: %v), more than %v after the request", time.Until(deadline), ok, search.SearchTimeout)
			}
			return &search.Trend{Request: req, Terms: terms}, nil
		}}, BaseURL: testBaseURL, Logger: quiet}).Handler()
		for _, path := range paths {
			if rec := get(t, h, path); rec.Code != http.StatusOK {
				t.Errorf("GET %s = %d, want 200", path, rec.Code)
			}
		}
	})

	t.Run("counts back after the bound", func(t *testing.T) {
		// A searcher that does not look at its context: the counts come
		// back whole, but the request's bound has passed by then.
		h := New(Config{Archive: fakeTrendArchive{Archive: NewArchive(idx, nil), trend: func(ctx context.Context, req search.Request, terms []string, _, _ bool) (*search.Trend, error) {
			return &search.Trend{Request: req, Terms: terms, Years: []int{2021}, Series: []search.Series{{Term: terms[0], Counts: []int{3}, Total: 3}}}, nil
		}}, BaseURL: testBaseURL, Logger: quiet}).Handler()
		for _, path := range paths {
			ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
			req := httptest.NewRequest(http.MethodGet, path, nil).WithContext(ctx)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			cancel()
			if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "took too long") {
				t.Errorf("GET %s past its bound = %d %.200s, want a 503 saying it took too long", path, rec.Code, rec.Body.String())
			}
		}
	})
}
