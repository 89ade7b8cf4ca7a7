// Package search turns a search request into a result of domain values. It
// is the only package that builds queries: each word or phrase is analysed
// separately for each language field, with that language's analyzer, so that
// stemming and stop words follow the language of the text they are matched
// against.
//
// Bleve runs a search on every shard in goroutines of its own, where a
// panic ends the process and no handler can recover it. So nothing from a
// request reaches Bleve before this package has bounded it: the result
// window (size and from, checked without overflow in normalize), the
// languages (only the index's own), the days of the date range (clamped to
// what its int64 nanoseconds hold), and the query's terms, prefixes and
// phrases (whose expansions and lengths estimate checks against the term
// dictionary first). FuzzSearch and the server's FuzzSearchHandler keep
// it so.
package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"statementarchive/internal/index"
	"statementarchive/internal/statement"
)

// Paging bounds.
const (
	DefaultPerPage = 10
	MaxPerPage     = 100
	// maxPrefixTerms bounds how many index terms one prefix* may expand to
	// in one shard: a last guard behind MaxExpandedTerms, which estimate
	// checks for the whole query before it runs.
	maxPrefixTerms = MaxExpandedTerms
)

func init() {
	searcher.DisjunctionMaxClauseCount = maxPrefixTerms
}

// Sort orders the hits.
type Sort string

// The sort orders offered.
const (
	SortRelevance Sort = "relevance"
	SortDate      Sort = "date"
)

// Request is one search.
type Request struct {
	// Query holds words, "phrases", +required, -excluded and prefix*.
	Query string
	// Langs restricts the hits to these languages; empty means all.
	Langs []string
	// Issuer, if set, restricts the hits to statements by this issuer.
	Issuer string
	// From and To, if set, restrict the hits to statements issued in that
	// range of days, both included.
	From, To time.Time
	// Page counts from 1; 0 means 1.
	Page int
	// PerPage is the number of hits per page; 0 means DefaultPerPage.
	PerPage int
	// Sort is SortRelevance (the default) or SortDate, newest first.
	Sort Sort
}

// Result is one page of hits.
type Result struct {
	// Request is the request as run, with its defaults filled in.
	Request Request
	// Total is the number of paragraphs that match.
	Total int
	// Facets counts the matching paragraphs per language as if no language
	// filter were set, so each option shows what choosing it would give.
	// Every language of the archive is present, with 0 where none match.
	Facets map[string]int
	Hits   []Hit
}

// Hit is one matching paragraph in one language.
type Hit struct {
	// Statement holds the statement's metadata (its paragraphs carry no text).
	Statement *statement.Statement
	// Ref names the row that matched: a paragraph, the preamble, a
	// heading or a footnote.
	Ref  statement.Ref
	Lang string
	Text string
	// Highlight is Text as HTML, with the matches marked by <mark> and
	// everything else escaped.
	Highlight string
	// Aligned holds the same paragraph in the statement's other languages.
	Aligned map[string]string
	Score   float64
}

// Error is a request the caller should correct; its message says how.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// ErrEmptyQuery is returned for a query with nothing to search for.
var ErrEmptyQuery = &Error{Msg: "type a word or \"a phrase\" to search for"}

// Searcher runs searches against an open index.
type Searcher struct {
	idx  *index.Index
	gate *Gate
}

// New returns a Searcher over idx that runs every search it is given.
func New(idx *index.Index) *Searcher { return &Searcher{idx: idx} }

// Gated returns the searcher with its searches admitted by gate: a
// server shares one gate between every request.
func (s *Searcher) Gated(gate *Gate) *Searcher {
	c := *s
	c.gate = gate
	return &c
}

