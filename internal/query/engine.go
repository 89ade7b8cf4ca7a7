// Package query is the archive's query engine: it runs a search.Request
// against an open index (internal/index) and answers a search, an export,
// a search feed's entries, a trend, suggestions and the comparison's
// candidates. It is the one package that reads Bleve at request time;
// internal/index keeps the mapping, the on-disk layout, ingest and the
// catalog, and the server reaches both through one Reader.
//
// A request goes through the same steps whatever it asks for:
//
//  1. admit (admit.go): normalise the request against the index's
//     languages, take references out of the query, parse it, open one
//     reader per shard, estimate its cost from the term dictionaries and
//     refuse what is over a limit, then take a place in the gate. Search,
//     Export, Latest and Trend all start here.
//  2. build the Bleve query (search.go: rowQuery, fieldQuery; references.go
//     for a query naming a statement).
//  3. run it, one phase per method of search.go: statements, rank (the
//     walk of collect.go), facets, highlights, suggestions, renderings;
//     each phase's time goes into the result (search.Result.Phases).
//
// Exports and feeds (export.go) walk the rows newest first in batches
// through the index's alias; the trend (trend.go) counts rows per year.
package query

import (
	"github.com/blevesearch/bleve/v2/analysis"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
)

// Engine runs requests against one open index. It is cheap to make: a
// server makes one per request, for the index generation that request
// reads, sharing one gate between them all.
type Engine struct {
	x    *index.Index
	gate *search.Gate
	// noPairs has phrases checked without the pairs fields: the way
	// tests search to compare.
	noPairs bool
	// analyseRows has the renderings and the written forms of terms
	// analyse rows' texts rather than read their stored terms
	// (index.TermsField): the way tests compare the two.
	analyseRows bool
}

// New returns an Engine over x whose searches are admitted by gate (nil
// admits every search at once): a server shares one gate between every
// request.
func New(x *index.Index, gate *search.Gate) *Engine { return &Engine{x: x, gate: gate} }

// Index returns the index the engine reads.
func (s *Engine) Index() *index.Index { return s.x }

// pairs returns the analyzer of a language's pairs field, nil when the
// index has none for it.
func (s *Engine) pairs(lang string) analysis.Analyzer {
	if s.noPairs {
		return nil
	}
	return s.x.PairAnalyzer(lang)
}
