package query

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// How a search runs. Each word or phrase of a query is analysed separately
// for each language field, with that language's analyzer, so that
// stemming and stop words follow the language of the text they are matched
// against; a row matches when its text matches in any language searched.
//
// The rows are walked in goroutines of the archive's own, which recover a
// panic into the search's error (collect.go), but the statements' search,
// exports and the trend run through Bleve's alias, whose goroutines end
// the process on a panic that no handler can recover. So nothing from a
// request reaches Bleve before it has been bounded: the result window
// (size and from, checked without overflow in search.Request.Normalize),
// the languages (only the index's own), the days of the date range
// (clamped to what its int64 nanoseconds hold), the filters' lengths, and
// the query's terms, prefixes and phrases (whose expansions and lengths
// estimate checks against the term dictionary first). FuzzSearch and the
// server's FuzzSearchHandler keep it so.

// maxPrefixTerms bounds how many index terms one prefix* may expand to in
// one shard: a last guard behind search.MaxExpandedTerms, which estimate
// checks for the whole query before it runs.
const maxPrefixTerms = search.MaxExpandedTerms

func init() {
	searcher.DisjunctionMaxClauseCount = maxPrefixTerms
}

// Facet sizes: how many values a facet lists.
const (
	yearFacetSize   = 500 // every year the archive can hold is fewer
	issuerFacetSize = 20
	tagFacetSize    = 30
	// liftBoost is how much a statement whose metadata match lifts its
	// rows, against the score of their text.
	liftBoost = 2.0
	// renderingRows is how many of the best matching rows the renderings
	// read; maxRenderingWords the longest query they are computed for,
	// and renderingTerms how many terms each language shows.
	renderingRows     = 50
	maxRenderingWords = 3
	renderingTerms    = 6
	minRenderingRows  = 3
	// A query that finds fewer than suggestBelow rows in all has its
	// words checked for a suggestion, each in at most suggestLangs of the
	// languages searched (those where it finds fewest), and at most
	// suggestWords words of a query are.
	suggestLangs = 3
	suggestBelow = 10
	suggestWords = 3
)

// Search runs req. A request the caller should correct gives a
// fault.Invalid error; a search its gate has no room for, fault.Busy; one
// that takes longer than search.SearchTimeout, context.DeadlineExceeded.
//
// After admission (admit.go) a search runs in phases, one method each,
// in this order, each phase's time added to the result's Phases:
// statements (the first page's list of statements whose details match),
// rank (the rows, ranked: collect.go), facets, highlights (the rows
// shown), suggestions (a query finding little) and renderings (a short
// query's first page, with the other forms of its words).
func (s *Engine) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, search.SearchTimeout)
	defer cancel()
	a, err := s.admit(ctx, req, forPage, trendTerms{})
	if err != nil {
		return nil, err
	}
	defer a.close()
	p := &pass{Engine: s, a: a, req: a.req, out: &search.Result{Request: a.req}, at: time.Now()}
	for _, phase := range []func(context.Context) error{p.statements, p.rank, p.facets, p.highlights, p.suggest, p.render} {
		if err := phase(ctx); err != nil {
			return nil, err
		}
	}
	return p.out, nil
}

// pass is one search in progress: what each phase leaves for the next.
type pass struct {
	*Engine
	a   *admitted
	req search.Request
	out *search.Result
	// at is when the phase running started.
	at time.Time
	// lift are the statements whose rows rank higher (first page only).
	lift []string
	// rendering is set on the first page of a short query: the rank
	// then reads enough rows for the renderings too.
	rendering bool
	// fil holds which statements pass the request's filters.
	fil statementFilter
	rk  *ranked
	// texts are the texts of the rows read: the page's, or every row
	// ranked when the renderings read them; terms their terms as ingest
	// stored them (index.TermsField), which the renderings read instead
	// of analysing the texts.
	texts, terms []map[string]string
}

// done closes a phase: its time goes into the result.
func (p *pass) done(phase string) {
	p.at = p.out.Add(phase, p.at)
}

