package index

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

// Searcher runs searches against an open index.
type Searcher struct {
	x    *Index
	gate *search.Gate
	// noPairs has phrases checked without the pairs fields: the way
	// tests search to compare.
	noPairs bool
}

// pairs returns the analyzer of a language's pairs field, nil when the
// index has none for it.
func (s *Searcher) pairs(lang string) analysis.Analyzer {
	if s.noPairs {
		return nil
	}
	return s.x.pairs[lang]
}

// NewSearcher returns a Searcher over x whose searches are admitted by
// gate (nil admits every search at once): a server shares one gate
// between every request.
func NewSearcher(x *Index, gate *search.Gate) *Searcher { return &Searcher{x: x, gate: gate} }

// Search runs req. A request the caller should correct gives a
// fault.Invalid error; a search its gate has no room for, fault.Busy; one
// that takes longer than search.SearchTimeout, context.DeadlineExceeded.
func (s *Searcher) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	all := s.x.Languages()
	req, err := req.Normalize(all)
	if err != nil {
		return nil, err
	}
	if len(req.Query) > search.MaxQueryLength {
		_, err := search.ParseQuery(req.Query) // says what the limit is
		return nil, err
	}
	// References are taken out of the query before its syntax is read:
	// their parentheses, slashes and hyphens are no operators.
	refIDs, words := s.x.referencesIn(req.Query)
	clauses, err := search.ParseQuery(words)
	if err != nil {
		return nil, err
	}
	// A query that is only a reference lists its statement's rows.
	refOnly := len(refIDs) > 0 && !hasPositive(clauses)
	var excluded []search.Clause
	if refOnly {
		excluded, clauses = excludedWords(clauses), nil
	} else if err := positive(clauses); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, search.SearchTimeout)
	defer cancel()
	// One reader per shard serves the whole search, the estimate's and
	// the renderings' dictionary lookups included.
	rd, err := s.x.readers()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	// The language facet searches every language, so the cost is counted
	// over all.
	c, err := s.estimate(ctx, rd, clauses, all, req.Page*req.PerPage)
	if err != nil {
		return nil, err
	}
	release, err := s.gate.Enter(ctx, c.weight())
	if err != nil {
		return nil, err
	}
	defer release()

	out := &search.Result{Request: req}
	at := time.Now()
	langs := req.Langs
	if len(langs) == 0 {
		langs = all
	}
	var lift []string
	if req.Page == 1 {
		if len(clauses) > 0 {
			if lift, err = s.statements(ctx, rd, clauses, req, out); err != nil {
				return nil, err
			}
		}
		s.referencedFirst(refIDs, req, out)
		lift = append(slices.Clone(refIDs), lift...)
		at = out.Add(search.PhaseStatements, at)
	}
	var rows query.Query
	if refOnly {
		rows, err = s.referenceRows(refIDs, langs, req, noSkip, excluded)
	} else {
		rows, err = s.rowQuery(clauses, langs, req, noSkip)
	}
	if err != nil {
		return nil, err
	}
	q := lifted(rows, lift, req)
	// On the first page of a short query, one search ranks the rows shown
	// and the rows the renderings read.
	size := req.PerPage
	render := req.Page == 1 && renderable(clauses)
	if render {
		size = max(size, renderingRows)
	}
	from := (req.Page - 1) * req.PerPage
	fil := newStatementFilter(s.x, req)
	// Facets whose own filter is unset count the ranked walk's matches.
	unset := !fil.has(bitDate) || !fil.has(bitIssuer) || !fil.has(bitTag)
	rk, err := rd.rank(ctx, q, from+size, req.Sort == search.SortDate, unset)
	if err != nil {
		return nil, err
	}
	out.Total = rk.total
	at = out.Add(search.PhaseRows, at)
	var facets facetCounts
	if unset {
		facets = s.x.facetCounts(rk.perStatement)
	}
	if fil.set != 0 {
		// Each set facet counts as if its own filter were unset: one walk
		// of the rows without filters counts them all.
		var fq query.Query
		if refOnly {
			fq, err = s.referenceRows(refIDs, langs, search.Request{}, noSkip, excluded)
		} else {
			fq, err = s.rowQuery(clauses, langs, search.Request{}, noSkip)
		}
		if err != nil {
			return nil, err
		}
		var bits []uint8
		for _, b := range []uint8{bitDate, bitIssuer, bitTag} {
			if fil.has(b) {
				bits = append(bits, b)
			}
		}
		per, err := rd.countPerStatement(ctx, fq, len(bits), func(ord int32, i int) bool { return fil.passBut(ord, bits[i]) })
		if err != nil {
			return nil, err
		}
		for i, b := range bits {
			c := s.x.facetCounts(per[i])
			switch b {
			case bitDate:
				facets.years = c.years
			case bitIssuer:
				facets.issuers = c.issuers
			case bitTag:
				facets.tags = c.tags
			}
		}
	}
	out.Facets.Years, out.Facets.Decades = yearFacets(facets.years)
	out.Facets.Issuer = termFacet(facets.issuers, issuerFacetSize)
	out.Facets.Tag = termFacet(facets.tags, tagFacetSize)
	if refOnly {
		out.Facets.Lang = s.referenceLangFacet(refIDs, all, req)
	} else if out.Facets.Lang, err = s.langFacet(ctx, rd, clauses, all, fil); err != nil {
		return nil, err
	}
	at = out.Add(search.PhaseFacets, at)

	// Only the rows shown are highlighted, each language's with the
	// query as that language analyses it; the renderings read the texts
	// of every hit ranked.
	hits := rk.hits[min(from, len(rk.hits)):]
	read := min(len(hits), req.PerPage)
	if render {
		read = len(hits)
	}
	texts := make([]map[string]string, read)
	terms := make([]map[string]string, read)
	for i := range texts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if texts[i], terms[i], err = rd.stored(hits[i]); err != nil {
			return nil, err
		}
	}
	markers := map[string]*marker{}
	for i := range min(len(hits), req.PerPage) {
		row, err := s.row(ctx, rd, hits[i], texts[i], clauses, markers, req.Langs)
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, row)
	}
	at = out.Add(search.PhaseHighlights, at)
	out.StopWords = s.stopWords(clauses, langs)
	if req.Page == 1 && out.Total < suggestBelow && len(clauses) > 0 {
		if out.Suggestions, err = s.suggestions(ctx, req, clauses, langs, out.Facets.Lang, out.Total); err != nil {
			return nil, err
		}
		at = out.Add(search.PhaseSuggestions, at)
	}
	if render {
		if s.x.analyseRows {
			terms = nil
		}
		if out.Renderings, err = s.renderings(ctx, rd, texts, terms, out.Facets.Lang); err != nil {
			return nil, err
		}
		// The other forms of the query's words are timed with the
		// renderings: both read the archive's words for a short query.
		if out.Total > 0 {
			if out.Related, err = s.related(ctx, req, clauses, langs, out.Facets.Lang); err != nil {
				return nil, err
			}
		}
		out.Add(search.PhaseRenderings, at)
	}
	return out, nil
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
		t.SetField(FieldStatement)
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
// them (TermsField), which spare analysing the texts.
func (s *Searcher) renderings(ctx context.Context, rd *readers, hits, terms []map[string]string, langFacet []search.FacetCount) ([]search.Rendering, error) {
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
	return rd.renderings(ctx, hits, terms, langs, func(lang string) int { return s.x.rows[lang] }, renderingTerms)
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
func (s *Searcher) run(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := s.x.Bleve().SearchInContext(ctx, sr)
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
		t.SetField(FieldIssuer)
		out = append(out, t)
	}
	if req.Tag != "" && skip != skipTag {
		t := bleve.NewTermQuery(req.Tag)
		t.SetField(FieldTag)
		out = append(out, t)
	}
	if f := newStatementFilters(req); f.set&bitDate != 0 && skip != skipDate {
		inclusive, exclusive := true, false
		d := bleve.NewDateRangeInclusiveQuery(f.from, f.end, &inclusive, &exclusive)
		d.SetField(FieldDate)
		out = append(out, d)
	}
	return out
}

