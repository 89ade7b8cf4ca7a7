package query

import (
	"context"
	"strconv"

	"github.com/blevesearch/bleve/v2"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
)

// Trend counts, year by year, the rows that match each of terms (up to
// search.MaxTrendTerms, as search.ParseTrendTerms gives them) with every
// filter of req, its date range included, so that a chart of a range
// shows that range: each series' count for a year is what a search of
// its term with req's filters counts in its year facet (the facet leaves
// the date range out, so the two differ only in the years the range
// cuts). With perLang, each term is counted in each language searched
// apart, as the language facet counts it; with normalise, each count is
// also divided by the rows the filters admit in its year (and language),
// counted from the catalog: coverage varies by year, and a share compares
// years fairly. req's query is replaced by the terms, joined.
//
// The searches pass the checks of Search: the request's bounds, each
// term's syntax and, together, the cost limits (prefix expansions summed
// over the terms), then one place in the gate for all of them, weighed
// by their summed cost, and search.SearchTimeout for all of them: from
// the call (or ctx's deadline, if earlier) to the result, reading and
// counting included; a trend whose bound passes gives ctx's error, never
// a result, so that none is answered past its bound.
func (s *Engine) Trend(ctx context.Context, req search.Request, terms []string, perLang, normalise bool) (*search.Trend, error) {
	ctx, cancel := context.WithTimeout(ctx, search.SearchTimeout)
	defer cancel()
	a, err := s.admit(ctx, req, forTrend, trendTerms{terms: terms, perLang: perLang})
	if err != nil {
		return nil, err
	}
	defer a.close()
	req, langs := a.req, a.langs
	type series struct {
		term    int
		lang    string
		langs   []string
		clauses []search.Clause
	}
	var plan []series
	for i, clauses := range a.terms {
		if !perLang {
			plan = append(plan, series{term: i, langs: langs, clauses: clauses})
			continue
		}
		for _, l := range langs {
			plan = append(plan, series{term: i, lang: l, langs: []string{l}, clauses: clauses})
		}
	}
	out := &search.Trend{Request: req, Terms: terms, PerLang: perLang, Normalised: normalise}
	counts := make([]map[int]int, len(plan))
	span := map[int]bool{}
	for i, p := range plan {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		q, err := s.rowQuery(p.clauses, p.langs, req, noSkip)
		if err != nil {
			return nil, err
		}
		sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
		sr.AddFacet(index.FieldYear, bleve.NewFacetRequest(index.FieldYear, yearFacetSize))
		res, err := s.run(ctx, sr)
		if err != nil {
			return nil, err
		}
		counts[i] = map[int]int{}
		if f := res.Facets[index.FieldYear]; f != nil && f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				if y, err := strconv.Atoi(t.Term); err == nil {
					counts[i][y] += t.Count
					span[y] = true
				}
			}
		}
		out.Series = append(out.Series, search.Series{Term: terms[p.term], Lang: p.lang, Total: int(res.Total)})
	}

	// The rows the filters admit, per year, in each language counted and
	// in any language searched: the rates' denominators, and the span of
	// years the chart covers.
	scope, err := s.rowsPerYear(ctx, req, langs)
	if err != nil {
		return nil, err
	}
	for _, p := range plan {
		for y := range scope[p.lang] {
			span[y] = true
		}
	}
	out.Years = yearSpan(span)
	for i := range out.Series {
		sr := &out.Series[i]
		sr.Counts = make([]int, len(out.Years))
		for j, y := range out.Years {
			sr.Counts[j] = counts[i][y]
		}
		if !normalise {
			continue
		}
		sr.Rows = make([]int, len(out.Years))
		sr.Rates = make([]float64, len(out.Years))
		for j, y := range out.Years {
			sr.Rows[j] = scope[plan[i].lang][y]
			if sr.Rows[j] > 0 {
				sr.Rates[j] = float64(sr.Counts[j]) / float64(sr.Rows[j])
			}
		}
	}
	// The counts are in, but a result past its bound is not given.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// rowsPerYear counts, from the catalog, the rows of dated statements that
// req's issuer, tag and date filters admit, per year: under each of langs,
// those with text in that language, and under "", those with text in any
// of langs. The catalog is in memory and exact, where a search for every
// row document would also have to tell statement documents apart. It
// reads every statement of the archive, so it stops with ctx's error once
// ctx is done.
func (s *Engine) rowsPerYear(ctx context.Context, req search.Request, langs []string) (map[string]map[int]int, error) {
	out := map[string]map[int]int{"": {}}
	for _, l := range langs {
		out[l] = map[int]int{}
	}
	filters := newStatementFilters(req)
	for _, st := range s.x.Statements() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if filters.passed(st) != bitDate|bitIssuer|bitTag { // undated ones fail the date's
			continue
		}
		y := st.Date.Year()
		for _, p := range st.Paragraphs {
			searched := false
			for _, l := range langs {
				if _, ok := p.Text[l]; ok {
					out[l][y]++
					searched = true
				}
			}
			if searched {
				out[""][y]++
			}
		}
	}
	return out, nil
}

// yearSpan returns every year from the first to the last of years, in
// order, or none.
func yearSpan(years map[int]bool) []int {
	first, last, ok := 0, 0, false
	for y := range years {
		if !ok || y < first {
			first = y
		}
		if !ok || y > last {
			last = y
		}
		ok = true
	}
	if !ok {
		return nil
	}
	out := make([]int, 0, last-first+1)
	for y := first; y <= last; y++ {
		out = append(out, y)
	}
	return out
}
