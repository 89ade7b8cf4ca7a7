// Package search holds what a search is, apart from how it runs: the
// request (parsed once from a URL's values, validated once, and written
// back as the values every link of a result page is built from), the
// result of aligned rows, statements and facets, the query syntax, the
// limits a request is checked against, and the gate that admits searches
// by their cost. It imports no Bleve and no HTTP; the index package runs
// searches (query.Engine), the server and pages read these types.
package search

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"statementarchive/internal/fault"
	"statementarchive/internal/statement"
)

// Paging bounds.
const (
	DefaultPerPage = 10
	MaxPerPage     = 100
)

// The work one search may cause is bounded whatever its syntax. Each limit
// is checked before the search runs, against the index's own term
// dictionary, and a request over one gets a fault.Invalid error that names it and says
// how to narrow the search. (MaxQueryLength, MaxClauses and
// MinPrefixLength, in query.go, bound the text of the query itself.)
const (
	// MaxExpandedTerms bounds the index terms that all the prefix* of a
	// query expand to together, counted in every language searched. Each
	// term is a postings list Bleve opens and merges: 32 two-letter
	// prefixes used to open tens of thousands of them and take a gigabyte.
	MaxExpandedTerms = 4096
	// MaxPhraseWords bounds the words of one "phrase" after analysis. A
	// phrase's positions are checked word by word, and a long phrase of a
	// repeated word costs seconds.
	MaxPhraseWords = 16
	// MaxResultWindow bounds how deep paging goes: page × per page. It is
	// checked as page > MaxResultWindow / per page, which cannot overflow.
	MaxResultWindow = 10000
	// SearchTimeout bounds one search, from the query's analysis to the
	// last highlight; a search past it gets a "took too long" answer.
	SearchTimeout = 5 * time.Second
	// MaxFilterLength bounds an issuer or tag filter, as ingest bounds the
	// front-matter value it is compared with.
	MaxFilterLength = statement.MaxFieldBytes
)

// Sort orders the rows.
type Sort string

// The sort orders offered.
const (
	SortRelevance Sort = "relevance"
	SortDate      Sort = "date"
)

// Request is one search: what to find, the filters, and which page.
type Request struct {
	// Query holds words, "phrases", +required, -excluded and prefix*.
	Query string
	// Langs restricts the rows to those matching in these languages;
	// empty means all.
	Langs []string
	// Issuer and Tag, if set, restrict the rows to statements by this
	// issuer, and with this tag.
	Issuer, Tag string
	// From and To, if set, restrict the rows to statements issued in that
	// range of days, both included.
	From, To time.Time
	// Page counts from 1; 0 means 1.
	Page int
	// PerPage is the number of rows per page; 0 means DefaultPerPage.
	PerPage int
	// Sort is SortRelevance (the default) or SortDate, newest first.
	Sort Sort
}

// ParseValues reads a request from a URL's query values: q, lang
// (repeatable, or comma-separated), issuer, tag, from and to
// (YYYY-MM-DD), page, per_page and sort. Values the request cannot hold
// give a fault.Invalid error saying what to write instead; the bounds that need the
// archive (its languages) are Normalize's.
func ParseValues(v url.Values) (Request, error) {
	req := Request{
		Query:  v.Get("q"),
		Sort:   Sort(strings.TrimSpace(v.Get("sort"))),
		Issuer: strings.TrimSpace(v.Get("issuer")),
		Tag:    strings.TrimSpace(v.Get("tag")),
	}
	for _, l := range v["lang"] {
		for _, s := range strings.Split(l, ",") {
			if s = strings.TrimSpace(s); s != "" {
				req.Langs = append(req.Langs, s)
			}
		}
	}
	var err error
	if req.Page, err = intValue(v, "page", 1); err != nil {
		return req, err
	}
	if req.Page < 1 {
		return req, errorf("there is no page %d: pages count from 1", req.Page)
	}
	if req.PerPage, err = intValue(v, "per_page", DefaultPerPage); err != nil {
		return req, err
	}
	if req.PerPage < 1 || req.PerPage > MaxPerPage {
		return req, errorf("per_page must be from 1 to %d, not %d", MaxPerPage, req.PerPage)
	}
	if req.From, err = dayValue(v, "from"); err != nil {
		return req, err
	}
	if req.To, err = dayValue(v, "to"); err != nil {
		return req, err
	}
	return req, nil
}

func intValue(v url.Values, name string, def int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errorf("%s must be a whole number, not %q", name, statement.Excerpt(s, 40))
	}
	return n, nil
}

