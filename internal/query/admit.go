package query

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/search/query"

	"statementarchive/internal/search"
)

// Every request the engine runs is admitted first, by admit: nothing from
// a request reaches Bleve before it has been bounded (the window, the
// languages, the dates and the filters by search.Request.Normalize; the
// query's length, terms, prefixes and phrases by estimate, against the
// term dictionaries) and weighed for the gate. Search, Export, Latest and
// Trend differ only in their purpose below.

// purpose is what an admitted request is for: it decides the window the
// cost counts, whether references are taken out of the query, and when
// the gate is entered.
type purpose int

const (
	// forPage is one page of a search: the window is the page's end,
	// references name statements, and the gate is entered at admission.
	forPage purpose = iota
	// forWalk is an export or a feed's entries: every row newest first,
	// whatever the page, size or sort asked; references name statements
	// as in a search, so an export holds the rows the search shows; each
	// batch of the walk enters the gate on its own (walker.try).
	forWalk
	// forTrend is a trend: each of its terms is parsed and estimated
	// apart, their costs summed, and the gate entered once for them all.
	forTrend
)

// trendTerms are what a trend compares: its terms, each counted in the
// languages searched together or, with perLang, in each apart.
type trendTerms struct {
	terms   []string
	perLang bool
}

// series returns how many series the terms make over langs languages.
func (t trendTerms) series(langs int) int {
	if t.perLang {
		return len(t.terms) * langs
	}
	return len(t.terms)
}

// admitted is a request the engine has let in.
type admitted struct {
	req search.Request // normalised
	// all are the index's languages; langs those searched (the request's
	// filter, else all).
	all, langs []string
	// clauses is the parsed query (nil when it is only references); for a
	// trend, terms holds each term's clauses instead.
	clauses []search.Clause
	terms   [][]search.Clause
	// refIDs are the statements the query names by reference, in the
	// order named; refOnly is set when it names nothing else, and
	// excluded then holds its -words, as words to exclude.
	refIDs   []string
	refOnly  bool
	excluded []search.Clause
	// rd holds one reader per shard for the whole request: the estimate,
	// the walks, the highlights and the renderings read the same
	// snapshot.
	rd   *readers
	cost cost
	// leave gives back the gate's place, when admission took one.
	leave func()
}

// admit normalises req against the index's languages, takes references
// out of its query (forPage, forWalk), parses it (or each of terms, for
// a trend, with the number of series it makes), opens the readers,
// estimates the cost (over every language for a page or a walk: the
// language facet searches them all, and an export is refused exactly
// where its search is; over the languages counted for a trend) and, for
// a page or a trend, waits for a place in the gate. A request the caller should correct gives a fault.Invalid
// error, a full gate fault.Busy. The caller must call close.
func (s *Engine) admit(ctx context.Context, req search.Request, why purpose, trend trendTerms) (*admitted, error) {
	terms := trend.terms
	all := s.x.Languages()
	switch why {
	case forWalk:
		// A walk's order and extent are its own.
		req.Page, req.PerPage, req.Sort = 0, 0, search.SortDate
	case forTrend:
		switch {
		case len(terms) == 0:
			return nil, search.ErrEmptyQuery
		case len(terms) > search.MaxTrendTerms:
			return nil, search.Errorf("the query compares %d terms; a chart compares at most %d (MaxTrendTerms): remove %d of them", len(terms), search.MaxTrendTerms, len(terms)-search.MaxTrendTerms)
		}
		req.Query = search.JoinTerms(terms)
	}
	req, err := req.Normalize(all)
	if err != nil {
		return nil, err
	}
	// A trend's terms are bounded as its request was read
	// (search.ParseTrendTerms) and each is parsed below; joined, they
	// are longer than the query the user typed by their separators.
	if why != forTrend && len(req.Query) > search.MaxQueryLength {
		_, err := search.ParseQuery(req.Query) // says what the limit is
		return nil, err
	}
	a := &admitted{req: req, all: all, langs: req.Langs, leave: func() {}}
	if len(a.langs) == 0 {
		a.langs = all
	}
	if why == forTrend {
		a.terms = make([][]search.Clause, len(terms))
		for i, t := range terms {
			if a.terms[i], err = search.ParseQuery(t); err != nil {
				return nil, err
			}
			if err := positive(a.terms[i]); err != nil {
				return nil, err
			}
		}
		if n := trend.series(len(a.langs)); n > search.MaxTrendSeries {
			return nil, search.Errorf("%d terms in %d languages make %d series; a chart draws at most %d: choose fewer languages, compare fewer terms, or count the languages together", len(terms), len(a.langs), n, search.MaxTrendSeries)
		}
	} else if err := a.parse(s.x.ReferencesIn(req.Query)); err != nil {
		return nil, err
	}

	if a.rd, err = openReaders(s.x); err != nil {
		return nil, err
	}
	if err := s.weigh(ctx, a, why); err != nil {
		a.close()
		return nil, err
	}
	if why == forWalk {
		// A walk reads through the index's alias, batch by batch: the
		// readers served the estimate and are not kept for the walk,
		// which may last minutes (an export).
		err := a.rd.Close()
		a.rd = nil
		return a, err
	}
	if a.leave, err = s.gate.Enter(ctx, a.cost.weight()); err != nil {
		a.leave = func() {}
		a.close()
		return nil, err
	}
	return a, nil
}

