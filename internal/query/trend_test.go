package query_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/fault"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// undatedStatement is a raw statement (no front matter, so no date) in
// English and French, three of whose four rows say cyber (the fourth,
// cyberspace).
var undatedStatement = func() string {
	b, err := os.ReadFile(filepath.Join(indextest.ModuleRoot(), "internal", "statement", "testdata", "000_eb08baf898ac2314.txt"))
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// trendCorpus is answerCorpus (2019 and 2021) with a statement of 2016
// in three languages, one of 2023 in English, and an undated one: years
// with gaps between them, and rows no year counts.
func trendCorpus() map[string]string {
	files := answerCorpus()
	files["2016-07-09-warsaw.txt"] = `---
title: {en: Warsaw Summit Communiqué, fr: Communiqué du sommet de Varsovie, de: Kommuniqué des Gipfels von Warschau}
date: 2016-07-09
issuer: Heads of State and Government
tags: [cyber]
---
[en]
1. Terrorism in all its forms threatens NATO Allies.
2. Cyber defence is part of collective defence.
[fr]
1. Le terrorisme sous toutes ses formes menace les Alliés de l'OTAN.
2. La cyberdéfense fait partie de la défense collective.
[de]
1. Der Terrorismus in all seinen Formen bedroht die Verbündeten der NATO.
2. Die Cyberabwehr ist Teil der kollektiven Verteidigung.
`
	files["2023-07-11-vilnius.txt"] = `---
title: {en: Vilnius Summit Communiqué}
date: 2023-07-11
issuer: Heads of State and Government
---
[en]
1. Terrorism remains a threat to NATO, and cyber threats grow.
2. NATO will strengthen its cyber defence.
`
	files["undated.txt"] = undatedStatement
	return files
}

// yearCounts returns a series' counts by year, the years without a
// match left out, as a year facet lists them.
func yearCounts(tr *search.Trend, s search.Series) map[string]int {
	out := map[string]int{}
	for i, y := range tr.Years {
		if s.Counts[i] > 0 {
			out[strconv.Itoa(y)] = s.Counts[i]
		}
	}
	return out
}

// The chart's numbers equal the facet counts: each series counts, year by
// year, what a search of its term with the same filters (and its
// language, when counted per language) counts in its year facet.
func TestTrendEqualsYearFacet(t *testing.T) {
	s := query.New(indextest.Build(t, trendCorpus()), nil)
	terms := []string{"NATO", "cyber", "terrorism", `"cyber defence" -pledge`}
	tests := []struct {
		name string
		req  search.Request
	}{
		{"no filter", search.Request{}},
		{"English", search.Request{Langs: []string{"en"}}},
		{"French and German", search.Request{Langs: []string{"fr", "de"}}},
		{"issuer", search.Request{Issuer: "Heads of State and Government"}},
		{"tag", search.Request{Tag: "cyber"}},
		{"sorted by date, 5 a page", search.Request{Sort: search.SortDate, PerPage: 5}},
	}
	for _, tt := range tests {
		for _, perLang := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/per language %v", tt.name, perLang), func(t *testing.T) {
				terms := terms
				if perLang {
					terms = terms[:2] // in three languages: 6 series of at most 8
				}
				tr, err := s.Trend(context.Background(), tt.req, terms, perLang, false)
				if err != nil {
					t.Fatal(err)
				}
				langs := 1
				if perLang {
					langs = len(tt.req.Langs)
					if langs == 0 {
						langs = 3
					}
				}
				if len(tr.Series) != len(terms)*langs {
					t.Fatalf("%d series, want %d (%d terms × %d)", len(tr.Series), len(terms)*langs, len(terms), langs)
				}
				matched := 0
				for _, sr := range tr.Series {
					matched += len(yearCounts(tr, sr))
					req := tt.req
					req.Query = sr.Term
					if sr.Lang != "" {
						req.Langs = []string{sr.Lang}
					}
					res, err := s.Search(context.Background(), req)
					if err != nil {
						t.Fatal(err)
					}
					if got, want := yearCounts(tr, sr), facetMap(res.Facets.Years); !reflect.DeepEqual(got, want) {
						t.Errorf("%s in %q: trend %v, year facet %v", sr.Term, sr.Lang, got, want)
					}
					if sr.Total != res.Total {
						t.Errorf("%s in %q: Total %d, search total %d", sr.Term, sr.Lang, sr.Total, res.Total)
					}
				}
				if matched == 0 {
					t.Error("no series matched in any year: the comparison proves nothing")
				}
			})
		}
	}
}

