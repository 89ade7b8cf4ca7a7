package index

import (
	"context"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// Filters a statement passes, as bits: a search's issuer, tag and date
// filters are all per statement.
const (
	bitDate uint8 = 1 << iota
	bitIssuer
	bitTag
)

// statementFilter holds, for every statement ordinal, which of a
// request's filters it passes.
type statementFilter struct {
	// set has the bit of each filter the request sets.
	set uint8
	// passes has, per ordinal, the bits of the set filters it passes; nil
	// when none is set.
	passes []uint8
}

// newStatementFilter evaluates req's filters once per statement, as the
// index's filter fields would (statementFilters.passed).
func newStatementFilter(x *Index, req search.Request) statementFilter {
	sf := newStatementFilters(req)
	f := statementFilter{set: sf.set}
	if f.set == 0 {
		return f
	}
	f.passes = make([]uint8, len(x.sorted)+1)
	for i, st := range x.sorted {
		f.passes[i+1] = sf.passed(st) & f.set
	}
	return f
}

// statementFilters are a request's issuer, tag and date filters.
type statementFilters struct {
	issuer, tag string
	// from is the first day admitted, end the day after the last (zero
	// when unbounded).
	from, end time.Time
	set       uint8
}

func newStatementFilters(req search.Request) statementFilters {
	f := statementFilters{issuer: req.Issuer, tag: req.Tag, from: req.From}
	if !req.To.IsZero() {
		f.end = req.To.AddDate(0, 0, 1)
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		f.set |= bitDate
	}
	if req.Issuer != "" {
		f.set |= bitIssuer
	}
	if req.Tag != "" {
		f.set |= bitTag
	}
	return f
}

// passed returns the bits of the filters st passes, as the index's filter
// fields would: the issuer and a tag as exact terms, the date from the
// start of from to the start of end. A filter not set is passed, except
// that an undated statement never passes the date's.
func (f statementFilters) passed(st *statement.Statement) uint8 {
	var b uint8
	if st.HasDate() && (f.from.IsZero() || !st.Date.Before(f.from)) && (f.end.IsZero() || st.Date.Before(f.end)) {
		b |= bitDate
	}
	if f.issuer == "" || st.Issuer == f.issuer {
		b |= bitIssuer
	}
	if f.tag == "" || slices.Contains(st.Tags, f.tag) {
		b |= bitTag
	}
	return b
}

func (f statementFilter) has(bit uint8) bool { return f.set&bit != 0 }

// pass reports whether a statement passes every filter set.
func (f statementFilter) pass(ord int32) bool {
	return f.set == 0 || f.passes[ord] == f.set
}

// passBut reports whether a statement passes every filter set but bit.
func (f statementFilter) passBut(ord int32, bit uint8) bool {
	return f.set == 0 || (f.passes[ord]|bit)&f.set == f.set
}

// facetCounts are a search's year, issuer and tag counts.
type facetCounts struct {
	years   map[int]int
	issuers map[string]int
	tags    map[string]int
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

// facetCounts turns counts of matching rows by statement ordinal into
// counts by year, issuer and tag.
func (x *Index) facetCounts(perStatement []int32) facetCounts {
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
	out := facetCounts{years: map[int]int{}, issuers: map[string]int{}, tags: map[string]int{}}
	for i, n := range years[1:] {
		if n > 0 {
			out.years[k.firstYear+i] = n
		}
	}
	for i, n := range issuers[1:] {
		if n > 0 {
			out.issuers[k.issuers[i]] = n
		}
	}
	for i, n := range tags {
		if n > 0 {
			out.tags[k.tagNames[i]] = n
		}
	}
	return out
}

// countPerStatement walks q's matches unscored and counts them by
// statement, once for each of k conditions, where pass(ord, i) holds.
func (r *readers) countPerStatement(ctx context.Context, q query.Query, k int, pass func(ord int32, i int) bool) ([][]int32, error) {
	perShard := make([][][]int32, len(r.rs))
	err := r.walk(ctx, q, false, func(shard int) visitor {
		table := r.x.tables[shard]
		counts := make([][]int32, k)
		for i := range counts {
			counts[i] = make([]int32, len(r.x.sorted)+1)
		}
		perShard[shard] = counts
		return func(doc uint64, _ float64) {
			ord := table.of(doc)
			for i := range counts {
				if pass(ord, i) {
					counts[i][ord]++
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	out := perShard[0]
	for _, counts := range perShard[1:] {
		for i := range out {
			for j, c := range counts[i] {
				out[i][j] += c
			}
		}
	}
	return out, nil
}