// Search runs req. A request the caller should correct gives an *Error; a
// search its gate has no room for, a *BusyError; one that takes longer than
// SearchTimeout, context.DeadlineExceeded.
func (s *Searcher) Search(ctx context.Context, req Request) (*Result, error) {
	req, err := s.normalize(req)
	if err != nil {
		return nil, err
	}
	clauses, err := parseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, SearchTimeout)
	defer cancel()
	all := s.idx.Languages()
	hitsQuery, err := s.build(clauses, req.Langs, req)
	if err != nil {
		return nil, err
	}
	// The facets search every language, so the cost is counted over all.
	c, err := s.estimate(ctx, clauses, all, req.Page*req.PerPage)
	if err != nil {
		return nil, err
	}
	release, err := s.gate.Enter(ctx, c.weight())
	if err != nil {
		return nil, err
	}
	defer release()

	sr := bleve.NewSearchRequestOptions(hitsQuery, req.PerPage, (req.Page-1)*req.PerPage, false)
	sr.Fields = make([]string, 0, len(req.Langs))
	for _, l := range req.Langs {
		sr.Fields = append(sr.Fields, index.TextField(l))
	}
	if req.Sort == SortDate {
		sr.SortByCustom(search.SortOrder{
			&search.SortField{Field: index.FieldDate, Type: search.SortFieldAsDate, Desc: true, Missing: search.SortFieldMissingLast},
			// Document IDs sort by statement, then paragraph (zero-padded).
			&search.SortDocID{},
		})
	} else {
		sr.SortBy([]string{"-_score", "_id"})
	}
	facetRequest := bleve.NewFacetRequest(index.FieldLang, len(all))
	unfiltered := len(req.Langs) == len(all)
	if unfiltered {
		sr.AddFacet(index.FieldLang, facetRequest)
	}
	res, err := s.run(ctx, sr)
	if err != nil {
		return nil, err
	}

	out := &Result{Request: req, Total: int(res.Total), Facets: make(map[string]int, len(all))}
	for _, l := range all {
		out.Facets[l] = 0
	}
	facets := res.Facets
	if !unfiltered {
		facetQuery, err := s.build(clauses, all, req)
		if err != nil {
			return nil, err
		}
		fr := bleve.NewSearchRequestOptions(facetQuery, 0, 0, false)
		fr.AddFacet(index.FieldLang, facetRequest)
		fres, err := s.run(ctx, fr)
		if err != nil {
			return nil, err
		}
		facets = fres.Facets
	}
	if f, ok := facets[index.FieldLang]; ok && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			out.Facets[t.Term] = t.Count
		}
	}

	// Only the hits shown are highlighted, each language's with the
	// query as that language analyses it.
	markers := map[string]*marker{}
	for _, dm := range res.Hits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h, err := s.hit(dm)
		if err != nil {
			return nil, err
		}
		m := markers[h.Lang]
		if m == nil {
			m = newMarker(clauses, s.idx.Analyzer(h.Lang))
			markers[h.Lang] = m
		}
		h.Highlight = m.highlight(h.Text)
		out.Hits = append(out.Hits, h)
	}
	return out, nil
}

// run runs a request on every shard. A shard that fails fails the search:
// Bleve's alias would otherwise return the other shards' hits as if whole.
func (s *Searcher) run(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := s.idx.Bleve().SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchError(err)
	}
	if res.Status != nil && res.Status.Failed > 0 {
		for _, shardErr := range res.Status.Errors {
			return nil, searchError(shardErr)
		}
		return nil, fmt.Errorf("search: %d of %d index shards failed", res.Status.Failed, res.Status.Total)
	}
	return res, nil
}

// normalize fills in defaults and checks the request's bounds.
func (s *Searcher) normalize(req Request) (Request, error) {
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
		return req, errorf("%d hits per page is out of range: choose 1 to %d", req.PerPage, MaxPerPage)
	case req.Page > MaxResultWindow/req.PerPage:
		return req, errorf("page %d is too deep: results stop at hit %d (page %d at %d per page); narrow the search with more words or a filter", req.Page, MaxResultWindow, MaxResultWindow/req.PerPage, req.PerPage)
	}
	switch req.Sort {
	case "":
		req.Sort = SortRelevance
	case SortRelevance, SortDate:
	default:
		return req, errorf("unknown sort %q: sort by %s or %s", req.Sort, SortRelevance, SortDate)
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return req, errorf("the date range ends (%s) before it starts (%s): swap the dates", req.To.Format(time.DateOnly), req.From.Format(time.DateOnly))
	}
	req.From, req.To = clampDay(req.From), clampDay(req.To)
	all := s.idx.Languages()
	if len(req.Langs) == 0 {
		req.Langs = all
		return req, nil
	}
	seen := map[string]bool{}
	var langs []string
	for _, l := range req.Langs {
		if seen[l] {
			continue
		}
		seen[l] = true
		if !contains(all, l) {
			return req, errorf("no statement in the archive is in language %q: choose from %s", l, strings.Join(all, ", "))
		}
		langs = append(langs, l)
	}
	sort.Strings(langs)
	req.Langs = langs
	return req, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// build returns the query for clauses over the given languages, with the