// rowQuery returns the query of rows whose text matches clauses in any of
// langs, with the request's filters but skip.
func (s *Searcher) rowQuery(clauses []search.Clause, langs []string, req search.Request, skip filter) (query.Query, error) {
	var perLang []query.Query
	for _, lang := range langs {
		analyzer := s.x.Analyzer(lang)
		if analyzer == nil {
			return nil, fmt.Errorf("no analyzer %s for %s", AnalyzerName(lang), lang)
		}
		if q := fieldQuery(clauses, TextField(lang), analyzer, s.pairs(lang)); q != nil {
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
		tq.SetField(PairField(lang))
		tq.SetBoost(0)
		conj = append(conj, tq)
	}
	return bleve.NewConjunctionQuery(conj...)
}

// analyzerName returns the analyzer of a field of the mapping.
func analyzerName(field string) string {
	if lang, ok := strings.CutPrefix(field, "text_"); ok {
		return AnalyzerName(lang)
	}
	if lang, ok := strings.CutPrefix(field, "meta_"); ok {
		return AnalyzerName(lang)
	}
	return fallbackAnalyzer
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
	raw := strings.ToLower(Fold(strings.TrimFunc(text, notWordRune)))
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
func (s *Searcher) langFacet(ctx context.Context, rd *readers, clauses []search.Clause, all []string, fil statementFilter) ([]search.FacetCount, error) {
	counts := make([]search.FacetCount, len(all))
	for i, lang := range all {
		counts[i].Value = lang
		analyzer := s.x.Analyzer(lang)
		if analyzer == nil {
			return nil, fmt.Errorf("no analyzer %s for %s", AnalyzerName(lang), lang)
		}
		q := fieldQuery(clauses, TextField(lang), analyzer, s.pairs(lang))
		if q == nil {
			continue // only stop words in this language
		}
		var err error
		if term, ok := singleTerm(clauses, analyzer); ok && fil.set == 0 {
			counts[i].Count, err = rd.docFreq(ctx, TextField(lang), term)
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
func (s *Searcher) row(ctx context.Context, rd *readers, e *entry, texts map[string]string, clauses []search.Clause, markers map[string]*marker, filter []string) (search.Row, error) {
	docID := e.id
	id, ref, ok := ParseDocID(docID)
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
		html, n, err := m.highlightStored(ctx, rd.rs[e.shard], TextField(lang), e.doc, text)
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
func (s *Searcher) statements(ctx context.Context, rd *readers, clauses []search.Clause, req search.Request, out *search.Result) ([]string, error) {
	rk, err := rd.rank(ctx, s.statementsQuery(clauses, req), search.MaxStatementList, false, false)
	if err != nil {
		return nil, err
	}
	out.StatementTotal = rk.total
	fallback := s.x.shards[0].Mapping().AnalyzerNamed(fallbackAnalyzer)
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
func (s *Searcher) statementsQuery(clauses []search.Clause, req search.Request) query.Query {
	var alternatives []query.Query
	for _, lang := range s.x.Languages() {
		if q := fieldQuery(clauses, MetaField(lang), s.x.Analyzer(lang), nil); q != nil {
			alternatives = append(alternatives, q)
		}
	}
	fallback := s.x.shards[0].Mapping().AnalyzerNamed(fallbackAnalyzer)
	if q := fieldQuery(clauses, FieldMeta, fallback, nil); q != nil {
		alternatives = append(alternatives, q)
	}
	fs := filters(req, noSkip)
	if len(req.Langs) > 0 {
		var langs []query.Query
		for _, l := range req.Langs {
			t := bleve.NewTermQuery(l)
			t.SetField(FieldLang)
			langs = append(langs, t)
		}
		fs = append(fs, bleve.NewDisjunctionQuery(langs...))
	}
	return withFilters(alternatives, fs)
}

// matchedFields names the metadata of st that the query matches.
func (s *Searcher) matchedFields(st *statement.Statement, clauses []search.Clause, fallback analysis.Analyzer) []string {
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
func (s *Searcher) stopWords(clauses []search.Clause, langs []string) []string {
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