// statements lists, on the first page, the statements whose details
// (title, reference, issuer, tags) match, and those its references name
// first; both lift their rows.
func (p *pass) statements(ctx context.Context) error {
	if p.req.Page != 1 {
		return nil
	}
	var matched []string
	if len(p.a.clauses) > 0 {
		var err error
		if matched, err = p.Engine.statements(ctx, p.a.rd, p.a.clauses, p.req, p.out); err != nil {
			return err
		}
	}
	p.referencedFirst(p.a.refIDs, p.req, p.out)
	p.lift = p.a.lift(matched)
	p.done(search.PhaseStatements)
	return nil
}

// rank walks the matching rows and keeps the best (collect.go): the
// page's, and on a short query's first page the renderings' too. The
// walk also counts each statement's rows for the facets whose own filter
// is unset.
func (p *pass) rank(ctx context.Context) error {
	rows, err := p.rows(p.a, p.req, noSkip)
	if err != nil {
		return err
	}
	q := lifted(rows, p.lift, p.req)
	size := p.req.PerPage
	p.rendering = p.req.Page == 1 && renderable(p.a.clauses)
	if p.rendering {
		size = max(size, renderingRows)
	}
	from := (p.req.Page - 1) * p.req.PerPage
	p.fil = newStatementFilter(p.x, p.req)
	if p.rk, err = p.a.rd.rank(ctx, q, from+size, p.req.Sort == search.SortDate, p.countsUnset(), nil); err != nil {
		return err
	}
	p.out.Total = p.rk.total
	p.done(search.PhaseRows)
	return nil
}

// countsUnset reports whether a facet's own filter is unset, so that the
// ranked walk's counts are its counts.
func (p *pass) countsUnset() bool {
	return !p.fil.has(bitDate) || !p.fil.has(bitIssuer) || !p.fil.has(bitTag)
}

// facets counts the years, issuers, tags and languages of the matching
// rows. A facet whose own filter is set counts as if it were unset, so
// that its other values stay in view: one unfiltered walk counts them.
func (p *pass) facets(ctx context.Context) error {
	var facets index.FacetCounts
	if p.countsUnset() {
		facets = p.x.FacetCounts(p.rk.perStatement)
	}
	if p.fil.set != 0 {
		fq, err := p.rows(p.a, search.Request{}, noSkip)
		if err != nil {
			return err
		}
		var bits []uint8
		for _, b := range []uint8{bitDate, bitIssuer, bitTag} {
			if p.fil.has(b) {
				bits = append(bits, b)
			}
		}
		per, err := p.a.rd.countPerStatement(ctx, fq, len(bits), func(ord int32, i int) bool { return p.fil.passBut(ord, bits[i]) })
		if err != nil {
			return err
		}
		for i, b := range bits {
			c := p.x.FacetCounts(per[i])
			switch b {
			case bitDate:
				facets.Years = c.Years
			case bitIssuer:
				facets.Issuers = c.Issuers
			case bitTag:
				facets.Tags = c.Tags
			}
		}
	}
	out := p.out
	out.Facets.Years, out.Facets.Decades = yearFacets(facets.Years)
	out.Facets.Issuer = termFacet(facets.Issuers, issuerFacetSize)
	out.Facets.Tag = termFacet(facets.Tags, tagFacetSize)
	if p.a.refOnly {
		out.Facets.Lang = p.referenceLangFacet(p.a.refIDs, p.a.all, p.req)
	} else {
		var err error
		if out.Facets.Lang, err = p.langFacet(ctx, p.a.rd, p.a.clauses, p.a.all, p.fil); err != nil {
			return err
		}
	}
	p.done(search.PhaseFacets)
	return nil
}

// highlights reads the texts of the rows shown and marks the query in
// each language as that language analyses it; the renderings' rows are
// read here too, unmarked.
func (p *pass) highlights(ctx context.Context) error {
	from := (p.req.Page - 1) * p.req.PerPage
	hits := p.rk.hits[min(from, len(p.rk.hits)):]
	read := min(len(hits), p.req.PerPage)
	if p.rendering {
		read = len(hits)
	}
	p.texts = make([]map[string]string, read)
	p.terms = make([]map[string]string, read)
	for i := range p.texts {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if p.texts[i], p.terms[i], err = p.a.rd.stored(hits[i]); err != nil {
			return err
		}
	}
	markers := map[string]*marker{}
	for i := range min(len(hits), p.req.PerPage) {
		row, err := p.row(ctx, p.a.rd, hits[i], p.texts[i], p.a.clauses, markers, p.req.Langs)
		if err != nil {
			return err
		}
		p.out.Rows = append(p.out.Rows, row)
	}
	p.done(search.PhaseHighlights)
	return nil
}

