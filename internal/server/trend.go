package server

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"github.com/a-h/templ"

	"statementarchive/internal/search"
	"statementarchive/web"
)

// trend runs a trend through the request's Reader.
func (s *Server) trend(r *http.Request, tr search.TrendRequest) (*search.Trend, error) {
	return s.reader(r).Trend(r.Context(), tr.Request, tr.Terms, tr.PerLang, tr.Normalise)
}

// withinTrendBound returns r bounded by search.SearchTimeout from now, when
// its handler starts: a trend's whole answer, from the request to its
// last byte rendered, waits in the gate, counts, renders and waits for
// room to send within the bound, so that the bound a client is told of
// ("searches stop after 5s") is the answer's, not only its searches'.
// The index bounds the searches too; the earlier deadline holds.
func withinTrendBound(r *http.Request) (*http.Request, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(r.Context(), search.SearchTimeout)
	return r.WithContext(ctx), cancel
}

// renderTrend renders a trend page into a buffer and sends it only if the
// request's bound still holds: a page finished after its bound is not
// sent, however complete, but answered as one that took too long.
func (s *Server) renderTrend(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		return err
	}
	if err := r.Context().Err(); err != nil {
		return err
	}
	return s.send(w, r, status, "text/html; charset=utf-8", &buf)
}

// trendPage serves GET /trend?q=&lang=&issuer=&tag=&from=&to=&per_lang=&normalise=:
// the form and, for up to four terms separated by |, the chart of their
// matching rows per year and the table of the same numbers. A request it
// cannot run gets the page with the reason and a 400; one it cannot
// answer within search.SearchTimeout of its arrival, a 503.
func (s *Server) trendPage(w http.ResponseWriter, r *http.Request) error {
	r, cancel := withinTrendBound(r)
	defer cancel()
	tr, err := search.ParseTrendValues(queryValues(r))
	shown := tr
	shown.Request.Query = clipBytes(tr.Request.Query, search.MaxQueryLength)
	p := web.TrendPage{Request: shown, Languages: s.reader(r).Languages()}
	if err == nil && len(tr.Terms) == 0 {
		return s.renderTrend(w, r, http.StatusOK, web.Trend(p))
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
		return s.renderTrend(w, r, status, web.Trend(p))
	}
	p.Trend = t
	p.Renderings = s.trendRenderings(r, tr)
	return s.renderTrend(w, r, http.StatusOK, web.Trend(p))
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

// apiTrend serves GET /api/trend with the parameters of /trend, within
// the bound of /trend.
func (s *Server) apiTrend(w http.ResponseWriter, r *http.Request) error {
	r, cancel := withinTrendBound(r)
	defer cancel()
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
	// The JSON of at most MaxTrendSeries series takes no time to encode;
	// waiting for room to send it is bounded by r's context.
	if err := r.Context().Err(); err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}

// trendRenderings returns, per term of a trend counted in every language
// together, how the paragraphs that match it render it in the others:
// the renderings of a search of the term with the trend's filters, for
// the page to offer the term and its renderings as one series. A term
// whose search fails, or a trend past its bound, has none: the chart is
// the answer, the renderings an aid.
func (s *Server) trendRenderings(r *http.Request, tr search.TrendRequest) map[string][]search.Rendering {
	if tr.PerLang || len(tr.Request.Langs) == 1 {
		return nil
	}
	out := map[string][]search.Rendering{}
	for _, term := range tr.Terms {
		if r.Context().Err() != nil {
			break
		}
		req := tr.Request
		req.Query, req.Page, req.PerPage = term, 1, search.DefaultPerPage
		res, err := s.reader(r).Search(r.Context(), req)
		if err != nil {
			continue
		}
		out[term] = res.Renderings
	}
	return out
}