// The date range is kept: the chart covers the range, and in each year
// the range holds whole its counts are the facet's (which leaves the
// range out to show every year).
func TestTrendKeepsTheDateRange(t *testing.T) {
	s := query.New(indextest.Build(t, trendCorpus()), nil)
	req := search.Request{From: day(2019, 1, 1), To: day(2021, 12, 31)}
	tr, err := s.Trend(context.Background(), req, []string{"NATO"}, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2019, 2020, 2021}; !reflect.DeepEqual(tr.Years, want) {
		t.Errorf("Years = %v, want %v", tr.Years, want)
	}
	res, err := s.Search(context.Background(), search.Request{Query: "NATO", From: req.From, To: req.To})
	if err != nil {
		t.Fatal(err)
	}
	inRange := facetMap(res.Facets.Years)
	for y := range inRange {
		if y < "2019" || y > "2021" {
			delete(inRange, y)
		}
	}
	if got := yearCounts(tr, tr.Series[0]); !reflect.DeepEqual(got, inRange) {
		t.Errorf("counts = %v, want the facet's years in the range %v", got, inRange)
	}
	if tr.Series[0].Total != res.Total {
		t.Errorf("Total = %d, want the search's %d", tr.Series[0].Total, res.Total)
	}
}

// Years span every year from the first to the last the filters admit a
// dated row in, oldest first, those without a match counted 0; undated
// rows count in Total only.
func TestTrendYears(t *testing.T) {
	s := query.New(indextest.Build(t, trendCorpus()), nil)
	tr, err := s.Trend(context.Background(), search.Request{}, []string{"pledge", "cyber"}, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023}; !reflect.DeepEqual(tr.Years, want) {
		t.Errorf("Years = %v, want %v", tr.Years, want)
	}
	if got, want := tr.Series[0].Counts, []int{0, 0, 0, 0, 0, 1, 0, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("pledge counts = %v, want %v", got, want)
	}
	cyber := tr.Series[1]
	sum := 0
	for _, n := range cyber.Counts {
		sum += n
	}
	if cyber.Total != sum+3 {
		t.Errorf("cyber: Total %d, counts %v: want the counts and the 3 undated rows", cyber.Total, cyber.Counts)
	}
	if tr.Normalised || cyber.Rows != nil || cyber.Rates != nil {
		t.Errorf("not asked to normalise, got Normalised %v, Rows %v, Rates %v", tr.Normalised, cyber.Rows, cyber.Rates)
	}
	if tr.Request.Query != "pledge | cyber" {
		t.Errorf("Request.Query = %q, want the terms joined", tr.Request.Query)
	}
}

// Years spread over more than search.MaxYearFacets are still charted year
// by year; they add up to the facet's decades.
func TestTrendOverDecades(t *testing.T) {
	files := map[string]string{}
	for _, y := range []int{1974, 1979, 1991, 2004} {
		files[fmt.Sprintf("s%d.txt", y)] = fmt.Sprintf("---\ntitle: {en: S}\ndate: %d-01-01\n---\n[en]\n1. The Council met.\n2. The Council met again.\n", y)
	}
	s := query.New(indextest.Build(t, files), nil)
	tr, err := s.Trend(context.Background(), search.Request{}, []string{"council"}, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Years) != 2004-1974+1 {
		t.Errorf("%d years, want every year from 1974 to 2004", len(tr.Years))
	}
	res, err := s.Search(context.Background(), search.Request{Query: "council"})
	if err != nil {
		t.Fatal(err)
	}
	decades := map[string]int{}
	for i, y := range tr.Years {
		if n := tr.Series[0].Counts[i]; n > 0 {
			decades[strconv.Itoa(y-y%10)+"s"] += n
		}
	}
	if want := facetMap(res.Facets.Decades); !reflect.DeepEqual(decades, want) {
		t.Errorf("years add up to %v, want the facet's decades %v", decades, want)
	}
}