// parse reads the query left once the references (the statements refIDs
// name) are taken out: their parentheses, slashes and hyphens are no
// operators. A query that is only references lists their statements'
// rows, less any -word.
func (a *admitted) parse(refIDs []string, words string) error {
	clauses, err := search.ParseQuery(words)
	if err != nil {
		return err
	}
	a.refIDs = refIDs
	a.refOnly = len(refIDs) > 0 && !hasPositive(clauses)
	if a.refOnly {
		a.excluded = excludedWords(clauses)
		return nil
	}
	a.clauses = clauses
	return positive(clauses)
}

// weigh estimates an admitted request's cost.
func (s *Engine) weigh(ctx context.Context, a *admitted, why purpose) error {
	if why != forTrend {
		window := 0
		if why == forPage {
			window = a.req.Page * a.req.PerPage
		}
		// A query of references alone searches its -words to exclude
		// them: they are bounded like any query's words.
		clauses := a.clauses
		if a.refOnly {
			clauses = a.excluded
		}
		c, err := s.estimate(ctx, a.rd, clauses, a.all, window)
		a.cost = c
		return err
	}
	// Each term's postings are read once, whether its languages are
	// counted together or apart, so the cost is the terms' summed.
	for _, clauses := range a.terms {
		c, err := s.estimate(ctx, a.rd, clauses, a.langs, 0)
		if err != nil {
			return err
		}
		a.cost.terms += c.terms
		a.cost.postings += c.postings
		if a.cost.terms > search.MaxExpandedTerms {
			return search.Errorf("the prefixes of the terms compared match more than %d words of the archive together: type more letters before each *, or compare fewer terms", search.MaxExpandedTerms)
		}
	}
	return nil
}

// close gives back the gate's place and the readers.
func (a *admitted) close() {
	a.leave()
	if a.rd != nil {
		a.rd.Close()
	}
}

// rows returns the query of the rows an admitted request matches, in the
// languages it searches, with req's filters (those skip leaves out): the
// rows of the statements its references name, or those its words match.
func (s *Engine) rows(a *admitted, req search.Request, skip filter) (query.Query, error) {
	if a.refOnly {
		return s.referenceRows(a.refIDs, a.langs, req, skip, a.excluded)
	}
	return s.rowQuery(a.clauses, a.langs, req, skip)
}

// lift returns the statements whose rows a search ranks higher: those
// its references name, then those whose details match (matched).
func (a *admitted) lift(matched []string) []string {
	return append(slices.Clone(a.refIDs), matched...)
}