func dayValue(v url.Values, name string) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errorf("%s must be a day written YYYY-MM-DD, not %q", name, statement.Excerpt(s, 40))
	}
	return t, nil
}

// Normalize fills in the request's defaults and checks its bounds against
// the archive's languages (langs), once: the empty query, the page
// window (checked without overflow), the sort, the languages, the
// filters' lengths and the date range, whose days are clamped to the
// range of dates the archive holds. An invalid request gives a fault.Invalid error.
func (req Request) Normalize(langs []string) (Request, error) {
	req.Query = strings.TrimSpace(req.Query)
	if req.Query == "" {
		return req, ErrEmptyQuery
	}
	if req.Page == 0 {
		req.Page = 1
	}
	if req.PerPage == 0 {
		req.PerPage = DefaultPerPage
	}
	switch {
	case req.Page < 1:
		return req, errorf("page %d does not exist: pages count from 1", req.Page)
	case req.PerPage < 1 || req.PerPage > MaxPerPage:
		return req, errorf("%d rows per page is out of range: choose 1 to %d", req.PerPage, MaxPerPage)
	case req.Page > MaxResultWindow/req.PerPage:
		return req, errorf("page %d is too deep: results stop at row %d (page %d at %d per page); narrow the search with more words or a filter", req.Page, MaxResultWindow, MaxResultWindow/req.PerPage, req.PerPage)
	}
	switch req.Sort {
	case "":
		req.Sort = SortRelevance
	case SortRelevance, SortDate:
	default:
		return req, errorf("unknown sort %q: sort by %s or %s", statement.Excerpt(string(req.Sort), 40), SortRelevance, SortDate)
	}
	for name, f := range map[string]string{"issuer": req.Issuer, "tag": req.Tag} {
		if len(f) > MaxFilterLength {
			return req, errorf("the %s filter is %d bytes long; no %s is longer than %d", name, len(f), name, MaxFilterLength)
		}
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return req, errorf("the date range ends (%s) before it starts (%s): swap the dates", req.To.Format(time.DateOnly), req.From.Format(time.DateOnly))
	}
	req.From, req.To = clampDay(req.From), clampDay(req.To)
	if len(req.Langs) == 0 {
		return req, nil
	}
	var chosen []string
	for _, l := range req.Langs {
		if slices.Contains(chosen, l) {
			continue
		}
		if !slices.Contains(langs, l) {
			return req, errorf("no statement in the archive is in language %q: choose from %s", statement.Excerpt(l, 40), strings.Join(langs, ", "))
		}
		chosen = append(chosen, l)
	}
	slices.Sort(chosen)
	if len(chosen) == len(langs) {
		chosen = nil // every language is no filter
	}
	req.Langs = chosen
	return req, nil
}

// clampDay moves a filter's day into the range the index can store
// without changing what the filter selects: the archive holds no statement
// outside statement.MinDate to statement.MaxDate, so any day before that
// range selects what the day before its start selects, and likewise after
// it. The zero day (no filter) stays.
func clampDay(d time.Time) time.Time {
	switch {
	case d.IsZero():
		return d
	case d.Before(statement.MinDate):
		return statement.MinDate.AddDate(0, 0, -1)
	case d.After(statement.MaxDate):
		return statement.MaxDate.AddDate(0, 0, 1)
	}
	return d
}

// Values writes the request as URL query values, defaults left out: every
// link of a result page is built from them, so that paging, sorting or
// choosing a facet keeps every other filter.
func (req Request) Values() url.Values {
	v := url.Values{}
	v.Set("q", req.Query)
	for _, l := range req.Langs {
		v.Add("lang", l)
	}
	if req.Issuer != "" {
		v.Set("issuer", req.Issuer)
	}
	if req.Tag != "" {
		v.Set("tag", req.Tag)
	}
	if !req.From.IsZero() {
		v.Set("from", req.From.Format(time.DateOnly))
	}
	if !req.To.IsZero() {
		v.Set("to", req.To.Format(time.DateOnly))
	}
	if req.Sort != "" && req.Sort != SortRelevance {
		v.Set("sort", string(req.Sort))
	}
	if req.PerPage != 0 && req.PerPage != DefaultPerPage {
		v.Set("per_page", strconv.Itoa(req.PerPage))
	}
	if req.Page > 1 {
		v.Set("page", strconv.Itoa(req.Page))
	}
	return v
}

// Filtered reports whether the request has any filter besides the query.
func (req Request) Filtered() bool {
	return len(req.Langs) > 0 || req.Issuer != "" || req.Tag != "" || !req.From.IsZero() || !req.To.IsZero()
}

