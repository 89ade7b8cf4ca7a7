package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"statementarchive/internal/search"
	"statementarchive/web"
)

// trendReader is what the trend's routes need of a request's Reader: the
// index's has it (indexReader.Trend); a Reader without it serves no trend.
type trendReader interface {
	Trend(ctx context.Context, req search.Request, terms []string, perLang, normalise bool) (*search.Trend, error)
}

// Trend counts terms over time in the generation the request reads.
func (r indexReader) Trend(ctx context.Context, req search.Request, terms []string, perLang, normalise bool) (*search.Trend, error) {
	return r.searcher.Trend(ctx, req, terms, perLang, normalise)
}

// errNoTrend is the fault of an archive whose Reader cannot count terms
// over time: the server's, not the request's.
var errNoTrend = errors.New("the archive's reader does not count terms over time")

// trend runs a trend through the request's Reader.
func (s *Server) trend(r *http.Request, tr search.TrendRequest) (*search.Trend, error) {
	t, ok := s.reader(r).(trendReader)
	if !ok {
		return nil, errNoTrend
	}
	return t.Trend(r.Context(), tr.Request, tr.Terms, tr.PerLang, tr.Normalise)
}

// trendPage serves GET /trend?q=&lang=&issuer=&tag=&from=&to=&per_lang=&normalise=:
// the form and, for up to four terms separated by |, the chart of their
// matching rows per year and the table of the same numbers. A request it
// cannot run gets the page with the reason and a 400.
func (s *Server) trendPage(w http.ResponseWriter, r *http.Request) error {
	tr, err := search.ParseTrendValues(queryValues(r))
	shown := tr
	shown.Request.Query = clipBytes(tr.Request.Query, search.MaxQueryLength)
	p := web.TrendPage{Request: shown, Languages: s.reader(r).Languages()}
	if err == nil && len(tr.Terms) == 0 {
		return s.render(w, r, http.StatusOK, web.Trend(p))
	}
	var t *search.Trend
	if err == nil {
		t, err = s.trend(r, tr)
	}
	if err != nil {
		status, msg := classify(err)
		if status != http.StatusBadRequest {
			return err
		}
		p.Error = msg
		return s.render(w, r, status, web.Trend(p))
	}
	p.Trend = t
	return s.render(w, r, http.StatusOK, web.Trend(p))
}

// apiTrend is the JSON of GET /api/trend: the numbers of /trend's chart.
// Counts (and, when normalised, Rows and Rates) follow Years.
type apiTrend struct {
	Query      string           `json:"query"`
	Terms      []string         `json:"terms"`
	PerLang    bool             `json:"per_lang"`
	Normalised bool             `json:"normalised"`
	Years      []int            `json:"years"`
	Series     []apiTrendSeries `json:"series"`
}

// apiTrendSeries is one term's (in one language's, with per_lang) rows
// per year; Total counts undated ones too.
type apiTrendSeries struct {
	Term   string    `json:"term"`
	Lang   string    `json:"lang,omitempty"`
	Counts []int     `json:"counts"`
	Total  int       `json:"total"`
	Rows   []int     `json:"rows,omitempty"`
	Rates  []float64 `json:"rates,omitempty"`
}

// apiTrend serves GET /api/trend with the parameters of /trend.
func (s *Server) apiTrend(w http.ResponseWriter, r *http.Request) error {
	tr, err := search.ParseTrendValues(queryValues(r))
	if err != nil {
		return err
	}
	if strings.TrimSpace(tr.Request.Query) == "" {
		return badRequest("q is empty: give one to four terms separated by |, e.g. /api/trend?q=cyber|terrorism")
	}
	t, err := s.trend(r, tr)
	if err != nil {
		return err
	}
	out := apiTrend{Query: t.Request.Query, Terms: t.Terms, PerLang: t.PerLang, Normalised: t.Normalised,
		Years: t.Years, Series: make([]apiTrendSeries, 0, len(t.Series))}
	if out.Years == nil {
		out.Years = []int{}
	}
	for _, sr := range t.Series {
		out.Series = append(out.Series, apiTrendSeries{Term: sr.Term, Lang: sr.Lang, Counts: sr.Counts, Total: sr.Total, Rows: sr.Rows, Rates: sr.Rates})
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}
