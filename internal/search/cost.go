package search

import (
	"context"
	"fmt"
	"time"

	"statementarchive/internal/index"
	"statementarchive/internal/statement"
)

// The work one search may cause is bounded whatever its syntax. Each limit
// is checked before the search runs, against the index's own term
// dictionary, and a request over one gets an *Error that names it and says
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
	heavyTerms    = MaxExpandedTerms / 4
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
func (c cost) weight() Weight {
	switch {
	case c.postings > heavyPostings || c.terms > heavyTerms || c.window >= heavyWindow:
		return Heavy
	case c.postings <= cheapPostings && c.terms <= cheapTerms && c.window <= cheapWindow:
		return Cheap
	}
	return Medium
}

// estimate checks clauses against the limits in every language of langs
// and returns the cost of searching them, or an *Error naming the limit a
// clause is over.
func (s *Searcher) estimate(ctx context.Context, clauses []clause, langs []string, window int) (cost, error) {
	c := cost{window: window}
	for _, lang := range langs {
		field := index.TextField(lang)
		analyzer := s.idx.Analyzer(lang)
		if analyzer == nil {
			return c, fmt.Errorf("no analyzer %s for %s", index.AnalyzerName(lang), lang)
		}
		for _, cl := range clauses {
			if err := ctx.Err(); err != nil {
				return c, err
			}
			if cl.prefix {
				for _, p := range prefixTerms(cl.text, analyzer) {
					n, docs, err := s.idx.PrefixTerms(field, p, MaxExpandedTerms-c.terms)
					if err != nil {
						return c, err
					}
					c.terms += n
					c.postings += docs
					if c.terms > MaxExpandedTerms {
						return c, errorf("the prefixes in the query (such as %s*) match more than %d words of the archive together: type more letters before each *, or use fewer prefixes", cl.text, MaxExpandedTerms)
					}
				}
				continue
			}
			tokens := analyzer.Analyze([]byte(cl.text))
			if len(tokens) > MaxPhraseWords {
				return c, errorf("the phrase \"%s\" has %d words; a phrase may have at most %d: quote its most telling part", statement.Excerpt(cl.text, 40), len(tokens), MaxPhraseWords)
			}
			for _, t := range tokens {
				docs, err := s.idx.TermDocs(field, string(t.Term))
				if err != nil {
					return c, err
				}
				c.postings += docs
			}
		}
	}
	return c, nil
}
