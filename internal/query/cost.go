package query

import (
	"context"
	"fmt"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// The estimated costs that decide a search's lane in the gate. Postings
// are the document entries a query's terms list, summed over languages:
// on the load test's 100,000 paragraphs a rare word lists tens, a common
// one tens of thousands, and 32 common words about a million.
const (
	cheapPostings = 20_000
	cheapTerms    = 64
	cheapWindow   = 100
	heavyPostings = 200_000
	heavyTerms    = search.MaxExpandedTerms / 4
	heavyWindow   = 1000
)

// cost is what a search is estimated to read, before it runs.
type cost struct {
	// terms is how many index terms the prefixes expand to.
	terms int
	// postings is how many document entries the query's terms list,
	// summed over the languages searched.
	postings uint64
	// window is how many hits Bleve must rank to reach the page.
	window int
}

// weight returns the lane of a search of this cost.
func (c cost) weight() search.Weight {
	switch {
	case c.postings > heavyPostings || c.terms > heavyTerms || c.window >= heavyWindow:
		return search.Heavy
	case c.postings <= cheapPostings && c.terms <= cheapTerms && c.window <= cheapWindow:
		return search.Cheap
	}
	return search.Medium
}

// estimate checks clauses against the limits in every language of langs
// and returns the cost of searching them, or an *Error naming the limit a
// clause is over. It reads the term dictionaries of rd.
func (s *Engine) estimate(ctx context.Context, rd *readers, clauses []search.Clause, langs []string, window int) (cost, error) {
	c := cost{window: window}
	for _, lang := range langs {
		field := index.TextField(lang)
		analyzer := s.x.Analyzer(lang)
		if analyzer == nil {
			return c, fmt.Errorf("no analyzer %s for %s", index.AnalyzerName(lang), lang)
		}
		for _, cl := range clauses {
			if err := ctx.Err(); err != nil {
				return c, err
			}
			if cl.Prefix {
				for _, p := range prefixTerms(cl.Text, analyzer) {
					n, docs, err := rd.prefixTerms(field, p, search.MaxExpandedTerms-c.terms)
					if err != nil {
						return c, err
					}
					c.terms += n
					c.postings += docs
					if c.terms > search.MaxExpandedTerms {
						return c, search.Errorf("the prefixes in the query (such as %s*) match more than %d words of the archive together: type more letters before each *, or use fewer prefixes", cl.Text, search.MaxExpandedTerms)
					}
				}
				continue
			}
			tokens := analyzer.Analyze([]byte(cl.Text))
			if len(tokens) > search.MaxPhraseWords {
				return c, search.Errorf("the phrase \"%s\" has %d words; a phrase may have at most %d: quote its most telling part", statement.Excerpt(cl.Text, 40), len(tokens), search.MaxPhraseWords)
			}
			for _, t := range tokens {
				docs, err := rd.termDocs(field, string(t.Term))
				if err != nil {
					return c, err
				}
				c.postings += docs
			}
		}
	}
	return c, nil
}
