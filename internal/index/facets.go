package index

import (
	"context"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"statementarchive/internal/search"
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
// index's filter fields would: the issuer and a tag as exact terms, the
// date from the start of From to the end of To.
func newStatementFilter(x *Index, req search.Request) statementFilter {
	var f statementFilter
	if !req.From.IsZero() || !req.To.IsZero() {
		f.set |= bitDate
	}
	if req.Issuer != "" {
		f.set |= bitIssuer
	}
	if req.Tag != "" {
		f.set |= bitTag
	}
	if f.set == 0 {
		return f
	}
	var end time.Time
	if !req.To.IsZero() {
		end = req.To.AddDate(0, 0, 1)
	}
	f.passes = make([]uint8, len(x.sorted)+1)
	for i, st := range x.sorted {
		var b uint8
		if st.HasDate() && (req.From.IsZero() || !st.Date.Before(req.From)) && (end.IsZero() || st.Date.Before(end)) {
			b |= bitDate
		}
		if st.Issuer != "" && st.Issuer == req.Issuer {
			b |= bitIssuer
		}
		if req.Tag != "" && slices.Contains(st.Tags, req.Tag) {
			b |= bitTag
		}
		f.passes[i+1] = b & f.set
	}
	return f
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

// facetCounts turns counts of matching rows by statement ordinal into
// counts by year, issuer and tag.
func (x *Index) facetCounts(perStatement []int32) facetCounts {
	out := facetCounts{years: map[int]int{}, issuers: map[string]int{}, tags: map[string]int{}}
	for ord, n := range perStatement {
		st := x.statementAt(int32(ord))
		if n == 0 || st == nil {
			continue
		}
		if st.HasDate() {
			out.years[st.Date.Year()] += int(n)
		}
		if st.Issuer != "" {
			out.issuers[st.Issuer] += int(n)
		}
		for i, t := range st.Tags {
			if !slices.Contains(st.Tags[:i], t) {
				out.tags[t] += int(n)
			}
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