// request's issuer and date filters.
func (s *Searcher) build(clauses []clause, langs []string, req Request) (query.Query, error) {
	positive := false
	for _, c := range clauses {
		if c.occur != mustNot {
			positive = true
		}
	}
	if !positive {
		if len(clauses) == 0 {
			return nil, ErrEmptyQuery
		}
		return nil, errorf("a query of only -excluded words matches nothing: add a word to search for")
	}
	var perLang []query.Query
	for _, lang := range langs {
		q, err := s.languageQuery(clauses, lang)
		if err != nil {
			return nil, err
		}
		if q != nil {
			perLang = append(perLang, q)
		}
	}
	var q query.Query = bleve.NewMatchNoneQuery()
	if len(perLang) > 0 {
		q = bleve.NewDisjunctionQuery(perLang...)
	}
	var filters []query.Query
	if req.Issuer != "" {
		t := bleve.NewTermQuery(req.Issuer)
		t.SetField(index.FieldIssuer)
		filters = append(filters, t)
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		var end time.Time
		if !req.To.IsZero() {
			end = req.To.AddDate(0, 0, 1)
		}
		inclusive, exclusive := true, false
		d := bleve.NewDateRangeInclusiveQuery(req.From, end, &inclusive, &exclusive)
		d.SetField(index.FieldDate)
		filters = append(filters, d)
	}
	if len(filters) > 0 {
		return bleve.NewConjunctionQuery(append([]query.Query{q}, filters...)...), nil
	}
	return q, nil
}

// languageQuery matches the clauses against one language's text field. It
// returns nil when nothing of the query is left for that language (its words
// are all stop words there).
func (s *Searcher) languageQuery(clauses []clause, lang string) (query.Query, error) {
	field := index.TextField(lang)
	analyzer := s.idx.Analyzer(lang)
	if analyzer == nil {
		return nil, fmt.Errorf("no analyzer %s for %s", index.AnalyzerName(lang), lang)
	}
	b := bleve.NewBooleanQuery()
	var musts, shoulds, mustNots int
	for _, c := range clauses {
		var q query.Query
		switch {
		case c.prefix:
			q = prefixQuery(c.text, field, analyzer)
		default:
			tokens := analyzer.Analyze([]byte(c.text))
			switch len(tokens) {
			case 0:
				continue // a stop word in this language
			case 1:
				t := bleve.NewTermQuery(string(tokens[0].Term))
				t.SetField(field)
				q = t
			default:
				p := bleve.NewMatchPhraseQuery(c.text)
				p.SetField(field)
				q = p
			}
		}
		switch c.occur {
		case must:
			b.AddMust(q)
			musts++
		case should:
			b.AddShould(q)
			shoulds++
		case mustNot:
			b.AddMustNot(q)
			mustNots++
		}
	}
	if musts+shoulds == 0 {
		return nil, nil
	}
	if musts == 0 {
		b.SetMinShould(1)
	}
	return b, nil
}

// prefixQuery matches words that start with text, as prefixTerms gives them.
func prefixQuery(text, field string, analyzer analysis.Analyzer) query.Query {
	var qs []query.Query
	for _, p := range prefixTerms(text, analyzer) {
		pq := bleve.NewPrefixQuery(p)
		pq.SetField(field)
		qs = append(qs, pq)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// prefixTerms returns the index-term prefixes of a prefix* clause. The
// index holds stemmed and normalised terms (the French stemmer turns
// "réaffirmons" into "reafirmon"), so the prefix is matched both as typed,
// folded and in lower case, and as the language's analyzer normalises it.
func prefixTerms(text string, analyzer analysis.Analyzer) []string {
	raw := strings.ToLower(index.Fold(strings.TrimFunc(text, notWordRune)))
	prefixes := []string{raw}
	if tokens := analyzer.Analyze([]byte(raw)); len(tokens) == 1 {
		if t := string(tokens[0].Term); t != raw && len(t) >= MinPrefixLength {
			prefixes = append(prefixes, t)
		}
	}
	return prefixes
}

// hit turns a Bleve hit into a domain hit, with the aligned paragraphs.
func (s *Searcher) hit(dm *search.DocumentMatch) (Hit, error) {
	id, ref, lang, ok := index.ParseDocID(dm.ID)
	if !ok {
		return Hit{}, fmt.Errorf("hit %q is not a paragraph document: rebuild the index", dm.ID)
	}
	st, ok := s.idx.Lookup(id)
	if !ok {
		return Hit{}, fmt.Errorf("hit %s names statement %q, which the catalog lacks: rebuild the index", dm.ID, id)
	}
	h := Hit{Statement: st, Ref: ref, Lang: lang, Score: dm.Score}
	h.Text, _ = dm.Fields[index.TextField(lang)].(string)
	var err error
	if h.Aligned, err = s.idx.Translations(id, ref, lang); err != nil {
		return Hit{}, err
	}
	return h, nil
}

// searchError turns Bleve's refusals into errors the user can act on.
func searchError(err error) error {
	switch {
	case strings.Contains(err.Error(), "TooManyClauses"):
		return errorf("a prefix* in the query matches too many words: type more letters before the *")
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return err
	}
	return fmt.Errorf("search: %w", err)
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
