package query

import (
	"context"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"statementarchive/internal/index"
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
func newStatementFilter(x *index.Index, req search.Request) statementFilter {
	sf := newStatementFilters(req)
	f := statementFilter{set: sf.set}
	if f.set == 0 {
		return f
	}
	f.passes = make([]uint8, len(x.Statements())+1)
	for i, st := range x.Statements() {
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

// countPerStatement walks q's matches unscored and counts them by
// statement, once for each of k conditions, where pass(ord, i) holds.
func (r *readers) countPerStatement(ctx context.Context, q query.Query, k int, pass func(ord int32, i int) bool) ([][]int32, error) {
	perShard := make([][][]int32, len(r.rs))
	err := r.walk(ctx, q, false, func(shard int) visitor {
		table := r.x.DocTable(shard)
		counts := make([][]int32, k)
		for i := range counts {
			counts[i] = make([]int32, len(r.x.Statements())+1)
		}
		perShard[shard] = counts
		return func(doc uint64, _ float64) {
			ord := table.Of(doc)
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