// Normalised, each count is divided by the rows the filters admit in its
// year, in the series' language: counted by hand from answerCorpus.
func TestTrendNormalised(t *testing.T) {
	s := query.New(indextest.Build(t, answerCorpus()), nil)
	tests := []struct {
		name    string
		req     search.Request
		term    string
		perLang bool
		// want maps a series' language to its years' counts, rows and rates.
		want map[string][3][]float64
	}{
		// 2019: 3 rows, 2 say NATO; 2021: 3 rows (2 + 1), 2 say NATO.
		{"all languages", search.Request{}, "NATO", false, map[string][3][]float64{
			"": {{2, 0, 2}, {3, 0, 3}, {2.0 / 3, 0, 2.0 / 3}}}},
		// In French, 2021 has 2 rows (the ministers' meeting is in
		// English only), one of which says OTAN.
		{"per language", search.Request{}, "OTAN", true, map[string][3][]float64{
			"en": {{0, 0, 0}, {3, 0, 3}, {0, 0, 0}},
			"fr": {{2, 0, 1}, {3, 0, 2}, {2.0 / 3, 0, 0.5}}}},
		// The issuer's one row of 2021 says NATO: all of it.
		{"issuer", search.Request{Issuer: "Defence Ministers"}, "NATO", false, map[string][3][]float64{
			"": {{1}, {1}, {1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := s.Trend(context.Background(), tt.req, []string{tt.term}, tt.perLang, true)
			if err != nil {
				t.Fatal(err)
			}
			if !tr.Normalised {
				t.Error("Normalised = false, want true")
			}
			if len(tr.Series) != len(tt.want) {
				t.Fatalf("%d series, want %d", len(tr.Series), len(tt.want))
			}
			for _, sr := range tr.Series {
				want, ok := tt.want[sr.Lang]
				if !ok {
					t.Fatalf("a series in %q, want only %v", sr.Lang, slices.Collect(maps.Keys(tt.want)))
				}
				got := [3][]float64{floats(sr.Counts), floats(sr.Rows), sr.Rates}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s in %q over %v: counts, rows, rates = %v, want %v", sr.Term, sr.Lang, tr.Years, got, want)
				}
			}
		})
	}
}

func floats(ns []int) []float64 {
	out := make([]float64, len(ns))
	for i, n := range ns {
		out[i] = float64(n)
	}
	return out
}

// A trend passes the checks of a search and its own: at most four terms,
// at most eight series, each term's syntax, and the cost limits summed
// over the terms. Each refusal is a fault.Invalid error naming its limit.
func TestTrendLimits(t *testing.T) {
	var za, zb []string
	for i := 0; i < search.MaxExpandedTerms*3/4; i++ {
		suffix := fmt.Sprintf("%c%c%c", 'a'+i/676%26, 'a'+i/26%26, 'a'+i%26)
		za = append(za, "za"+suffix)
		zb = append(zb, "zb"+suffix)
	}
	files := trendCorpus()
	files["wide.txt"] = "---\ntitle: {en: Wide}\ndate: 2024-01-01\n---\n[en]\n1. " + strings.Join(za, " ") + "\n2. " + strings.Join(zb, " ") + "\n"
	s := query.New(indextest.Build(t, files), nil)
	phrase := `"` + strings.TrimSpace(strings.Repeat("cyber ", search.MaxPhraseWords+1)) + `"`
	// Four terms typed as one query just under its length limit: joined
	// with spaced separators they are longer, and still a trend runs.
	var four []string
	for _, w := range []string{"cyber", "nato", "threat", "allies"} {
		long := strings.Repeat(strings.Repeat("w", 30)+" ", search.MaxClauses/4-1) + w
		four = append(four, long+strings.Repeat("s", (search.MaxQueryLength-3)/4-len(long)))
	}
	typed := strings.Join(four, "|")
	longTerms, err := search.ParseTrendTerms(typed)
	if err != nil || len(typed) != search.MaxQueryLength-(search.MaxQueryLength-3)%4 || len(search.JoinTerms(longTerms)) <= search.MaxQueryLength {
		t.Fatalf("the long terms' fixture: %d bytes typed, %d joined, %v", len(typed), len(search.JoinTerms(longTerms)), err)
	}
	tests := []struct {
		name    string
		req     search.Request
		terms   []string
		perLang bool
		refused string // part of the message, or "" for a trend that runs
	}{
		{"four terms", search.Request{}, []string{"a1", "b2", "c3", "NATO"}, false, ""},
		{"five terms", search.Request{}, []string{"a1", "b2", "c3", "d4", "NATO"}, false, "at most 4"},
		{"no term", search.Request{}, nil, false, "type a word"},
		{"two terms in each of three languages", search.Request{}, []string{"NATO", "cyber"}, true, ""},
		{"three terms in each of three languages", search.Request{}, []string{"NATO", "cyber", "terrorism"}, true, "at most 8"},
		{"three terms in two languages chosen", search.Request{Langs: []string{"en", "fr"}}, []string{"NATO", "cyber", "terrorism"}, true, ""},
		{"a prefix under the limit", search.Request{}, []string{"za*", "NATO"}, false, ""},
		{"two prefixes over the limit together", search.Request{}, []string{"za*", "zb*"}, false, strconv.Itoa(search.MaxExpandedTerms)},
		{"a phrase over the limit", search.Request{}, []string{"NATO", phrase}, false, fmt.Sprintf("at most %d", search.MaxPhraseWords)},
		{"an unclosed quote", search.Request{}, []string{`"cyber`}, false, "never closed"},
		{"only excluded words", search.Request{}, []string{"NATO", "-cyber"}, false, "only -excluded"},
		{"a language the archive lacks", search.Request{Langs: []string{"xx"}}, []string{"NATO"}, false, "no statement"},
		{"four terms typed just under the query's length", search.Request{}, longTerms, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Trend(context.Background(), tt.req, tt.terms, tt.perLang, false)
			var fe *fault.Error
			switch {
			case tt.refused == "" && err != nil:
				t.Errorf("Trend(%.60q) = %v, want it to run", tt.terms, err)
			case tt.refused != "" && (!errors.As(err, &fe) || fe.Kind != fault.Invalid || !strings.Contains(fe.Msg, tt.refused)):
				t.Errorf("Trend(%.60q) = %v, want a fault.Invalid refusal naming %q", tt.terms, err, tt.refused)
			}
		})
	}
}

// A trend takes a place in the gate like a search: with its lane full,
// it is told to come back; a cancelled one stops.
func TestTrendThroughGate(t *testing.T) {
	idx := indextest.Build(t, trendCorpus())
	gate := search.NewGate(1, 1, 1, time.Millisecond)
	s := query.New(idx, gate)
	hold, err := gate.Enter(context.Background(), search.Cheap)
	if err != nil {
		t.Fatal(err)
	}
	var busy *fault.Error
	if _, err := s.Trend(context.Background(), search.Request{}, []string{"NATO"}, false, false); !errors.As(err, &busy) || busy.Kind != fault.Busy {
		t.Errorf("Trend with the cheap lane full = %v, want a fault.Busy error", err)
	}
	hold()
	if _, err := s.Trend(context.Background(), search.Request{}, []string{"NATO"}, false, false); err != nil {
		t.Errorf("Trend with room = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Trend(ctx, search.Request{}, []string{"NATO"}, false, false); !errors.Is(err, context.Canceled) {
		t.Errorf("Trend with a cancelled context = %v, want context.Canceled", err)
	}
}