// suggest names the query's stop words and, on a first page that finds
// fewer than suggestBelow rows, suggests other words.
func (p *pass) suggest(ctx context.Context) error {
	p.out.StopWords = p.stopWords(p.a.clauses, p.a.langs)
	if p.req.Page != 1 || p.out.Total >= suggestBelow || len(p.a.clauses) == 0 {
		return nil
	}
	var err error
	if p.out.Suggestions, err = p.suggestions(ctx, p.req, p.a.clauses, p.a.langs, p.out.Facets.Lang, p.out.Total); err != nil {
		return err
	}
	p.done(search.PhaseSuggestions)
	return nil
}

// render shows, on a short query's first page, how the matching rows
// render the query in the other languages, and the other forms of its
// words: both read the archive's words.
func (p *pass) render(ctx context.Context) error {
	if !p.rendering {
		return nil
	}
	var err error
	terms := p.terms
	if p.analyseRows {
		terms = nil
	}
	if p.out.Renderings, err = p.renderings(ctx, p.a.rd, p.texts, terms, p.out.Facets.Lang); err != nil {
		return err
	}
	if p.out.Total > 0 {
		if p.out.Related, err = p.related(ctx, p.req, p.a.clauses, p.a.langs, p.out.Facets.Lang); err != nil {
			return err
		}
	}
	p.done(search.PhaseRenderings)
	return nil
}