// Result is one page of an answer to a request.
type Result struct {
	// Request is the request as run, with its defaults filled in.
	Request Request
	// Total is the number of rows that match.
	Total int
	// Rows are this page's matching rows.
	Rows []Row
	// Statements are the statements whose title, subtitle, reference,
	// issuer or tags match (at most MaxStatementHits, best first), and
	// StatementTotal how many do. They are found on the first page only.
	Statements     []StatementHit
	StatementTotal int
	// OtherStatements are the next statements that match, after
	// Statements (at most MaxStatementList in all, their Fields left
	// empty), so that a page can link every one; they do not lift rows.
	OtherStatements []StatementHit
	// Facets count the matching rows by language, year, issuer and tag.
	Facets Facets
	// Suggestions are corrections of words that match little.
	Suggestions []Suggestion
	// StopWords lists the query's words that are stop words in every
	// language searched: they match nothing on their own.
	StopWords []string
	// Renderings show how the matching rows render a short query in the
	// other languages (first page only).
	Renderings []Rendering
	// Related are the other forms the archive holds of the query's words
	// (first page of a query of one to three words only, as Renderings).
	Related []Related
	// Timings says how long each part of the search took, in the order
	// they ran: for the server's Server-Timing header and the benchmark,
	// which reports the cost of each part apart.
	Timings []Timing `json:"-"`
}

// Timing is how long one part of a search took. The parts are named by
// the Phase constants.
type Timing struct {
	Phase    string
	Duration time.Duration
}

// The parts of a search, as Timings names them.
const (
	PhaseStatements  = "statements"  // the statements whose details match
	PhaseRows        = "rows"        // ranking the rows, with the facets of unset filters
	PhaseFacets      = "facets"      // facets of set filters, and the language counts
	PhaseHighlights  = "highlights"  // reading and marking the rows shown
	PhaseSuggestions = "suggestions" // words the query likely meant
	PhaseRenderings  = "renderings"  // how the rows render the query in other languages, and its words' other forms
)

// Add records that phase took the time since start, and returns now.
func (r *Result) Add(phase string, start time.Time) time.Time {
	now := time.Now()
	r.Timings = append(r.Timings, Timing{Phase: phase, Duration: now.Sub(start)})
	return now
}

// MaxStatementHits bounds the statements a result lists above its rows.
const MaxStatementHits = 5

// MaxStatementList bounds the statements a result names in all, those
// listed above the rows and the others (Result.OtherStatements).
const MaxStatementList = 100

// Row is one aligned row that matches: a paragraph (or preamble,
// heading, footnote) of a statement with its text in every language it
// has, the languages that matched marked.
type Row struct {
	// Statement holds the statement's metadata (its paragraphs carry no text).
	Statement *statement.Statement
	Ref       statement.Ref
	// Text maps each language of the row to its text.
	Text map[string]string
	// Highlight maps each language whose text matches to that text as
	// HTML, the matches in <mark>, everything else escaped, footnote
	// references as <sup>N</sup>.
	Highlight map[string]string
	// Matched lists the languages whose text matches, the best match
	// (most marked words) first.
	Matched []string
	// Show lists the languages the row is shown in, in order: first the
	// language filtered on (or else the best match), then the others
	// the row has.
	Show []string
}

// StatementHit is a statement whose metadata match.
type StatementHit struct {
	Statement *statement.Statement
	// Fields names what matched: "title", "subtitle", "reference",
	// "issuer", "tags".
	Fields []string
}

// Facets count the matching rows by each filter's values, each as if
// its own filter were unset, so every option shows what choosing it
// would give.
type Facets struct {
	// Lang has every language of the archive, with 0 where no row matches.
	Lang []FacetCount
	// Years counts by year of issue, newest first; Decades is set
	// instead when the years span more than MaxYearFacets.
	Years, Decades []FacetCount
	Issuer, Tag    []FacetCount
}

// MaxYearFacets is the most years the year facet lists before it counts
// by decade.
const MaxYearFacets = 15

// FacetCount is one value of a facet and how many matching rows have it.
type FacetCount struct {
	Value string
	Count int
	// From and To are the days a year or decade covers.
	From, To time.Time
}

func errorf(format string, args ...any) error { return fault.Errorf(fault.Invalid, format, args...) }

// Errorf returns a request the caller should correct: a *fault.Error of
// kind fault.Invalid, its message saying how.
func Errorf(format string, args ...any) error { return errorf(format, args...) }

// ErrEmptyQuery is returned for a query with nothing to search for.
var ErrEmptyQuery = &fault.Error{Kind: fault.Invalid, Msg: "type a word or \"a phrase\" to search for"}
