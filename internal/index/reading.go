package index

import (
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"statementarchive/internal/statement"
)

// What the query engine (internal/query) reads of an open index, and only
// it: the shards it opens readers on, the alias its sorted walks (exports,
// the trend) search through, the tables from a shard's documents to
// statements, and what the catalog counts once at open (facet keys, rows
// per language). These are the only methods of Index that return Bleve
// types; the server and the commands reach the index through the engine
// and the catalog's methods (Statements, Lookup, Paragraph), and a test
// (TestOnlyIndexAndQueryImportBleve, in internal/query) keeps every other
// package off Bleve.

// Shards returns the index's Bleve shards, in shard order (shardOf places
// a statement's rows in one of them).
func (x *Index) Shards() []bleve.Index { return x.shards }

// Alias returns one Bleve index over every shard.
func (x *Index) Alias() bleve.Index { return x.alias }

// PairAnalyzer returns the analyzer of a language's word-pair field, nil
// when the index has none for it.
func (x *Index) PairAnalyzer(lang string) analysis.Analyzer { return x.pairs[lang] }

// DocTable returns shard i's table from document numbers to statement
// ordinals (StatementAt).
func (x *Index) DocTable(i int) DocTable { return x.tables[i] }

// StatementAt returns the statement of an ordinal a DocTable gives: its
// place in Statements plus one. It returns nil for 0 or an ordinal out of
// range.
func (x *Index) StatementAt(ord int32) *statement.Statement {
	if ord <= 0 || int(ord) > len(x.sorted) {
		return nil
	}
	return x.sorted[ord-1]
}

// RowsIn returns how many rows have text in lang: paragraphs, preambles,
// headings and footnotes.
func (x *Index) RowsIn(lang string) int { return x.rows[lang] }

// FacetCounts are a search's year, issuer and tag counts.
type FacetCounts struct {
	Years   map[int]int
	Issuers map[string]int
	Tags    map[string]int
}

// facetKeys hold, per statement ordinal, the year, issuer and tags a
// search's facets count it under, as small integers, so that turning
// counts by statement into facets is a pass over arrays.
type facetKeys struct {
	firstYear int
	year      []int32   // year - firstYear + 1, 0 when undated
	issuer    []int32   // index in issuers + 1, 0 when none
	tags      [][]int32 // indexes in tagNames, each once
	issuers   []string
	tagNames  []string
	years     int // how many years from firstYear to the last
}

func newFacetKeys(sorted []*statement.Statement) facetKeys {
	k := facetKeys{year: make([]int32, len(sorted)+1), issuer: make([]int32, len(sorted)+1), tags: make([][]int32, len(sorted)+1)}
	first, last := 0, 0
	for _, st := range sorted {
		if st.HasDate() {
			y := st.Date.Year()
			if first == 0 || y < first {
				first = y
			}
			last = max(last, y)
		}
	}
	k.firstYear = first
	if first > 0 {
		k.years = last - first + 1
	}
	issuers, tags := map[string]int32{}, map[string]int32{}
	for i, st := range sorted {
		ord := i + 1
		if st.HasDate() {
			k.year[ord] = int32(st.Date.Year() - first + 1)
		}
		if st.Issuer != "" {
			n, ok := issuers[st.Issuer]
			if !ok {
				n = int32(len(k.issuers))
				issuers[st.Issuer] = n
				k.issuers = append(k.issuers, st.Issuer)
			}
			k.issuer[ord] = n + 1
		}
		for _, t := range st.Tags {
			n, ok := tags[t]
			if !ok {
				n = int32(len(k.tagNames))
				tags[t] = n
				k.tagNames = append(k.tagNames, t)
			}
			if !slices.Contains(k.tags[ord], n) {
				k.tags[ord] = append(k.tags[ord], n)
			}
		}
	}
	return k
}

// FacetCounts turns counts of matching rows by statement ordinal into
// counts by year, issuer and tag.
func (x *Index) FacetCounts(perStatement []int32) FacetCounts {
	k := &x.keys
	years := make([]int, k.years+1)
	issuers := make([]int, len(k.issuers)+1)
	tags := make([]int, len(k.tagNames))
	for ord, n := range perStatement {
		if n == 0 || ord >= len(k.year) {
			continue
		}
		years[k.year[ord]] += int(n)
		issuers[k.issuer[ord]] += int(n)
		for _, t := range k.tags[ord] {
			tags[t] += int(n)
		}
	}
	out := FacetCounts{Years: map[int]int{}, Issuers: map[string]int{}, Tags: map[string]int{}}
	for i, n := range years[1:] {
		if n > 0 {
			out.Years[k.firstYear+i] = n
		}
	}
	for i, n := range issuers[1:] {
		if n > 0 {
			out.Issuers[k.issuers[i]] = n
		}
	}
	for i, n := range tags {
		if n > 0 {
			out.Tags[k.tagNames[i]] = n
		}
	}
	return out
}