// lifted returns the query of rows with the rows of the statements lift
// ranked higher, when the request ranks by relevance.
func lifted(rows query.Query, lift []string, req search.Request) query.Query {
	if len(lift) == 0 || req.Sort != search.SortRelevance {
		return rows
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(rows)
	for _, id := range lift {
		t := bleve.NewTermQuery(id)
		t.SetField(index.FieldStatement)
		t.SetBoost(liftBoost)
		b.AddShould(t)
	}
	return b
}

// replaceWord replaces the first whole-word occurrence of word in q.
func replaceWord(q, word, instead string) string {
	for i := 0; i+len(word) <= len(q); {
		j := strings.Index(q[i:], word)
		if j < 0 {
			break
		}
		start, end := i+j, i+j+len(word)
		before, _ := utf8.DecodeLastRuneInString(q[:start])
		after, _ := utf8.DecodeRuneInString(q[end:])
		if (start == 0 || notWordRune(before)) && (end == len(q) || notWordRune(after)) {
			return q[:start] + instead + q[end:]
		}
		i = end
	}
	return q
}

// renderings shows how the rows that match a query of one to three plain
// words render it in the languages where the query itself matches little
// (under a tenth of the rows it matches in its best language): read from
// the best renderingRows matching rows, enough to show a rendering that
// most of them share, and few enough to read at every search.
//
// hits holds the rows' texts, and terms their terms as the index stores
// them (index.TermsField), which spare analysing the texts.
func (s *Engine) renderings(ctx context.Context, rd *readers, hits, terms []map[string]string, langFacet []search.FacetCount) ([]search.Rendering, error) {
	if len(hits) < minRenderingRows {
		return nil, nil // too few rows to tell a rendering from chance
	}
	best := 0
	for _, f := range langFacet {
		best = max(best, f.Count)
	}
	var langs []string
	for _, f := range langFacet {
		if f.Count*10 < best {
			langs = append(langs, f.Value)
		}
	}
	if len(langs) == 0 {
		return nil, nil
	}
	return rd.renderings(ctx, hits, terms, langs, func(lang string) int { return s.x.RowsIn(lang) }, renderingTerms)
}

// renderable reports whether a query is one to three plain words (and
// any -excluded ones), whose renderings the first page shows.
func renderable(clauses []search.Clause) bool {
	words := 0
	for _, c := range clauses {
		switch {
		case c.Occur == search.MustNot:
		case c.Prefix:
			return false
		default:
			words += len(strings.Fields(c.Text))
		}
	}
	return words > 0 && words <= maxRenderingWords
}

// positive refuses a query with nothing to look for.
func positive(clauses []search.Clause) error {
	for _, c := range clauses {
		if c.Occur != search.MustNot {
			return nil
		}
	}
	if len(clauses) == 0 {
		return search.ErrEmptyQuery
	}
	return search.Errorf("a query of only -excluded words matches nothing: add a word to search for")
}

// run runs a request on every shard. A shard that fails fails the search:
// Bleve's alias would otherwise return the other shards' hits as if whole.
func (s *Engine) run(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := s.x.Alias().SearchInContext(ctx, sr)
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

// filter names a filter a facet's search leaves out.
type filter int

const (
	noSkip filter = iota
	skipDate
	skipIssuer
	skipTag
	skipLang
)

// filters returns the request's filters as queries, but skip.
func filters(req search.Request, skip filter) []query.Query {
	var out []query.Query
	if req.Issuer != "" && skip != skipIssuer {
		t := bleve.NewTermQuery(req.Issuer)
		t.SetField(index.FieldIssuer)
		out = append(out, t)
	}
	if req.Tag != "" && skip != skipTag {
		t := bleve.NewTermQuery(req.Tag)
		t.SetField(index.FieldTag)
		out = append(out, t)
	}
	if f := newStatementFilters(req); f.set&bitDate != 0 && skip != skipDate {
		inclusive, exclusive := true, false
		d := bleve.NewDateRangeInclusiveQuery(f.from, f.end, &inclusive, &exclusive)
		d.SetField(index.FieldDate)
		out = append(out, d)
	}
	return out
}

// rowQuery returns the query of rows whose text matches clauses in any of
// langs, with the request's filters but skip.
func (s *Engine) rowQuery(clauses []search.Clause, langs []string, req search.Request, skip filter) (query.Query, error) {
	var perLang []query.Query
	for _, lang := range langs {
		analyzer := s.x.Analyzer(lang)
		if analyzer == nil {
			return nil, fmt.Errorf("no analyzer %s for %s", index.AnalyzerName(lang), lang)
		}
		if q := fieldQuery(clauses, index.TextField(lang), analyzer, s.pairs(lang)); q != nil {
			perLang = append(perLang, q)
		}
	}
	return withFilters(perLang, filters(req, skip)), nil
}

// withFilters matches any of alternatives, and every filter.
func withFilters(alternatives, filters []query.Query) query.Query {
	var q query.Query = bleve.NewMatchNoneQuery()
	if len(alternatives) > 0 {
		q = bleve.NewDisjunctionQuery(alternatives...)
	}
	if len(filters) > 0 {
		return bleve.NewConjunctionQuery(append([]query.Query{q}, filters...)...)
	}
	return q
}

// fieldQuery matches the clauses against one text field, analysed by
// analyzer; a phrase also requires its pairs of frequent words in the
// language's pairs field when pairs, that field's analyzer, is given
// (pairs.go). It returns nil when nothing of the query is left for that
// field (its words are all stop words there).
func fieldQuery(clauses []search.Clause, field string, analyzer, pairs analysis.Analyzer) query.Query {
	b := bleve.NewBooleanQuery()
	var musts, shoulds, mustNots int
	var only query.Query // the one clause, when there is one
	for _, c := range clauses {
		var q query.Query
		switch {
		case c.Prefix:
			q = prefixQuery(c.Text, field, analyzer)
		default:
			tokens := analyzer.Analyze([]byte(c.Text))
			switch len(tokens) {
			case 0:
				continue // a stop word in this language
			case 1:
				t := bleve.NewTermQuery(string(tokens[0].Term))
				t.SetField(field)
				q = t
			default:
				p := bleve.NewMatchPhraseQuery(c.Text)
				p.SetField(field)
				p.Analyzer = analyzerName(field)
				q = p
				if terms := queryPairs(c.Text, analyzer, pairs); len(terms) > 0 {
					q = withPairs(p, tokens, terms, field)
				}
				if !c.Phrase {
					q = joinedWord(q, tokens, field)
				}
			}
		}
		switch c.Occur {
		case search.Must:
			b.AddMust(q)
			musts++
		case search.Should:
			b.AddShould(q)
			shoulds++
		case search.MustNot:
			b.AddMustNot(q)
			mustNots++
		}
		only = q
	}
	if musts+shoulds == 0 {
		return nil
	}
	// A query of one word or phrase is that clause alone: a boolean of
	// one clause scores as its clause does, and costs a searcher per
	// shard and language around it (a tenth of a rare word's walk).
	if musts+shoulds == 1 && mustNots == 0 {
		return only
	}
	if musts == 0 {
		b.SetMinShould(1)
	}
	return b
}

// joinedWord matches a word the analyzer splits in several ("cyber/
// hybrid", "(2014)-2016", "e-mail") where its parts stand together, as a
// phrase, best, and else wherever the row holds them all: punctuation in
// a word never makes a query find less than its plain words would.
func joinedWord(phrase query.Query, tokens analysis.TokenStream, field string) query.Query {
	var all []query.Query
	for _, t := range tokens {
		tq := bleve.NewTermQuery(string(t.Term))
		tq.SetField(field)
		all = append(all, tq)
	}
	return bleve.NewDisjunctionQuery(phrase, bleve.NewConjunctionQuery(all...))
}

// withPairs returns a phrase that also requires its pair terms. A phrase
// of two words that are a pair needs no position check at all: the pair
// term holds exactly where the two words are adjacent, so the phrase is
// the conjunction of its two words (which scores as the phrase does: the
// sum of its words' scores) and of the pair term, which the conjunction
// leaps along and which adds nothing to the score. A longer phrase keeps
// its position check, on the rows its pairs allow.
func withPairs(phrase query.Query, tokens analysis.TokenStream, pairs []string, field string) query.Query {
	lang := strings.TrimPrefix(field, "text_")
	conj := []query.Query{phrase}
	if len(tokens) == 2 && len(pairs) == 1 {
		conj = conj[:0]
		for _, t := range tokens {
			tq := bleve.NewTermQuery(string(t.Term))
			tq.SetField(field)
			conj = append(conj, tq)
		}
	}
	for _, t := range pairs {
		tq := bleve.NewTermQuery(t)
		tq.SetField(index.PairField(lang))
		tq.SetBoost(0)
		conj = append(conj, tq)
	}
	return bleve.NewConjunctionQuery(conj...)
}

// analyzerName returns the analyzer of a field of the mapping.
func analyzerName(field string) string {
	if lang, ok := strings.CutPrefix(field, "text_"); ok {
		return index.AnalyzerName(lang)
	}
	if lang, ok := strings.CutPrefix(field, "meta_"); ok {
		return index.AnalyzerName(lang)
	}
	return index.FallbackAnalyzer
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
		if t := string(tokens[0].Term); t != raw && len(t) >= search.MinPrefixLength {
			prefixes = append(prefixes, t)
		}
	}
	return prefixes
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

// langFacet counts, for every language of the archive, the rows that
// match in that language, with every filter but the language's.
func (s *Engine) langFacet(ctx context.Context, rd *readers, clauses []search.Clause, all []string, fil statementFilter) ([]search.FacetCount, error) {
	counts := make([]search.FacetCount, len(all))
	for i, lang := range all {
		counts[i].Value = lang
		analyzer := s.x.Analyzer(lang)
		if analyzer == nil {
			return nil, fmt.Errorf("no analyzer %s for %s", index.AnalyzerName(lang), lang)
		}
		q := fieldQuery(clauses, index.TextField(lang), analyzer, s.pairs(lang))
		if q == nil {
			continue // only stop words in this language
		}
		var err error
		if term, ok := singleTerm(clauses, analyzer); ok && fil.set == 0 {
			counts[i].Count, err = rd.docFreq(ctx, index.TextField(lang), term)
		} else {
			counts[i].Count, err = rd.countMatches(ctx, q, fil.pass)
		}
		if err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// yearFacets returns the year counts newest first, or, when they span
// more than search.MaxYearFacets years, decade counts instead.
func yearFacets(byYear map[int]int) (years, decades []search.FacetCount) {
	ys := make([]int, 0, len(byYear))
	for y := range byYear {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	slices.Reverse(ys)
	if len(ys) > 0 && ys[0]-ys[len(ys)-1] >= search.MaxYearFacets {
		byDecade := map[int]int{}
		for y, n := range byYear {
			byDecade[y-y%10] += n
		}
		ds := make([]int, 0, len(byDecade))
		for d := range byDecade {
			ds = append(ds, d)
		}
		slices.Sort(ds)
		slices.Reverse(ds)
		for _, d := range ds {
			decades = append(decades, search.FacetCount{
				Value: strconv.Itoa(d) + "s", Count: byDecade[d],
				From: time.Date(d, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(d+9, 12, 31, 0, 0, 0, 0, time.UTC),
			})
		}
		return nil, decades
	}
	for _, y := range ys {
		years = append(years, search.FacetCount{
			Value: strconv.Itoa(y), Count: byYear[y],
			From: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC),
		})
	}
	return years, nil
}

// termFacet returns a keyword facet's size most frequent values, then in
// alphabetical order.
func termFacet(counts map[string]int, size int) []search.FacetCount {
	out := make([]search.FacetCount, 0, len(counts))
	for v, n := range counts {
		out = append(out, search.FacetCount{Value: v, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if len(out) == 0 {
		return nil
	}
	return out[:min(len(out), size)]
}

// row turns a ranked hit (whose ID rd.texts has read) and its stored texts
// into a result row, its texts highlighted where they match, its
// languages ordered for showing.
func (s *Engine) row(ctx context.Context, rd *readers, e *entry, texts map[string]string, clauses []search.Clause, markers map[string]*marker, filter []string) (search.Row, error) {
	docID := e.id
	id, ref, ok := index.ParseDocID(docID)
	if !ok {
		return search.Row{}, fmt.Errorf("hit %q is not a row document: rebuild the index", docID)
	}
	st, ok := s.x.Lookup(id)
	if !ok {
		return search.Row{}, fmt.Errorf("hit %s names statement %q, which the catalog lacks: rebuild the index", docID, id)
	}
	row := search.Row{Statement: st, Ref: ref, Text: map[string]string{}, Highlight: map[string]string{}}
	marks := map[string]int{}
	for _, lang := range st.Languages {
		text, ok := texts[lang]
		if !ok {
			continue
		}
		row.Text[lang] = text
		m := markers[lang]
		if m == nil {
			m = newMarker(clauses, s.x.Analyzer(lang))
			markers[lang] = m
		}
		html, n, err := m.highlightStored(ctx, rd.rs[e.shard], index.TextField(lang), e.doc, text)
		if err != nil {
			return search.Row{}, fmt.Errorf("highlight %s: %w", docID, err)
		}
		if n > 0 {
			row.Highlight[lang] = html
			marks[lang] = n
			row.Matched = append(row.Matched, lang)
		}
	}
	sort.SliceStable(row.Matched, func(i, j int) bool { return marks[row.Matched[i]] > marks[row.Matched[j]] })
	row.Show = ShowOrder(st, row, filter)
	return row, nil
}

// ShowOrder returns the languages a row is shown in, in order: first the
// language filtered on that matches (or else that the row has), or else
// the best match; then the other languages filtered on, the other
// matches, and the statement's other languages, each once and only those
// the row has.
func ShowOrder(st *statement.Statement, row search.Row, filter []string) []string {
	var out []string
	add := func(l string) {
		if _, ok := row.Text[l]; ok && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	for _, l := range filter {
		if slices.Contains(row.Matched, l) {
			add(l)
			break
		}
	}
	for _, l := range filter {
		add(l)
	}
	for _, l := range row.Matched {
		add(l)
	}
	for _, l := range st.Languages {
		add(l)
	}
	return out
}

// statements finds the statements whose metadata match: a title,
// subtitle or reference in any language, or the issuer or tags. It fills
// the result's Statements and returns their IDs, whose rows the search
// then lifts.
func (s *Engine) statements(ctx context.Context, rd *readers, clauses []search.Clause, req search.Request, out *search.Result) ([]string, error) {
	rk, err := rd.rank(ctx, s.statementsQuery(clauses, req), search.MaxStatementList, false, false, s.hasLanguage(req.Langs))
	if err != nil {
		return nil, err
	}
	out.StatementTotal = rk.total
	fallback := s.x.Shards()[0].Mapping().AnalyzerNamed(index.FallbackAnalyzer)
	var ids []string
	for _, e := range rk.hits {
		id, err := rd.id(e)
		if err != nil {
			return nil, err
		}
		st, ok := s.x.Lookup(id)
		if !ok {
			continue // a row's document cannot match these fields
		}
		// The best few are listed with what matched and lift their rows;
		// the others are only named, so that every one can be reached.
		if len(out.Statements) == search.MaxStatementHits {
			out.OtherStatements = append(out.OtherStatements, search.StatementHit{Statement: st})
			continue
		}
		out.Statements = append(out.Statements, search.StatementHit{Statement: st, Fields: s.matchedFields(st, clauses, fallback)})
		ids = append(ids, st.ID)
	}
	return ids, nil
}

// statementsQuery matches the statement documents whose details match the
// query, with the request's filters.
func (s *Engine) statementsQuery(clauses []search.Clause, req search.Request) query.Query {
	var alternatives []query.Query
	for _, lang := range s.x.Languages() {
		if q := fieldQuery(clauses, index.MetaField(lang), s.x.Analyzer(lang), nil); q != nil {
			alternatives = append(alternatives, q)
		}
	}
	fallback := s.x.Shards()[0].Mapping().AnalyzerNamed(index.FallbackAnalyzer)
	if q := fieldQuery(clauses, index.FieldMeta, fallback, nil); q != nil {
		alternatives = append(alternatives, q)
	}
	return withFilters(alternatives, filters(req, noSkip))
}

// hasLanguage returns whether a statement (by ordinal) has a text in one
// of langs, from the catalog; nil, keeping every statement, when langs is
// empty. The statements' search filters by language this way, not with a
// term query on their language field: at a million rows that term lists
// half a million documents, and reading them took 2 to 10 ms of a search
// whose statements matched a few (and its score moved their order).
func (s *Engine) hasLanguage(langs []string) func(ord int32) bool {
	if len(langs) == 0 {
		return nil
	}
	return func(ord int32) bool {
		st := s.x.StatementAt(ord)
		return st != nil && inLanguages(st, langs)
	}
}

// inLanguages reports whether st has text in one of langs (every
// statement passes an empty list).
func inLanguages(st *statement.Statement, langs []string) bool {
	return len(langs) == 0 || slices.ContainsFunc(langs, func(l string) bool { return slices.Contains(st.Languages, l) })
}

// matchedFields names the metadata of st that the query matches.
func (s *Engine) matchedFields(st *statement.Statement, clauses []search.Clause, fallback analysis.Analyzer) []string {
	var out []string
	matches := func(m map[string]string) bool {
		for lang, v := range m {
			a := fallback
			if lang != "" && slices.Contains(s.x.Languages(), lang) {
				a = s.x.Analyzer(lang)
			}
			if _, n := newMarker(clauses, a).highlight(v); n > 0 {
				return true
			}
		}
		return false
	}
	for _, f := range []struct {
		name string
		m    map[string]string
	}{{"title", st.Title}, {"subtitle", st.Subtitle}, {"reference", st.Reference}, {"issuer", map[string]string{"": st.Issuer}}, {"tags", map[string]string{"": strings.Join(st.Tags, " ")}}} {
		if matches(f.m) {
			out = append(out, f.name)
		}
	}
	return out
}

// stopWords returns the query's plain words that are stop words in every
// language searched: they match nothing on their own.
func (s *Engine) stopWords(clauses []search.Clause, langs []string) []string {
	var out []string
	for _, c := range clauses {
		if c.Prefix || c.Occur == search.MustNot {
			continue
		}
		stop := true
		for _, l := range langs {
			if len(s.x.Analyzer(l).Analyze([]byte(c.Text))) > 0 {
				stop = false
				break
			}
		}
		if stop {
			out = append(out, c.Text)
		}
	}
	return out
}

// searchError turns Bleve's refusals into errors the user can act on.
func searchError(err error) error {
	switch {
	case strings.Contains(err.Error(), "TooManyClauses"):
		return search.Errorf("a prefix* in the query matches too many words: type more letters before the *")
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return err
	}
	return fmt.Errorf("search: %w", err)
}

// queryPairs returns the pair terms a phrase's rows must hold in a
// language's pairs field: none when the index has no pairs analyzer for
// it, or when the phrase's analysis puts two words at one position.
func queryPairs(phrase string, analyzer, pairs analysis.Analyzer) []string {
	if pairs == nil {
		return nil
	}
	tokens := analyzer.Analyze([]byte(phrase))
	for i := 1; i < len(tokens); i++ {
		if tokens[i].Position <= tokens[i-1].Position {
			return nil
		}
	}
	var out []string
	for _, t := range pairs.Analyze([]byte(phrase)) {
		out = append(out, string(t.Term))
	}
	return out
}
