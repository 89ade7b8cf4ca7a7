package query_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"statementarchive/internal/fault"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// FuzzTrend checks that no query, language or date range makes a trend
// panic or fail with anything but a fault.Invalid error the user can act
// on, and that each series has a count for every year, none over its
// total.
func FuzzTrend(f *testing.F) {
	for _, seed := range []struct {
		q        string
		lang     string
		from, to int64 // days since 1970, 0 for none
		perLang  bool
	}{
		{"cyber | terrorism", "", 0, 0, false},
		{`"cyber defence" | NATO*`, "fr", 0, 0, true},
		{"a | b | c | d | e", "", 0, 0, false},
		{"cyber |", "en", 0, 0, false},
		{"NATO", "", -1 << 40, 1 << 40, true},
		{"-cyber | x", "xx", 18000, 17000, false},
	} {
		f.Add(seed.q, seed.lang, seed.from, seed.to, seed.perLang)
	}
	s := query.New(indextest.Build(f, trendCorpus()), nil)
	f.Fuzz(func(t *testing.T, q, lang string, from, to int64, perLang bool) {
		req := search.Request{}
		if lang != "" {
			req.Langs = []string{lang}
		}
		if from != 0 {
			req.From = time.Unix(0, 0).UTC().AddDate(0, 0, int(from%1_000_000))
		}
		if to != 0 {
			req.To = time.Unix(0, 0).UTC().AddDate(0, 0, int(to%1_000_000))
		}
		terms, err := search.ParseTrendTerms(q)
		if err == nil {
			var tr *search.Trend
			if tr, err = s.Trend(context.Background(), req, terms, perLang, true); err == nil {
				for _, sr := range tr.Series {
					sum := 0
					for _, n := range sr.Counts {
						sum += n
					}
					if len(sr.Counts) != len(tr.Years) || len(sr.Rates) != len(tr.Years) || sum > sr.Total {
						t.Fatalf("Trend(%q): %d counts, %d rates for %d years; %d counted of %d", q, len(sr.Counts), len(sr.Rates), len(tr.Years), sum, sr.Total)
					}
				}
				return
			}
		}
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Msg == "" || fe.Kind != fault.Invalid {
			t.Fatalf("Trend(%q, %q, %d, %d) = %v, want a fault.Invalid error", q, lang, from, to, err)
		}
	})
}
